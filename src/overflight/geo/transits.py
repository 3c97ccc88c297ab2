"""Which sovereign airspaces a route crosses, where and when.

Routes are sampled along their geodesics into chords short enough to stay within one grid cell
(and within metres of the geodesic); each chord is intersected with the boundary edges filed
under its cells, and the crossings, ordered along the route, tell where each region is entered
and left. Only chords near a boundary do any work, and many routes share one vectorised pass.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from itertools import pairwise

import numpy as np
from numpy.typing import NDArray
from pyproj import Geod

from overflight.geo.airspace import CELL_DEG, Airspace, cell_of
from overflight.geo.states import state_name
from overflight.model.geo import INTERNATIONAL, Position, Route, Transit

GEOD = Geod(ellps="WGS84")
SAMPLE_M = 20_000.0
"""Chord length: a 20 km chord strays at most ~15 m from its geodesic below 70° latitude."""
MIN_TRANSIT_M = 100.0
"""Stretches shorter than this are slivers between the packaged polygons, merged into neighbours."""
_POLAR_LAT = 85.0  # no sovereign airspace lies poleward of 84° (Antarctica is international)
_COLUMNS = round(360 / CELL_DEG)
_CHUNK = 16  # routes per vectorised pass: enough to amortise numpy's per-call cost, cache-sized
_Array = NDArray[np.float64]
_Stretch = tuple[str, bool, float, Position]  # state, over sea, from metres, entry point


@dataclass(frozen=True, slots=True)
class _Chords:
    """Straight pieces of routes in lon/lat, each inside one 2x2 block of grid cells."""

    route: NDArray[np.int64]  # which route of the batch
    x0: _Array
    y0: _Array
    x1: _Array
    y1: _Array
    start_m: _Array  # distance along its route where the chord starts
    length_m: _Array
    restart: NDArray[np.bool_]  # the chord starts on the antimeridian, coming from across it

    def take(self, index: NDArray[np.int64]) -> _Chords:
        """The chords at ``index``, in that order."""
        return _Chords(*(getattr(self, name)[index] for name in _Chords.__slots__))


def find_transits(route: Route, airspace: Airspace) -> tuple[Transit, ...]:
    """Sovereign airspaces a route crosses, in flight order (geodesic metres, WGS84).

    Consecutive stretches in the same state (its land and its territorial sea) form one transit;
    international airspace gets transits of its own with state ``""``.
    """
    return find_transits_many([route], airspace)[0]


def find_transits_many(routes: Sequence[Route], airspace: Airspace) -> list[tuple[Transit, ...]]:
    """``find_transits`` for many routes, vectorised over chunks of routes (fast for batches)."""
    return [
        transits
        for start in range(0, len(routes), _CHUNK)
        for transits in _transits_of_chunk(routes[start : start + _CHUNK], airspace)
    ]


def _transits_of_chunk(routes: Sequence[Route], airspace: Airspace) -> list[tuple[Transit, ...]]:
    chords = _chords(routes)
    events = _crossings(chords, airspace)
    at_m, region, entering = events[1].tolist(), events[2].tolist(), events[3].tolist()
    xs, ys = events[4].tolist(), events[5].tolist()
    bounds = np.searchsorted(events[0], np.arange(len(routes) + 1)).tolist()
    restart_at = np.flatnonzero(chords.restart)
    restarts: dict[int, list[tuple[float, float, float]]] = {}
    for i in restart_at.tolist():
        restarts.setdefault(int(chords.route[i]), []).append(
            (float(chords.start_m[i]), float(chords.x0[i]), float(chords.y0[i]))
        )
    return [
        _merge(
            _walk(
                route,
                airspace,
                at_m[bounds[n] : bounds[n + 1]],
                region[bounds[n] : bounds[n + 1]],
                entering[bounds[n] : bounds[n + 1]],
                xs[bounds[n] : bounds[n + 1]],
                ys[bounds[n] : bounds[n + 1]],
                restarts.get(n, []),
            ),
            route,
        )
        for n, route in enumerate(routes)
    ]


def _walk(
    route: Route,
    airspace: Airspace,
    at_m: list[float],
    regions: list[int],
    entering: list[bool],
    xs: list[float],
    ys: list[float],
    restarts: list[tuple[float, float, float]],
) -> list[_Stretch]:
    """Follow the crossings along one route: the stretches of each state and sea flag.

    The regions the route is in are kept in order of entry, and the last one entered names the
    stretch, so overlapping slivers between packaged polygons do no harm.
    """
    labels = _region_labels(airspace)
    start = route.points[0].position
    inside = list(airspace.regions_at(start.lon, start.lat))
    label = labels[inside[-1]] if inside else _OPEN
    stretches: list[_Stretch] = [(*label, 0.0, start)]
    for k, region in enumerate(regions):
        # Where the route crosses ±180°, look the position up afresh: the cut is no boundary.
        while restarts and restarts[0][0] <= at_m[k]:
            _, x, y = restarts.pop(0)
            inside = list(airspace.regions_at(x + (1e-9 if x < 0 else -1e-9), y))
        if entering[k]:
            inside.append(region)
        elif region in inside:
            inside.remove(region)
        new = labels[inside[-1]] if inside else _OPEN
        if new is not label:
            stretches.append((*new, at_m[k], Position(ys[k], xs[k])))
            label = new
    return stretches


@dataclass(slots=True)
class _Kept:
    """A transit being assembled by ``_merge`` (mutable: later stretches extend it)."""

    state: str
    all_sea: bool
    from_m: float
    to_m: float
    entry: Position
    exit: Position


def _merge(stretches: list[_Stretch], route: Route) -> tuple[Transit, ...]:
    """Join stretches of one state, drop slivers, and time each transit."""
    bounds = [s[2] for s in stretches[1:]] + [route.distance_m]
    kept: list[_Kept] = []
    for (state, sea, from_m, entry), to_m in zip(stretches, bounds, strict=True):
        if to_m - from_m < MIN_TRANSIT_M and kept:
            continue
        if kept and kept[-1].state == state:
            kept[-1].all_sea = kept[-1].all_sea and sea
            continue
        if kept:
            kept[-1].to_m, kept[-1].exit = from_m, entry
        kept.append(_Kept(state, sea, from_m, to_m, entry, route.destination.position))
    kept[-1].to_m = route.distance_m
    times = times_at(route, [k.from_m for k in kept] + [route.distance_m])
    return tuple(
        Transit(
            state=k.state,
            name=_name(k.state),
            entry=k.entry,
            exit=k.exit,
            entry_m=k.from_m,
            exit_m=k.to_m,
            entered_at=times[i],
            exited_at=times[i + 1],
            territorial_sea_only=bool(k.state) and k.all_sea,
        )
        for i, k in enumerate(kept)
    )


_OPEN = (INTERNATIONAL, True)


@cache
def _region_labels(airspace: Airspace) -> tuple[tuple[str, bool], ...]:
    """Each region's (state, sea) label, one shared tuple per distinct label."""
    shared: dict[tuple[str, bool], tuple[str, bool]] = {_OPEN: _OPEN}
    return tuple(
        shared.setdefault((code, sea), (code, sea))
        for code, sea in zip(airspace.codes, airspace.is_sea.tolist(), strict=True)
    )


@cache
def _name(state: str) -> str:
    return state_name(state) if state else "international airspace"


def times_at(route: Route, along_m: Sequence[float]) -> list[datetime | None]:
    """When the flight is at each distance along the route (linear in time between points)."""
    first = route.points[0].time
    if first is None:
        return [None] * len(along_m)
    along = [p.along_m for p in route.points]
    stamps = [p.time.timestamp() for p in route.points]  # type: ignore[union-attr]
    return [
        datetime.fromtimestamp(float(t), tz=first.tzinfo) for t in np.interp(along_m, along, stamps)
    ]


def sample_route(route: Route, spacing_m: float = SAMPLE_M) -> tuple[_Array, _Array, _Array]:
    """Points along the route's geodesics: longitudes, latitudes and metres from the start."""
    lons, lats, along = [], [], []
    for a, b in pairwise(route.points):
        if b.along_m == a.along_m:
            continue
        n = max(2, math.ceil((b.along_m - a.along_m) / spacing_m) + 1)
        leg = GEOD.inv_intermediate(
            a.position.lon,
            a.position.lat,
            b.position.lon,
            b.position.lat,
            npts=n,
            initial_idx=0,
            terminus_idx=0,
            return_back_azimuth=True,
        )
        lons.append(np.asarray(leg.lons)[: n - 1])
        lats.append(np.asarray(leg.lats)[: n - 1])
        along.append(a.along_m + np.linspace(0.0, b.along_m - a.along_m, n)[: n - 1])
    last = route.points[-1]
    lons.append(np.array([last.position.lon]))
    lats.append(np.array([last.position.lat]))
    along.append(np.array([last.along_m]))
    return np.concatenate(lons), np.concatenate(lats), np.concatenate(along)


def _chords(routes: Sequence[Route]) -> _Chords:
    """Routes as chords: split at the antimeridian, cut to at most one cell per axis."""
    samples = [sample_route(route) for route in routes]
    sizes = np.array([len(lon) for lon, _, _ in samples])
    lon = np.concatenate([s[0] for s in samples])
    lat = np.concatenate([s[1] for s in samples])
    along = np.concatenate([s[2] for s in samples])
    route = np.repeat(np.arange(len(routes)), sizes)
    same = route[:-1] == route[1:]  # no chord joins the end of one route to the next
    x0, y0, x1, y1 = lon[:-1][same], lat[:-1][same], lon[1:][same], lat[1:][same]
    s0, ds, route = along[:-1][same], np.diff(along)[same], route[:-1][same]
    chords = _Chords(route, x0, y0, x1, y1, s0, ds, np.zeros(len(x0), dtype=bool))
    return _cut_to_cells(_split_at_antimeridian(chords))


def _split_at_antimeridian(c: _Chords) -> _Chords:
    """Cut chords that cross ±180° in two; the second half is marked ``restart``."""
    dx = (c.x1 - c.x0 + 180) % 360 - 180
    wraps = np.abs(c.x0 + dx) > 180
    if not wraps.any():
        return c
    w = np.flatnonzero(wraps)
    edge = np.where(c.x0[w] + dx[w] > 180, 180.0, -180.0)
    f = (edge - c.x0[w]) / dx[w]
    ym = c.y0[w] + f * (c.y1[w] - c.y0[w])
    x1, y1, length = c.x1.copy(), c.y1.copy(), c.length_m.copy()
    x1[w], y1[w], length[w] = edge, ym, f * c.length_m[w]
    head = _Chords(c.route, c.x0, c.y0, x1, y1, c.start_m, length, c.restart)
    tail = _Chords(
        c.route[w], -edge, ym, c.x1[w], c.y1[w],
        c.start_m[w] + f * c.length_m[w], (1 - f) * c.length_m[w], np.ones(len(w), dtype=bool),
    )  # fmt: skip
    both = _Chords(
        *(np.concatenate([getattr(head, n), getattr(tail, n)]) for n in _Chords.__slots__)
    )
    return both.take(np.lexsort((both.start_m, both.route)))


def _cut_to_cells(c: _Chords) -> _Chords:
    """Cut chords into equal parts spanning at most one grid cell in each axis."""
    steps = np.ceil(np.maximum(np.abs(c.x1 - c.x0), np.abs(c.y1 - c.y0)) / CELL_DEG)
    steps[(np.abs(c.y0) > _POLAR_LAT) & (np.abs(c.y1) > _POLAR_LAT)] = 1
    steps = np.maximum(steps, 1).astype(np.int64)
    if steps.max() == 1:
        return c
    i = np.repeat(np.arange(len(c.x0)), steps)
    k = np.arange(steps.sum()) - np.repeat(np.cumsum(steps) - steps, steps)
    f0, f1 = k / steps[i], (k + 1) / steps[i]
    dx, dy = c.x1[i] - c.x0[i], c.y1[i] - c.y0[i]
    return _Chords(
        c.route[i],
        c.x0[i] + f0 * dx,
        c.y0[i] + f0 * dy,
        c.x0[i] + f1 * dx,
        c.y0[i] + f1 * dy,
        c.start_m[i] + f0 * c.length_m[i],
        c.length_m[i] / steps[i],
        c.restart[i] & (k == 0),
    )


# route, distance along it (m), region, entered, crossing x, crossing y
_Crossings = tuple[NDArray[np.int64], _Array, NDArray[np.int32], NDArray[np.bool_], _Array, _Array]


def _crossings(chords: _Chords, airspace: Airspace) -> _Crossings:
    """Where chords cross region boundaries, ordered by route, then along it (exits first).

    Returns arrays of route, distance along it, region, whether it is entered, and the point.
    """
    a = cell_of(chords.x0, chords.y0)
    b = cell_of(chords.x1, chords.y1)
    diagonal = (a % _COLUMNS != b % _COLUMNS) & (a // _COLUMNS != b // _COLUMNS)
    corner1 = (a // _COLUMNS) * _COLUMNS + b % _COLUMNS
    corner2 = (b // _COLUMNS) * _COLUMNS + a % _COLUMNS
    n = np.arange(len(a))
    chord = np.concatenate([n, n[b != a], n[diagonal], n[diagonal]])
    cells = np.concatenate([a, b[b != a], corner1[diagonal], corner2[diagonal]])
    first = airspace.cell_start[cells]
    counts = airspace.cell_start[cells + 1] - first
    busy = counts > 0
    chord, first, counts = chord[busy], first[busy], counts[busy]
    pair_chord = np.repeat(chord, counts)
    offset = np.arange(len(pair_chord)) - np.repeat(np.cumsum(counts) - counts, counts)
    pair_edge = airspace.cell_edges[np.repeat(first, counts) + offset]
    px, py = chords.x0[pair_chord], chords.y0[pair_chord]
    dx, dy = chords.x1[pair_chord] - px, chords.y1[pair_chord] - py
    e = airspace.edges[pair_edge]
    ex, ey = e[:, 2] - e[:, 0], e[:, 3] - e[:, 1]
    qx, qy = e[:, 0] - px, e[:, 1] - py
    denom = dx * ey - dy * ex
    with np.errstate(divide="ignore", invalid="ignore"):
        t = (qx * ey - qy * ex) / denom
        u = (qx * dy - qy * dx) / denom
    hit = np.flatnonzero((denom != 0) & (t >= 0) & (t < 1) & (u >= 0) & (u < 1))
    # An edge filed under two of a chord's cells is found twice: keep one.
    key = pair_chord[hit].astype(np.int64) << 32 | pair_edge[hit]
    hit = hit[np.unique(key, return_index=True)[1]]
    c, t = pair_chord[hit], t[hit]
    route = chords.route[c]
    at_m = chords.start_m[c] + t * chords.length_m[c]
    entering = denom[hit] < 0  # the chord passes from the edge's right (outside) to its left
    order = np.lexsort((entering, np.round(at_m, 3), route))
    c, t = c[order], t[order]
    return (
        route[order],
        at_m[order],
        airspace.edge_region[pair_edge[hit][order]],
        entering[order],
        chords.x0[c] + t * (chords.x1[c] - chords.x0[c]),
        chords.y0[c] + t * (chords.y1[c] - chords.y0[c]),
    )
