"""The edge index stored in the packaged airspace file equals the one rebuilt from its regions,
and a file without one (or built for another grid) is indexed at load instead."""

import numpy as np
import pytest

from overflight.geo import find_transits, load_airspace, plan_route
from overflight.geo.airspace import CELL_DEG, Airspace, airspace_from_arrays, encode_edge_index
from overflight.model.geo import GeoPoint, RoutePoint

INDEX_ARRAYS = ("edge_skips", "cell_edge_counts", "cell_edge_deltas", "index_cell_deg")


@pytest.fixture(scope="module")
def rebuilt(arrays) -> Airspace:
    return airspace_from_arrays(arrays, rebuild_index=True)


def _same_index(a: Airspace, b: Airspace) -> bool:
    return all(
        np.array_equal(getattr(a, name), getattr(b, name))
        and getattr(a, name).dtype == getattr(b, name).dtype
        for name in ("edges", "edge_region", "cell_start", "cell_edges")
    )


def test_the_packaged_file_carries_an_index_for_todays_grid(arrays):
    assert set(INDEX_ARRAYS) <= set(arrays)
    assert float(arrays["index_cell_deg"]) == CELL_DEG


def test_the_loaded_index_equals_the_one_rebuilt_from_the_regions(rebuilt):
    loaded = load_airspace()
    assert _same_index(loaded, rebuilt)
    assert loaded.codes == rebuilt.codes
    assert np.array_equal(loaded.is_sea, rebuilt.is_sea)


def test_the_stored_index_is_what_the_build_script_would_store_today(arrays):
    # A stale index (the code that builds it changed, the file was not re-indexed) fails here:
    # run ``scripts/build_airspace.py --index-only``.
    regions = {name: arrays[name] for name in arrays if name not in INDEX_ARRAYS}
    fresh = encode_edge_index(regions)
    for name in INDEX_ARRAYS:
        assert np.array_equal(fresh[name], arrays[name]), name
        assert fresh[name].dtype == arrays[name].dtype, name


def test_a_file_without_an_index_is_indexed_at_load(arrays, rebuilt):
    regions = {name: arrays[name] for name in arrays if name not in INDEX_ARRAYS}
    assert _same_index(airspace_from_arrays(regions), rebuilt)


def test_an_index_for_another_grid_is_not_trusted(arrays, rebuilt):
    other = {**arrays, "index_cell_deg": np.array(CELL_DEG * 2)}
    other["cell_edge_counts"] = np.zeros_like(arrays["cell_edge_counts"])  # would be wrong
    assert _same_index(airspace_from_arrays(other), rebuilt)


def test_transits_through_the_loaded_and_rebuilt_index_are_identical(rebuilt):
    points = [(39.22, 125.67), (33.41, 36.52), (64.73, 177.51), (51.88, -176.65), (1.29, 103.85)]
    route = plan_route([RoutePoint(f"P{i}", GeoPoint(*p)) for i, p in enumerate(points)])
    assert find_transits(route, load_airspace()) == find_transits(route, rebuilt)
