"""Route option paths drawn as geodesic lines, split at the antimeridian."""

from __future__ import annotations

import pytest

from overflight.errors import InputError
from overflight.geo.geojson import path_geometry


def test_a_path_follows_the_geodesic_not_the_chord():
    # Pyongyang to Damascus: the great circle bows north of the straight lon/lat chord.
    geometry = path_geometry([[125.67, 39.22], [36.52, 33.41]])
    (line,) = geometry["coordinates"]
    assert geometry["type"] == "MultiLineString"
    assert line[0] == pytest.approx([125.67, 39.22])
    assert line[-1] == pytest.approx([36.52, 33.41])
    assert len(line) > 100  # sampled every 20 km over ~7,000 km
    assert max(lat for _, lat in line) > 45


def test_a_path_across_the_antimeridian_is_cut_there():
    # Anchorage to Petropavlovsk-Kamchatsky crosses 180°.
    geometry = path_geometry([[-149.99, 61.17], [158.45, 53.17]])
    first, second = geometry["coordinates"]
    assert first[-1][0] == -180.0
    assert second[0][0] == 180.0
    assert first[-1][1] == pytest.approx(second[0][1])


def test_a_path_needs_two_points():
    with pytest.raises(InputError, match="two points"):
        path_geometry([[0.0, 0.0]])
