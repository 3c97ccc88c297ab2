"""Transits checked against an independent oracle: dense geodesic samples tested point-in-polygon
against the packaged regions with shapely (no edge index, no chords)."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shapely
from pyproj import Geod

from overflight.geo import find_transits, load_airspace, parse_point, parse_time, plan_route
from overflight.model.geo import Route, Transit
from overflight.model.speed import parse_speed

GEOD = Geod(ellps="WGS84")
ORACLE_STEP_M = 1_000.0


@pytest.fixture(scope="module")
def airspace():
    return load_airspace()


def route(*points: str, departure: str | None = None, speed: str | None = None) -> Route:
    return plan_route(
        [parse_point(p) for p in points],
        departure=parse_time(departure) if departure else None,
        speed=parse_speed(speed) if speed else None,
    )


def oracle_state(airspace, lon: float, lat: float) -> str:
    hits = airspace.tree.query(shapely.Point(lon, lat), predicate="intersects")
    return airspace.codes[hits[0]] if len(hits) else ""


def oracle_runs(airspace, r: Route) -> list[tuple[str, float, float]]:
    """(state, from_m, to_m) runs of 1 km samples along the geodesics, by shapely alone."""
    lons, lats, along = [], [], []
    for a, b in zip(r.points, r.points[1:], strict=False):
        leg = GEOD.inv_intermediate(
            a.position.lon,
            a.position.lat,
            b.position.lon,
            b.position.lat,
            del_s=ORACLE_STEP_M,
            initial_idx=0,
            terminus_idx=0,
            return_back_azimuth=True,
        )
        lons += list(leg.lons)
        lats += list(leg.lats)
        along += list(np.linspace(a.along_m, b.along_m, leg.npts))
    points = shapely.points(lons, lats)
    which, region = airspace.tree.query(points, predicate="intersects")
    labels = [""] * len(points)
    for i, k in zip(which, region, strict=True):
        labels[i] = airspace.codes[k]
    runs: list[tuple[str, float, float]] = []
    for label, at in zip(labels, along, strict=True):
        if runs and runs[-1][0] == label:
            runs[-1] = (label, runs[-1][1], at)
        else:
            runs.append((label, at, at))
    return runs


def assert_agrees_with_oracle(airspace, r: Route, transits: tuple[Transit, ...]) -> None:
    """Every transit's middle lies in its state, and every oracle run over 5 km is a transit."""
    for t in transits:
        mid = (t.entry_m + t.exit_m) / 2
        lon, lat = position_along(r, mid)
        assert oracle_state(airspace, lon, lat) == t.state, (t, lon, lat)
    for state, from_m, to_m in oracle_runs(airspace, r):
        if to_m - from_m > 5_000:
            mid = (from_m + to_m) / 2
            covering = [t for t in transits if t.entry_m <= mid <= t.exit_m]
            assert [t.state for t in covering] == [state], (state, from_m, to_m)


def position_along(r: Route, along_m: float) -> tuple[float, float]:
    for a, b in zip(r.points, r.points[1:], strict=False):
        if a.along_m <= along_m <= b.along_m:
            az = GEOD.inv(a.position.lon, a.position.lat, b.position.lon, b.position.lat)[0]
            lon, lat, _ = GEOD.fwd(a.position.lon, a.position.lat, az, along_m - a.along_m)
            return lon, lat
    raise ValueError(along_m)


def states(transits: tuple[Transit, ...]) -> list[str]:
    return [t.state for t in transits]


def is_subsequence(wanted: list[str], seen: list[str]) -> bool:
    it = iter(seen)
    return all(state in it for state in wanted)


def test_pyongyang_to_damascus_crosses_china_central_asia_caspian_iran_and_turkey(airspace):
    r = route("ZKPY", "OSDI", departure="2008-06-01T01:00Z", speed="N0450")
    transits = find_transits(r, airspace)
    # The geodesic from 39.2N 125.7E to 33.4N 36.5E runs west-north-west over North Korea and
    # China, bulges north over Mongolia and Kazakhstan (great circles curve poleward), comes
    # down over Uzbekistan and Turkmenistan, crosses the Caspian to Azerbaijan, then the north
    # of Iran, a corner of Turkey, northern Iraq, and reaches Damascus.
    expected = ["KP", "CN", "MN", "CN", "KZ", "UZ", "TM", "AZ", "IR", "TR", "IQ", "SY"]
    assert is_subsequence(expected, states(transits))
    assert states(transits)[0] == "KP"
    assert states(transits)[-1] == "SY"
    assert "" in states(transits)  # the middle of the Caspian is no state's
    assert_agrees_with_oracle(airspace, r, transits)
    assert transits[0].entered_at == parse_time("2008-06-01T01:00Z")
    assert transits[-1].exit_m == pytest.approx(r.distance_m)
    flight_s = r.distance_m / parse_speed("N0450").m_s
    assert (transits[-1].exited_at - transits[0].entered_at).total_seconds() == pytest.approx(
        flight_s, abs=1
    )


def test_transits_tile_the_route_without_gaps(airspace):
    r = route("ZKPY", "OSDI")
    transits = find_transits(r, airspace)
    assert transits[0].entry_m == 0
    for before, after in itertools.pairwise(transits):
        assert before.exit_m == after.entry_m
        assert before.exit == after.entry
        assert before.state != after.state
    assert sum(t.distance_m for t in transits) == pytest.approx(r.distance_m)


@pytest.mark.parametrize(
    "points",
    [("ZKPY", "OSDI"), ("LFPG", "RJBB"), ("UBBB", "UTAK"), ("LMML", "LICC"), ("NFFN", "NSFA")],
)
def test_entry_and_exit_points_are_within_100_m_of_the_boundary(airspace, points):
    r = route(*points)
    transits = find_transits(r, airspace)
    for before, after in itertools.pairwise(transits):
        lon0, lat0 = position_along(r, after.entry_m - 100)
        lon1, lat1 = position_along(r, after.entry_m + 100)
        assert oracle_state(airspace, lon0, lat0) == before.state
        assert oracle_state(airspace, lon1, lat1) == after.state
        # The reported point is where the route is at that distance.
        lon, lat = position_along(r, after.entry_m)
        assert GEOD.inv(lon, lat, after.entry.lon, after.entry.lat)[2] < 50


def test_route_along_a_coast_inside_12_nm_stays_in_that_state(airspace):
    # Off the straight Landes coast of France (Arcachon to Biarritz, ~1.25-1.45 W): both ends
    # and the line between them are 4-8 km offshore, well inside 22.2 km.
    r = route("4430N00123W", "4345N00134W")
    france = airspace.geometry("FR")
    for lon, lat in (position_along(r, f * r.distance_m) for f in (0, 0.25, 0.5, 0.75, 1)):
        distance_m = GEOD.geometry_length(
            shapely.shortest_line(shapely.Point(lon, lat), _land(airspace, "FR"))
        )
        assert 2_000 < distance_m < 22_224
        assert france.contains(shapely.Point(lon, lat))
    transits = find_transits(r, airspace)
    assert states(transits) == ["FR"]
    assert transits[0].territorial_sea_only


def _land(airspace, state: str):
    return shapely.union_all(
        [
            g
            for g, c, sea in zip(airspace.regions, airspace.codes, airspace.is_sea, strict=True)
            if c == state and not sea
        ]
    )


def test_route_across_the_antimeridian(airspace):
    # Nadi (Fiji, 177.4E) to Apia (Samoa, 172.0W) crosses 180 among Fiji's eastern islands.
    r = route("NFFN", "NSFA")
    transits = find_transits(r, airspace)
    assert states(transits)[0] == "FJ"
    assert states(transits)[-1] == "WS"
    assert "" in states(transits)
    assert_agrees_with_oracle(airspace, r, transits)
    assert states(find_transits(route("NSFA", "NFFN"), airspace)) == states(transits)[::-1]


def test_crossing_the_antimeridian_inside_one_state_adds_no_boundary(airspace):
    # Anadyr (177.7E) to Provideniya (173.2W): Chukotka all the way but for the open middle of
    # the Gulf of Anadyr, which lies more than 12 NM from any shore.
    transits = find_transits(route("UHMA", "UHMD"), airspace)
    assert states(transits) == ["RU", "", "RU"]


def test_route_over_the_caspian(airspace):
    # Baku to Turkmenbashi: Azerbaijan's coast and 12 NM, the open Caspian (Natural Earth
    # draws it as sea, and this model gives inland seas no special regime), Turkmenistan.
    r = route("UBBB", "UTAK")
    transits = find_transits(r, airspace)
    assert states(transits) == ["AZ", "", "TM"]
    assert_agrees_with_oracle(airspace, r, transits)


def test_flight_between_two_aerodromes_of_one_state(airspace):
    transits = find_transits(route("UUEE", "USSS"), airspace)  # Moscow to Yekaterinburg
    assert states(transits) == ["RU"]
    assert not transits[0].territorial_sea_only


def test_small_island_state(airspace):
    # Nauru (a 21 km² island): its land, its 12 NM sea, then the open Pacific to Kiribati.
    r = route("ANYN", "NGTA")
    transits = find_transits(r, airspace)
    assert states(transits) == ["NR", "", "KI"]
    assert 22_224 < transits[0].distance_m < 22_224 + 6_000
    assert_agrees_with_oracle(airspace, r, transits)


def test_near_polar_route(airspace):
    # Svalbard to Utqiagvik passes within 2 degrees of the North Pole.
    r = route("ENSB", "PABR")
    transits = find_transits(r, airspace)
    assert states(transits) == ["NO", "", "US"]
    assert_agrees_with_oracle(airspace, r, transits)


def test_territorial_sea_only_segments_are_flagged(airspace):
    # North of Gozo: the line passes within 12 NM of Malta but never over its land.
    r = route("3620N01400E", "3600N01500E")
    line = shapely.LineString([(p.position.lon, p.position.lat) for p in r.points])
    gap_m = GEOD.geometry_length(shapely.shortest_line(line, _land(airspace, "MT")))
    assert 1_000 < gap_m < 22_224
    transits = find_transits(r, airspace)
    assert states(transits) == ["", "MT", ""]
    assert transits[1].territorial_sea_only
    # Landing in Malta is not sea only.
    landing = find_transits(route("LMML", "LICC"), airspace)
    assert landing[0].state == "MT"
    assert not landing[0].territorial_sea_only


def test_via_points_change_the_states_crossed(airspace):
    direct = states(find_transits(route("ZKPY", "OSDI"), airspace))
    # Through Khabarovsk and Moscow: across Siberia north of Mongolia and Central Asia, then
    # due south along 37E over Ukraine, the Black Sea and Turkey.
    north = states(find_transits(route("ZKPY", "UHHH", "UUEE", "OSDI"), airspace))
    assert {"MN", "KZ", "UZ", "TM"} <= set(direct)
    assert not {"MN", "KZ", "UZ", "TM"} & set(north)
    assert is_subsequence(["KP", "RU", "UA", "TR", "SY"], north)


def test_batch_transits_equal_one_at_a_time(airspace):
    from overflight.geo import find_transits_many

    routes = [route(*p) for p in (("ZKPY", "OSDI"), ("NFFN", "NSFA"), ("UBBB", "UTAK"),
                                  ("ENSB", "PABR"), ("LMML", "LICC"))] * 5  # fmt: skip
    assert find_transits_many(routes, airspace) == [find_transits(r, airspace) for r in routes]


@pytest.mark.parametrize("degrees", [0.5, 0.05, 1e-4, 1e-9])
def test_short_legs_are_routed(airspace, degrees):
    from overflight.model.geo import GeoPoint, RoutePoint

    r = plan_route(
        [RoutePoint("A", GeoPoint(40.0, 30.0)), RoutePoint("B", GeoPoint(40.0, 30.0 + degrees))]
    )
    transits = find_transits(r, airspace)
    assert [t.state for t in transits] == ["TR"]
    assert transits[0].distance_m == pytest.approx(r.distance_m)
