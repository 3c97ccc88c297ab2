"""The desk: drafting particulars and the ask policy, from a file and the environment."""

from pathlib import Path

import pytest

from overflight.errors import InputError
from overflight.interdiction.asks import AskKind
from overflight.services.desk import read_desk

DESK = """\
drafting:
  classified_by: ISN Acting Assistant Secretary Patricia A. McNerney
  point_of_contact: Mark Felipe, ISN/CPI, (202) 647-5376
  slugs: [EUR, ISN]
  signature: RICE
  serial: STATE 43804
  report_within_days: 8
  concern: missile-related items
asks:
  default: deny-transit
  unknown: monitor
  min_crossing_km: 80
  states: {tr: require-landing}
  aerodromes: {TR: ltac}
  aerodromes_of_entry: {TR: [LTAC, ltba]}
"""


def test_a_desk_file_sets_drafting_and_asks(tmp_path: Path) -> None:
    path = tmp_path / "desk.yaml"
    path.write_text(DESK)
    desk = read_desk(path, {"OVERFLIGHT_SIGNATURE": "CLINTON"})
    assert desk.drafting.signature == "RICE"  # the file wins over the environment
    assert desk.drafting.point_of_contact.startswith("Mark Felipe")
    assert desk.drafting.slugs == ("EUR", "ISN")
    assert (desk.drafting.serial, desk.drafting.report_within_days) == ("STATE 43804", 8)
    assert desk.drafting.concern == "missile-related items"
    assert desk.asks.default is AskKind.DENY_OVERFLIGHT
    assert desk.asks.unknown is AskKind.MONITOR
    assert desk.asks.min_crossing_km == 80.0
    assert desk.asks.max_diversion_km == 400.0  # the default stands
    assert desk.asks.states == {"TR": AskKind.REQUIRE_LANDING}
    assert desk.asks.aerodromes == {"TR": "LTAC"}
    assert desk.asks.aerodromes_of_entry == {"TR": ("LTAC", "LTBA")}


def test_without_a_file_the_environment_gives_contact_and_signature() -> None:
    desk = read_desk(
        None,
        {
            "OVERFLIGHT_POINT_OF_CONTACT": "Desk officer, ISN/CPI, (202) 647-0000",
            "OVERFLIGHT_SIGNATURE": "CLINTON",
            "OVERFLIGHT_SLUGS": "ISN, EUR,",
            "OVERFLIGHT_CLASSIFIED_BY": "ISN DAS",
        },
    )
    assert desk.drafting.point_of_contact == "Desk officer, ISN/CPI, (202) 647-0000"
    assert desk.drafting.signature == "CLINTON"
    assert desk.drafting.slugs == ("ISN", "EUR")
    assert desk.drafting.classified_by == "ISN DAS"
    assert desk.asks.default is None  # asks follow the screening's suggestion


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("asks: {default: seize}", "asks: default"),
        ("asks: {min_crossing_km: -3}", "asks: min_crossing_km"),
        ("asks: {states: [TR]}", "asks: states"),
        ("asks: {states: {TR: maybe}}", "asks: states: TR"),
        ("drafting: {report_within_days: soon}", "drafting: report_within_days"),
        ("asks: [1, 2]", "asks"),
        ("- just a list", "desk.yaml"),
    ],
)
def test_a_bad_value_is_named_with_its_place(tmp_path: Path, text: str, where: str) -> None:
    path = tmp_path / "desk.yaml"
    path.write_text(text)
    with pytest.raises(InputError) as caught:
        read_desk(path, {})
    assert where in caught.value.what


def test_a_missing_desk_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"none\.yaml"):
        read_desk(tmp_path / "none.yaml", {})
