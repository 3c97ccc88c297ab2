"""What a permit office looks at first: the states a request asks against those its route crosses.

One row per state that is asked (or named by a FIR) or crossed, in flight order (crossed first,
then asked but not crossed), and the route as GeoJSON for the map, each state with its role:
``asked-crossed``, ``crossed-not-asked`` (departure and destination states are ``end``) or
``asked-not-crossed``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from overflight.errors import InputError
from overflight.geo import find_aerodrome, sample_route, sovereign_of, state_name
from overflight.model import INTERNATIONAL, Route, Transit
from overflight.permits import PermitRequest

__all__ = ["PermitComparison", "StateRow", "compare_request"]


@dataclass(frozen=True, slots=True)
class StateRow:
    """One state: asked or not, crossed or not (km), and its role on the map."""

    state: str
    name: str
    asked: str  # "" when not asked; "asked", or "FIR LTAA named"
    crossed_km: float | None  # None when not crossed
    role: str  # asked-crossed, crossed-not-asked, asked-not-crossed, end


@dataclass(frozen=True, slots=True)
class PermitComparison:
    """A request's states against its route's, with the route's line for the map."""

    reference: str
    rows: tuple[StateRow, ...]
    line: tuple[tuple[float, float], ...]  # (lon, lat) along the route

    def geojson(self) -> dict[str, Any]:
        """The route line and each state's role, for the screening page's map."""
        features: list[dict[str, Any]] = []
        if len(self.line) >= 2:
            features.append(
                {
                    "type": "Feature",
                    "geometry": {"type": "LineString", "coordinates": [list(p) for p in self.line]},
                    "properties": {"role": "route"},
                }
            )
        return {
            "type": "FeatureCollection",
            "features": features,
            "states": {row.state: row.role for row in self.rows},
        }


def _end_states(request: PermitRequest) -> set[str]:
    found = set()
    for code in (request.intent.departure, request.intent.destination):
        try:
            found.add(sovereign_of(find_aerodrome(code).country))
        except InputError:
            continue
    return found


def compare_request(
    request: PermitRequest, transits: tuple[Transit, ...], route: Route | None
) -> PermitComparison:
    """The request's asked states against its route's crossed ones (sovereigns compared)."""
    asked = {sovereign_of(s): "asked" for s in request.requested_states if s}
    for crossing in request.fir_crossings:
        if crossing.state:
            asked.setdefault(sovereign_of(crossing.state), f"FIR {crossing.fir} named")
    crossed: dict[str, float] = {}
    for transit in transits:
        if transit.state != INTERNATIONAL:
            state = sovereign_of(transit.state)
            crossed[state] = crossed.get(state, 0.0) + transit.distance_m / 1000
    ends = _end_states(request)
    rows = []
    for state, km in crossed.items():
        how = asked.get(state, "")
        role = "asked-crossed" if how else ("end" if state in ends else "crossed-not-asked")
        rows.append(StateRow(state, state_name(state), how, round(km, 1), role))
    for state, how in asked.items():
        if state not in crossed:
            rows.append(StateRow(state, state_name(state), how, None, "asked-not-crossed"))
    line: tuple[tuple[float, float], ...] = ()
    if route is not None:
        lons, lats, _ = sample_route(route, 50_000.0)
        line = tuple(
            (round(float(lon), 3), round(float(lat), 3))
            for lon, lat in zip(lons, lats, strict=True)
        )
    return PermitComparison(request.reference, tuple(rows), line)
