"""Does scipy earn its place? Its two jobs, timed on the real chokepoints graph, against the
lightest alternatives: ZKPY-OSDI with an Il-76 (what ``overflight chokepoints ZKPY OSDI
--aircraft IL76`` and the seed's oracle tests build).

1. The range-limited Dijkstra from every stop (the oracle's inner loop): scipy's
   ``csgraph.dijkstra`` against the same search in plain Python (``heapq`` over the CSR arrays);
   answers checked equal.
   Then the whole command, once with each search, its output checked identical.
2. The neighbour pairs of the graph's aerodromes (``sky_graph._near_pairs``): scipy's ``cKDTree``
   against numpy (one dot product per aerodrome and node, in blocks); pairs checked equal.

Run: .venv/bin/python bench/bench_graph_search.py
"""

from __future__ import annotations

import heapq
import math
import time

import numpy as np
from numpy.typing import NDArray
from scipy.sparse import csr_array
from scipy.sparse.csgraph import dijkstra
from typer.testing import CliRunner

from overflight.cli import app
from overflight.interdiction import AirspaceRouteOracle, aircraft_performance, airspace_oracle
from overflight.interdiction.sky_graph import _EARTH_KM, _near_pairs


def python_dijkstra(
    starts: list[int], targets: list[int], weights: list[float], source: int, limit: float
) -> tuple[list[float], list[int]]:
    """Distances from ``source`` (``inf`` past ``limit``) and predecessors (``-9999``: none).

    The textbook search with a heap over the CSR arrays.
    """
    best = [math.inf] * (len(starts) - 1)
    previous = [-9999] * len(best)
    best[source] = 0.0
    queue = [(0.0, source)]
    while queue:
        km, node = heapq.heappop(queue)
        if km > best[node]:
            continue
        for slot in range(starts[node], starts[node + 1]):
            reach = km + weights[slot]
            nxt = targets[slot]
            if reach < best[nxt] and reach <= limit:
                best[nxt], previous[nxt] = reach, node
                heapq.heappush(queue, (reach, nxt))
    return best, previous


def python_dijkstra_like_scipy(
    graph: csr_array, indices: int, limit: float = math.inf, return_predecessors: bool = False
) -> object:
    """``python_dijkstra`` in ``csgraph.dijkstra``'s clothes (the oracle's calls only)."""
    starts, targets, weights = graph.indptr.tolist(), graph.indices.tolist(), graph.data.tolist()
    best, previous = python_dijkstra(starts, targets, weights, indices, limit)
    if return_predecessors:
        return np.asarray(best), np.asarray(previous)
    return np.asarray(best)


def timed_command(args: list[str]) -> tuple[float, str]:
    """Seconds and output of one CLI command, in this process (the graph cache is warm)."""
    started = time.perf_counter()
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    return time.perf_counter() - started, result.output


def numpy_pairs(
    lon: NDArray[np.float64], lat: NDArray[np.float64], aerodromes: int, link_km: float
) -> set[tuple[int, int]]:
    """``_near_pairs`` without a tree: every aerodrome against every node, by the chord."""
    phi, lam = np.radians(lat), np.radians(lon)
    xyz = np.column_stack([np.cos(phi) * np.cos(lam), np.cos(phi) * np.sin(lam), np.sin(phi)])
    chord = 2 * math.sin(min(link_km * 1.01 / _EARTH_KM / 2, math.pi / 2))
    found: set[tuple[int, int]] = set()
    for start in range(0, aerodromes, 256):
        block = xyz[start : min(start + 256, aerodromes)]
        near = np.linalg.norm(block[:, None, :] - xyz[None, :, :], axis=2) <= chord
        for i, j in zip(*np.nonzero(near), strict=True):
            a, b = start + int(i), int(j)
            found.add((min(a, b), max(a, b)))
    return found


def main() -> None:
    range_km = aircraft_performance("IL76").loaded_range_km()
    oracle = AirspaceRouteOracle("ZKPY", "OSDI", range_km)
    g = oracle.graph
    stops = len(g.aerodromes)
    print(f"graph: {g.node_count:,} nodes, {len(g.edge_km):,} edges, {stops} stops")

    graph = oracle._masked(frozenset())
    started = time.perf_counter()
    ours = [dijkstra(graph, indices=s, limit=range_km) for s in range(stops)]
    scipy_s = time.perf_counter() - started
    weights = graph.data.tolist()
    started = time.perf_counter()
    plain = [
        python_dijkstra(graph.indptr.tolist(), graph.indices.tolist(), weights, s, range_km)[0]
        for s in range(stops)
    ]
    python_s = time.perf_counter() - started
    for a, b in zip(ours, plain, strict=True):
        assert np.array_equal(a, np.asarray(b)), "the two searches disagree"
    print(
        f"Dijkstra from each of {stops} stops: scipy {scipy_s * 1000 / stops:.2f} ms, "
        f"plain Python {python_s * 1000 / stops:.2f} ms per search "
        f"({python_s / scipy_s:.0f}x slower)"
    )

    command = ["chokepoints", "ZKPY", "OSDI", "--aircraft", "IL76"]
    timed_command(command)  # the first run loads the airspace and reads the graph from the cache
    scipy_s, scipy_out = timed_command(command)
    airspace_oracle.dijkstra = python_dijkstra_like_scipy  # type: ignore[assignment]
    python_s, python_out = timed_command(command)
    airspace_oracle.dijkstra = dijkstra
    print(
        f"overflight {' '.join(command)}: scipy {scipy_s:.1f} s, plain Python {python_s:.1f} s "
        f"(same output: {scipy_out == python_out})"
    )

    lon = np.array([p.lon for p in g.positions])
    lat = np.array([p.lat for p in g.positions])
    link_km = 1.6 * 1.5 * 111.2  # sky_graph: 1.6 grid steps at the default 1.5°
    started = time.perf_counter()
    tree = _near_pairs(lon, lat, stops, link_km)
    tree_s = time.perf_counter() - started
    started = time.perf_counter()
    brute = numpy_pairs(lon, lat, stops, link_km)
    numpy_s = time.perf_counter() - started
    print(
        f"aerodrome neighbour pairs ({len(tree):,}, same: {tree == brute}): "
        f"cKDTree {tree_s * 1000:.1f} ms, numpy {numpy_s * 1000:.1f} ms"
    )


if __name__ == "__main__":
    main()
