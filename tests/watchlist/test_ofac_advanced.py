"""OFAC's advanced XML: the hand-written sample of tests/watchlist/fixtures, and broken copies."""

from __future__ import annotations

from pathlib import Path

import pytest

from overflight.watchlist import IdentifierKind, NameKind, Schema, WatchlistIndex, load_lists
from overflight.watchlist.formats import ListFormat, detect_format
from overflight.watchlist.ofac_advanced import load_ofac_advanced_xml

FIXTURES = Path(__file__).parent / "fixtures"
SAMPLE = FIXTURES / "sdn_advanced.xml"


def _by_id() -> dict[str, object]:
    entities, problems = load_ofac_advanced_xml(SAMPLE)
    assert problems == ()
    return {entity.id: entity for entity in entities}


def test_an_aircraft_gets_tail_number_mode_s_serials_model_and_operator() -> None:
    yk = _by_id()["ofac-15618"]
    assert yk.schema is Schema.AIRCRAFT
    assert yk.caption == "YK-AYE"
    assert [i.key for i in yk.identifiers_of(IdentifierKind.REGISTRATION)] == ["YKAYE"]
    assert [i.key for i in yk.identifiers_of(IdentifierKind.ICAO24)] == ["140AE7"]
    assert [(i.key, i.note) for i in yk.identifiers_of(IdentifierKind.MSN)] == [
        ("6348", "construction number"),
        ("66187", ""),
    ]
    assert (yk.aircraft.model, yk.aircraft.build_year, yk.aircraft.build_date) == (
        "Tu-134B-3",
        1984,
        "1984-09",
    )
    assert yk.operator.name == "Syrianair"
    assert yk.programmes == ("SDGT", "SYRIA")


def test_an_operator_named_in_the_file_is_linked_by_id() -> None:
    p912 = _by_id()["ofac-20554"]
    assert p912.operator.entity_id == "ofac-20520"
    assert [(link.role, link.entity_id) for link in p912.links] == [
        ("operator", "ofac-20520"),
        ("linked", "ofac-20520"),  # the ProfileRelationship
    ]
    assert p912.aircraft.build_date == "1990"  # a DatePeriod spanning the year


def test_an_organisation_keeps_its_aliases_address_and_programme() -> None:
    koryo = _by_id()["ofac-20520"]
    assert koryo.schema is Schema.ORGANISATION
    assert [(n.text, n.kind) for n in koryo.names] == [
        ("AIR KORYO", NameKind.PRIMARY),
        ("AIRKORYO", NameKind.AKA),
    ]
    assert koryo.addresses[0].full == "Sunan District, Pyongyang, Korea, North"
    assert koryo.countries == ("KP",)
    assert koryo.programmes == ("DPRK3",)
    assert "510.201" in koryo.remarks  # a looked-up detail (DetailReferenceID)


def test_a_person_gets_name_parts_birth_dates_nationality_and_passport() -> None:
    kim = _by_id()["ofac-11648"]
    assert kim.schema is Schema.PERSON
    assert [(n.text, n.kind) for n in kim.names] == [
        ("KIM, Tong-Myo'ng", NameKind.PRIMARY),
        ("KIM, JIN SOK", NameKind.LOW_QUALITY),
    ]
    assert kim.birth_dates == ("1964", "1962-08-28")
    assert kim.nationalities == ("KP",)
    assert [(i.value, i.note) for i in kim.identifiers] == [("290320764", "Passport")]
    assert kim.programmes == ("NPWMD",)


def test_detected_and_loaded_with_the_other_formats_and_searchable() -> None:
    assert detect_format(SAMPLE) is ListFormat.OFAC_ADVANCED_XML
    (loaded,) = load_lists([SAMPLE])
    assert loaded.format is ListFormat.OFAC_ADVANCED_XML
    index = WatchlistIndex.build(loaded.entities)
    (hit,) = index.match_identifier(IdentifierKind.ICAO24, "140ae7")
    assert hit.entity.id == "ofac-15618"
    assert index.match_name("Air Koryo")[0].entity.id == "ofac-20520"


def _broken(tmp_path: Path, old: str, new: str) -> tuple[Path, int]:
    """The sample with ``old`` (found once) replaced, and the line it is on."""
    text = SAMPLE.read_text(encoding="utf-8")
    assert text.count(old) == 1, old
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path, text[: text.index(old)].count("\n") + 1


@pytest.mark.parametrize(
    ("old", "new", "field"),
    [
        (
            '<Feature ID="38207" FeatureTypeID="46">',
            '<Feature ID="38207" FeatureTypeID="9">',
            "FeatureTypeID",
        ),
        ('<DistinctParty FixedRef="15618">', '<DistinctParty FixedRef="YK">', "FixedRef"),
        (
            '<Profile ID="15618" PartySubTypeID="2">',
            '<Profile ID="15618" PartySubTypeID="7">',
            "PartySubTypeID",
        ),
        (
            "<From><Year>1984</Year><Month>9</Month><Day>1</Day></From>\n                <To>",
            "<From><Year>1984</Year><Month>9</Month><Day>31</Day></From>\n                <To>",
            "DatePeriod",
        ),
    ],
)
def test_a_broken_party_is_one_located_problem_and_the_rest_is_read(
    tmp_path: Path, old: str, new: str, field: str
) -> None:
    path, line = _broken(tmp_path, old, new)
    entities, problems = load_ofac_advanced_xml(path)
    assert {e.id for e in entities} == {"ofac-20520", "ofac-20554", "ofac-11648"}
    assert [(p.source, p.line, p.field) for p in problems] == [("sdn_advanced.xml", line, field)]


def test_a_profile_id_given_twice_keeps_the_first_party(tmp_path: Path) -> None:
    path, line = _broken(
        tmp_path,
        '<Profile ID="15618" PartySubTypeID="2">',
        '<Profile ID="20554" PartySubTypeID="2">',
    )
    entities, problems = load_ofac_advanced_xml(path)
    assert [e.id for e in entities] == ["ofac-20520", "ofac-20554", "ofac-11648"]
    # Located at the party's <DistinctParty>, two lines above its <Profile>.
    assert [str(p) for p in problems] == [
        f"sdn_advanced.xml:{line - 2}: ID: profile 20554 appears twice"
    ]


def test_a_location_the_file_does_not_hold_is_located_at_the_reference(tmp_path: Path) -> None:
    path, line = _broken(
        tmp_path, '<VersionLocation LocationID="40711" />', '<VersionLocation LocationID="4" />'
    )
    entities, problems = load_ofac_advanced_xml(path)
    assert "ofac-11648" not in {e.id for e in entities}
    assert [(p.line, p.field) for p in problems] == [(line, "LocationID")]
    assert "LocationID '4' is not among the Locations" in str(problems[0])


def test_a_file_cut_short_keeps_the_parties_before_the_cut(tmp_path: Path) -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    path = tmp_path / "sdn_advanced.xml"
    path.write_text(text[: text.index('<DistinctParty FixedRef="15618">')], encoding="utf-8")
    entities, problems = load_ofac_advanced_xml(path)
    assert [e.id for e in entities] == ["ofac-20520", "ofac-20554"]
    assert len(problems) == 1
    assert "not well-formed XML" in str(problems[0])


def test_a_previous_tail_number_is_a_registration_noted_previous(tmp_path: Path) -> None:
    path, _ = _broken(
        tmp_path,
        '<Feature ID="38201" FeatureTypeID="44">',
        '<Feature ID="38201" FeatureTypeID="49">',
    )
    entities, problems = load_ofac_advanced_xml(path)
    assert problems == ()
    yk = next(e for e in entities if e.id == "ofac-15618")
    assert [(i.value, i.note) for i in yk.identifiers_of(IdentifierKind.REGISTRATION)] == [
        ("6348", "previous"),
        ("YK-AYE", ""),
    ]
    index = WatchlistIndex.build(entities)
    (hit,) = index.match_identifier(IdentifierKind.REGISTRATION, "6348")
    assert "identifier_note=1.00 (previous)" in hit.explain()
