from pathlib import Path

import pytest
from pyproj import Geod

from overflight.ats import parse_message
from overflight.ats.resolve import resolve_route
from overflight.errors import ParseError
from overflight.geo.navdata import NavData, load_navdata

FIXTURE = Path(__file__).parents[1] / "geo" / "fixtures" / "navdata"
GEOD = Geod(ellps="WGS84")


@pytest.fixture(scope="module")
def navdata() -> NavData:
    return load_navdata(FIXTURE)


def fpl(route: str, dep: str = "UTTT", dest: str = "UTAA", field18: str = "DOF/080201") -> str:
    return f"(FPL-TEST1-IN\n-IL76/H-S/C\n-{dep}0100\n-N0430F330 {route}\n-{dest}0300\n-{field18})"


def names(resolved) -> list[str]:
    return [p.name for p in resolved.points]


# UTTT (Tashkent in 2008 messages) resolves to its present indicator UZTT.


def test_named_points_and_an_airway_expand_into_positioned_points(navdata):
    resolved = resolve_route(parse_message(fpl("TSK DCT ALPHA G3 DELTA DCT")), navdata)
    assert names(resolved) == ["UZTT", "TSK", "ALPHA", "BRAVO", "CHARL", "DELTA", "UTAA"]
    assert resolved.problems == ()
    # ALPHA is the Uzbek one, not the fix of the same name near Sydney.
    assert resolved.points[2].position.lat == 41.5


def test_coordinates_in_icao_forms_need_no_navigation_data():
    resolved = resolve_route(parse_message(fpl("DCT 4130N06600E DCT 40N060E DCT")), NavData())
    assert names(resolved) == ["UZTT", "4130N06600E", "40N060E", "UTAA"]
    assert resolved.points[1].position.lon == 66.0


def test_point_bearing_distance_is_projected_from_its_reference(navdata):
    resolved = resolve_route(parse_message(fpl("DCT TSK090060 DCT")), navdata)
    reference, projected = navdata.points["TSK"][0].position, resolved.points[1].position
    azimuth, _, distance = GEOD.inv(reference.lon, reference.lat, projected.lon, projected.lat)
    assert distance == pytest.approx(60 * 1852, rel=1e-6)
    assert azimuth == pytest.approx(90, abs=0.01)


def test_an_unknown_name_is_reported_and_bridged_by_a_direct_leg(navdata):
    resolved = resolve_route(parse_message(fpl("DCT ALPHA DCT NOWHR DCT DELTA DCT")), navdata)
    assert names(resolved) == ["UZTT", "ALPHA", "DELTA", "UTAA"]
    (problem,) = resolved.problems
    assert problem.token == "NOWHR"
    assert "direct leg" in problem.message
    assert str(problem).startswith("field 15 at ")


def test_an_airway_that_does_not_join_its_points_is_reported(navdata):
    resolved = resolve_route(parse_message(fpl("DCT ALPHA B1 DELTA DCT")), navdata)
    assert names(resolved) == ["UZTT", "ALPHA", "DELTA", "UTAA"]
    assert [p.token for p in resolved.problems] == ["B1"]


def test_zzzz_departure_takes_its_position_from_dep(navdata):
    message = parse_message(fpl("DCT ALPHA DCT", dep="ZZZZ", field18="DOF/080201 DEP/4120N06915E"))
    assert resolve_route(message, navdata).points[0].position.lat == pytest.approx(41 + 20 / 60)


def test_an_unknown_destination_is_an_error_naming_the_field(navdata):
    with pytest.raises(ParseError, match="field 16"):
        resolve_route(parse_message(fpl("DCT ALPHA DCT", dest="QQQQ")), navdata)
