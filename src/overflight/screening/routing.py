"""The route a flight flies for screening, and its transits.

A filed plan's field 15 gives the route when navigation data is passed in (its points resolved
by ``ats.resolve``); otherwise, and for permit requests with stops, the route runs departure →
stops → destination along geodesics: the shortest path, which is what a state must expect
absent better data. Times come from the EOBT and cruising speed when both are known; a permit
request that gives no speed but its departure and arrival times (``total_eet_min``) is timed at
the one ground speed that fits them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from itertools import pairwise

from overflight.ats import resolve_intent
from overflight.errors import InputError
from overflight.geo import Airspace, NavData, find_aerodrome, find_transits_many, plan_route
from overflight.model import (
    CruisingLevel,
    FlightIntent,
    LevelUnit,
    Route,
    RoutePoint,
    Speed,
    SpeedUnit,
    Transit,
)

_GEOMETRY_ONLY = (Speed(450, SpeedUnit.KNOTS), CruisingLevel(LevelUnit.FLIGHT_LEVEL, 330))
"""Speed and level lent to a route given without them, to place its points (never to time it)."""


def flight_route(
    intent: FlightIntent, stops: Sequence[str] = (), navdata: NavData | None = None
) -> Route | None:
    """The flight's route, or ``None`` when an aerodrome is unknown.

    With ``navdata``, the route as filed in field 15; otherwise, or with stops, the geodesics
    through the flight's aerodromes.
    """
    placed = intent
    if intent.route_text and intent.cruising_speed is None:
        lent_speed, lent_level = _GEOMETRY_ONLY
        level = intent.cruising_level or lent_level
        placed = replace(intent, cruising_speed=lent_speed, cruising_level=level)
    resolved = resolve_intent(placed, navdata) if navdata is not None and not stops else None
    if resolved is not None:
        points = list(resolved.points)
    else:
        points = []
        for code in [intent.departure, *stops, intent.destination]:
            try:
                aerodrome = find_aerodrome(code)
            except InputError:
                return None
            points.append(RoutePoint(aerodrome.icao, aerodrome.position, aerodrome=aerodrome))
    if len(points) < 2 or all(p.name == points[0].name for p in points):
        return None
    speed = intent.cruising_speed
    if intent.eobt is not None and speed is not None:
        return plan_route(points, departure=intent.eobt, speed=speed)
    untimed = plan_route(points)
    if intent.eobt is None or not intent.total_eet_min or untimed.distance_m <= 0:
        return untimed
    share = intent.total_eet_min / untimed.distance_m
    legs = [(b.along_m - a.along_m) * share for a, b in pairwise(untimed.points)]
    return plan_route(points, departure=intent.eobt, leg_minutes=legs)


def flight_transits(
    flights: Sequence[tuple[FlightIntent, Sequence[str]]],
    airspace: Airspace,
    navdata: NavData | None = None,
) -> list[tuple[Transit, ...]]:
    """The transits of many flights (intent, stops) at once; flights with no route get ``()``.

    Flights with the same aerodromes and timing share one computation.
    """
    keys: dict[tuple[object, ...], int] = {}
    routes: list[Route] = []
    slots: list[int | None] = []
    for intent, stops in flights:
        key = (intent.departure, *stops, intent.destination, intent.eobt, intent.cruising_speed,
               intent.total_eet_min, intent.route_text if navdata is not None else "")  # fmt: skip
        if key not in keys:
            route = flight_route(intent, stops, navdata)
            if route is None:
                slots.append(None)
                continue
            keys[key] = len(routes)
            routes.append(route)
        slots.append(keys[key])
    found = find_transits_many(routes, airspace) if routes else []
    return [found[slot] if slot is not None else () for slot in slots]


__all__ = ["flight_route", "flight_transits"]
