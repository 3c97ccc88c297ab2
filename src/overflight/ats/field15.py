"""Field 15 decoded into typed route elements, each with its character offset in the field.

Named points stay names here: giving them positions needs navigation data (the geo package).
Coordinates are decoded to ``GeoPoint``; a bearing/distance suffix is kept as numbers because
Doc 4444 bearings are magnetic and turning them into a position needs the local variation.

Token rules, in the order they are tried: ``DCT``, ``VFR``/``IFR``, ``T``, EUROCONTROL markers
(``OAT GAT IFPSTOP IFPSTART STAYn/HHMM``), cruise climb ``C/point/speed level level|PLUS``,
``point/speed level``, coordinates, point/bearing/distance, NAT tracks, SID (first token) or STAR
(last token) names, ATS route designators, named points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TypeAlias

from overflight.ats.errors import FieldSyntaxError
from overflight.ats.fields import read_level, read_speed_level
from overflight.ats.message import RouteField
from overflight.model import CruisingLevel, FlightRules, GeoPoint, Speed

_COARSE = re.compile(r"(\d{2})([NS])(\d{3})([EW])(\d{6})?")
_FINE = re.compile(r"(\d{2})(\d{2})([NS])(\d{3})(\d{2})([EW])(\d{6})?")
_BEARING_DISTANCE = re.compile(r"([A-Z]{1,5})(\d{3})(\d{3})")
_NAMED = re.compile(r"[A-Z]{2,5}")
_ATS_ROUTE = re.compile(r"[A-Z]{1,3}\d{1,4}[A-Z]?")
_PROCEDURE = re.compile(r"[A-Z]{2,6}\d{1,2}[A-Z]?")
_NAT = re.compile(r"NAT[A-Z]")
_STAY = re.compile(r"STAY\d/\d{4}")
_MARKERS = frozenset({"OAT", "GAT", "IFPSTOP", "IFPSTART"})


@dataclass(frozen=True, slots=True)
class SpeedLevel:
    """The initial cruising speed and level at the head of field 15."""

    speed: Speed
    level: CruisingLevel
    offset: int


@dataclass(frozen=True, slots=True)
class NamedPoint:
    """A significant point by name (``ABI``, ``GUXIB``) or an aerodrome, position not looked up."""

    name: str
    offset: int
    speed: Speed | None = None  # new speed from this point on, when given
    level: CruisingLevel | None = None


@dataclass(frozen=True, slots=True)
class CoordinatePoint:
    """A point given as coordinates, optionally with a magnetic bearing and distance from it."""

    text: str
    position: GeoPoint
    offset: int
    bearing_deg: int | None = None
    distance_nm: int | None = None
    speed: Speed | None = None
    level: CruisingLevel | None = None


@dataclass(frozen=True, slots=True)
class BearingDistancePoint:
    """A point by magnetic bearing and distance from a named point (``ABC123045``)."""

    reference: str
    bearing_deg: int
    distance_nm: int
    offset: int
    speed: Speed | None = None
    level: CruisingLevel | None = None


Point: TypeAlias = NamedPoint | CoordinatePoint | BearingDistancePoint


@dataclass(frozen=True, slots=True)
class Direct:
    """``DCT``: direct to the next point."""

    offset: int


@dataclass(frozen=True, slots=True)
class AtsRoute:
    """An ATS route designator (``UL975``, ``J4``) or a NAT track (``NATR``)."""

    designator: str
    offset: int


@dataclass(frozen=True, slots=True)
class Procedure:
    """A standard departure (``SID``) or arrival (``STAR``) route name."""

    name: str
    kind: str  # "SID" or "STAR"
    offset: int


@dataclass(frozen=True, slots=True)
class RulesChange:
    """``VFR`` or ``IFR``: the flight rules change at the preceding point."""

    rules: FlightRules
    offset: int


@dataclass(frozen=True, slots=True)
class Truncation:
    """``T``: the route is truncated here."""

    offset: int


@dataclass(frozen=True, slots=True)
class CruiseClimb:
    """``C/point/speed level level`` (or ``…PLUS``): cruise climb from a point."""

    point: Point
    speed: Speed
    level: CruisingLevel
    upper_level: CruisingLevel | None  # None with PLUS: climb above ``level``
    offset: int


@dataclass(frozen=True, slots=True)
class Marker:
    """A EUROCONTROL route marker kept as written (``OAT``, ``IFPSTOP``, ``STAY1/0030``)."""

    text: str
    offset: int


RouteElement: TypeAlias = (
    SpeedLevel
    | NamedPoint
    | CoordinatePoint
    | BearingDistancePoint
    | Direct
    | AtsRoute
    | Procedure
    | RulesChange
    | Truncation
    | CruiseClimb
    | Marker
)


def _fail(text: str, offset: int, why: str) -> FieldSyntaxError:
    return FieldSyntaxError(f"{text!r} {why}", field="15", offset=offset)


def _coordinates(token: str, offset: int) -> CoordinatePoint | None:
    match = _COARSE.fullmatch(token)
    if match is not None:
        lat_deg, ns, lon_deg, ew, suffix = match.groups()
        lat, lon = float(lat_deg), float(lon_deg)
    else:
        match = _FINE.fullmatch(token)
        if match is None:
            return None
        lat_deg, lat_min, ns, lon_deg, lon_min, ew, suffix = match.groups()
        if int(lat_min) > 59 or int(lon_min) > 59:
            raise _fail(token, offset, "has minutes above 59")
        lat = int(lat_deg) + int(lat_min) / 60
        lon = int(lon_deg) + int(lon_min) / 60
    if lat > 90 or lon > 180:
        raise _fail(token, offset, "is beyond 90° latitude or 180° longitude")
    position = GeoPoint(-lat if ns == "S" else lat, -lon if ew == "W" else lon)
    if suffix is None:
        return CoordinatePoint(token, position, offset)
    bearing = int(suffix[:3])
    if bearing > 360:
        raise _fail(token, offset, "has a bearing above 360")
    return CoordinatePoint(token, position, offset, bearing, int(suffix[3:]))


def _point(token: str, offset: int) -> Point | None:
    coordinates = _coordinates(token, offset)
    if coordinates is not None:
        return coordinates
    match = _BEARING_DISTANCE.fullmatch(token)
    if match is not None:
        bearing = int(match.group(2))
        if bearing > 360:
            raise _fail(token, offset, "has a bearing above 360")
        return BearingDistancePoint(match.group(1), bearing, int(match.group(3)), offset)
    if _NAMED.fullmatch(token):
        return NamedPoint(token, offset)
    return None


def _with_change(point: Point, speed: Speed, level: CruisingLevel) -> Point:
    if isinstance(point, NamedPoint):
        return NamedPoint(point.name, point.offset, speed, level)
    if isinstance(point, CoordinatePoint):
        return CoordinatePoint(
            point.text,
            point.position,
            point.offset,
            point.bearing_deg,
            point.distance_nm,
            speed,
            level,
        )
    return BearingDistancePoint(
        point.reference, point.bearing_deg, point.distance_nm, point.offset, speed, level
    )


def _cruise_climb(token: str, offset: int) -> CruiseClimb:
    parts = token.split("/")
    if len(parts) != 3:
        raise _fail(token, offset, "is not a cruise climb C/point/speed level level")
    point = _point(parts[1], offset + 2)
    if point is None:
        raise _fail(parts[1], offset + 2, "is not a point")
    group = parts[2]
    group_offset = offset + 3 + len(parts[1])
    if group.endswith("PLUS"):
        speed, level = read_speed_level(group[:-4], "15", group_offset)
        return CruiseClimb(point, speed, level, None, offset)
    for cut in (len(group) - 3, len(group) - 4):
        head, tail = group[:cut], group[cut:]
        try:
            speed, level = read_speed_level(head, "15", group_offset)
            upper = read_level(tail, "15", group_offset + cut)
        except FieldSyntaxError:
            continue
        return CruiseClimb(point, speed, level, upper, offset)
    raise _fail(group, group_offset, "is not a speed and two levels (M082F290F350)")


def _element(token: str, offset: int, first: bool, last: bool) -> RouteElement:
    if token == "DCT":
        return Direct(offset)
    if token in ("VFR", "IFR"):
        return RulesChange(FlightRules.VFR if token == "VFR" else FlightRules.IFR, offset)
    if token == "T":
        return Truncation(offset)
    if token in _MARKERS or _STAY.fullmatch(token):
        return Marker(token, offset)
    if token.startswith("C/"):
        return _cruise_climb(token, offset)
    if "/" in token:
        name, _, group = token.partition("/")
        point = _point(name, offset)
        if point is None:
            raise _fail(name, offset, "is not a point before a speed/level change")
        speed, level = read_speed_level(group, "15", offset + len(name) + 1)
        return _with_change(point, speed, level)
    if _NAT.fullmatch(token):
        return AtsRoute(token, offset)
    point = _point(token, offset)
    if point is not None:
        return point
    if (first or last) and _PROCEDURE.fullmatch(token) and not token[-1].isdigit():
        return Procedure(token, "SID" if first else "STAR", offset)
    if _ATS_ROUTE.fullmatch(token):
        return AtsRoute(token, offset)
    if _PROCEDURE.fullmatch(token):
        return Procedure(token, "SID" if first else "STAR", offset)
    raise _fail(token, offset, "is not a point, route, procedure or route marker")


def decode_route(route: RouteField) -> tuple[RouteElement, ...]:
    """Field 15 as typed elements, the initial speed/level first, offsets counted in the field.

    Raises:
        FieldSyntaxError: a token that is none of the known forms (with its offset).

    Example:
        >>> from overflight.ats.fields import read_route
        >>> route = read_route("N0450F350 DCT 4130N06945E/M082F370 UL601 SAMAR")
        >>> for element in decode_route(route):
        ...     print(type(element).__name__, element.offset)
        SpeedLevel 0
        Direct 10
        CoordinatePoint 14
        AtsRoute 35
        NamedPoint 41
        >>> point = decode_route(route)[2]
        >>> print(point.position, point.speed, point.level)
        41.5000N 69.7500E M082 F370
        >>> try:
        ...     decode_route(read_route("N0450F350 DCT 4000N120E"))
        ... except FieldSyntaxError as err:
        ...     print(err.offset, err)
        14 15: field 15: '4000N120E' is not a point, route, procedure or route marker
    """
    head = f"{route.speed}{route.level}"
    elements: list[RouteElement] = [SpeedLevel(route.speed, route.level, 0)]
    base = len(head) + 1
    tokens = []
    position = 0
    for token in route.text.split(" "):
        if token:
            tokens.append((token, base + position))
        position += len(token) + 1
    for number, (token, offset) in enumerate(tokens):
        elements.append(_element(token, offset, number == 0, number == len(tokens) - 1))
    return tuple(elements)


def route_points(elements: tuple[RouteElement, ...]) -> tuple[Point, ...]:
    """The significant points among ``elements``, in route order (cruise-climb points included).

    Example:
        >>> from overflight.ats.fields import read_route
        >>> elements = decode_route(read_route("N0450F350 DCT 4130N06945E UL601 SAMAR DCT"))
        >>> [type(point).__name__ for point in route_points(elements)]
        ['CoordinatePoint', 'NamedPoint']
    """
    points: list[Point] = []
    for element in elements:
        if isinstance(element, NamedPoint | CoordinatePoint | BearingDistancePoint):
            points.append(element)
        elif isinstance(element, CruiseClimb):
            points.append(element.point)
    return tuple(points)
