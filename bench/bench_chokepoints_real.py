"""Chokepoints over real geography: Pyongyang (ZKPY) to Damascus (OSDI) with an Il-76.

For max set size 1..4: time, oracle calls (route searches) and the number of candidate subsets
a brute force would have to ask about (every subset of at most K candidates). The brute force
is timed for real at K = 1 and 2 and extrapolated from its mean cost per call beyond that.
Each row starts with the oracle's caches cleared, so rows are comparable; the graph is built once.

Run: .venv/bin/python bench/bench_chokepoints_real.py [--grid-deg 1.5] [--detour 1.5]
"""

from __future__ import annotations

import argparse
import itertools
import math
import time
from datetime import date

from overflight.geo import load_airspace
from overflight.interdiction import (
    AirspaceRouteOracle,
    CorridorSettings,
    Stance,
    aircraft_performance,
    default_stance_table,
    find_chokepoints,
)
from overflight.interdiction.oracle import CachedRouteOracle

DAY = date(2026, 11, 29)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--grid-deg", type=float, default=1.5)
    parser.add_argument("--detour", type=float, default=1.5)
    args = parser.parse_args()
    load_airspace()
    range_km = aircraft_performance("IL76").loaded_range_km()
    settings = CorridorSettings(grid_deg=args.grid_deg, detour=args.detour)
    started = time.perf_counter()
    oracle = AirspaceRouteOracle("ZKPY", "OSDI", range_km, settings=settings)
    build_s = time.perf_counter() - started
    g = oracle.graph
    print(
        f"graph: {g.node_count:,} nodes, {len(g.edge_km):,} edges, {oracle.stop_count} stops, "
        f"{len(g.states)} states; built in {build_s:.1f} s (grid {args.grid_deg}°, "
        f"detour {args.detour})"
    )
    stances = default_stance_table().as_of(DAY)
    ends = oracle.departure_states | oracle.destination_states
    candidates = sorted(
        s
        for s in g.states
        if s not in ends and stances.stance(s) in (Stance.COOPERATING, Stance.UNKNOWN)
    )
    print(f"candidate states in the corridor: {len(candidates)}")

    # Brute force's cost per call, measured on the subsets of size <= 2 (fresh oracle cache).
    brute_calls = 0
    oracle.clear_caches()
    started = time.perf_counter()
    for size in (0, 1, 2):
        for subset in itertools.combinations(candidates, size):
            oracle.find_route(frozenset(subset))
            brute_calls += 1
    per_call = (time.perf_counter() - started) / brute_calls
    print(f"brute force: {brute_calls:,} calls in {per_call * brute_calls:.1f} s "
          f"({per_call * 1000:.1f} ms per call)")  # fmt: skip

    print()
    print("| K | sets | ours s | oracle calls | brute calls | brute s | ratio |")
    print("| ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for k in (1, 2, 3, 4):
        oracle.clear_caches()
        started = time.perf_counter()
        analysis = find_chokepoints(
            CachedRouteOracle(oracle),
            stances,
            departure_state="KP",
            destination_state="SY",
            max_size=k,
        )
        ours = time.perf_counter() - started
        subsets = sum(math.comb(len(candidates), i) for i in range(k + 1))
        brute = subsets * per_call
        mark = "" if k <= 2 else "~"
        print(
            f"| {k} | {len(analysis.answers)} | {ours:.2f} | {analysis.oracle_calls} | "
            f"{subsets:,} | {mark}{brute:,.1f} | {brute / ours:,.0f}x |"
        )
    print()
    for answer in analysis.answers:
        print("  ", ", ".join(answer.states))


if __name__ == "__main__":
    main()
