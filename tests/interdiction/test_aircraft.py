import dataclasses

import pytest

from overflight.errors import InputError
from overflight.interdiction import aircraft_performance
from overflight.interdiction.aircraft import (
    AircraftPerformance,
    MissingFigureError,
    UnknownAircraftError,
    known_designators,
    variants_of,
)
from overflight.interdiction.aircraft_table import AIRCRAFT_PERFORMANCE


def test_every_type_of_the_reference_notes_is_in_the_table() -> None:
    # Reference notes §1.3 names these types.
    for designator in ("IL76", "IL62", "T204", "T154", "AN12", "A124", "B744"):
        assert designator in known_designators()


def test_an12_figures_are_the_published_ones() -> None:
    an12 = aircraft_performance("an12")
    assert an12.max_payload_kg.value == 20_000
    assert an12.range_at_max_payload_km.value == 3_600
    assert an12.ferry_range_km.value == 5_700
    assert "aeropedia" in an12.range_at_max_payload_km.source


def test_variant_by_argument_or_slash_gives_the_same_entry() -> None:
    assert aircraft_performance("IL76", "TD") == aircraft_performance("il76/td")
    assert aircraft_performance("IL76/TD").max_payload_kg.value == 52_000


def test_747_400f_range_is_4400_nm_in_km() -> None:
    freighter = aircraft_performance("B744/F")
    assert freighter.range_at_max_payload_km.value == pytest.approx(4_400 * 1.852)


def test_il76md_has_no_figures_and_says_so() -> None:
    md = aircraft_performance("IL76", "MD")
    for figure in (md.max_payload_kg, md.range_at_max_payload_km, md.ferry_range_km):
        assert figure.value is None
        assert not figure.known
        assert figure.source
    with pytest.raises(MissingFigureError, match="IL76/MD"):
        md.loaded_range_km()


def test_unknown_designator_lists_close_matches() -> None:
    with pytest.raises(UnknownAircraftError) as caught:
        aircraft_performance("IL67")
    assert "IL76" in caught.value.suggestions
    assert "IL76" in str(caught.value)
    assert isinstance(caught.value, InputError)


def test_unknown_variant_lists_the_variants_of_that_type() -> None:
    with pytest.raises(UnknownAircraftError) as caught:
        aircraft_performance("IL76", "ZZ")
    assert set(caught.value.suggestions) == {"IL76", "IL76/TD", "IL76/MD"}


def test_nonsense_designator_has_no_suggestions() -> None:
    with pytest.raises(UnknownAircraftError) as caught:
        aircraft_performance("QQQQQQ")
    assert caught.value.suggestions == ()


def test_case_override_of_range_keeps_the_table_unchanged() -> None:
    md = aircraft_performance("IL76/MD")
    chart = md.with_range(4_000, "operator's chart in case 17")
    assert chart.loaded_range_km() == 4_000
    assert chart.range_at_max_payload_km.source == "operator's chart in case 17"
    assert aircraft_performance("IL76/MD").range_at_max_payload_km.value is None
    heavier = dataclasses.replace(chart, name="Il-76MD as reported")
    assert heavier.range_at_max_payload_km.value == 4_000


def test_override_of_payload_and_bad_values() -> None:
    an12 = aircraft_performance("AN12").with_payload(15_000, "permit request")
    assert an12.max_payload_kg.value == 15_000
    with pytest.raises(InputError):
        an12.with_range(0, "x")
    with pytest.raises(InputError):
        an12.with_payload(-1, "x")


def test_entries_are_frozen() -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        aircraft_performance("AN12").name = "x"  # type: ignore[misc]


@pytest.mark.parametrize("entry", AIRCRAFT_PERFORMANCE, ids=lambda entry: entry.key)
def test_every_figure_has_a_source_and_ferry_is_not_shorter(entry: AircraftPerformance) -> None:
    figures = (entry.max_payload_kg, entry.range_at_max_payload_km, entry.ferry_range_km)
    for figure in figures:
        assert figure.source.strip()
        assert figure.value is None or figure.value > 0
    loaded, ferry = entry.range_at_max_payload_km.value, entry.ferry_range_km.value
    if loaded is not None and ferry is not None:
        assert ferry >= loaded
    assert entry.designator.isupper()
    assert 2 <= len(entry.designator) <= 4


def test_keys_are_unique_and_variants_sorted_generic_first() -> None:
    keys = [entry.key for entry in AIRCRAFT_PERFORMANCE]
    assert len(keys) == len(set(keys))
    assert [entry.variant for entry in variants_of("IL76")] == ["", "MD", "TD"]
