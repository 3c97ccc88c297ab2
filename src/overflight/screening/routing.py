"""The route a flight flies for screening, and its transits.

A filed plan's field 15 gives the route when navigation data is passed in (its points resolved
by ``ats.resolve``); otherwise, and for permit requests with stops, the route runs departure →
stops → destination along geodesics: the shortest path, which is what a state must expect
absent better data. Times come from the EOBT and cruising speed when both are known; a permit
request that gives no speed but its departure and arrival times (``total_eet_min``) is timed at
the one ground speed that fits them.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
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

    Flights with the same route inputs share one computation, and so do calls within a process:
    the transits of the last few thousand routes are kept (``TransitMemo``), keyed by every
    input the route is built from, for the airspace and navigation data they were found in.
    """
    keys = [_route_key(intent, stops, navdata is not None) for intent, stops in flights]
    known = _MEMO.known(airspace, navdata, keys)
    routes: dict[tuple[object, ...], Route | None] = {}
    for (intent, stops), key in zip(flights, keys, strict=True):
        if key not in known and key not in routes:
            routes[key] = flight_route(intent, stops, navdata)
    routed = {key: route for key, route in routes.items() if route is not None}
    found = find_transits_many(list(routed.values()), airspace) if routed else []
    fresh: dict[tuple[object, ...], tuple[Transit, ...]] = dict.fromkeys(routes, ())
    fresh.update(zip(routed, found, strict=True))
    _MEMO.keep(airspace, navdata, fresh)
    return [known[key] if key in known else fresh[key] for key in keys]


def _route_key(intent: FlightIntent, stops: Sequence[str], filed: bool) -> tuple[object, ...]:
    """Everything ``flight_route`` reads of a flight: with navdata (``filed``), field 15 too."""
    key = (intent.departure, tuple(stops), intent.destination, intent.eobt, intent.cruising_speed,
           intent.total_eet_min)  # fmt: skip
    if not filed:
        return key
    extra = {o.indicator: o.text for o in intent.other_indicators}
    named = (extra.get("DEP", ""), extra.get("DEST", ""))
    return (*key, intent.route_text, intent.cruising_level, *named)


class TransitMemo:
    """The transits of the last ``size`` routes found in one airspace with one navdata.

    Thread-safe. Given another airspace or navdata (by identity), it forgets what it held.
    """

    def __init__(self, size: int) -> None:
        self._size = size
        self._lock = threading.Lock()
        self._sources: tuple[Airspace, NavData | None] | None = None
        self._found: OrderedDict[tuple[object, ...], tuple[Transit, ...]] = OrderedDict()

    def __len__(self) -> int:
        return len(self._found)

    def known(
        self, airspace: Airspace, navdata: NavData | None, keys: Sequence[tuple[object, ...]]
    ) -> dict[tuple[object, ...], tuple[Transit, ...]]:
        """The transits kept for those of ``keys`` found before with these sources."""
        found = {}
        with self._lock:
            if not self._same(airspace, navdata):
                return {}
            for key in keys:
                transits = self._found.get(key)
                if transits is not None:
                    self._found.move_to_end(key)
                    found[key] = transits
        return found

    def keep(
        self,
        airspace: Airspace,
        navdata: NavData | None,
        found: dict[tuple[object, ...], tuple[Transit, ...]],
    ) -> None:
        """Keep ``found`` (route key: transits), the oldest routes making room."""
        with self._lock:
            if not self._same(airspace, navdata):
                self._sources = (airspace, navdata)
                self._found.clear()
            self._found.update(found)
            while len(self._found) > self._size:
                self._found.popitem(last=False)

    def clear(self) -> None:
        """Forget every route kept."""
        with self._lock:
            self._found.clear()

    def _same(self, airspace: Airspace, navdata: NavData | None) -> bool:
        sources = self._sources
        return sources is not None and sources[0] is airspace and sources[1] is navdata


TRANSIT_MEMO_SIZE = 4096
_MEMO = TransitMemo(TRANSIT_MEMO_SIZE)


def transit_memo() -> TransitMemo:
    """The process's memo of route transits (``flight_transits`` fills it)."""
    return _MEMO


__all__ = ["TransitMemo", "flight_route", "flight_transits", "transit_memo"]
