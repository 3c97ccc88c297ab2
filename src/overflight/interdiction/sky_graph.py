"""A graph of the open sky around one flight: aerodromes and grid waypoints, edges with states.

Routes must be able to bend around a state over the sea, not only fly geodesics between
aerodromes. So the graph holds, inside an elliptical *corridor* around departure and
destination, a latitude/longitude grid of waypoints (``grid_deg`` apart) joined to their
neighbours (king and knight moves, so grid paths are at most a few percent longer than the
geodesic), the candidate stop aerodromes joined to the grid and to each other nearby, and
direct geodesics from the departure and to the destination for every stop within range.

Each edge's crossed states are computed **once**, with :func:`overflight.geo.find_transits_many`,
and kept as a state -> edges table; a denied set then only masks edges.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod

from overflight.errors import InputError
from overflight.geo import Airspace, find_transits_many, plan_route
from overflight.interdiction.cancellation import CancelCheck, never_cancelled, stop_if_cancelled
from overflight.model import Aerodrome, GeoPoint, RoutePoint

__all__ = ["Corridor", "SkyGraph", "build_sky_graph", "path_km"]

GEOD = Geod(ellps="WGS84")
_KM_PER_DEG = 111.2
_EARTH_KM = 6371.0
_GRID_STEPS = ((0, 1), (1, 0), (1, 1), (1, -1), (1, 2), (2, 1), (1, -2), (2, -1))
_MAX_ABS_LAT = 88.0
_MIN_EDGE_KM = 0.01
_SHORT_EDGE_KM = 15.0
_EDGES_PER_BATCH = 2048  # edges whose states are found between two cancellation checks (~0.3 s)


@dataclass(frozen=True, slots=True)
class Corridor:
    """The ellipse of points P with ``d(departure, P) + d(P, destination) <= limit_km``.

    ``limit_km`` is the geodesic distance between the ends times ``detour`` (at least that
    distance plus ``min_slack_km``): a route longer than that is not looked for.
    """

    departure: GeoPoint
    destination: GeoPoint
    direct_km: float
    limit_km: float

    @classmethod
    def around(
        cls, departure: GeoPoint, destination: GeoPoint, detour: float, min_slack_km: float
    ) -> Corridor:
        """The corridor for a flight, allowing ``detour`` times the direct distance.

        Raises:
            InputError: ``detour`` is below 1 or ``min_slack_km`` is negative.
        """
        if not detour >= 1:
            raise InputError(
                "detour", f"must be 1 or more (times the direct distance), not {detour}"
            )
        if not min_slack_km >= 0:
            raise InputError("min_slack_km", f"must be 0 or more, not {min_slack_km}")
        direct_km = _km(departure.lon, departure.lat, destination.lon, destination.lat)
        limit_km = max(direct_km * detour, direct_km + min_slack_km)
        return cls(departure, destination, direct_km, limit_km)

    def contains(self, lon: NDArray[np.float64], lat: NDArray[np.float64]) -> NDArray[np.bool_]:
        """Which points lie inside the corridor."""
        a, b = self.departure, self.destination
        to_a = _km_many(np.full_like(lon, a.lon), np.full_like(lat, a.lat), lon, lat)
        to_b = _km_many(lon, lat, np.full_like(lon, b.lon), np.full_like(lat, b.lat))
        return np.asarray(to_a + to_b <= self.limit_km)


@dataclass(frozen=True, slots=True, eq=False)
class SkyGraph:
    """Nodes (aerodromes first, then waypoints), undirected edges, and the states each crosses.

    ``edge_states[k]`` are indices into ``states``; ``state_edges[s]`` the edges touching state
    ``s``. An aerodrome node's edges also carry the aerodrome's own country (its landing state).
    """

    positions: tuple[GeoPoint, ...]
    aerodromes: tuple[Aerodrome, ...]  # node i < len(aerodromes) is aerodromes[i]
    edge_a: NDArray[np.int32]
    edge_b: NDArray[np.int32]
    edge_km: NDArray[np.float64]
    edge_states: tuple[tuple[int, ...], ...]
    states: tuple[str, ...]
    state_edges: tuple[NDArray[np.int64], ...]
    node_states: tuple[frozenset[str], ...]
    corridor: Corridor
    grid_deg: float

    @property
    def node_count(self) -> int:
        """How many nodes (aerodromes and waypoints)."""
        return len(self.positions)


def build_sky_graph(
    aerodromes: Sequence[Aerodrome],
    corridor: Corridor,
    airspace: Airspace,
    *,
    grid_deg: float,
    direct_km: float,
    ends: tuple[int, int] = (0, 1),
    is_cancelled: CancelCheck = never_cancelled,
) -> SkyGraph:
    """Build the graph for one corridor.

    Args:
        aerodromes: the departure, the destination and the candidate stops (all nodes).
        corridor: where waypoints go.
        airspace: the sovereign airspace to compute each edge's states with.
        grid_deg: waypoint spacing in degrees of latitude and longitude.
        direct_km: join the two ``ends`` to every aerodrome this close by a direct geodesic.
        ends: positions of the departure and destination in ``aerodromes``.
        is_cancelled: asked between batches of edges while their states are found (most of
            the build's time).

    Raises:
        InputError: ``grid_deg`` is not in (0, 10], or the corridor would hold more than
            ``MAX_WAYPOINTS`` waypoints at that spacing (estimated before any is made).
        AnalysisCancelledError: ``is_cancelled()`` turned true.
    """
    if not 0 < grid_deg <= 10:
        raise InputError("grid_deg", f"must be more than 0 and at most 10 degrees, not {grid_deg}")
    check_waypoints(corridor, grid_deg)
    lon, lat, rows, cols = _grid(corridor, grid_deg)
    first_waypoint = len(aerodromes)
    positions = [a.position for a in aerodromes]
    positions += [GeoPoint(float(y), float(x)) for x, y in zip(lon, lat, strict=True)]
    pairs: set[tuple[int, int]] = set()
    pairs |= _grid_pairs(rows, cols, grid_deg, first_waypoint)
    link_km = 1.6 * grid_deg * _KM_PER_DEG
    all_lon = np.array([p.lon for p in positions])
    all_lat = np.array([p.lat for p in positions])
    pairs |= _near_pairs(all_lon, all_lat, first_waypoint, link_km)
    ends_lon, ends_lat = all_lon[list(ends)], all_lat[list(ends)]
    for end, lon0, lat0 in zip(ends, ends_lon.tolist(), ends_lat.tolist(), strict=True):
        km = _km_many(
            np.full(first_waypoint, lon0),
            np.full(first_waypoint, lat0),
            all_lon[:first_waypoint],
            all_lat[:first_waypoint],
        )
        pairs |= {(min(end, j), max(end, j)) for j in np.flatnonzero(km <= direct_km).tolist()}
    pairs = {(a, b) for a, b in pairs if a != b}
    candidates = sorted(pairs)
    a_all = np.array([a for a, _ in candidates], dtype=np.int32)
    b_all = np.array([b for _, b in candidates], dtype=np.int32)
    km_all = _km_many(all_lon[a_all], all_lat[a_all], all_lon[b_all], all_lat[b_all])
    apart = km_all > _MIN_EDGE_KM  # coincident nodes keep their other links
    edge_a, edge_b, edge_km = a_all[apart], b_all[apart], km_all[apart]
    ordered = list(zip(edge_a.tolist(), edge_b.tolist(), strict=True))
    own = [frozenset({a.country} - {""}) for a in aerodromes]
    crossed = _crossed_states(positions, ordered, edge_km, airspace, is_cancelled)
    names: dict[str, int] = {}
    edge_states: list[tuple[int, ...]] = []
    for (a, b), touched in zip(ordered, crossed, strict=True):
        for end in (a, b):
            if end < first_waypoint:
                touched |= own[end]
        edge_states.append(tuple(sorted(names.setdefault(s, len(names)) for s in touched)))
    states = tuple(sorted(names, key=names.__getitem__))
    members: list[list[int]] = [[] for _ in states]
    for k, touched_ids in enumerate(edge_states):
        for s in touched_ids:
            members[s].append(k)
    node_states = [
        own[i] | {airspace.state_at(p.lon, p.lat)} - {""} if i < first_waypoint else frozenset()
        for i, p in enumerate(positions)
    ]
    return SkyGraph(
        positions=tuple(positions),
        aerodromes=tuple(aerodromes),
        edge_a=edge_a,
        edge_b=edge_b,
        edge_km=edge_km,
        edge_states=tuple(edge_states),
        states=states,
        state_edges=tuple(np.array(m, dtype=np.int64) for m in members),
        node_states=tuple(frozenset(s) for s in node_states),
        corridor=corridor,
        grid_deg=grid_deg,
    )


def _crossed_states(
    positions: Sequence[GeoPoint],
    pairs: Sequence[tuple[int, int]],
    edge_km: NDArray[np.float64],
    airspace: Airspace,
    is_cancelled: CancelCheck,
) -> list[set[str]]:
    """The states each edge's geodesic crosses (``find_transits_many``, in batches of edges).

    Edges shorter than ``_SHORT_EDGE_KM`` (an aerodrome next to a waypoint) are looked up at
    their ends and middle instead: the sampler needs a geodesic of at least about half its
    20 km step, and a few kilometres cannot cross a whole third state.
    """
    long_edges = [k for k, km in enumerate(edge_km.tolist()) if km >= _SHORT_EDGE_KM]
    found: list[set[str]] = [set() for _ in pairs]
    for start in range(0, len(long_edges), _EDGES_PER_BATCH):
        stop_if_cancelled(is_cancelled, "building the route graph")
        batch = long_edges[start : start + _EDGES_PER_BATCH]
        routes = [
            plan_route(
                [RoutePoint("", positions[pairs[k][0]]), RoutePoint("", positions[pairs[k][1]])]
            )
            for k in batch
        ]
        for k, transits in zip(batch, find_transits_many(routes, airspace), strict=True):
            found[k] = {t.state for t in transits if t.state}
    stop_if_cancelled(is_cancelled, "building the route graph")
    for k in set(range(len(pairs))) - set(long_edges):
        p, q = positions[pairs[k][0]], positions[pairs[k][1]]
        ends = (p, q, GeoPoint((p.lat + q.lat) / 2, (p.lon + q.lon) / 2))
        found[k] = {airspace.state_at(e.lon, e.lat) for e in ends} - {""}
    return found


def _near_pairs(
    lon: NDArray[np.float64], lat: NDArray[np.float64], aerodromes: int, link_km: float
) -> set[tuple[int, int]]:
    """Pairs with an aerodrome (the first ``aerodromes`` nodes) within ``link_km`` of another node.

    Neighbours are found with a k-d tree on unit vectors (chord length on a sphere of the mean
    radius, a little generous so that no geodesic neighbour is lost); lengths are geodesic later.
    """
    from scipy.spatial import cKDTree  # imported here: a graph read from the cache never needs it

    phi, lam = np.radians(lat), np.radians(lon)
    xyz = np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])
    chord = 2 * math.sin(min(link_km * 1.01 / _EARTH_KM / 2, math.pi / 2))
    tree = cKDTree(xyz)
    found: set[tuple[int, int]] = set()
    for i, near in enumerate(tree.query_ball_point(xyz[:aerodromes], chord)):
        found |= {(min(i, j), max(i, j)) for j in near}
    return found


MAX_WAYPOINTS = 40_000
"""Most waypoints a corridor may hold: the graph's edges, their states and the search grow with
them (~3,000 at the default 1.5° on ZKPY-OSDI; 0.01° asked for ~20 GB before the kernel stopped it).
"""
_SAMPLE_DEG = 1.0  # the coarse grid a corridor's size is estimated on
_BAND_MARGIN_DEG = 3.0  # latitudes kept beyond the sampled corridor (its rounded tips)


def estimate_waypoints(corridor: Corridor, grid_deg: float) -> int:
    """About how many waypoints ``grid_deg`` apart fall in the corridor, from a 1° sample.

    The grid is even in latitude and longitude, so the count scales with ``(1° / grid_deg)²``;
    a few milliseconds whatever ``grid_deg`` is.
    """
    lon, lat = _sample_points()
    inside = int(np.count_nonzero(corridor.contains(lon, lat)))
    return max(1, round(inside * (_SAMPLE_DEG / grid_deg) ** 2))


def check_waypoints(corridor: Corridor, grid_deg: float) -> None:
    """Refuse, before any work, a spacing that puts more than ``MAX_WAYPOINTS`` in the corridor.

    Raises:
        InputError: the estimate is over the cap (the message gives it, and a spacing that fits).
    """
    estimate = estimate_waypoints(corridor, grid_deg)
    if estimate > MAX_WAYPOINTS:
        fits = math.ceil(grid_deg * math.sqrt(estimate / MAX_WAYPOINTS) * 10) / 10
        raise InputError(
            "grid_deg",
            f"{grid_deg:g}° would put about {estimate:,} waypoints in this flight's corridor, "
            f"more than the {MAX_WAYPOINTS:,} that fit in memory and time; use {fits:g}° or more",
        )


def _sample_points() -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    lats = np.arange(-_MAX_ABS_LAT, _MAX_ABS_LAT + 1e-9, _SAMPLE_DEG)
    lons = -180 + _SAMPLE_DEG * np.arange(round(360 / _SAMPLE_DEG))
    lon, lat = np.meshgrid(lons, lats)
    return lon.ravel(), lat.ravel()


def _latitude_band(corridor: Corridor) -> tuple[float, float]:
    """Latitudes that hold the whole corridor: the sampled one's, widened by a margin."""
    lon, lat = _sample_points()
    inside = lat[corridor.contains(lon, lat)]
    lats = [corridor.departure.lat, corridor.destination.lat]
    if inside.size:
        lats += [float(inside.min()), float(inside.max())]
    return min(lats) - _BAND_MARGIN_DEG, max(lats) + _BAND_MARGIN_DEG


def _grid(
    corridor: Corridor, grid_deg: float
) -> tuple[NDArray[np.float64], NDArray[np.float64], NDArray[np.int64], NDArray[np.int64]]:
    """Waypoints of the global grid that fall inside the corridor, with their row and column.

    Only the rows within the corridor's latitude band are made (their global row numbers
    kept), so memory follows the corridor rather than the globe.
    """
    columns = round(360 / grid_deg)
    step_lon = 360 / columns
    lats = np.arange(-_MAX_ABS_LAT, _MAX_ABS_LAT + 1e-9, grid_deg)
    low, high = _latitude_band(corridor)
    kept = np.flatnonzero((lats >= low) & (lats <= high))
    lons = -180 + step_lon * np.arange(columns)
    lon, lat = np.meshgrid(lons, lats[kept])
    col, row = np.meshgrid(np.arange(len(lons)), kept)
    inside = corridor.contains(lon.ravel(), lat.ravel())
    return lon.ravel()[inside], lat.ravel()[inside], row.ravel()[inside], col.ravel()[inside]


def _grid_pairs(
    rows: NDArray[np.int64], cols: NDArray[np.int64], grid_deg: float, offset: int
) -> set[tuple[int, int]]:
    """Neighbouring waypoints (king and knight moves, wrapping at ±180°) as node pairs."""
    columns = round(360 / grid_deg)
    where = {(int(r), int(c)): offset + k for k, (r, c) in enumerate(zip(rows, cols, strict=True))}
    pairs: set[tuple[int, int]] = set()
    for (r, c), here in where.items():
        for dr, dc in _GRID_STEPS:
            there = where.get((r + dr, (c + dc) % columns))
            if there is not None:
                pairs.add((min(here, there), max(here, there)))
    return pairs


def _km(lon0: float, lat0: float, lon1: float, lat1: float) -> float:
    return float(GEOD.inv(lon0, lat0, lon1, lat1)[2]) / 1000


def _km_many(
    lon0: NDArray[np.float64],
    lat0: NDArray[np.float64],
    lon1: NDArray[np.float64],
    lat1: NDArray[np.float64],
) -> NDArray[np.float64]:
    return np.asarray(GEOD.inv(lon0, lat0, lon1, lat1)[2]) / 1000


def path_km(positions: Sequence[GeoPoint]) -> float:
    """Geodesic length of a polyline of positions, in km."""
    return math.fsum(_km(a.lon, a.lat, b.lon, b.lat) for a, b in pairwise(positions))
