"""A filed route (fields 13, 15, 16) as positioned route points, ready for ``plan_route``.

Named points resolve through navigation data (the candidate nearest the previous point, since
names repeat round the world) and then aerodromes; airways expand into the points between their
entry and exit; point/bearing/distance points are projected (the bearing taken as true). A name
that cannot be resolved is reported and bridged by a direct leg, never dropped silently.
"""

from __future__ import annotations

from dataclasses import dataclass

from pyproj import Geod

from overflight.ats.field15 import (
    AtsRoute,
    BearingDistancePoint,
    CoordinatePoint,
    CruiseClimb,
    NamedPoint,
    Procedure,
    Truncation,
    decode_route,
)
from overflight.ats.message import AtsMessage, RouteField
from overflight.errors import InputError, OverflightError, ParseError
from overflight.geo import NavData, parse_point
from overflight.model import FlightIntent, GeoPoint, RoutePoint

GEOD = Geod(ellps="WGS84")
NM_M = 1852.0


@dataclass(frozen=True, slots=True)
class RouteProblem:
    """Something in field 15 the route had to go without, and what was done instead."""

    token: str
    offset: int  # in field 15
    message: str

    def __str__(self) -> str:
        return f"field 15 at {self.offset}: {self.token!r} {self.message}"


@dataclass(frozen=True, slots=True)
class ResolvedRoute:
    """The points of a filed route, departure to destination, and what could not be resolved."""

    points: tuple[RoutePoint, ...]
    problems: tuple[RouteProblem, ...]


def resolve_route(message: AtsMessage, navdata: NavData) -> ResolvedRoute:
    """Position every point of a message's route.

    Raises:
        ParseError: the message has no route, or its departure or destination has no position.
    """
    if message.route is None or message.departure is None or message.destination is None:
        raise _error(message, "13/15/16", "a route needs fields 13, 15 and 16")
    other = message.other
    try:
        start = _aerodrome_point(message.departure.aerodrome, other.dep if other else "", "13")
        end = _aerodrome_point(message.destination.aerodrome, other.dest if other else "", "16")
    except InputError as err:
        raise _error(message, err.what.removeprefix("field "), err.message) from None
    return _resolve(start, end, message.route, navdata)


def resolve_intent(intent: FlightIntent, navdata: NavData) -> ResolvedRoute | None:
    """Position the filed route of a ``FlightIntent``.

    Returns None when the intent has no field 15, or an aerodrome has no position.
    """
    if not intent.route_text or intent.cruising_speed is None or intent.cruising_level is None:
        return None
    extra = {o.indicator: o.text for o in intent.other_indicators}
    try:
        start = _aerodrome_point(intent.departure, extra.get("DEP", ""), "13")
        end = _aerodrome_point(intent.destination, extra.get("DEST", ""), "16")
        route = RouteField(intent.cruising_speed, intent.cruising_level, intent.route_text)
        return _resolve(start, end, route, navdata)
    except OverflightError:
        return None


def _resolve(
    start: RoutePoint, end: RoutePoint, route: RouteField, navdata: NavData
) -> ResolvedRoute:
    points = [start]
    problems: list[RouteProblem] = []
    airway: AtsRoute | None = None
    for element in decode_route(route):
        if isinstance(element, Truncation):
            problems.append(RouteProblem("T", element.offset, "truncates the route: direct on"))
            break
        if isinstance(element, AtsRoute):
            airway = element
            continue
        if isinstance(element, Procedure):
            continue  # a SID or STAR joins the aerodrome to its first or last point
        point = element.point if isinstance(element, CruiseClimb) else element
        if not isinstance(point, NamedPoint | CoordinatePoint | BearingDistancePoint):
            continue
        found = _locate(point, points[-1].position, navdata)
        if found is None:
            problems.append(
                RouteProblem(
                    _token(point),
                    point.offset,
                    "is not in the navigation data: bridged by a direct leg",
                )
            )
            continue
        if airway is not None:
            points.extend(_along_airway(airway, points[-1], found, navdata, problems))
            airway = None
        points.append(found)
    if airway is not None:
        problems.append(RouteProblem(airway.designator, airway.offset, "leads nowhere: direct on"))
    points.append(end)
    return ResolvedRoute(tuple(points), tuple(problems))


def _locate(point: object, previous: GeoPoint, navdata: NavData) -> RoutePoint | None:
    if isinstance(point, CoordinatePoint):
        return RoutePoint(point.text, point.position)
    if isinstance(point, BearingDistancePoint):
        reference = _named(point.reference, previous, navdata)
        if reference is None:
            return None
        lon, lat, _ = GEOD.fwd(
            reference.lon, reference.lat, point.bearing_deg, point.distance_nm * NM_M
        )
        return RoutePoint(_token(point), GeoPoint(lat, lon))
    if isinstance(point, NamedPoint):
        position = _named(point.name, previous, navdata)
        return RoutePoint(point.name, position) if position else None
    return None


def _named(name: str, previous: GeoPoint, navdata: NavData) -> GeoPoint | None:
    found = navdata.nearest(name, previous)
    if found is not None:
        return found.position
    if len(name) == 4:
        try:
            return parse_point(name).position
        except OverflightError:
            return None
    return None


def _along_airway(
    airway: AtsRoute,
    entry: RoutePoint,
    exit_: RoutePoint,
    navdata: NavData,
    problems: list[RouteProblem],
) -> list[RoutePoint]:
    """The points strictly between an airway's entry and exit."""
    path = navdata.airway_between(airway.designator, entry.position, entry.name, exit_.name)
    if path is None:
        problems.append(
            RouteProblem(
                airway.designator,
                airway.offset,
                f"does not join {entry.name} to {exit_.name}: direct leg",
            )
        )
        return []
    return [RoutePoint(p.ident, p.position) for p in path[1:-1]]


def _aerodrome_point(code: str, zzzz_text: str, field: str) -> RoutePoint:
    """The departure or destination: its aerodrome, or for ZZZZ/AFIL the DEP/ or DEST/ text.

    Raises:
        InputError: no position (the error names the field).
    """
    text = code
    if code in ("ZZZZ", "AFIL") and zzzz_text:
        text = zzzz_text.split(" ")[-1]
    return parse_point(text, f"field {field}")


def _token(point: object) -> str:
    if isinstance(point, BearingDistancePoint):
        return f"{point.reference}{point.bearing_deg:03d}{point.distance_nm:03d}"
    return getattr(point, "name", getattr(point, "text", ""))


def _error(message: AtsMessage, field: str, text: str) -> ParseError:
    origin = message.origin
    return ParseError(
        text,
        source=origin.source if origin else "",
        line=origin.line if origin else None,
        field=f"message {origin.index if origin else '?'}: field {field}",
    )
