from __future__ import annotations

from pathlib import Path

from overflight.watchlist import IdentifierKind, Schema
from overflight.watchlist.ofac_xml import load_ofac_xml

FIXTURES = Path(__file__).parent / "fixtures"


def test_hand_written_sdn_xml_reads_entries_and_reports_two_bad_ones() -> None:
    entities, problems = load_ofac_xml(FIXTURES / "sdn.xml")
    by_id = {e.id: e for e in entities}
    assert set(by_id) == {
        "ofac-36",
        "ofac-20520",
        "ofac-20554",
        "ofac-15618",
        "ofac-4234",
        "ofac-1572",
    }
    assert [(p.line, p.field) for p in problems] == [(54, "uid"), (59, "sdnType")]
    assert by_id["ofac-36"].countries == ("CU",)
    assert by_id["ofac-20554"].operator.entity_id == "ofac-20520"
    yk = by_id["ofac-15618"]
    assert [i.key for i in yk.identifiers_of(IdentifierKind.ICAO24)] == ["140AE7"]
    assert yk.aircraft.build_year == 1984
    hermann = by_id["ofac-4234"]
    assert hermann.schema is Schema.VESSEL
    assert [i.key for i in hermann.identifiers_of(IdentifierKind.IMO)] == ["9187629"]
    assert by_id["ofac-1572"].caption == "NORIEGA, Manuel Antonio"
    assert by_id["ofac-1572"].countries == ("PA",)
