"""The FCDO UK Sanctions List: the hand-written sample of tests/watchlist/fixtures, broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from overflight.watchlist import IdentifierKind, NameKind, Schema, WatchlistIndex, load_lists
from overflight.watchlist.entity import SourceList
from overflight.watchlist.formats import ListFormat, detect_format
from overflight.watchlist.https_fetch import OFFICIAL_SOURCES, source_for
from overflight.watchlist.qualifiers import person_facts
from overflight.watchlist.uk_sanctions import load_uk_sanctions_xml

SAMPLE = Path(__file__).parent / "fixtures" / "uk_sanctions.xml"
DPRK = "UK-Democratic People's Republic of Korea"


def _by_id() -> dict[str, object]:
    entities, problems = load_uk_sanctions_xml(SAMPLE)
    assert problems == ()
    return {entity.id: entity for entity in entities}


def test_a_dprk_entity_keeps_its_aliases_weak_ones_script_name_and_regime() -> None:
    komid = _by_id()["uk-DPR0151"]
    assert (komid.schema, komid.source, komid.source_ref) == (
        Schema.ORGANISATION,
        SourceList.UK_SANCTIONS,
        "DPR0151",
    )
    assert [(n.text, n.kind) for n in komid.names] == [
        ("KOREA MINING DEVELOPMENT TRADING CORPORATION", NameKind.PRIMARY),
        ("KOMID", NameKind.AKA),
        ("CHANGGWANG SINYONG CORPORATION", NameKind.LOW_QUALITY),
        ("NORTH EAST ASIA TRADING COMPANY", NameKind.AKA),
        ("조선광업개발무역회사", NameKind.AKA),
    ]
    assert komid.programmes == (DPRK,)
    assert komid.addresses[0].full == "Central District, Pyongyang, North Korea"
    assert komid.countries == ("KP",)
    assert (komid.birth_dates, komid.nationalities) == ((), ())
    assert komid.remarks.startswith("Primary arms dealer")


def test_an_individual_gets_name_parts_dates_of_birth_nationality_and_passport() -> None:
    pak = _by_id()["uk-DPR0289"]
    assert pak.schema is Schema.PERSON
    assert [(n.text, n.kind) for n in pak.names] == [
        ("Chol Su PAK", NameKind.PRIMARY),
        ("Cheol-su Park", NameKind.AKA),
        ("박철수", NameKind.AKA),
    ]
    assert pak.birth_dates == ("1962-04-15", "1963")  # 00/00/1963: the year only
    assert pak.nationalities == ("KP",)
    assert [(i.kind, i.value, i.note) for i in pak.identifiers] == [
        (IdentifierKind.OTHER, "836110034", "Passport")
    ]


def test_a_ship_gets_its_imo_number_flag_and_owner() -> None:
    ship = _by_id()["uk-DPR0330"]
    assert ship.schema is Schema.VESSEL
    assert ship.caption == "CHON MA SAN"
    assert [(i.kind, i.key) for i in ship.identifiers] == [(IdentifierKind.IMO, "8660313")]
    assert ship.countries == ("KP",)
    assert [(link.name, link.role) for link in ship.links] == [("Korea Achim Shipping Co", "owner")]
    assert ship.birth_dates == ()


def test_detected_loaded_and_searched_by_name_and_birth_date() -> None:
    assert detect_format(SAMPLE) is ListFormat.UK_SANCTIONS_XML
    (loaded,) = load_lists([SAMPLE])
    index = WatchlistIndex.build(loaded.entities)
    right = index.match_name("PAK Chol Su", Schema.PERSON, facts=person_facts("1962-04-15", "KP"))
    assert right[0].entity.id == "uk-DPR0289"
    assert index.match_name("KOMID", Schema.ORGANISATION)[0].entity.id == "uk-DPR0151"


def test_the_uk_list_and_opensanctions_are_official_sources() -> None:
    uk = source_for("uk")
    assert uk.url == "https://sanctionslist.fcdo.gov.uk/docs/UK-Sanctions-List.xml"
    opensanctions = source_for("opensanctions")
    assert opensanctions.url.endswith("/datasets/latest/sanctions/entities.ftm.json")
    assert opensanctions.filename == "entities.ftm.json"
    assert len({source.filename for source in OFFICIAL_SOURCES}) == len(OFFICIAL_SOURCES)


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "uk_sanctions.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ("<UniqueID>DPR0151</UniqueID>", "<UniqueID></UniqueID>", "UniqueID"),
        ("<UniqueID>DPR0289</UniqueID>", "<UniqueID>DPR 0289</UniqueID>", "UniqueID"),
        (
            "<IndividualEntityShip>Ship</IndividualEntityShip>",
            "<IndividualEntityShip>Aircraft</IndividualEntityShip>",
            "IndividualEntityShip",
        ),
        ("<DOB>15/04/1962</DOB>", "<DOB>15/13/1962</DOB>", "DOB"),
        ("<DOB>00/00/1963</DOB>", "<DOB>sometime</DOB>", "DOB"),
    ],
)
def test_a_broken_designation_is_one_located_problem_and_the_rest_is_read(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    path, line = _broken(tmp_path, old, new)
    entities, problems = load_uk_sanctions_xml(path)
    assert len(entities) == 2
    assert [(p.source, p.line, p.field) for p in problems] == [("uk_sanctions.xml", line, field)]


def test_a_designation_without_a_name_is_located(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index("<Name>\n        <Name6>CHON MA SAN")
    end = text.index("</Names>", start)
    path = tmp_path / "uk_sanctions.xml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    entities, problems = load_uk_sanctions_xml(path)
    assert len(entities) == 2
    line = text[: text.index("<Names>", text.index("DPR0330"))].count("\n") + 1
    assert [str(p) for p in problems] == [f"uk_sanctions.xml:{line}: Names: DPR0330 has no name"]


def test_a_unique_id_given_twice_keeps_the_first(tmp_path: Path) -> None:
    path, line = _broken(tmp_path, "<UniqueID>DPR0330</UniqueID>", "<UniqueID>DPR0151</UniqueID>")
    entities, problems = load_uk_sanctions_xml(path)
    assert [e.id for e in entities] == ["uk-DPR0151", "uk-DPR0289"]
    assert [(p.line, p.field, p.message) for p in problems] == [
        (line - 3, "UniqueID", "UniqueID DPR0151 appears twice")  # its <Designation>
    ]


def test_a_file_cut_off_keeps_the_designations_before_the_fault(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "uk_sanctions.xml"
    path.write_text(text[: text.index("<UniqueID>DPR0330")], encoding="utf-8")
    entities, problems = load_uk_sanctions_xml(path)
    assert [e.id for e in entities] == ["uk-DPR0151", "uk-DPR0289"]
    assert len(problems) == 1
    assert "not well-formed XML" in str(problems[0])
