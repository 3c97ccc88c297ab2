"""Inspection aerodromes chosen on real data: open that day, runway for the type, by diversion."""

from datetime import date

import pytest

from overflight.interdiction.inspection import inspection_sites, runway_needed_m
from overflight.model.geo import GeoPoint, Transit

FEB_2008 = date(2008, 2, 1)


def stretch(state: str, entry: tuple[float, float], exit_: tuple[float, float]) -> Transit:
    return Transit(state, state, GeoPoint(*entry), GeoPoint(*exit_), 0.0, 1.0, None, None, False)


# Eastern Turkey, from the Iranian border near Van to the Syrian border near Sanliurfa.
EAST_TURKEY = stretch("TR", (38.4, 44.3), (36.8, 38.0))
# Southern Kazakhstan past Türkistan, where Hazrat Sultan airport opened in 2020.
SOUTH_KAZAKHSTAN = stretch("KZ", (43.5, 69.0), (42.3, 68.2))
# Central Iraq, east to west past Baghdad.
IRAQ = stretch("IQ", (33.0, 46.0), (33.5, 41.0))


def test_sites_are_ranked_by_the_diversion_they_cost() -> None:
    sites = inspection_sites("TR", [EAST_TURKEY], day=FEB_2008, needed_m=2500.0,
                             max_diversion_km=400.0, limit=10)  # fmt: skip
    assert sites
    diversions = [s.diversion_km for s in sites]
    assert diversions == sorted(diversions)
    # Batman lies on the way: a few km of diversion; Esenboga (Ankara) is far off this route.
    assert sites[0].aerodrome.icao == "LTCJ"
    assert "LTAC" not in {s.aerodrome.icao for s in sites}
    assert all(s.runway_m >= 2500 for s in sites)


def test_an_aerodrome_opened_in_2020_is_never_offered_for_a_2008_flight() -> None:
    then = inspection_sites("KZ", [SOUTH_KAZAKHSTAN], day=FEB_2008, needed_m=2500.0,
                            max_diversion_km=400.0)  # fmt: skip
    now = inspection_sites("KZ", [SOUTH_KAZAKHSTAN], day=date(2022, 2, 1), needed_m=2500.0,
                           max_diversion_km=400.0)  # fmt: skip
    assert "UAIT" not in {s.aerodrome.icao for s in then}
    assert now[0].aerodrome.icao == "UAIT"
    assert then[0].aerodrome.icao == "UAII"  # Shymkent


def test_the_capital_is_chosen_when_the_route_passes_it() -> None:
    sites = inspection_sites("IQ", [IRAQ], day=FEB_2008, needed_m=2500.0,
                             max_diversion_km=400.0)  # fmt: skip
    assert sites[0].aerodrome.icao == "ORBI"
    assert sites[0].diversion_km < 5


def test_a_runway_too_short_for_the_type_rules_an_aerodrome_out() -> None:
    heavy = inspection_sites("TR", [EAST_TURKEY], day=FEB_2008, needed_m=3500.0,
                             max_diversion_km=400.0, limit=50)  # fmt: skip
    assert heavy
    assert all(s.runway_m >= 3500 for s in heavy)
    assert "LTCJ" not in {s.aerodrome.icao for s in heavy}  # Batman's runway is 3,048 m


def test_nothing_within_the_diversion_limit_gives_no_site() -> None:
    assert inspection_sites("TR", [EAST_TURKEY], day=FEB_2008, needed_m=2500.0,
                            max_diversion_km=1.0) == ()  # fmt: skip
    assert inspection_sites("TR", [], day=FEB_2008, needed_m=2500.0,
                            max_diversion_km=400.0) == ()  # fmt: skip


def test_designated_aerodromes_of_entry_come_first_within_the_limit() -> None:
    sites = inspection_sites("TR", [EAST_TURKEY], day=FEB_2008, needed_m=2500.0,
                             max_diversion_km=400.0, aerodromes_of_entry=("LTCC",))  # fmt: skip
    assert sites[0].aerodrome.icao == "LTCC"  # Diyarbakir, named by the case
    assert sites[0].aerodrome_of_entry
    assert not sites[1].aerodrome_of_entry


def test_scheduled_aerodromes_come_before_others_each_by_diversion() -> None:
    sites = inspection_sites("IQ", [IRAQ], day=FEB_2008, needed_m=2500.0,
                             max_diversion_km=400.0, limit=20)  # fmt: skip
    tiers = [not s.scheduled_service for s in sites]
    assert tiers == sorted(tiers)
    for tier in (True, False):
        km = [s.diversion_km for s in sites if s.scheduled_service is tier]
        assert km == sorted(km)
    # No name tier: a scheduled airport without "International" in its name can lead.
    east = inspection_sites("TR", [EAST_TURKEY], day=FEB_2008, needed_m=2500.0,
                            max_diversion_km=400.0)  # fmt: skip
    assert "International" not in east[0].aerodrome.name


@pytest.mark.parametrize(
    ("designator", "metres"),
    [("IL76", 2500.0), ("IL76/TD", 2500.0), ("AN12", 1800.0), ("ZZZZ", 2500.0)],
)
def test_runway_needed_by_type(designator: str, metres: float) -> None:
    assert runway_needed_m(designator) == metres
