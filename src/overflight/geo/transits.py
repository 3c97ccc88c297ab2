"""Which sovereign airspaces a route crosses, where and when.

Routes are sampled along their geodesics into chords short enough to stay within one grid cell
(and within metres of the geodesic); each chord is intersected with the boundary edges filed
under its cells, and the crossings, ordered along the route, tell where each region is entered
and left. Only chords near a boundary do any work, and many routes share one vectorised pass.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache

import numpy as np
from numpy.typing import NDArray

from overflight.geo.airspace import Airspace
from overflight.geo.chords import (
    GEOD,
    SAMPLE_M,
    Crossings,
    find_crossings,
    route_chords,
    sample_route,
)
from overflight.geo.states import state_name
from overflight.geo.transit_table import TransitTable, join_tables, transits_of_table
from overflight.model import INTERNATIONAL, GeoPoint, Route, Transit

__all__ = ["GEOD", "MIN_TRANSIT_M", "SAMPLE_M", "TransitTable", "find_transit_table",
           "find_transits", "find_transits_many", "sample_route", "times_at"]  # fmt: skip

MIN_TRANSIT_M = 100.0
"""Stretches shorter than this are slivers between the packaged polygons, merged into neighbours."""
_CHUNK = 64  # routes per vectorised pass: enough to amortise numpy's per-call cost, cache-sized
_Stretch = tuple[str, bool, float, GeoPoint]  # state, over sea, from metres, entry point
_Array = NDArray[np.float64]


def find_transits(route: Route, airspace: Airspace) -> tuple[Transit, ...]:
    """Sovereign airspaces a route crosses, in flight order (geodesic metres, WGS84).

    Consecutive stretches in the same state (its land and its territorial sea) form one transit;
    international airspace gets transits of its own with state ``""``.

    Example:
        Istanbul to Baku leaves Türkiye's coast over the Black Sea, and comes back to it once over
        its territorial sea alone:

        >>> from overflight.geo import load_airspace, parse_point, plan_route
        >>> route = plan_route([parse_point("LTBA"), parse_point("UBBB")])
        >>> for t in find_transits(route, load_airspace()):
        ...     sea = " (territorial sea only)" if t.territorial_sea_only else ""
        ...     print(f"{t.state or '--'} {t.entry_m / 1000:.0f}-{t.exit_m / 1000:.0f} km{sea}")
        TR 0-772 km
        -- 772-841 km
        TR 841-924 km (territorial sea only)
        -- 924-962 km
        TR 962-1229 km
        AM 1229-1403 km
        AZ 1403-1790 km
    """
    return find_transits_many([route], airspace)[0]


def find_transits_many(routes: Sequence[Route], airspace: Airspace) -> list[tuple[Transit, ...]]:
    """``find_transits`` for many routes, vectorised over chunks of routes (fast for batches)."""
    return [
        transits
        for start in range(0, len(routes), _CHUNK)
        for transits in _transits_of_chunk(routes[start : start + _CHUNK], airspace)
    ]


def find_transit_table(routes: Sequence[Route], airspace: Airspace) -> TransitTable:
    """``find_transits_many`` as columns, making no ``Transit`` value (for writing many rows)."""
    if not routes:
        return _table([], _Runs.none(), airspace)
    return join_tables(
        [
            _table_of_chunk(routes[start : start + _CHUNK], airspace)
            for start in range(0, len(routes), _CHUNK)
        ]
    )


def _transits_of_chunk(
    routes: Sequence[Route], airspace: Airspace, *, whole_arrays: bool = True
) -> list[tuple[Transit, ...]]:
    """The transits of a few routes, in one vectorised pass (``_table_of_chunk``)."""
    return transits_of_table(routes, _table_of_chunk(routes, airspace, whole_arrays=whole_arrays))


@dataclass(frozen=True, slots=True)
class _Runs:
    """Transits being found, route by route: a run of stretches of one state each.

    ``x``, ``y``: the entry point (any value on a route's first run: its departure).
    """

    route: NDArray[np.int64]
    state: NDArray[np.int64]  # numbers of ``_state_names``
    all_sea: NDArray[np.bool_]
    from_m: _Array
    x: _Array
    y: _Array

    @staticmethod
    def none() -> _Runs:
        empty = np.zeros(0)
        return _Runs(empty.astype(np.int64), empty.astype(np.int64), empty.astype(bool),
                     empty, empty, empty)  # fmt: skip


def _table_of_chunk(
    routes: Sequence[Route], airspace: Airspace, *, whole_arrays: bool = True
) -> TransitTable:
    """The transits of a few routes, in one vectorised pass, as columns.

    ``whole_arrays=False`` walks every route one crossing at a time (``_walk``): the reference
    the whole-array steps are tested against.
    """
    chords = route_chords(routes, airspace)
    events = find_crossings(chords, airspace)
    bounds = np.searchsorted(events.route, np.arange(len(routes) + 1))
    restarts: dict[int, list[tuple[float, float, float]]] = {}
    for i in np.flatnonzero(chords.restart).tolist():
        restarts.setdefault(int(chords.route[i]), []).append(
            (float(chords.start_m[i]), float(chords.x0[i]), float(chords.y0[i]))
        )
    firsts = [r.points[0].position for r in routes]
    starts = [airspace.regions_at(p.lon, p.lat) for p in firsts]
    simple = (
        _simple_routes(events, bounds, starts, restarts, airspace)
        if whole_arrays
        else np.zeros(len(routes), dtype=bool)
    )
    runs = _runs_of_simple(routes, airspace, events, starts, simple)
    if not simple.all():
        at_m, region = events.at_m.tolist(), events.region.tolist()
        entering, xs, ys = events.entering.tolist(), events.x.tolist(), events.y.tolist()
        cut = bounds.tolist()
        number = _state_numbers(airspace)
        walked: list[tuple[int, int, bool, float, float, float]] = []
        for n in np.flatnonzero(~simple).tolist():
            span = slice(cut[n], cut[n + 1])
            stretches = _walk(
                routes[n],
                airspace,
                at_m[span],
                region[span],
                entering[span],
                xs[span],
                ys[span],
                restarts.get(n, []),
            )
            walked += [
                (n, number[state], sea, from_m, entry.lon, entry.lat)
                for state, sea, from_m, entry in _merge(stretches, routes[n])
            ]
        route, state, sea, from_m, x, y = zip(*walked, strict=True)
        both = [
            np.concatenate([getattr(runs, name), np.array(column, dtype=getattr(runs, name).dtype)])
            for name, column in zip(_Runs.__slots__, (route, state, sea, from_m, x, y), strict=True)
        ]
        order = np.argsort(both[0], kind="stable")
        runs = _Runs(*(column[order] for column in both))
    return _table(routes, runs, airspace)


def _table(routes: Sequence[Route], runs: _Runs, airspace: Airspace) -> TransitTable:
    """The table of ``routes`` from their runs (every route has at least one)."""
    names = _state_names(airspace)
    start = np.searchsorted(runs.route, np.arange(len(routes) + 1)).astype(np.int64)
    first = start[:-1]
    lat, lon = runs.y.copy(), runs.x.copy()
    lat[first] = [r.points[0].position.lat for r in routes]
    lon[first] = [r.points[0].position.lon for r in routes]
    exit_m = np.empty_like(runs.from_m)
    exit_m[:-1] = runs.from_m[1:]
    exit_m[start[1:] - 1] = [r.distance_m for r in routes]
    state = [names[i] for i in runs.state.tolist()]
    sea = [bool(s) and all_sea for s, all_sea in zip(state, runs.all_sea.tolist(), strict=True)]
    entered_s, exited_s = np.full(len(lat), np.nan), np.full(len(lat), np.nan)
    cut = start.tolist()
    for n, route in enumerate(routes):
        if route.points[0].time is None:
            continue
        a, b = cut[n], cut[n + 1]
        along = [p.along_m for p in route.points]
        stamps = [p.time.timestamp() for p in route.points]  # type: ignore[union-attr]
        times = np.interp(np.append(runs.from_m[a:b], route.distance_m), along, stamps)
        entered_s[a:b], exited_s[a:b] = times[:-1], times[1:]
    return TransitTable(
        start, state, [_name(s) for s in state], sea,
        lat, lon, runs.from_m, exit_m, entered_s, exited_s,
    )  # fmt: skip


def _simple_routes(
    events: Crossings,
    bounds: NDArray[np.int64],
    starts: list[tuple[int, ...]],
    restarts: dict[int, list[tuple[float, float, float]]],
    airspace: Airspace,
) -> NDArray[np.bool_]:
    """Routes that are never inside two regions at once.

    Along such a route the walk of ``_walk`` reduces to: entering a region puts the route in it,
    leaving it (or leaving one it is not in) puts the route in none, and where it crosses ±180°
    it is in the region found there from its next crossing on; ``_transits_of_simple`` follows
    them with whole-array steps. The others are walked one crossing at a time.
    """
    count = len(starts)
    simple = np.array([len(inside) < 2 for inside in starts], dtype=bool)
    if len(events.route) == 0:
        return simple
    start_region = np.array([inside[-1] if inside else -1 for inside in starts], dtype=np.int64)
    region = events.region.astype(np.int64)
    after = np.where(events.entering, region, -1)  # where the route is after each crossing
    before = np.empty_like(after)
    before[1:] = after[:-1]
    first = bounds[:-1][bounds[:-1] < bounds[1:]]
    before[first] = start_region[events.route[first]]
    for n, found in restarts.items():
        span = events.at_m[bounds[n] : bounds[n + 1]]
        for start_m, x, y in found:
            later = np.flatnonzero(span >= start_m)
            if not len(later):
                break  # no crossing after it: the walk never looks
            inside = airspace.regions_at(x + (1e-9 if x < 0 else -1e-9), y)
            simple[n] &= len(inside) < 2
            before[bounds[n] + later[0]] = inside[-1] if inside else -1
    fits = np.where(events.entering, before == -1, (before == region) | (before == -1))
    broken = np.bincount(events.route[~fits], minlength=count) > 0
    return simple & ~broken


def _runs_of_simple(
    routes: Sequence[Route],
    airspace: Airspace,
    events: Crossings,
    starts: list[tuple[int, ...]],
    simple: NDArray[np.bool_],
) -> _Runs:
    """The runs of the simple routes (``_simple_routes``); the others have none.

    Stretches begin where the label (state, sea) changes; a stretch shorter than
    ``MIN_TRANSIT_M`` is dropped (the first never), and kept stretches of one state in a row
    make one run, over the sea only if all of them are: ``_merge``, as whole arrays.
    """
    label_of, states, seas = _label_table(airspace)
    start_label = np.array([label_of[inside[-1]] if inside else 0 for inside in starts])
    keep_event = simple[events.route]
    route = events.route[keep_event]
    after = np.where(events.entering, label_of[events.region], 0)[keep_event]
    previous = np.empty_like(after)
    previous[1:] = after[:-1]
    firsts = np.ones(len(route), dtype=bool)
    firsts[1:] = route[1:] != route[:-1]
    previous[firsts] = start_label[route[firsts]]
    change = np.flatnonzero(after != previous)
    # The stretches: one from each simple route's start, then one from each change of label.
    heads = np.flatnonzero(simple)
    s_route = np.concatenate([heads, route[change]])
    s_label = np.concatenate([start_label[heads], after[change]])
    s_from = np.concatenate([np.zeros(len(heads)), events.at_m[keep_event][change]])
    s_x = np.concatenate([np.zeros(len(heads)), events.x[keep_event][change]])
    s_y = np.concatenate([np.zeros(len(heads)), events.y[keep_event][change]])
    s_head = np.concatenate([np.ones(len(heads), dtype=bool), np.zeros(len(change), dtype=bool)])
    order = np.argsort(s_route, kind="stable")
    s_route, s_label, s_from = s_route[order], s_label[order], s_from[order]
    s_x, s_y, s_head = s_x[order], s_y[order], s_head[order]
    distance = np.array([r.distance_m for r in routes])
    s_to = np.empty_like(s_from)
    s_to[:-1] = s_from[1:]
    last = np.ones(len(s_route), dtype=bool)
    last[:-1] = s_route[1:] != s_route[:-1]
    s_to[last] = distance[s_route[last]]
    kept = s_head | ~(s_to - s_from < MIN_TRANSIT_M)
    k_route, k_label, k_from = s_route[kept], s_label[kept], s_from[kept]
    k_x, k_y, k_head = s_x[kept], s_y[kept], s_head[kept]
    k_state = states[k_label]
    opens = np.ones(len(k_route), dtype=bool)
    opens[1:] = k_head[1:] | (k_state[1:] != k_state[:-1])
    run_start = np.flatnonzero(opens)
    all_sea = np.logical_and.reduceat(seas[k_label], run_start) if len(run_start) else opens
    return _Runs(
        k_route[run_start], k_state[run_start], all_sea,
        k_from[run_start], k_x[run_start], k_y[run_start],
    )  # fmt: skip


@cache
def _label_table(
    airspace: Airspace,
) -> tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.bool_]]:
    """Each region's label number (0: international), and each label's state number and sea flag.

    Labels are the distinct (state, sea) pairs, as ``_region_labels`` shares them; state numbers
    index ``_state_names``.
    """
    names = _state_names(airspace)
    number = {code: i for i, code in enumerate(names)}
    labels: dict[tuple[str, bool], int] = {_OPEN: 0}
    for label in _region_labels(airspace):
        labels.setdefault(label, len(labels))
    label_of = np.array([labels[label] for label in _region_labels(airspace)], dtype=np.int64)
    states = np.array([number[state] for state, _ in labels], dtype=np.int64)
    seas = np.array([sea for _, sea in labels], dtype=bool)
    return label_of, states, seas


@cache
def _state_names(airspace: Airspace) -> tuple[str, ...]:
    """International airspace (``""``, number 0), then every state with airspace."""
    return (INTERNATIONAL, *airspace.states)


@cache
def _state_numbers(airspace: Airspace) -> dict[str, int]:
    return {code: i for i, code in enumerate(_state_names(airspace))}


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
            stretches.append((*new, at_m[k], GeoPoint(ys[k], xs[k])))
            label = new
    return stretches


def _merge(stretches: list[_Stretch], route: Route) -> list[tuple[str, bool, float, GeoPoint]]:
    """Join stretches of one state and drop slivers.

    Each run: its state, whether all of it is over the sea, where it starts and its entry point
    (it ends where the next begins).
    """
    bounds = [s[2] for s in stretches[1:]] + [route.distance_m]
    kept: list[tuple[str, bool, float, GeoPoint]] = []
    for (state, sea, from_m, entry), to_m in zip(stretches, bounds, strict=True):
        if to_m - from_m < MIN_TRANSIT_M and kept:
            continue
        if kept and kept[-1][0] == state:
            kept[-1] = (state, kept[-1][1] and sea, kept[-1][2], kept[-1][3])
            continue
        kept.append((state, sea, from_m, entry))
    return kept


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
    """When the flight is at each distance along the route (linear in time between points).

    Example:
        >>> from overflight.geo import parse_point, parse_time, plan_route
        >>> from overflight.model.speed import parse_speed
        >>> ends = [parse_point("LTBA"), parse_point("UBBB")]
        >>> off_blocks = parse_time("2008-06-01T10:00Z")
        >>> route = plan_route(ends, departure=off_blocks, speed=parse_speed("N0450"))
        >>> [f"{t:%H:%M}" for t in times_at(route, [0, 500_000, route.distance_m])]
        ['10:00', '10:35', '12:08']
        >>> times_at(plan_route(ends), [0])  # a route without times
        [None]
    """
    first = route.points[0].time
    if first is None:
        return [None] * len(along_m)
    along = [p.along_m for p in route.points]
    stamps = [p.time.timestamp() for p in route.points]  # type: ignore[union-attr]
    return [
        datetime.fromtimestamp(float(t), tz=first.tzinfo) for t in np.interp(along_m, along, stamps)
    ]
