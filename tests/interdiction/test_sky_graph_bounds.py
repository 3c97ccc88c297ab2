"""The sky graph's waypoint grid: estimated before it is built, refused past the cap, banded."""

from __future__ import annotations

import numpy as np
import pytest

from overflight.errors import InputError
from overflight.interdiction.sky_graph import (
    MAX_WAYPOINTS,
    Corridor,
    _grid,
    check_waypoints,
    estimate_waypoints,
)
from overflight.model.geo import GeoPoint

FLIGHTS = [
    ((39.22, 125.67), (33.41, 36.52)),  # ZKPY-OSDI
    ((40.64, -73.78), (51.47, -0.45)),  # KJFK-EGLL
    ((64.0, -22.6), (61.17, -149.99)),  # BIKF-PANC, over the pole's side
    ((-33.95, 151.18), (51.47, -0.45)),  # YSSY-EGLL, nearly antipodal
    ((-17.5, 177.4), (21.3, -157.9)),  # NFFN-PHNL, across the antimeridian
]


def _corridor(a: tuple[float, float], b: tuple[float, float]) -> Corridor:
    return Corridor.around(GeoPoint(*a), GeoPoint(*b), 1.5, 800.0)


def _global_grid(corridor: Corridor, grid_deg: float) -> tuple[np.ndarray, np.ndarray]:
    columns = round(360 / grid_deg)
    lats = np.arange(-88.0, 88.0 + 1e-9, grid_deg)
    lon, lat = np.meshgrid(-180 + 360 / columns * np.arange(columns), lats)
    inside = corridor.contains(lon.ravel(), lat.ravel())
    return lon.ravel()[inside], lat.ravel()[inside]


@pytest.mark.parametrize(("a", "b"), FLIGHTS)
@pytest.mark.parametrize("grid_deg", [2.0, 1.5, 0.7])
def test_the_banded_grid_is_the_global_grid_and_the_estimate_is_close(a, b, grid_deg):
    corridor = _corridor(a, b)
    lon, lat, _, _ = _grid(corridor, grid_deg)
    want_lon, want_lat = _global_grid(corridor, grid_deg)
    assert np.array_equal(lon, want_lon)
    assert np.array_equal(lat, want_lat)
    assert estimate_waypoints(corridor, grid_deg) == pytest.approx(len(lon), rel=0.05, abs=20)


def test_a_spacing_past_the_cap_is_refused_with_the_estimate_and_one_that_fits():
    corridor = _corridor(*FLIGHTS[0])
    with pytest.raises(InputError) as refused:
        check_waypoints(corridor, 0.1)
    said = str(refused.value)
    estimate = int(said.split("about ", 1)[1].split(" ", 1)[0].replace(",", ""))
    assert estimate == pytest.approx(1_060_000, rel=0.01)  # 100× the 1° count
    assert "0.1° would put about" in said
    assert f"more than the {MAX_WAYPOINTS:,}" in said
    fits = float(said.rsplit("use ", 1)[1].split("°")[0])
    check_waypoints(corridor, fits)  # the spacing it names is taken
    check_waypoints(corridor, 1.5)
