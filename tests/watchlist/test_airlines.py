"""Airline designator tables: the VRS standing data, resolution by designator, call sign, name."""

from __future__ import annotations

from pathlib import Path

import pytest

from overflight.errors import ParseError
from overflight.watchlist.airlines import AirlineTable, Resolved, load_airlines, read_airlines


@pytest.fixture(scope="module")
def vrs(shared_dir: Path) -> AirlineTable:
    return load_airlines(shared_dir / "data" / "aircraft" / "vrs-standing-data" / "airlines.csv")


def _resolved(table: AirlineTable, text: str) -> list[tuple[str, Resolved]]:
    return [(airline.designator, how) for airline, how in table.resolve(text)]


def test_vrs_table_reads_with_its_designators(vrs: AirlineTable) -> None:
    assert len(vrs) > 5000
    assert vrs.by_designator["KOR"].name == "Air Koryo"
    assert vrs.by_designator["IRM"].iata == "W5"


@pytest.mark.parametrize(
    ("text", "designator"),
    [
        ("KOR", "KOR"),
        ("kor", "KOR"),
        ("AIR KORYO AIRLINES", "KOR"),
        ("Air Koryo Airlines", "KOR"),
        ("Air Koryo Ltd.", "KOR"),
        ("Koryo Air", "KOR"),  # word order no other airline has
        ("Mahan Airlines", "IRM"),
        ("MAHAN AIR CO.", "IRM"),
        ("Air China", "CCA"),
        ("China Airlines", "CAL"),
        ("Syrian Arab Airlines", "SYR"),
        ("고려항공", "KOR"),  # Korean: Koryo + hanggong (airline)
        ("Эйр Корё", "KOR"),
        ("ماهان ایر", "IRM"),
        ("ایران ایر", "IRA"),
    ],
)
def test_operator_resolves_to_its_airline(vrs: AirlineTable, text: str, designator: str) -> None:
    assert [code for code, _ in _resolved(vrs, text)] == [designator]


@pytest.mark.parametrize("text", ["Airlines", "Air Lines Ltd", "", "Mahan Cargo Airways Trading"])
def test_airline_words_alone_or_unknown_names_resolve_to_nothing(vrs, text):
    assert _resolved(vrs, text) == []


def test_call_sign_column_is_used_when_the_table_has_one() -> None:
    text = "Designator,Airline,Telephony\nKOR,Air Koryo,AIR KORYO\nXYZ,Example Lines,SUNBIRD\n"
    table = read_airlines(text, "mine.csv")
    assert _resolved(table, "Sunbird") == [("XYZ", Resolved.CALLSIGN)]
    assert _resolved(table, "Air Koryo") == [("KOR", Resolved.NAME)]


def test_bad_designator_names_file_line_and_column_title() -> None:
    text = "Code,Name,ICAO\nKOR,Air Koryo,KOR\nX1,Bad,K0R\n"
    with pytest.raises(ParseError, match=r"^bad\.csv:3: ICAO: 'K0R' is not an ICAO"):
        read_airlines(text, "bad.csv")


def test_table_without_a_name_column_is_refused() -> None:
    with pytest.raises(ParseError, match=r"^t\.csv:1: no name column"):
        read_airlines("ICAO,IATA\nKOR,JS\n", "t.csv")
