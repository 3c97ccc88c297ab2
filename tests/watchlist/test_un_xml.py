from __future__ import annotations

from collections import Counter
from pathlib import Path

from overflight.watchlist import NameKind, Schema
from overflight.watchlist.un_xml import load_un_xml


def test_real_un_list_counts(un_entities) -> None:
    # screening.md 2.4: 730 individuals, 273 entities; DPRK 155, Al-Qaida 341.
    schemas = Counter(e.schema for e in un_entities)
    assert schemas == {Schema.PERSON: 730, Schema.ORGANISATION: 273}
    programmes = Counter(p for e in un_entities for p in e.programmes)
    assert programmes["DPRK"] == 155
    assert programmes["Al-Qaida"] == 341


def test_green_pine_keeps_un_spelling_and_references(un_entities) -> None:
    green_pine = next(e for e in un_entities if e.source_ref == "KPe.010")
    assert green_pine.id == "un-KPe.010"
    assert "SAEINGP'IL COMPANY" in {n.text for n in green_pine.names}
    assert green_pine.countries == ("KP",)


def test_quoted_aliases_lose_their_quotes(un_entities) -> None:
    komid = next(e for e in un_entities if e.source_ref == "KPe.001")
    assert "KOMID" in {n.text for n in komid.names}


def test_low_quality_aliases_are_weak(un_entities) -> None:
    kinds = Counter(n.kind for e in un_entities for n in e.names)
    assert kinds[NameKind.LOW_QUALITY] > 0
    assert kinds[NameKind.FKA] > 0


def test_broken_records_and_broken_xml_are_reported_not_fatal(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        "<CONSOLIDATED_LIST><ENTITIES>\n"
        "<ENTITY><FIRST_NAME>GOOD ONE</FIRST_NAME><REFERENCE_NUMBER>KPe.900</REFERENCE_NUMBER>"
        "<UN_LIST_TYPE>DPRK</UN_LIST_TYPE></ENTITY>\n"
        "<ENTITY><FIRST_NAME>NO REFERENCE</FIRST_NAME></ENTITY>\n"
        "<ENTITY><REFERENCE_NUMBER>KPe.901</REFERENCE_NUMBER></ENTITY>\n"
        "<ENTITY><FIRST_NAME>CUT",
        encoding="utf-8",
    )
    entities, problems = load_un_xml(path)
    assert [e.id for e in entities] == ["un-KPe.900"]
    assert [(p.line, p.field) for p in problems[:2]] == [(3, "REFERENCE_NUMBER"), (4, "FIRST_NAME")]
    assert "not well-formed" in problems[2].message
    assert problems[2].line is not None


def test_a_reference_given_twice_keeps_the_first(tmp_path: Path) -> None:
    path = tmp_path / "un.xml"
    path.write_text(
        "<CONSOLIDATED_LIST><ENTITIES>\n"
        "<ENTITY><FIRST_NAME>FIRST</FIRST_NAME><REFERENCE_NUMBER>KPe.900</REFERENCE_NUMBER></ENTITY>\n"
        "<ENTITY><FIRST_NAME>AGAIN</FIRST_NAME><REFERENCE_NUMBER>KPe.900</REFERENCE_NUMBER></ENTITY>\n"
        "</ENTITIES></CONSOLIDATED_LIST>\n",
        encoding="utf-8",
    )
    entities, problems = load_un_xml(path)
    assert [e.caption for e in entities] == ["FIRST"]
    assert [str(p) for p in problems] == ["un.xml:3: REFERENCE_NUMBER: KPe.900 appears twice"]


def test_aliases_packed_with_semicolons_are_split(un_entities) -> None:
    # IRi.039 QASEM SOLEIMANI: one ALIAS_NAME reads "Qasim Soleimani; Qasem Sulaimani; ...".
    soleimani = next(e for e in un_entities if e.source_ref == "IRi.039")
    names = {n.text for n in soleimani.names}
    assert {"Qasim Soleimani", "Qasem Sulaimani", "Kasim Sulaymani"} <= names
    assert not any(";" in name for name in names)
