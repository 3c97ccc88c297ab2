"""List files built to hurt: every fault is a located problem in the load result, never a crash."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from overflight.cli import app
from overflight.watchlist.eu_fsf import load_eu_fsf_xml
from overflight.watchlist.ofac_advanced import load_ofac_advanced_xml
from overflight.watchlist.ofac_xml import load_ofac_xml
from overflight.watchlist.opensanctions_json import load_opensanctions_json
from overflight.watchlist.uk_sanctions import load_uk_sanctions_xml
from overflight.watchlist.un_xml import load_un_xml

ENTRY = "<sdnEntry><uid>7</uid><lastName>{name}</lastName><sdnType>Entity</sdnType></sdnEntry>"
UN = (
    "<INDIVIDUAL><REFERENCE_NUMBER>KPi.1</REFERENCE_NUMBER><FIRST_NAME>{name}</FIRST_NAME>"
    "</INDIVIDUAL>"
)
ADVANCED = (
    '<DistinctParty FixedRef="7"><Profile ID="7" PartySubTypeID="3"><Identity ID="1">'
    '<Alias AliasTypeID="1403" Primary="true"><DocumentedName><DocumentedNamePart>'
    "<NamePartValue>{name}</NamePartValue></DocumentedNamePart></DocumentedName></Alias>"
    "</Identity></Profile></DistinctParty>"
)
ADVANCED_TABLES = (
    '<ReferenceValueSets><AliasTypeValues><AliasType ID="1403">Name</AliasType></AliasTypeValues>'
    '<PartySubTypeValues><PartySubType ID="3" PartyTypeID="2">Unknown</PartySubType>'
    "</PartySubTypeValues></ReferenceValueSets>"
)
EU = (
    '<sanctionEntity logicalId="7" euReferenceNumber="EU.7.7"><subjectType code="person"/>'
    '<nameAlias wholeName="{name}" strong="true"/></sanctionEntity>'
)
UK = (
    "<Designation><UniqueID>DPR0001</UniqueID><IndividualEntityShip>Entity</IndividualEntityShip>"
    "<Names><Name><Name6>{name}</Name6><NameType>Primary Name</NameType></Name></Names>"
    "</Designation>"
)
READERS = [
    (load_ofac_xml, "<sdnList>{body}</sdnList>", ENTRY),
    (load_un_xml, "<CONSOLIDATED_LIST><INDIVIDUALS>{body}</INDIVIDUALS></CONSOLIDATED_LIST>", UN),
    (
        load_ofac_advanced_xml,
        f"<Sanctions>{ADVANCED_TABLES}<DistinctParties>{{body}}</DistinctParties></Sanctions>",
        ADVANCED,
    ),
    (load_eu_fsf_xml, '<export xmlns="http://eu.europa.ec/fpi/fsd/export">{body}</export>', EU),
    (load_uk_sanctions_xml, "<Designations>{body}</Designations>", UK),
]
DTDS = [
    '<!DOCTYPE r [<!ENTITY e "ZZ">]>',  # a small internal entity, once expanded
    '<!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>',
    '<!DOCTYPE r SYSTEM "file:///etc/passwd">',  # a fetch
    '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/hostname">]>',  # XXE
    "<!DOCTYPE r>",
]


@pytest.mark.parametrize(("load", "document", "record"), READERS)
@pytest.mark.parametrize("dtd", DTDS)
def test_a_list_file_declaring_a_dtd_is_refused_whole(tmp_path, load, document, record, dtd):
    path = tmp_path / "list.xml"
    body = record.format(name="X&e;Y" if "ENTITY e" in dtd else "Kim")
    path.write_text(f'<?xml version="1.0"?>\n{dtd}\n{document.format(body=body)}')
    entities, problems = load(path)
    assert entities == ()
    assert [str(p).split(": a document type")[0] for p in problems] == ["list.xml:1"]
    assert "document type declaration (<!DOCTYPE …>) is refused" in str(problems[0])


@pytest.mark.parametrize(("load", "document", "record"), READERS)
def test_an_undefined_entity_is_an_error_not_dropped(tmp_path, load, document, record):
    path = tmp_path / "list.xml"
    path.write_text(document.format(body=record.format(name="X&fromdtd;Y")))
    entities, problems = load(path)
    assert entities == ()
    assert "Entity 'fromdtd' not defined" in str(problems[-1])


@pytest.mark.parametrize(("load", "document", "record"), READERS)
@pytest.mark.parametrize(
    "odd", ["<:/>", "<x:INDIVIDUAL/>", "<x:sdnEntry/>", '<a xmlns:x="urn:x"><x:sdnEntry/></a>']
)
def test_odd_or_namespaced_tags_never_crash(tmp_path, load, document, record, odd):
    path = tmp_path / "list.xml"
    path.write_text(document.format(body=odd + record.format(name="Kim")))
    entities, problems = load(path)  # no exception: what cannot be read is a problem
    assert all(p.source == "list.xml" for p in problems)
    assert len(entities) + len(problems) >= 1


def test_opensanctions_json_of_wrong_types_surrogates_and_huge_numbers(tmp_path):
    path = tmp_path / "entities.ftm.json"
    lines = [
        '{"id": "a", "schema": "Person", "datasets": true, "properties": {"name": ["Kim Il"]}}',
        '{"id": "b", "schema": "Person", "properties": {"name": ["\\ud800"]}}',
        '{"id": "c", "schema": "Person", "properties": {"country": ["\\udfff x"], "name": ["C"]}}',
        '{"id": "d", "schema": "Person", "properties": {"name": [' + "9" * 5000 + "]}}",
        '{"id": "e", "schema": "Person", "properties": {"name": ["\\ud83d\\ude00 smile"]}}',
        '{"id": "f", "schema": true, "properties": []}',
        "[" * 50_000 + "]" * 50_000,
    ]
    path.write_text("\n".join(lines) + "\n")
    entities, problems = load_opensanctions_json(path)
    assert [e.names[0].text for e in entities] == ["Kim Il", "😀 smile"]
    assert [str(p) for p in problems] == [
        "entities.ftm.json:2:58: \\ud800 is a lone UTF-16 surrogate, which is no character",
        "entities.ftm.json:3:61: \\udfff is a lone UTF-16 surrogate, which is no character",
        "entities.ftm.json:4:57: a number of 5,000 digits (at most 4,300 are read)",
        "entities.ftm.json:7: nested too deeply to read",
        "entities.ftm.json:6: id: record has no id or schema",
    ]


def test_a_lone_surrogate_never_reaches_a_search(tmp_path):
    """It used to pass import, then crash ``lists search`` inside rigour."""
    path = tmp_path / "entities.ftm.json"
    path.write_text(
        '{"id": "b", "schema": "Person", "properties": {"name": ["A\\ud800B"]}}\n'
        '{"id": "c", "schema": "Person", "properties": {"name": ["Kim Il Sung"]}}\n'
    )
    result = CliRunner().invoke(app, ["lists", "search", "Kim Il Sung", "--list", str(path)])
    assert result.exit_code == 0, result.output
    assert "Kim Il Sung" in result.stdout
    assert "Traceback" not in result.output
