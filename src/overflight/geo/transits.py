"""Which sovereign airspaces a route crosses, where and when.

The route is sampled along its geodesics into chords short enough to stay within one grid cell
(and within metres of the geodesic), each chord is intersected with the boundary edges filed
under its cells, and the crossings, ordered along the route, tell where each region is entered
and left. Only chords near a boundary do any work; the rest cost a table look-up.
"""

from __future__ import annotations

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
_Array = NDArray[np.float64]


@dataclass(frozen=True, slots=True)
class _Chords:
    """Straight pieces of the route in lon/lat, each inside one 2x2 block of grid cells."""

    x0: _Array
    y0: _Array
    x1: _Array
    y1: _Array
    start_m: _Array  # distance along the route where the chord starts
    length_m: _Array
    restart: NDArray[np.bool_]  # the chord starts on the antimeridian, coming from across it


def find_transits(route: Route, airspace: Airspace) -> tuple[Transit, ...]:
    """Sovereign airspaces a route crosses, in flight order (geodesic metres, WGS84).

    Consecutive stretches in the same state (its land and its territorial sea) form one transit;
    international airspace gets transits of its own with state ``""``.
    """
    start = route.points[0].position
    inside = list(airspace.regions_at(start.lon, start.lat))  # in order of entry
    chords = _chords(route)
    at_m, regions, entering, xs, ys = _crossings(chords, airspace)
    # Where the route crosses ±180°, look the position up afresh: the cut is no boundary.
    restarts = [
        (float(chords.start_m[i]), float(chords.x0[i]), float(chords.y0[i]))
        for i in np.flatnonzero(chords.restart)
    ]
    codes, is_sea = airspace.codes, airspace.is_sea
    # state, all sea so far, from_m, entry point
    label = (codes[inside[-1]], bool(is_sea[inside[-1]])) if inside else (INTERNATIONAL, True)
    stretches: list[tuple[str, bool, float, Position]] = [(*label, 0.0, start)]
    for k, region in enumerate(regions.tolist()):
        while restarts and restarts[0][0] <= at_m[k]:
            _, x, y = restarts.pop(0)
            inside = list(airspace.regions_at(x + (1e-9 if x < 0 else -1e-9), y))
        if entering[k]:
            inside.append(region)
        elif region in inside:
            inside.remove(region)
        new = (codes[inside[-1]], bool(is_sea[inside[-1]])) if inside else (INTERNATIONAL, True)
        if new != label:
            stretches.append((*new, float(at_m[k]), Position(float(ys[k]), float(xs[k]))))
            label = new
    return _merge(stretches, route)


def _merge(stretches: list[tuple[str, bool, float, Position]], route: Route) -> tuple[Transit, ...]:
    """Join stretches of one state, drop slivers, and time each transit."""
    bounds = [s[2] for s in stretches[1:]] + [route.distance_m]
    kept: list[list] = []  # state, all_sea, from_m, to_m, entry, exit
    for (state, sea, from_m, entry), to_m in zip(stretches, bounds, strict=True):
        if to_m - from_m < MIN_TRANSIT_M and kept:
            continue
        if kept and kept[-1][0] == state:
            kept[-1][1] = kept[-1][1] and sea
            continue
        if kept:
            kept[-1][3], kept[-1][5] = from_m, entry
        kept.append([state, sea, from_m, to_m, entry, route.destination.position])
    kept[-1][3] = route.distance_m
    times = times_at(route, [k[2] for k in kept] + [route.distance_m])
    return tuple(
        Transit(
            state=state,
            name=_name(state),
            entry=entry,
            exit=exit_,
            entry_m=from_m,
            exit_m=to_m,
            entered_at=times[i],
            exited_at=times[i + 1],
            territorial_sea_only=bool(state) and sea,
        )
        for i, (state, sea, from_m, to_m, entry, exit_) in enumerate(kept)
    )


@cache
def _name(state: str) -> str:
    return state_name(state) if state else "international airspace"


def times_at(route: Route, along_m: Sequence[float]) -> list[datetime | None]:
    """When the flight is at each distance along the route (linear in time between points)."""
    if route.points[0].time is None:
        return [None] * len(along_m)
    along = [p.along_m for p in route.points]
    stamps = [p.time.timestamp() for p in route.points]  # type: ignore[union-attr]
    zone = route.points[0].time.tzinfo
    return [datetime.fromtimestamp(float(t), tz=zone) for t in np.interp(along_m, along, stamps)]


def sample_route(route: Route, spacing_m: float = SAMPLE_M) -> tuple[_Array, _Array, _Array]:
    """Points along the route's geodesics: longitudes, latitudes and metres from the start."""
    lons, lats, along = [], [], []
    for a, b in pairwise(route.points):
        if b.along_m == a.along_m:
            continue
        leg = GEOD.inv_intermediate(
            a.position.lon,
            a.position.lat,
            b.position.lon,
            b.position.lat,
            del_s=spacing_m,
            initial_idx=0,
            terminus_idx=0,
            return_back_azimuth=True,
        )
        n = leg.npts
        lons.append(np.asarray(leg.lons)[: n - 1])
        lats.append(np.asarray(leg.lats)[: n - 1])
        along.append(a.along_m + np.linspace(0.0, b.along_m - a.along_m, n)[: n - 1])
    last = route.points[-1]
    lons.append(np.array([last.position.lon]))
    lats.append(np.array([last.position.lat]))
    along.append(np.array([last.along_m]))
    return np.concatenate(lons), np.concatenate(lats), np.concatenate(along)


def _chords(route: Route) -> _Chords:
    """The route as chords: split at the antimeridian, cut to at most one cell per axis."""
    lon, lat, along = sample_route(route)
    x0, y0, x1, y1 = lon[:-1], lat[:-1], lon[1:], lat[1:]
    s0, ds = along[:-1], np.diff(along)
    restart = np.zeros(len(x0), dtype=bool)
    dx = (x1 - x0 + 180) % 360 - 180
    wraps = np.abs(x0 + dx) > 180
    if wraps.any():
        edge = np.where(x0 + dx > 180, 180.0, -180.0)
        f = np.where(wraps, (edge - x0) / np.where(dx == 0, 1, dx), 1.0)
        ym = y0 + f * (y1 - y0)
        w = np.flatnonzero(wraps)
        head = _Chords(
            x0, y0, np.where(wraps, edge, x1), np.where(wraps, ym, y1), s0, f * ds, restart
        )
        tail = _Chords(
            -edge[w], ym[w], x1[w], y1[w], s0[w] + f[w] * ds[w], (1 - f[w]) * ds[w], wraps[w]
        )
        order = np.argsort(np.concatenate([head.start_m, tail.start_m]), kind="stable")
        x0, y0, x1, y1, s0, ds, restart = (
            np.concatenate([getattr(head, n), getattr(tail, n)])[order] for n in _Chords.__slots__
        )
    steps = np.ceil(np.maximum(np.abs(x1 - x0), np.abs(y1 - y0)) / CELL_DEG).astype(np.int64)
    steps[(np.abs(y0) > _POLAR_LAT) & (np.abs(y1) > _POLAR_LAT)] = 1
    steps = np.maximum(steps, 1)
    if steps.max() > 1:
        i = np.repeat(np.arange(len(x0)), steps)
        k = np.arange(steps.sum()) - np.repeat(np.cumsum(steps) - steps, steps)
        f0, f1 = k / steps[i], (k + 1) / steps[i]
        x0, y0, x1, y1, s0, ds = (
            x0[i] + f0 * (x1[i] - x0[i]),
            y0[i] + f0 * (y1[i] - y0[i]),
            x0[i] + f1 * (x1[i] - x0[i]),
            y0[i] + f1 * (y1[i] - y0[i]),
            s0[i] + f0 * ds[i],
            ds[i] / steps[i],
        )
        restart = restart[i] & (k == 0)
    return _Chords(x0, y0, x1, y1, s0, ds, restart)


def _crossings(
    chords: _Chords, airspace: Airspace
) -> tuple[_Array, NDArray[np.int32], NDArray[np.bool_], _Array, _Array]:
    """Where chords cross region boundaries, ordered along the route (exits before entries).

    Returns distance along the route, region, whether it is entered, and the crossing point.
    """
    cells = _chord_cells(chords)
    chord = np.repeat(np.arange(len(chords.x0)), 4)
    cells = cells.ravel()
    valid = cells >= 0
    chord, cells = chord[valid], cells[valid]
    first, last = airspace.cell_start[cells], airspace.cell_start[cells + 1]
    counts = last - first
    busy = counts > 0
    chord, first, counts = chord[busy], first[busy], counts[busy]
    if len(chord) == 0:
        empty = np.empty(0)
        return empty, np.empty(0, np.int32), np.empty(0, bool), empty, empty
    pair_chord = np.repeat(chord, counts)
    offset = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
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
    hit = (denom != 0) & (t >= 0) & (t < 1) & (u >= 0) & (u < 1)
    pair_chord, pair_edge, t, denom = pair_chord[hit], pair_edge[hit], t[hit], denom[hit]
    _, unique = np.unique(pair_chord.astype(np.int64) << 32 | pair_edge, return_index=True)
    pair_chord, pair_edge, t, denom = (
        pair_chord[unique],
        pair_edge[unique],
        t[unique],
        denom[unique],
    )
    at_m = chords.start_m[pair_chord] + t * chords.length_m[pair_chord]
    entering = denom < 0  # the chord passes from the edge's right (outside) to its left
    order = np.lexsort((entering, at_m))
    c = pair_chord[order]
    xs = chords.x0[c] + t[order] * (chords.x1[c] - chords.x0[c])
    ys = chords.y0[c] + t[order] * (chords.y1[c] - chords.y0[c])
    return at_m[order], airspace.edge_region[pair_edge[order]], entering[order], xs, ys


def _chord_cells(chords: _Chords) -> NDArray[np.int64]:
    """The (up to four) cells each chord may pass through; -1 where fewer."""
    a = cell_of(chords.x0, chords.y0)
    b = cell_of(chords.x1, chords.y1)
    columns = round(360 / CELL_DEG)
    ca, ra = a % columns, a // columns
    cb, rb = b % columns, b // columns
    corner1 = np.where((ca != cb) & (ra != rb), ra * columns + cb, -1)
    corner2 = np.where((ca != cb) & (ra != rb), rb * columns + ca, -1)
    return np.column_stack([a, np.where(b != a, b, -1), corner1, corner2])
