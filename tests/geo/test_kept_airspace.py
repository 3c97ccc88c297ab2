"""The packaged airspace kept as memory-mapped ``.npy`` files reads back equal to the file's,
and a kept folder that is missing or damaged is rebuilt rather than used."""

from pathlib import Path

import numpy as np
import pytest
import shapely

from overflight.geo import find_transits, plan_route
from overflight.geo.airspace import (
    Airspace,
    airspace_from_arrays,
    keep_airspace,
    load_airspace,
    read_kept_airspace,
)
from overflight.model.geo import GeoPoint, RoutePoint

ARRAYS = ("is_sea", "edges", "edge_region", "cell_start", "cell_edges")


@pytest.fixture(scope="module")
def built(arrays) -> Airspace:
    return airspace_from_arrays(arrays)


@pytest.fixture(scope="module")
def kept(arrays, built, tmp_path_factory) -> Airspace:
    folder = tmp_path_factory.mktemp("kept") / "airspace"
    keep_airspace(built, arrays, folder)
    found = read_kept_airspace(folder)
    assert found is not None
    return found


def test_kept_arrays_are_memory_mapped_and_equal_the_files(built, kept):
    assert not kept.edges.flags.owndata  # mapped from the file, not read into memory
    assert not kept.edges.flags.writeable
    for name in ARRAYS:
        assert np.array_equal(getattr(kept, name), getattr(built, name)), name
        assert getattr(kept, name).dtype == getattr(built, name).dtype, name
    assert kept.codes == built.codes
    assert kept.source == built.source
    assert all(shapely.equals_exact(kept.regions, built.regions, tolerance=0))


def test_kept_airspace_gives_the_same_transits(built, kept):
    route = plan_route(
        [RoutePoint("FNJ", GeoPoint(39.2, 125.7)), RoutePoint("BGW", GeoPoint(33.3, 44.2))]
    )
    assert find_transits(route, kept) == find_transits(route, built)


def test_a_missing_or_damaged_folder_is_not_used(arrays, built, tmp_path: Path):
    assert read_kept_airspace(tmp_path / "none") is None
    folder = tmp_path / "airspace"
    keep_airspace(built, arrays, folder)
    (folder / "edges.npy").write_bytes(b"not an array")
    assert read_kept_airspace(folder) is None


def test_the_packaged_airspace_is_kept_in_the_cache_folder(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("OVERFLIGHT_CACHE_DIR", str(tmp_path))
    load_airspace.cache_clear()
    try:
        load_airspace()
        (folder,) = (tmp_path / "airspace").iterdir()
        assert read_kept_airspace(folder) is not None
        load_airspace.cache_clear()
        assert not load_airspace().edges.flags.writeable
    finally:
        load_airspace.cache_clear()


def test_keeping_a_version_removes_the_other_versions_and_nothing_else(monkeypatch, tmp_path: Path):
    monkeypatch.setenv("OVERFLIGHT_CACHE_DIR", str(tmp_path))
    cache = tmp_path / "airspace"
    old = cache / f"{'0' * 32}-0.25-1"  # another airspace file's version, as the cache names it
    old.mkdir(parents=True)
    (old / "edges.npy").write_bytes(b"old")
    mine = cache / "notes"  # a folder the cache did not make
    mine.mkdir()
    (cache / f"{'1' * 32}-0.25-1").write_text("a file, not a version folder")
    (cache / f"{'2' * 32}-0.25-1").symlink_to(mine)
    others = {"notes", f"{'1' * 32}-0.25-1", f"{'2' * 32}-0.25-1"}
    load_airspace.cache_clear()
    try:
        load_airspace()
    finally:
        load_airspace.cache_clear()
    (new,) = {path.name for path in cache.iterdir()} - others  # the old version is gone
    assert new != old.name
    assert read_kept_airspace(cache / new) is not None
    assert all((cache / name).exists() for name in others)
