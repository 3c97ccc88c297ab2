"""Routes: points joined by geodesics on the WGS84 ellipsoid, timed along their length."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from itertools import pairwise

from pyproj import Geod

from overflight.errors import InputError, Param
from overflight.geo.aerodromes import find_aerodrome
from overflight.model import GeoPoint, Route, RoutePoint, Speed

GEOD = Geod(ellps="WGS84")
_ICAO_COORD = re.compile(
    r"(?P<lat>\d{2}(?:\d{2}(?:\d{2})?)?)(?P<ns>[NS])(?P<lon>\d{3}(?:\d{2}(?:\d{2})?)?)(?P<ew>[EW])"
)
_DECIMAL = re.compile(r"(?P<lat>[-+]?\d+(?:\.\d+)?)\s*,\s*(?P<lon>[-+]?\d+(?:\.\d+)?)")


def parse_point(text: str, what: str = "point") -> RoutePoint:
    """Read a route point: an aerodrome (ICAO or IATA code) or coordinates.

    Coordinates come in the ICAO forms ``41N069E``, ``4130N06900E``, ``413015N0690030E`` or as
    decimal degrees ``41.5,69.0`` (latitude first).

    Raises:
        InputError: neither form, or coordinates out of range (the error names ``what``).
    """
    token = text.strip().upper()
    if match := _ICAO_COORD.fullmatch(token):
        lat = _sexagesimal(match["lat"]) * (1 if match["ns"] == "N" else -1)
        lon = _sexagesimal(match["lon"]) * (1 if match["ew"] == "E" else -1)
        return RoutePoint(token, _position(lat, lon, text, what))
    if match := _DECIMAL.fullmatch(token):
        position = _position(float(match["lat"]), float(match["lon"]), text, what)
        return RoutePoint(token, position)
    if not token.isalpha() or len(token) not in (3, 4):
        raise InputError(
            what,
            f"{text!r} is neither an aerodrome code (ZKPY, FNJ) nor coordinates "
            "(4130N06900E, 41.5,69.0)",
        )
    return _aerodrome_point(token, what)


@lru_cache(maxsize=4096)
def _aerodrome_point(token: str, what: str) -> RoutePoint:
    """The route point of an aerodrome code, kept: batches name the same aerodromes often."""
    aerodrome = find_aerodrome(token, what)
    return RoutePoint(aerodrome.icao, aerodrome.position, aerodrome=aerodrome)


def _sexagesimal(digits: str) -> float:
    """``DD``/``DDD`` degrees, then optional minutes and seconds, as decimal degrees."""
    head = len(digits) % 2 + 2  # 2 digits of latitude or 3 of longitude
    parts = [int(digits[:head])] + [int(digits[i : i + 2]) for i in range(head, len(digits), 2)]
    return sum(value / 60.0**k for k, value in enumerate(parts))  # 60.0**k == 60**k up to k = 13


def _position(lat: float, lon: float, text: str, what: str) -> GeoPoint:
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError(what, f"{text!r} is off the globe (latitude ±90°, longitude ±180°)")
    return GeoPoint(lat, lon)


TIME_YEARS = range(1900, 2200)
"""Years a given time may fall in: aviation's, with room for a flight's hours and deadlines'
weeks either side (Python's dates end at 9999, and adding a flight's time there overflows)."""


def parse_time(text: str, what: str = "time") -> datetime:
    """Read an ISO 8601 time (``2008-06-01T01:00Z``); a time without a zone is taken as UTC.

    Raises:
        InputError: not an ISO 8601 date and time, or outside the years 1900–2199 (the error
            names ``what``).
    """
    try:
        moment = datetime.fromisoformat(text.strip())
    except ValueError:
        raise InputError(what, f"{text!r} is not a time like 2008-06-01T01:00Z") from None
    if moment.year not in TIME_YEARS:
        first, last = TIME_YEARS[0], TIME_YEARS[-1]
        raise InputError(what, f"{text!r} is outside the years {first}–{last}")
    return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)


def plan_route(
    points: Sequence[RoutePoint],
    *,
    departure: datetime | None = None,
    speed: Speed | None = None,
    leg_minutes: Sequence[float] | None = None,
) -> Route:
    """Join points by geodesics and, given a departure time, time every point.

    Times come from a constant ``speed`` or from ``leg_minutes`` (one duration per leg).

    Raises:
        InputError: fewer than two points, or timing that does not fit the legs.
    """
    if len(points) < 2:
        raise InputError("route", "needs at least two points")
    legs = [
        GEOD.inv(a.position.lon, a.position.lat, b.position.lon, b.position.lat)[2]
        for a, b in pairwise(points)
    ]
    if leg_minutes is not None and len(leg_minutes) != len(legs):
        raise InputError("leg times", f"{len(leg_minutes)} given for {len(legs)} legs")
    if departure is not None and speed is None and leg_minutes is None:
        raise InputError(Param("speed"), "a departure time needs a speed (N0450) or leg times")
    timed: list[RoutePoint] = []
    along_m, elapsed_s = 0.0, 0.0
    for i, point in enumerate(points):
        if i:
            along_m += legs[i - 1]
            if leg_minutes is not None:
                elapsed_s += leg_minutes[i - 1] * 60
            elif speed is not None:
                elapsed_s += legs[i - 1] / speed.m_s
        time = departure + timedelta(seconds=elapsed_s) if departure is not None else None
        timed.append(RoutePoint(point.name, point.position, along_m, time, point.aerodrome))
    return Route(tuple(timed), along_m)
