"""Transits of real airport pairs (mostly long-haul): ours against the obvious ways.

Run: ``.venv/bin/python bench/bench_transits.py [--routes 1000] [--naive 25]`` (in process), or
``.venv/bin/python bench/bench_transits.py --batch 10000 [--naive-sample 200]`` (whole process:
``overflight route --batch`` on a seeded CSV of 10,000 routes against the obvious program doing
the same job, CPU seconds of each child process; the obvious one is run on a sample of the
routes and on none, and its time for all of them extrapolated, as it takes ~5 minutes).

* ours: ``find_transits_many`` (edge index; exact crossings), and ``find_transits`` one by one.
* naive: sample the geodesic every 20 km and test every sample against every region with
  ``shapely.contains``, polygons unindexed and unprepared (the obvious approach).
* prepared: the same, but with ``shapely.contains_xy``, which prepares (indexes) each polygon
  on first use and keeps it: the obvious approach done well.
* strtree: the same samples, looked up through an STRtree of the regions.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

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


def write_batch(path: Path, pairs: list[tuple[RoutePoint, RoutePoint]]) -> None:
    """A batch CSV of the pairs, each timed (off blocks on the hour) at N0450."""
    with path.open("w", newline="") as sink:
        out = csv.writer(sink)
        out.writerow(["departure", "destination", "departure_time", "speed"])
        for i, (a, b) in enumerate(pairs):
            out.writerow([a.name, b.name, f"2008-06-01T{i % 24:02d}:00Z", "N0450"])


def naive_batch(source: Path, out: Path) -> None:
    """The obvious program: plan each route, sample it every 20 km, test every sample against
    every region with shapely (unindexed, unprepared), write the runs of states as JSON lines.
    """
    from overflight.geo import times_at
    from overflight.services.routes import plan_request, read_route_batch

    airspace = load_airspace()
    regions, codes = list(airspace.regions), list(airspace.codes)
    requests, _ = read_route_batch(source)
    with out.open("w") as sink:
        for request in requests:
            route = plan_request(request)
            lon, lat, along = sample_route(route)
            points = shapely.points(lon, lat)
            labels = np.full(len(lon), "", dtype=object)
            for geom, code in zip(regions, codes, strict=True):
                labels[shapely.contains(geom, points)] = code
            starts = [i for i in range(len(labels)) if i == 0 or labels[i] != labels[i - 1]]
            times = times_at(route, [float(along[i]) for i in starts] + [route.distance_m])
            transits = [
                {
                    "state": str(labels[i]),
                    "entry": {"lat": float(lat[i]), "lon": float(lon[i])},
                    "entry_m": float(along[i]),
                    "entered_at": times[k].isoformat() if times[k] else None,
                }
                for k, i in enumerate(starts)
            ]
            sink.write(json.dumps({"line": request.line, "transits": transits}) + "\n")


def child_cpu_s(command: list[str]) -> tuple[float, float]:
    """CPU seconds (user + system) and wall seconds of one child process, run to the end."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def batch_main(count: int, sample: int, runs: int) -> None:
    """Whole process, side by side: ``overflight route --batch`` against the obvious program."""
    pairs = airport_pairs(count)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        batch, few, none = work / "routes.csv", work / "few.csv", work / "none.csv"
        write_batch(batch, pairs)
        write_batch(few, pairs[:sample])
        write_batch(none, [])
        ours_cmd = [sys.executable, "-m", "overflight.cli", "route", "--batch", str(batch),
                    "--out", str(work / "ours.jsonl")]  # fmt: skip
        naive_cmd = [sys.executable, __file__, "--naive-csv"]
        ours, naive_few, naive_none = [], [], []
        for _ in range(runs):  # interleaved, so drifting load falls on both
            ours.append(child_cpu_s(ours_cmd))
            naive_few.append(child_cpu_s([*naive_cmd, str(few), str(work / "few.jsonl")]))
            naive_none.append(child_cpu_s([*naive_cmd, str(none), str(work / "none.jsonl")]))
        rows = sum(1 for _ in (work / "ours.jsonl").open())
    ours_cpu = statistics.median(c for c, _ in ours)
    ours_wall = statistics.median(w for _, w in ours)
    few_cpu = statistics.median(c for c, _ in naive_few)
    none_cpu = statistics.median(c for c, _ in naive_none)
    per_route = (few_cpu - none_cpu) / sample
    naive_all = none_cpu + per_route * count
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
          f"{date.today()}; Python {platform.python_version()}")  # fmt: skip
    print(f"batch: {count:,} routes ({rows:,} written), medians of {runs} interleaved runs")
    print(f"ours, whole process: {ours_cpu:.2f} s CPU ({ours_wall:.2f} s wall), "
          f"{count / ours_cpu:,.0f} routes/s of CPU")  # fmt: skip
    print(f"obvious, whole process: {none_cpu:.2f} s CPU with no routes, {few_cpu:.2f} s "
          f"with {sample}: {1 / per_route:,.1f} routes/s; all ~{naive_all:,.0f} s")  # fmt: skip
    print(f"ours is {naive_all / ours_cpu:,.0f}x the obvious program, whole process")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--routes", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=10, help="routes timed the naive way")
    parser.add_argument("--batch", type=int, help="whole process: this many routes")
    parser.add_argument("--naive-sample", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--naive-csv", nargs=2, type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.naive_csv:
        naive_batch(*args.naive_csv)
        return
    if args.batch:
        batch_main(args.batch, args.naive_sample, args.runs)
        return

    pairs = airport_pairs(args.routes)
    before = rss_mb()
    airspace = load_airspace()
    index_mb = rss_mb() - before
    routes = [plan_route([a, b]) for a, b in pairs]
    km = np.mean([r.distance_m for r in routes]) / 1000

    t0 = time.perf_counter()
    find_transits_many(routes[:100], airspace)
    first_s = time.perf_counter() - t0  # one-time set-up: block index, cell tables, start points
    warm = [plan_route([a, b]) for a, b in airport_pairs(200, seed=2009)]
    find_transits_many(warm, airspace)  # other routes: start points looked up, tables built
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
          f"one at a time {1 / single_s:,.0f} routes/s; a first batch of 100 in a new process "
          f"{first_s:.2f} s)")  # fmt: skip
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
