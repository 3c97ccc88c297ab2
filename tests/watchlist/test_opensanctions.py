from __future__ import annotations

from pathlib import Path

from overflight.watchlist import IdentifierKind, Schema
from overflight.watchlist.opensanctions_csv import load_opensanctions_csv
from overflight.watchlist.opensanctions_json import load_opensanctions_json

FIXTURES = Path(__file__).parent / "fixtures"


def test_ftm_sample_reads_matchable_entities(lists_dir: Path) -> None:
    entities, problems = load_opensanctions_json(
        lists_dir / "opensanctions-ftm-sample" / "entities.ftm.json"
    )
    assert problems == ()
    # Six records plus one Address: the Address is supporting data, not a target.
    assert len(entities) == 6
    irgc = next(e for e in entities if e.source_ref == "NK-2PacmNpiLUmoz4XD2mSt7A")
    assert irgc.schema is Schema.ORGANISATION
    assert irgc.countries == ("IR",)


def test_ftm_airplane_and_bad_lines(tmp_path: Path) -> None:
    path = tmp_path / "e.json"
    path.write_text(
        '{"id":"op","schema":"Organization","properties":{"name":["Mahan Air"]}}\n'
        "not json\n"
        '{"id":"ac","schema":"Airplane","properties":{"registrationNumber":["EP-MNA"],'
        '"serialNumber":["0857"],"model":["B747-422"],"buildDate":["1992-05"],"operator":["op"]}}\n'
        '{"id":"nn","schema":"Person","properties":{}}\n',
        encoding="utf-8",
    )
    entities, problems = load_opensanctions_json(path)
    plane = next(e for e in entities if e.schema is Schema.AIRCRAFT)
    assert plane.caption == "EP-MNA"
    assert [i.key for i in plane.identifiers_of(IdentifierKind.MSN)] == ["857"]
    assert plane.aircraft.build_year == 1992
    assert plane.operator.name == "Mahan Air"
    assert plane.operator.entity_id == "os-op"
    assert [(p.line, p.field) for p in problems] == [(2, ""), (4, "name")]


def test_simple_csv_fixture() -> None:
    entities, problems = load_opensanctions_csv(FIXTURES / "targets.simple.csv")
    assert [e.source_ref for e in entities] == ["NK-mahan", "NK-komid", "NK-ep-mna"]
    assert [(p.line, p.field) for p in problems] == [(5, "name"), (6, "")]
    mahan = entities[0]
    assert mahan.programmes == ("EU-IRN", "US-SDGT")
    assert mahan.countries == ("IR",)
    assert "ماهان ایر" in {n.text for n in mahan.names}
    assert [i.key for i in entities[2].identifiers_of(IdentifierKind.REGISTRATION)] == ["EPMNA"]
