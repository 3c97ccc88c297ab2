"""Route graphs kept on disk: read back equal to what was built, keyed by every input, refused
and rebuilt when damaged, stale or for other inputs, and still cancellable."""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import pytest

from overflight.interdiction import AirspaceRouteOracle, CorridorSettings
from overflight.interdiction.cancellation import AnalysisCancelledError
from overflight.interdiction.graph_cache import (
    CACHE_ENV,
    MAX_KEPT,
    GraphCache,
    cache_folder,
    default_graph_cache,
)
from overflight.interdiction.sky_graph import SkyGraph
from overflight.interdiction.sky_graph_file import GraphFileError, read_sky_graph, write_sky_graph

# Baku to Aktau across the Caspian: a small graph (about 100 nodes, 700 edges), built in < 1 s.
FLIGHT = ("UBBB", "UTAK", 5_000.0)
SETTINGS = CorridorSettings(grid_deg=1.0)


def _oracle(cache: GraphCache | None, **changes: object) -> AirspaceRouteOracle:
    departure, destination, range_km = FLIGHT
    options: dict[str, object] = {"settings": SETTINGS, "graph_cache": cache, **changes}
    return AirspaceRouteOracle(departure, destination, range_km, **options)


def _same_graph(a: SkyGraph, b: SkyGraph) -> bool:
    return (
        a.positions == b.positions
        and a.aerodromes == b.aerodromes
        and all(np.array_equal(x, y) and x.dtype == y.dtype
                for x, y in ((a.edge_a, b.edge_a), (a.edge_b, b.edge_b), (a.edge_km, b.edge_km)))
        and a.edge_states == b.edge_states
        and a.states == b.states
        and len(a.state_edges) == len(b.state_edges)
        and all(np.array_equal(x, y) for x, y in zip(a.state_edges, b.state_edges, strict=True))
        and a.node_states == b.node_states
        and a.corridor == b.corridor
        and a.grid_deg == b.grid_deg
    )  # fmt: skip


@pytest.fixture(scope="module")
def built() -> AirspaceRouteOracle:
    return _oracle(None)


@pytest.fixture
def cache(tmp_path: Path) -> GraphCache:
    return GraphCache(tmp_path / "graphs")


def _kept_files(cache: GraphCache) -> list[Path]:
    return sorted(cache.folder.glob("sky-graph-*.npz")) if cache.folder.exists() else []


def _asks(limit: int | None = None) -> tuple[list[int], object]:
    asked: list[int] = []

    def is_cancelled() -> bool:
        asked.append(1)
        return limit is not None and len(asked) >= limit

    return asked, is_cancelled


def test_a_graph_read_back_equals_the_graph_built(built, tmp_path):
    path = tmp_path / "graph.npz"
    with path.open("wb") as sink:
        write_sky_graph(sink, built.graph, "the key")
    assert _same_graph(read_sky_graph(path, "the key"), built.graph)


def test_the_second_oracle_reads_the_kept_graph_and_answers_alike(built, cache):
    first = _oracle(cache)
    assert _same_graph(first.graph, built.graph)
    assert len(_kept_files(cache)) == 1
    asked, is_cancelled = _asks()
    second = _oracle(cache, is_cancelled=is_cancelled)
    assert len(asked) == 1  # asked once before reading; a build asks once per batch and after
    assert _same_graph(second.graph, built.graph)
    for denied in (frozenset(), frozenset({"KZ"}), frozenset({"TM", "KZ"}), frozenset({"RU"})):
        assert second.find_route(denied) == built.find_route(denied)


def test_a_cancelled_analysis_stops_before_reading_a_kept_graph(cache):
    _oracle(cache)
    asked, is_cancelled = _asks(limit=1)
    with pytest.raises(AnalysisCancelledError, match="building the route graph"):
        _oracle(cache, is_cancelled=is_cancelled)
    assert len(asked) == 1


def test_the_kept_graph_still_stops_a_cancelled_search(cache):
    _oracle(cache)
    _, is_cancelled = _asks(limit=2)  # the read goes ahead, the first search does not
    oracle = _oracle(cache, is_cancelled=is_cancelled)
    with pytest.raises(AnalysisCancelledError, match="searching for routes"):
        oracle.find_route(frozenset({"KZ"}))


def test_a_cancelled_build_keeps_nothing(cache):
    _, is_cancelled = _asks(limit=2)
    with pytest.raises(AnalysisCancelledError, match="building the route graph"):
        _oracle(cache, is_cancelled=is_cancelled)
    assert _kept_files(cache) == []
    assert not cache.folder.exists() or not list(cache.folder.glob(".part-*"))


@pytest.mark.parametrize(
    "changes",
    [
        {"settings": CorridorSettings(grid_deg=1.5)},
        {"settings": CorridorSettings(grid_deg=1.0, min_slack_km=600.0)},
        {"stops": ["UGTB", "UBBG"]},
    ],
)
def test_other_inputs_make_another_graph(built, cache, changes):
    _oracle(cache)
    other = _oracle(cache, **changes)
    assert len(_kept_files(cache)) == 2
    assert not _same_graph(other.graph, built.graph)


def test_another_range_is_another_graph(cache):
    _oracle(cache)
    AirspaceRouteOracle("UBBB", "UTAK", 4_000.0, settings=SETTINGS, graph_cache=cache)
    assert len(_kept_files(cache)) == 2


def test_an_oracle_with_its_own_airspace_keeps_nothing(cache):
    from overflight.geo import load_airspace

    _oracle(cache, airspace=load_airspace())
    assert _kept_files(cache) == []


@pytest.mark.parametrize(
    "damage",
    [
        lambda path: path.write_bytes(b"not a zip file at all"),
        lambda path: path.write_bytes(path.read_bytes()[: path.stat().st_size // 2]),
        lambda path: path.write_bytes(b""),
    ],
    ids=["garbage", "truncated", "empty"],
)
def test_a_damaged_file_is_rebuilt_and_replaced(built, cache, damage, caplog):
    _oracle(cache)
    (path,) = _kept_files(cache)
    damage(path)
    again = _oracle(cache)
    assert _same_graph(again.graph, built.graph)
    assert "rebuilding" in caplog.text
    assert _same_graph(read_sky_graph(path, _key_of(cache, path)), built.graph)


def _key_of(cache: GraphCache, path: Path) -> str:
    with np.load(path) as npz:
        key = str(npz["key"])
    assert cache.path_for(key) == path
    return key


def test_a_file_for_other_inputs_is_refused_and_rebuilt(built, cache, caplog):
    other = _oracle(cache, settings=CorridorSettings(grid_deg=1.5))
    (theirs,) = _kept_files(cache)
    _oracle(cache)
    (mine,) = [p for p in _kept_files(cache) if p != theirs]
    mine.write_bytes(theirs.read_bytes())  # a copied file, or a collision of names
    again = _oracle(cache)
    assert "built for other inputs" in caplog.text
    assert _same_graph(again.graph, built.graph)
    assert not _same_graph(again.graph, other.graph)


def test_inconsistent_arrays_are_refused(built, tmp_path):
    path = tmp_path / "graph.npz"
    with path.open("wb") as sink:
        write_sky_graph(sink, built.graph, "k")
    with np.load(path) as npz:
        arrays = {name: npz[name] for name in npz.files}
    broken = {**arrays, "edge_b": arrays["edge_b"] + len(arrays["positions"])}
    np.savez(path, **broken)
    with pytest.raises(GraphFileError, match="names a node that does not exist"):
        read_sky_graph(path, "k")
    missing = {name: a for name, a in arrays.items() if name != "states"}
    np.savez(path, **missing)
    with pytest.raises(GraphFileError, match="'states' is missing"):
        read_sky_graph(path, "k")
    with pytest.raises(GraphFileError, match="cannot be read"):
        read_sky_graph(tmp_path / "absent.npz", "k")


def test_a_cache_that_cannot_be_written_does_not_stop_the_analysis(built, tmp_path):
    blocked = tmp_path / "a file, not a folder"
    blocked.write_text("")
    oracle = _oracle(GraphCache(blocked / "graphs"))
    assert _same_graph(oracle.graph, built.graph)


def test_only_the_most_recently_used_graphs_are_kept(built, cache):
    for n in range(MAX_KEPT + 3):
        cache.save(f"key {n}", built.graph)
    kept = _kept_files(cache)
    assert len(kept) == MAX_KEPT
    assert cache.path_for("key 0") not in kept
    assert cache.path_for(f"key {MAX_KEPT + 2}") in kept
    assert not list(cache.folder.glob(".part-*"))


def test_the_cache_folder_follows_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(CACHE_ENV, str(tmp_path / "mine"))
    assert cache_folder() == tmp_path / "mine"
    assert default_graph_cache().folder == tmp_path / "mine" / "graphs"
    monkeypatch.delenv(CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache_folder() == tmp_path / "xdg" / "overflight"
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert cache_folder() == tmp_path / "home" / ".cache" / "overflight"
    assert os.environ["HOME"] == str(tmp_path / "home")
