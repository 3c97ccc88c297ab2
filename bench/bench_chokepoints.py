"""Chokepoint search against brute force over all subsets, on seeded random graph worlds.

Run: .venv/bin/python bench/bench_chokepoints.py [--quick]

Each world has N states, one aerodrome each, scattered over a 2,000 x 800 km box between a
departure at the west end and a destination at the east end; aerodromes closer than a radius
are joined, and the aircraft flies at most 450 km between stops. Brute force asks the oracle
about every subset of at most K candidate states and keeps the minimal blocking ones; past a
cap of oracle calls its time is extrapolated from the calls it made (marked "~").
"""

from __future__ import annotations

import itertools
import math
import random
import sys
import time

from overflight.interdiction.chokepoints import find_blocking_sets
from overflight.interdiction.graph_world import GraphRouteOracle, GraphWorld, WorldEdge, WorldNode

BRUTE_CALL_CAP = 4_000
WIDTH_KM, HEIGHT_KM, RANGE_KM = 2_000.0, 800.0, 450.0


def make_world(state_count: int, seed: int) -> GraphRouteOracle:
    """A seeded random geometric world with ``state_count`` candidate states."""
    rng = random.Random(seed)
    points = {"DEP": (0.0, HEIGHT_KM / 2), "DST": (WIDTH_KM, HEIGHT_KM / 2)}
    nodes = [WorldNode("DEP", "D0"), WorldNode("DST", "T0")]
    for index in range(state_count):
        name = f"S{index:02d}"
        points[name] = (rng.uniform(0, WIDTH_KM), rng.uniform(0, HEIGHT_KM))
        nodes.append(WorldNode(name, name))
    # Denser worlds get a shorter radius so the typical cut stays a few states wide.
    radius_km = 260.0 * math.sqrt(30 / max(state_count, 10)) + 120.0
    edges = []
    for a, b in itertools.combinations(points, 2):
        distance_km = math.dist(points[a], points[b])
        if distance_km <= radius_km:
            edges.append(WorldEdge(a, b, round(distance_km, 1)))
    return GraphRouteOracle(GraphWorld(nodes, edges), "DEP", "DST", RANGE_KM)


def feasible_worlds(state_count: int, count: int) -> list[GraphRouteOracle]:
    """The first ``count`` seeded worlds in which the flight is possible at all."""
    worlds: list[GraphRouteOracle] = []
    for seed in itertools.count(1):
        oracle = make_world(state_count, seed)
        if oracle.find_route(frozenset()) is not None:
            worlds.append(oracle)
        if len(worlds) == count:
            return worlds
    return worlds


def is_candidate(state: str) -> bool:
    return state not in {"D0", "T0"}


def brute_force(
    oracle: GraphRouteOracle, max_size: int
) -> tuple[set[frozenset[str]], float, int, bool]:
    """Minimal blocking sets by asking about every subset; (sets, seconds, calls, complete)."""
    candidates = sorted(state for state in oracle.world.states if is_candidate(state))
    total = sum(math.comb(len(candidates), size) for size in range(max_size + 1))
    blocking: set[frozenset[str]] = set()
    calls = 0
    start = time.perf_counter()
    for size in range(max_size + 1):
        for subset in itertools.combinations(candidates, size):
            if calls >= BRUTE_CALL_CAP:
                elapsed = time.perf_counter() - start
                return set(), elapsed * total / calls, total, False
            calls += 1
            if oracle.find_route(frozenset(subset)) is None:
                blocking.add(frozenset(subset))
    elapsed = time.perf_counter() - start
    minimal = {found for found in blocking if not any(other < found for other in blocking)}
    return minimal, elapsed, calls, True


def main() -> None:
    quick = "--quick" in sys.argv
    sizes = (10, 20) if quick else (10, 20, 30, 40, 60)
    max_sizes = (1, 2, 3) if quick else (1, 2, 3, 4, 5)
    world_count = 2 if quick else 3
    print(
        f"{'states':>6} {'K':>2} {'sets':>5} {'ours s':>8} {'calls':>6} "
        f"{'brute s':>10} {'brute calls':>11} {'ratio':>8}  check"
    )
    for state_count in sizes:
        for max_size in max_sizes:
            ours_s = brute_s = 0.0
            ours_calls = brute_calls = found = 0
            complete = True
            for seed, world_oracle in enumerate(feasible_worlds(state_count, world_count)):
                start = time.perf_counter()
                search = find_blocking_sets(world_oracle, is_candidate, max_size=max_size)
                ours_s += time.perf_counter() - start
                ours_calls += search.oracle_calls
                found += len(search.sets)
                minimal, seconds, calls, done = brute_force(world_oracle, max_size)
                brute_s += seconds
                brute_calls += calls
                if done:
                    ours = {frozenset(blocking.states) for blocking in search.sets}
                    if ours != minimal:
                        raise SystemExit(f"mismatch: N={state_count} K={max_size} seed={seed}")
                complete = complete and done
            mark = " " if complete else "~"
            print(
                f"{state_count:>6} {max_size:>2} {found:>5} {ours_s:>8.3f} {ours_calls:>6} "
                f"{mark}{brute_s:>9.2f} {brute_calls:>11,} {brute_s / ours_s:>7.0f}x  "
                f"{'same sets' if complete else 'extrapolated'}"
            )


if __name__ == "__main__":
    main()
