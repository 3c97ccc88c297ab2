"""Whose airspace each observed position is in: ``states_at`` against per-point shapely.

Run: ``.venv/bin/python bench/bench_states_at.py [--routes 300] [--naive 20000]``.

Positions are laid every 2 km along seeded great circles between international airports
(traffic is dense near coasts and borders, where the exact test works hardest), plus one run
with the positions of a real recorded flight when the ``traffic`` samples are installed.

* ours: ``states_at`` (grid labels; exact crossings from the cell centre in busy cells), hot
  (cells already labelled) and cold (the first call, which labels every cell centre).
* per point: ``Airspace.state_at`` — STRtree query, then ``intersects_xy`` on prepared regions,
  one point at a time (the obvious lookup, done well).
* bulk shapely: one ``STRtree.query(points, predicate="intersects")`` over all positions.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import time
from datetime import date

import numpy as np
import shapely

from overflight.geo import load_airspace, plan_route, sample_route, states_at
from overflight.geo.aerodromes import _index
from overflight.geo.airspace import cell_of
from overflight.geo.sovereignty import _labels
from overflight.model.geo import RoutePoint


def positions(routes: int, seed: int = 13) -> tuple[np.ndarray, np.ndarray]:
    airports = sorted(
        (a for a in _index().by_icao.values() if a.iata and "International" in a.name),
        key=lambda a: a.icao,
    )
    rng = random.Random(seed)
    lons, lats = [], []
    for _ in range(routes):
        a, b = rng.sample(airports, 2)
        route = plan_route([RoutePoint(a.icao, a.position), RoutePoint(b.icao, b.position)])
        lon, lat, _ = sample_route(route, spacing_m=2_000.0)
        lons.append(lon)
        lats.append(lat)
    return np.concatenate(lons), np.concatenate(lats)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--routes", type=int, default=300)
    parser.add_argument("--naive", type=int, default=20_000, help="points for the slow ways")
    args = parser.parse_args()
    airspace = load_airspace()
    lon, lat = positions(args.routes)
    n = len(lon)
    print(f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, {date.today()}")
    print(f"{n:,} positions on {args.routes} seeded routes every 2 km")
    busy = _labels(airspace).busy

    started = time.perf_counter()
    ours = states_at(lon, lat, airspace)
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(3):
        ours = states_at(lon, lat, airspace)
    hot = (time.perf_counter() - started) / 3
    print(f"  in cells with boundary edges: {busy[cell_of(lon, lat)].mean():.0%}")
    print(f"ours, hot:  {n / hot:>12,.0f} positions/s")
    print(f"ours, cold: {n / cold:>12,.0f} positions/s (first call: every centre labelled)")

    m = min(args.naive, n)
    pick = np.random.default_rng(7).choice(n, m, replace=False)
    started = time.perf_counter()
    naive = [
        airspace.state_at(float(x), float(y)) for x, y in zip(lon[pick], lat[pick], strict=True)
    ]
    per_point = m / (time.perf_counter() - started)
    started = time.perf_counter()
    airspace.tree.query(shapely.points(lon[pick], lat[pick]), predicate="intersects")
    bulk = m / (time.perf_counter() - started)
    agree = np.mean(np.array(naive) == ours[pick])
    print(
        f"per point (STRtree + prepared intersects_xy): {per_point:>10,.0f} positions/s "
        f"-> ours is {n / hot / per_point:,.0f}x faster"
    )
    print(
        f"bulk STRtree.query(intersects):               {bulk:>10,.0f} positions/s "
        f"-> ours is {n / hot / bulk:,.0f}x faster"
    )
    print(f"answers equal to the per-point lookup: {agree:.4%} of {m:,} (overlaps aside)")


if __name__ == "__main__":
    main()
