"""A :class:`SkyGraph` as a file of plain arrays, and back, checked before it is trusted.

The file is an ``.npz`` of numbers and strings only (no pickled objects: ``allow_pickle`` stays
off), with the text of the key it was built for. Reading checks every array's presence, kind
and shape, that every node, state and offset it names exists, and that the key matches; a file
failing any check is refused with :class:`GraphFileError`, never half-used.
"""

from __future__ import annotations

import zipfile
import zlib
from collections.abc import Sequence
from itertools import pairwise
from pathlib import Path
from typing import IO, Any

import numpy as np
from numpy.typing import NDArray

from overflight.errors import OverflightError
from overflight.interdiction.sky_graph import Corridor, SkyGraph
from overflight.model import Aerodrome, GeoPoint

__all__ = ["GraphFileError", "read_sky_graph", "write_sky_graph"]

_AERODROME_TEXT = ("icao", "iata", "name", "city", "country")


class GraphFileError(OverflightError):
    """A route-graph file is unreadable, incomplete, inconsistent or for other inputs."""


def write_sky_graph(sink: IO[bytes], graph: SkyGraph, key: str) -> None:
    """Write ``graph`` and the ``key`` it was built for to an open binary file (compressed)."""
    aerodromes = graph.aerodromes
    c = graph.corridor
    node_codes = [sorted(states) for states in graph.node_states]
    arrays: dict[str, NDArray[Any]] = {
        "key": np.array(key),
        "positions": np.array([(p.lat, p.lon) for p in graph.positions], dtype=np.float64),
        "aerodrome_lat_lon_ft": np.array(
            [(a.position.lat, a.position.lon, a.elevation_ft) for a in aerodromes],
            dtype=np.float64,
        ).reshape(-1, 3),
        "edge_a": graph.edge_a,
        "edge_b": graph.edge_b,
        "edge_km": graph.edge_km,
        "edge_state_offsets": _offsets(graph.edge_states),
        "edge_state_ids": np.array([s for ids in graph.edge_states for s in ids], dtype=np.int32),
        "states": np.array(graph.states, dtype=np.str_),
        "node_state_offsets": _offsets(node_codes),
        "node_state_codes": np.array([s for codes in node_codes for s in codes], dtype=np.str_),
        "corridor": np.array(
            [
                c.departure.lat,
                c.departure.lon,
                c.destination.lat,
                c.destination.lon,
                c.direct_km,
                c.limit_km,
                graph.grid_deg,
            ],
            dtype=np.float64,
        ),
    }
    for field in _AERODROME_TEXT:
        arrays[f"aerodrome_{field}"] = np.array(
            [getattr(a, field) for a in aerodromes], dtype=np.str_
        )
    np.savez_compressed(sink, allow_pickle=False, **arrays)


def read_sky_graph(path: Path, key: str) -> SkyGraph:
    """The graph in the file at ``path``, if it was built for ``key`` and passes every check.

    Raises:
        GraphFileError: the file cannot be read, lacks an array, names a node, state or offset
            that does not exist, or was built for another key (the message says which).
    """
    try:
        with path.open("rb") as handle, np.load(handle, allow_pickle=False) as npz:
            arrays = {name: npz[name] for name in npz.files}
    except (OSError, ValueError, EOFError, KeyError, zipfile.BadZipFile, zlib.error) as err:
        raise GraphFileError(
            f"{path}: cannot be read as a route graph ({type(err).__name__}: {err})"
        ) from err
    return _graph(arrays, key, path)


def _graph(arrays: dict[str, NDArray[Any]], key: str, path: Path) -> SkyGraph:
    def need(name: str, kind: str, ndim: int) -> NDArray[Any]:
        value = arrays.get(name)
        if value is None or value.dtype.kind not in kind or value.ndim != ndim:
            raise GraphFileError(f"{path}: array {name!r} is missing or of the wrong form")
        return value

    if str(need("key", "U", 0)) != key:
        raise GraphFileError(f"{path}: built for other inputs")
    positions = need("positions", "f", 2)
    n = len(positions)
    texts = {field: need(f"aerodrome_{field}", "U", 1) for field in _AERODROME_TEXT}
    numbers = need("aerodrome_lat_lon_ft", "f", 2)
    count = len(numbers)
    edge_a, edge_b = need("edge_a", "i", 1), need("edge_b", "i", 1)
    edge_km = need("edge_km", "f", 1)
    states = need("states", "U", 1)
    edge_offsets, edge_ids = need("edge_state_offsets", "i", 1), need("edge_state_ids", "i", 1)
    node_offsets = need("node_state_offsets", "i", 1)
    node_codes = need("node_state_codes", "U", 1)
    corridor = need("corridor", "f", 1)
    checks = {
        "positions are not (lat, lon) pairs": positions.shape[1:] != (2,),
        "aerodrome columns differ in length": any(len(t) != count for t in texts.values())
        or numbers.shape[1:] != (3,),
        "more aerodromes than nodes": count > n,
        "edge columns differ in length": not len(edge_a) == len(edge_b) == len(edge_km),
        "an edge names a node that does not exist": len(edge_a) > 0
        and (min(edge_a.min(), edge_b.min()) < 0 or max(edge_a.max(), edge_b.max()) >= n),
        "an edge length is not a positive number": not bool(np.all(edge_km > 0)),
        "edge state offsets do not cover the ids": not _covers(edge_offsets, len(edge_a), edge_ids),
        "an edge names a state that does not exist": len(edge_ids) > 0
        and (edge_ids.min() < 0 or edge_ids.max() >= len(states)),
        "node state offsets do not cover the codes": not _covers(node_offsets, n, node_codes),
        "the corridor is not seven numbers": corridor.shape != (7,),
    }
    wrong = [what for what, failed in checks.items() if failed]
    if wrong:
        raise GraphFileError(f"{path}: {'; '.join(wrong)}")
    edge_states = _split(edge_ids.tolist(), edge_offsets.tolist())
    members: list[list[int]] = [[] for _ in states]
    for k, ids in enumerate(edge_states):
        for s in ids:
            members[s].append(k)
    lat_lon = positions.tolist()
    dep_lat, dep_lon, dest_lat, dest_lon, direct_km, limit_km, grid_deg = corridor.tolist()
    return SkyGraph(
        positions=tuple(GeoPoint(lat, lon) for lat, lon in lat_lon),
        aerodromes=tuple(
            Aerodrome(icao, iata, name, city, country, GeoPoint(lat, lon), elevation_ft)
            for icao, iata, name, city, country, (lat, lon, elevation_ft) in zip(
                *(texts[field].tolist() for field in _AERODROME_TEXT),
                numbers.tolist(),
                strict=True,
            )
        ),
        edge_a=edge_a.astype(np.int32),
        edge_b=edge_b.astype(np.int32),
        edge_km=edge_km.astype(np.float64),
        edge_states=tuple(tuple(ids) for ids in edge_states),
        states=tuple(states.tolist()),
        state_edges=tuple(np.array(m, dtype=np.int64) for m in members),
        node_states=tuple(
            frozenset(codes) for codes in _split(node_codes.tolist(), node_offsets.tolist())
        ),
        corridor=Corridor(
            GeoPoint(dep_lat, dep_lon), GeoPoint(dest_lat, dest_lon), direct_km, limit_km
        ),
        grid_deg=grid_deg,
    )


def _offsets(groups: Sequence[Sequence[Any]]) -> NDArray[np.int64]:
    return np.concatenate([[0], np.cumsum([len(g) for g in groups], dtype=np.int64)])


def _covers(offsets: NDArray[Any], groups: int, items: NDArray[Any]) -> bool:
    """Whether ``offsets`` cut ``items`` into exactly ``groups`` runs, in order."""
    return (
        len(offsets) == groups + 1
        and int(offsets[0]) == 0
        and int(offsets[-1]) == len(items)
        and bool(np.all(np.diff(offsets) >= 0))
    )


def _split(items: list[Any], offsets: list[int]) -> list[list[Any]]:
    return [items[a:b] for a, b in pairwise(offsets)]
