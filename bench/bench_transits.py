"""Transits of 1,000 real airport pairs (mostly long-haul): ours against the obvious ways.

Run: ``.venv/bin/python bench/bench_transits.py [--routes 1000] [--naive 25]``.

* ours: ``find_transits_many`` (edge index; exact crossings), and ``find_transits`` one by one.
* naive: sample the geodesic every 20 km and test every sample against every region with
  ``shapely.contains``, polygons unindexed and unprepared (the obvious approach).
* prepared: the same, but with ``shapely.contains_xy``, which prepares (indexes) each polygon
  on first use and keeps it: the obvious approach done well.
* strtree: the same samples, looked up through an STRtree of the regions.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import subprocess
import sys
import time
from datetime import date

import numpy as np
import shapely
from pyproj import Geod

from overflight.geo import (
    find_transits,
    find_transits_many,
    load_airspace,
    plan_route,
    sample_route,
)
from overflight.geo.aerodromes import _index
from overflight.model.geo import RoutePoint

GEOD = Geod(ellps="WGS84")


def airport_pairs(count: int, seed: int = 2008) -> list[tuple[RoutePoint, RoutePoint]]:
    """Seeded pairs of international airports; nine in ten at least 3,000 km apart."""
    airports = sorted(
        (a for a in _index().by_icao.values() if a.iata and "International" in a.name),
        key=lambda a: a.icao,
    )
    rng = random.Random(seed)
    pairs = []
    while len(pairs) < count:
        a, b = rng.sample(airports, 2)
        distance = GEOD.inv(a.position.lon, a.position.lat, b.position.lon, b.position.lat)[2]
        if distance >= 3_000_000 or (distance > 0 and len(pairs) % 10 == 9):
            pairs.append((RoutePoint(a.icao, a.position), RoutePoint(b.icao, b.position)))
    return pairs


def naive_states(route, regions, codes, spacing_m: float = 20_000) -> list[str]:
    lon, lat, _ = sample_route(route, spacing_m)
    points = shapely.points(lon, lat)
    labels = np.full(len(lon), "", dtype=object)
    for geom, code in zip(regions, codes, strict=True):
        labels[shapely.contains(geom, points)] = code
    return _runs(labels)


def prepared_states(route, regions, codes) -> list[str]:
    lon, lat, _ = sample_route(route)
    labels = np.full(len(lon), "", dtype=object)
    for geom, code in zip(regions, codes, strict=True):
        labels[shapely.contains_xy(geom, lon, lat)] = code
    return _runs(labels)


def strtree_states(route, airspace) -> list[str]:
    lon, lat, _ = sample_route(route)
    which, region = airspace.tree.query(shapely.points(lon, lat), predicate="intersects")
    labels = np.full(len(lon), "", dtype=object)
    labels[which] = np.asarray(airspace.codes, dtype=object)[region]
    return _runs(labels)


def _runs(labels) -> list[str]:
    return [str(x) for i, x in enumerate(labels) if i == 0 or x != labels[i - 1]]


def cold_load_s() -> float:
    code = (
        "import time; t=time.perf_counter(); from overflight.geo import load_airspace; "
        "load_airspace(); print(time.perf_counter()-t)"
    )
    runs = [float(subprocess.check_output([sys.executable, "-c", code])) for _ in range(3)]
    return min(runs)


def rss_mb() -> float:
    with open(f"/proc/{os.getpid()}/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--routes", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=10, help="routes timed the naive way")
    args = parser.parse_args()

    pairs = airport_pairs(args.routes)
    before = rss_mb()
    airspace = load_airspace()
    index_mb = rss_mb() - before
    routes = [plan_route([a, b]) for a, b in pairs]
    km = np.mean([r.distance_m for r in routes]) / 1000

    t0 = time.perf_counter()
    ours = find_transits_many(routes, airspace)
    ours_s = (time.perf_counter() - t0) / len(routes)
    t0 = time.perf_counter()
    single = [find_transits(r, airspace) for r in routes]
    single_s = (time.perf_counter() - t0) / len(routes)
    if single != ours:
        raise SystemExit("find_transits and find_transits_many disagree")

    sample = routes[: args.naive]
    regions, codes = (
        [shapely.from_wkb(shapely.to_wkb(g)) for g in airspace.regions],
        list(airspace.codes),
    )  # fresh copies: no prepared state carried over from our own look-ups
    t0 = time.perf_counter()
    naive = [naive_states(r, regions, codes) for r in sample]
    naive_s = (time.perf_counter() - t0) / len(sample)
    t0 = time.perf_counter()
    fine = [naive_states(r, regions, codes, spacing_m=100) for r in sample[:2]]
    fine_s = (time.perf_counter() - t0) / len(fine)
    prepared_states(routes[0], regions, codes)  # prepares every region once
    t0 = time.perf_counter()
    prepared = [prepared_states(r, regions, codes) for r in routes[:100]]
    prepared_s = (time.perf_counter() - t0) / len(prepared)
    t0 = time.perf_counter()
    tree = [strtree_states(r, airspace) for r in routes]
    tree_s = (time.perf_counter() - t0) / len(routes)

    ours_sets = [{t.state for t in o} for o in ours]
    found_by_sampling = sum(set(n) <= o for o, n in zip(ours_sets, tree, strict=True))
    missed_by_sampling = sum(bool(o - set(n)) for o, n in zip(ours_sets, tree, strict=True))
    print(f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores; "
          f"{date.today()}; Python {platform.python_version()}")  # fmt: skip
    print(f"routes: {len(routes)} airport pairs, mean {km:,.0f} km")
    print(f"load: {cold_load_s():.2f} s cold (fresh interpreter); index memory ~{index_mb:.0f} MB; "
          f"{len(airspace.edges):,} boundary edges")  # fmt: skip
    print(f"ours:    {1 / ours_s:8,.0f} routes/s ({ours_s * 1e3:.2f} ms/route, exact crossings; "
          f"one at a time {1 / single_s:,.0f} routes/s)")  # fmt: skip
    print(f"prepared:{1 / prepared_s:8,.0f} routes/s (20 km samples, contains_xy on prepared "
          f"polygons; ours is {prepared_s / ours_s:,.1f}x faster)")  # fmt: skip
    print(f"strtree: {1 / tree_s:8,.0f} routes/s (20 km samples; {ours_s and tree_s / ours_s:.1f}x "
          f"slower than ours)")  # fmt: skip
    print(f"naive:   {1 / naive_s:8,.2f} routes/s (20 km samples, no index; "
          f"ours is {naive_s / ours_s:,.0f}x faster)")  # fmt: skip
    print(f"naive at 100 m samples (crossings to ~100 m, as ours): {fine_s:,.1f} s/route; "
          f"ours is {fine_s / ours_s:,.0f}x faster")  # fmt: skip
    print(f"states seen by 20 km samples that ours finds too: {found_by_sampling}/{len(routes)}")
    print(f"routes where 20 km samples miss a state ours finds: {missed_by_sampling}")
    del naive


if __name__ == "__main__":
    main()
