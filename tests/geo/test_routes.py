from datetime import UTC, datetime

import pytest
from pyproj import Geod

from overflight.errors import InputError
from overflight.geo import parse_point, parse_time, plan_route
from overflight.geo.aerodromes import AerodromeNotFound
from overflight.model.speed import parse_speed

GEOD = Geod(ellps="WGS84")


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("41N069E", 41.0, 69.0),
        ("4130N06915E", 41.5, 69.25),
        ("413015N0691530E", 41 + 30 / 60 + 15 / 3600, 69 + 15 / 60 + 30 / 3600),
        ("0500S17435W", -5 - 0 / 60, -(174 + 35 / 60)),
        ("41.5,69.25", 41.5, 69.25),
        ("-33.9, 151.2", -33.9, 151.2),
    ],
)
def test_parse_point_reads_coordinates(text, lat, lon):
    point = parse_point(text)
    assert point.position.lat == pytest.approx(lat)
    assert point.position.lon == pytest.approx(lon)
    assert point.aerodrome is None


def test_parse_point_resolves_icao_and_iata_codes():
    assert parse_point("zkpy").aerodrome.icao == "ZKPY"
    assert parse_point("FNJ").name == "ZKPY"


@pytest.mark.parametrize("text", ["91N000E", "0000N18100E", "95.0,10", "12", "Z9PY", ""])
def test_parse_point_names_the_argument_on_bad_input(text):
    with pytest.raises(InputError, match=r"^--via: "):
        parse_point(text, "--via")


def test_unknown_aerodrome_suggests_close_codes():
    with pytest.raises(AerodromeNotFound, match=r"^DEPARTURE: .*ZKPY"):
        parse_point("ZKPP", "DEPARTURE")


def test_parse_time_reads_iso_8601_and_takes_bare_times_as_utc():
    assert parse_time("2008-06-01T01:00Z") == datetime(2008, 6, 1, 1, 0, tzinfo=UTC)
    assert parse_time("2008-06-01T04:00+03:00") == datetime(2008, 6, 1, 1, 0, tzinfo=UTC)
    assert parse_time("2008-06-01T01:00") == datetime(2008, 6, 1, 1, 0, tzinfo=UTC)


@pytest.mark.parametrize("text", ["2008-13-01T01:00Z", "tomorrow", "01/06/2008"])
def test_parse_time_rejects_malformed_times(text):
    with pytest.raises(InputError, match=r"^--departure: .* is not a time"):
        parse_time(text, "--departure")


def test_plan_route_measures_geodesic_legs_and_times_each_point():
    points = [parse_point(p) for p in ("ZKPY", "UUEE", "OSDI")]
    route = plan_route(
        points, departure=parse_time("2008-06-01T01:00Z"), speed=parse_speed("N0450")
    )
    leg1 = GEOD.inv(125.67, 39.2241, points[1].position.lon, points[1].position.lat)[2]
    assert route.points[1].along_m == pytest.approx(leg1)
    seconds = (route.points[1].time - route.points[0].time).total_seconds()
    assert seconds == pytest.approx(leg1 / (450 * 1852 / 3600))
    assert route.distance_m == route.points[-1].along_m


def test_plan_route_takes_per_leg_times():
    points = [parse_point(p) for p in ("ZKPY", "UUEE", "OSDI")]
    route = plan_route(points, departure=parse_time("2008-06-01T01:00Z"), leg_minutes=[480, 240])
    assert [p.time.hour for p in route.points] == [1, 9, 13]


def test_plan_route_refuses_too_few_points_and_untimed_departures():
    with pytest.raises(InputError, match="at least two points"):
        plan_route([parse_point("ZKPY")])
    with pytest.raises(InputError, match=r"^speed: "):
        plan_route([parse_point("ZKPY"), parse_point("OSDI")], departure=parse_time("2008-06-01"))
    with pytest.raises(InputError, match="2 given for 1 legs"):
        plan_route([parse_point("ZKPY"), parse_point("OSDI")], leg_minutes=[1, 2])


def test_a_route_between_one_aerodrome_and_itself_has_no_length():
    route = plan_route([parse_point("ZKPY"), parse_point("ZKPY")])
    assert route.distance_m == 0


def test_renamed_indicators_in_old_messages_still_resolve():
    # Uzbekistan's aerodromes moved from UT- to UZ-: Tashkent was UTTT, now UZTT.
    assert parse_point("UTTT").aerodrome.icao == "UZTT"
