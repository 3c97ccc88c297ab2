from pathlib import Path

import pytest

from overflight.geo.navdata import NavData, load_navdata, traffic_navdata_folder
from overflight.model.geo import GeoPoint

FIXTURE = Path(__file__).parent / "fixtures" / "navdata"


@pytest.fixture(scope="module")
def navdata() -> NavData:
    return load_navdata(FIXTURE)


def test_reads_fixes_and_en_route_navaids_but_not_landing_aids(navdata):
    assert [p.kind for p in navdata.points["TSK"]] == ["VOR"]
    assert [p.kind for p in navdata.points["NV"]] == ["NDB"]
    assert "ITS" not in navdata.points
    assert len(navdata.points["ALPHA"]) == 2


def test_a_repeated_name_resolves_to_the_place_nearest_the_route(navdata):
    near_tashkent = navdata.nearest("ALPHA", GeoPoint(41.3, 69.2))
    near_sydney = navdata.nearest("ALPHA", GeoPoint(-33.9, 151.2))
    assert near_tashkent.position == GeoPoint(41.5, 69.0)
    assert near_sydney.position == GeoPoint(-33.0, 151.0)
    assert navdata.nearest("ALPHA", GeoPoint(0.0, 0.0), within_m=1_000_000) is None


def test_airway_between_gives_the_points_in_flight_order_either_way(navdata):
    east_to_west = navdata.airway_between("G3", GeoPoint(41.5, 69.0), "ALPHA", "DELTA")
    assert [p.ident for p in east_to_west] == ["ALPHA", "BRAVO", "CHARL", "DELTA"]
    west_to_east = navdata.airway_between("G3", GeoPoint(43.0, 60.0), "DELTA", "BRAVO")
    assert [p.ident for p in west_to_east] == ["DELTA", "CHARL", "BRAVO"]
    assert navdata.airway_between("G3", GeoPoint(41.5, 69.0), "ALPHA", "TSK") is None
    assert navdata.airway_between("Z999", GeoPoint(41.5, 69.0), "ALPHA", "DELTA") is None


def test_bad_lines_are_reported_with_file_and_line_and_the_rest_is_read(navdata):
    where = sorted((Path(p.source).name, p.line) for p in navdata.problems)
    assert where == [("earth_awy.dat", 7), ("earth_fix.dat", 8)]
    assert "DELTA" in navdata.points


def test_an_empty_folder_gives_aerodromes_only(tmp_path):
    assert load_navdata(tmp_path).points == {}


@pytest.mark.skipif(traffic_navdata_folder() is None, reason="the traffic package is not installed")
def test_reads_the_navigation_data_traffic_ships():
    navdata = load_navdata()
    assert len(navdata.points) > 100_000
    assert "UL851" in navdata.airways or len(navdata.airways) > 1_000
