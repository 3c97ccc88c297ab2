"""Choose where a transit state could require a flight to land for inspection.

Rule: among the state's aerodromes (``overflight.geo.aerodromes_in``), the larger ones are
preferred in three tiers — (1) with an IATA code and "International" in the name (customs,
long runways, handling for heavy freighters), (2) with an IATA code (scheduled service),
(3) any — and within the best non-empty tier the one nearest the route's entry or exit point in
that state is taken (geodesic, WGS84). A policy may name the aerodrome per state instead.
Ties break on the ICAO indicator, so the choice is deterministic.
"""

from __future__ import annotations

from functools import lru_cache

import numpy as np
from pyproj import Geod

from overflight.errors import InputError
from overflight.geo import aerodromes_in, find_aerodrome
from overflight.model import Aerodrome, GeoPoint, Transit

GEOD = Geod(ellps="WGS84")


@lru_cache(maxsize=512)
def _candidates(state: str) -> tuple[Aerodrome, ...]:
    try:
        every = aerodromes_in(state)
    except InputError:
        return ()
    tiers = (
        [a for a in every if a.iata and "international" in a.name.casefold()],
        [a for a in every if a.iata],
        list(every),
    )
    for tier in tiers:
        if tier:
            return tuple(sorted(tier, key=lambda a: a.icao))
    return ()


def inspection_aerodrome(
    state: str, transits: tuple[Transit, ...], named: str = ""
) -> tuple[Aerodrome, float] | None:
    """The aerodrome for an inspection landing in ``state`` and its distance (km) from the route.

    ``named`` (from the policy) wins when it is a real aerodrome. ``None`` when the state has
    no aerodrome at all.
    """
    points = tuple(p for t in transits for p in (t.entry, t.exit))
    return _inspection_aerodrome(state, points, named)


@lru_cache(maxsize=65_536)
def _inspection_aerodrome(
    state: str, points: tuple[GeoPoint, ...], named: str
) -> tuple[Aerodrome, float] | None:
    if named:
        try:
            chosen = find_aerodrome(named)
        except InputError:
            chosen = None
        if chosen is not None:
            return chosen, _nearest_km([chosen], list(points))[1]
    candidates = _candidates(state)
    if not candidates or not points:
        return None
    return _nearest_km(list(candidates), list(points))


def _nearest_km(candidates: list[Aerodrome], points: list[GeoPoint]) -> tuple[Aerodrome, float]:
    lat = np.array([a.position.lat for a in candidates])
    lon = np.array([a.position.lon for a in candidates])
    best = np.full(len(candidates), np.inf)
    for point in points:
        _, _, dist = GEOD.inv(lon, lat, np.full_like(lon, point.lon), np.full_like(lat, point.lat))
        best = np.minimum(best, dist)
    i = int(np.argmin(best))
    return candidates[i], float(best[i]) / 1000.0


__all__ = ["inspection_aerodrome"]
