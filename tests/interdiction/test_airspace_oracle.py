"""The real-geography route oracle, on cases whose answer follows from the map alone.

Each test states the geographic reasoning that gives the expected answer; the oracle's own
output is never the reference. One oracle per scenario and module (building one costs seconds).
"""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest
from pyproj import Geod

from overflight.errors import InputError
from overflight.geo import find_aerodrome, load_airspace
from overflight.geo.aerodromes import AerodromeNotFound
from overflight.interdiction import (
    AirspaceRouteOracle,
    CorridorSettings,
    FlownRoute,
    Stance,
    aircraft_performance,
    default_stance_table,
    find_chokepoints,
    find_route_options,
)
from overflight.interdiction.aerodrome_choice import can_take_heavy_transport
from overflight.interdiction.chokepoints import BlockingSet, find_blocking_sets, verify_blocking_set

GEOD = Geod(ellps="WGS84")
IL76_KM = 5_000.0  # Il-76 design figure: 40 t over 5,000 km (aircraft table)
FINE = CorridorSettings(grid_deg=0.5, detour=2.0)


def _direct_km(a: str, b: str) -> float:
    p, q = find_aerodrome(a).position, find_aerodrome(b).position
    return GEOD.inv(p.lon, p.lat, q.lon, q.lat)[2] / 1000


def _check_route(route: FlownRoute, oracle: AirspaceRouteOracle, denied: frozenset[str]) -> None:
    """What every feasible route must satisfy, checked independently of the search."""
    assert not route.states & denied
    assert route.stops[0] == oracle.departure.icao
    assert route.stops[-1] == oracle.destination.icao
    for leg, path in zip(route.legs, route.paths, strict=True):
        assert leg.distance_km <= oracle.range_km + 1e-6
        # A leg is never shorter than the geodesic between its ends.
        ends = GEOD.inv(path[0].lon, path[0].lat, path[-1].lon, path[-1].lat)[2] / 1000
        assert leg.distance_km >= ends - 1e-6
    for stop in route.technical_stops:
        aerodrome = find_aerodrome(stop)
        assert aerodrome.country not in denied
        assert can_take_heavy_transport(aerodrome)


# -- a landlocked departure: Mongolia ------------------------------------------------------


@pytest.fixture(scope="module")
def mongolia() -> AirspaceRouteOracle:
    return AirspaceRouteOracle(
        "ZMCK", "RKSI", IL76_KM, settings=CorridorSettings(grid_deg=1.0, detour=2.0)
    )


def test_landlocked_mongolia_is_closed_exactly_by_both_neighbours(mongolia) -> None:
    # Mongolia borders only China and Russia, so every route out crosses one of them: {CN, RU}
    # blocks whatever the range. Neither alone does: via China the Yellow Sea leads to Korea;
    # via Russia, Primorye and the Sea of Japan (international beyond 12 NM) do. Any blocking
    # set must therefore hold CN (else the China route is open, and it touches no other
    # candidate once it can skirt North Korea over the sea) and RU: {CN, RU} is the only one.
    ends = mongolia.departure_states | mongolia.destination_states
    assert ends == {"MN", "KR"}
    search = find_blocking_sets(mongolia, lambda s: s not in ends, max_size=3)
    assert [b.states for b in search.sets] == [("CN", "RU")]
    assert verify_blocking_set(mongolia, search.sets[0])
    for state, other in (("CN", "RU"), ("RU", "CN")):
        route = mongolia.find_route(frozenset({state}))
        assert route is not None
        assert other in route.states
        _check_route(route, mongolia, frozenset({state}))
    assert mongolia.find_route(frozenset({"CN", "RU"})) is None
    reason = mongolia.explain_no_route(frozenset({"CN", "RU"}))
    assert "every way" in reason


def test_landlocked_short_range_lands_in_a_neighbour_first() -> None:
    # 1,500 km is less than Ulaanbaatar-Seoul (about 2,000 km): a technical stop is needed, and
    # the first one is outside Mongolia only via CN or RU airspace, so the first landing state
    # after MN is CN, RU or a state reached through them.
    oracle = AirspaceRouteOracle(
        "ZMCK", "RKSI", 1_500, settings=CorridorSettings(grid_deg=1.0, detour=2.0)
    )
    assert _direct_km("ZMCK", "RKSI") > 1_500
    route = oracle.find_route(frozenset())
    assert route is not None
    assert route.technical_stops
    assert route.legs[0].states & {"CN", "RU"}
    _check_route(route, oracle, frozenset())
    assert oracle.find_route(frozenset({"CN", "RU"})) is None


# -- an exclave: Kaliningrad to Moscow -----------------------------------------------------


@pytest.fixture(scope="module")
def kaliningrad() -> AirspaceRouteOracle:
    return AirspaceRouteOracle("UMKK", "UUEE", IL76_KM, settings=FINE)


def test_gulf_of_finland_is_closed_by_finnish_and_estonian_seas_in_this_geometry() -> None:
    # Porkkala to Tallinn is under 24 NM of clear water once islands count, so with plain 12 NM
    # seas (no 3 NM agreement modelled) the Finnish and Estonian seas meet near 24.5 E.
    airspace = load_airspace()
    crossing = {airspace.state_at(24.5, float(lat)) for lat in np.arange(59.3, 60.3, 0.005)}
    assert "" not in crossing
    assert crossing <= {"EE", "FI"}


def test_exclave_denying_lithuania_belarus_poland_leaves_the_baltic_open(kaliningrad) -> None:
    # Kaliningrad touches LT and PL by land and the Baltic by sea. With LT, BY and PL closed the
    # aircraft leaves over the sea (international beyond 12 NM) and must enter mainland Russia
    # through Latvia, Estonia or Finland (the Gulf of Finland is closed by FI/EE seas, above).
    denied = frozenset({"LT", "BY", "PL"})
    route = kaliningrad.find_route(denied)
    assert route is not None
    _check_route(route, kaliningrad, denied)
    assert route.states & {"LV", "EE", "FI"}


def test_exclave_needs_five_denials_within_the_corridor(kaliningrad) -> None:
    # Ways out: LT (then LV or BY), PL (then BY or UA), and the sea into LV, EE or FI. Closing
    # LT, PL, LV, EE, FI closes them all; re-opening any one re-opens a way, so that set is
    # minimal. No four states do it: without LT or PL a land way stays open, and without one of
    # LV, EE, FI a sea way does (BY, UA, SE, NO only ever add alternatives).
    five = frozenset({"LT", "PL", "LV", "EE", "FI"})
    assert verify_blocking_set(
        kaliningrad, BlockingSet(states=tuple(sorted(five)), denied=five, reopened=())
    )
    search = find_blocking_sets(kaliningrad, lambda s: s != "RU", max_size=4)
    assert search.sets == ()
    assert search.route is not None


# -- a destination ringed by denying neighbours, open over the sea -------------------------


def test_syria_ringed_by_denying_neighbours_is_reached_over_the_mediterranean() -> None:
    # Syria's land neighbours are TR, IQ, JO, IL and LB. With all five denying, Cairo can still
    # fly north over the Mediterranean (international beyond 12 NM) into Syria's own sea at
    # Latakia/Tartus: a route touching only the end states. No candidate set blocks it.
    oracle = AirspaceRouteOracle("HECA", "OSDI", IL76_KM, settings=FINE)
    ring = frozenset({"TR", "IQ", "JO", "IL", "LB"})
    route = oracle.find_route(ring)
    assert route is not None
    _check_route(route, oracle, ring)
    assert route.overflown_states <= {"CY", "PS"}  # nothing but the sea and the end states
    search = find_blocking_sets(oracle, lambda s: s not in {"EG", "SY"}, base_denied=ring)
    assert search.sets == ()
    # Closing the departure state itself does block, and says so.
    assert oracle.find_route(ring | {"EG"}) is None
    assert "departure HECA is in EG" in oracle.explain_no_route(ring | {"EG"})


# -- the seed: Pyongyang to Damascus with an Il-76 -----------------------------------------


@pytest.fixture(scope="module")
def seed() -> AirspaceRouteOracle:
    range_km = aircraft_performance("IL76").loaded_range_km()
    return AirspaceRouteOracle("ZKPY", "OSDI", range_km, settings=CorridorSettings(grid_deg=2.0))


def test_seed_needs_a_stop_and_every_answer_is_proved(seed) -> None:
    # Pyongyang-Damascus is about 7,000 km direct, more than the Il-76's 5,000 km: at least one
    # technical stop. KP borders CN and RU, with the Yellow Sea and Sea of Japan besides, so no
    # single state is unavoidable; CN and RU both denied still leaves the sea south.
    assert _direct_km("ZKPY", "OSDI") > seed.range_km
    route = seed.find_route(frozenset())
    assert route is not None
    assert len(route.technical_stops) >= 1
    _check_route(route, seed, frozenset())
    assert seed.find_route(frozenset({"CN", "RU"})) is not None
    stances = default_stance_table().as_of(date(2026, 11, 29))
    analysis = find_chokepoints(
        seed, stances, departure_state="KP", destination_state="SY", max_size=3
    )
    assert analysis.feasible
    assert analysis.unavoidable_states == ()
    for answer in analysis.answers:
        assert verify_blocking_set(seed, answer.blocking)
        assert not set(answer.states) & {"KP", "SY"}
        assert all(stances.stance(s) is not Stance.PERMISSIVE for s in answer.states)


def test_route_options_are_shortest_first_and_differ_in_states(seed) -> None:
    options = find_route_options(seed, 3, keep_open={"KP", "SY"})
    assert 1 <= len(options) <= 3
    assert [o.distance_km for o in options] == sorted(o.distance_km for o in options)
    assert len({o.states for o in options}) == len(options)
    assert options[0] == seed.find_route(frozenset())
    path = options[0].flight_path()
    assert path.departure.name == "ZKPY"
    assert path.destination.name == "OSDI"


# -- bad input ------------------------------------------------------------------------------


def test_unknown_aerodrome_and_bad_range_are_input_errors() -> None:
    with pytest.raises(AerodromeNotFound):
        AirspaceRouteOracle("ZKPX", "OSDI", IL76_KM)
    with pytest.raises(InputError):
        AirspaceRouteOracle("ZKPY", "OSDI", 0)
    with pytest.raises(InputError):
        AirspaceRouteOracle("ZKPY", "ZKPY", IL76_KM)


def test_out_of_range_with_no_stop_says_why() -> None:
    # With a curated stop list that is empty, Cairo-Damascus (about 600 km) cannot be flown with
    # a 300 km range: no leg reaches, and the reason names the range.
    oracle = AirspaceRouteOracle("HECA", "OSDI", 300, settings=FINE, stops=())
    assert oracle.stop_count == 0
    assert oracle.find_route(frozenset()) is None
    assert "300 km" in oracle.explain_no_route(frozenset())
