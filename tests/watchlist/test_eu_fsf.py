"""The EU Financial Sanctions File: the hand-written sample of tests/watchlist/fixtures, broken."""

from __future__ import annotations

from pathlib import Path

import pytest

from overflight.watchlist import NameKind, Schema, WatchlistIndex, load_lists
from overflight.watchlist.entity import SourceList
from overflight.watchlist.eu_fsf import load_eu_fsf_xml
from overflight.watchlist.formats import ListFormat, detect_format
from overflight.watchlist.qualifiers import person_facts

SAMPLE = Path(__file__).parent / "fixtures" / "eu_fsf.xml"


def _by_id() -> dict[str, object]:
    entities, problems = load_eu_fsf_xml(SAMPLE)
    assert problems == ()
    return {entity.id: entity for entity in entities}


def test_a_person_gets_names_birth_date_citizenship_and_programme() -> None:
    saddam = _by_id()["eu-13"]
    assert (saddam.schema, saddam.source, saddam.source_ref) == (
        Schema.PERSON,
        SourceList.EU_FSF,
        "EU.27.28",
    )
    assert [(n.text, n.kind) for n in saddam.names] == [
        ("Saddam Hussein Al-Tikriti", NameKind.PRIMARY),
        ("Abu Ali", NameKind.AKA),
    ]
    assert saddam.birth_dates == ("1937-04-28",)
    assert saddam.nationalities == ("IQ",)
    assert saddam.programmes == ("EU-IRQ",)


def test_unknown_country_00_is_no_country_and_a_passport_is_kept() -> None:
    mugabe = _by_id()["eu-1"]
    assert mugabe.nationalities == ()
    assert mugabe.countries == ()
    assert [(i.value, i.note) for i in mugabe.identifiers] == [("AD001095", "National passport")]


def test_an_enterprise_keeps_aliases_weak_ones_address_and_prk_programme() -> None:
    komid = _by_id()["eu-9008"]
    assert komid.schema is Schema.ORGANISATION
    assert [(n.text, n.kind) for n in komid.names] == [
        ("Korea Mining Development Trading Corporation", NameKind.PRIMARY),
        ("KOMID", NameKind.AKA),
        ("Changgwang Sinyong Corporation", NameKind.LOW_QUALITY),
    ]
    assert komid.programmes == ("EU-PRK",)
    assert komid.addresses[0].country == "KP"
    assert komid.countries == ("KP",)
    assert komid.birth_dates == ()
    assert komid.nationalities == ()
    assert komid.remarks.startswith("Primary arms dealer")


def test_detected_loaded_and_a_person_searched_with_birth_date() -> None:
    assert detect_format(SAMPLE) is ListFormat.EU_FSF_XML
    (loaded,) = load_lists([SAMPLE])
    index = WatchlistIndex.build(loaded.entities)
    right = index.match_name("YUN Ho-jin", Schema.PERSON, facts=person_facts("13 Oct 1944", "KP"))
    wrong = index.match_name("YUN Ho-jin", Schema.PERSON, facts=person_facts("1971", "KP"))
    assert right[0].entity.id == "eu-9017"
    assert right[0].score == 1.0
    assert wrong[0].score == pytest.approx(0.84)  # 1.0 x 0.80 (year) x 1.05 (nationality)


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "eu_fsf.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        ('euReferenceNumber="EU.36.64" logicalId="1"', 'logicalId="x1"', "logicalId"),
        (
            '<subjectType code="enterprise" classificationCode="E"/>',
            '<subjectType code="vessel" classificationCode="V"/>',
            "subjectType",
        ),
        ('birthdate="1944-10-13" dayOfMonth', 'birthdate="1944-13-10" dayOfMonth', "birthdate"),
    ],
)
def test_a_broken_entity_is_one_located_problem_and_the_rest_is_read(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    path, line = _broken(tmp_path, old, new)
    entities, problems = load_eu_fsf_xml(path)
    assert len(entities) == 3
    assert [(p.source, p.line, p.field) for p in problems] == [("eu_fsf.xml", line, field)]


def test_a_logical_id_given_twice_keeps_the_first(tmp_path: Path) -> None:
    path, line = _broken(tmp_path, 'EU.9.95" logicalId="9008"', 'EU.9.95" logicalId="13"')
    entities, problems = load_eu_fsf_xml(path)
    assert [e.id for e in entities] == ["eu-13", "eu-1", "eu-9017"]
    assert [str(p) for p in problems] == [
        f"eu_fsf.xml:{line}: logicalId: logicalId 13 appears twice"
    ]


def test_an_entity_without_a_name_is_located(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    start = text.index('<nameAlias firstName="Robert"')
    end = text.index("<birthdate", start)
    path = tmp_path / "eu_fsf.xml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    entities, problems = load_eu_fsf_xml(path)
    assert len(entities) == 3
    assert [str(p) for p in problems] == ["eu_fsf.xml:19: nameAlias: EU.36.64 has no name"]
