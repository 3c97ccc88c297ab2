from __future__ import annotations

from pathlib import Path

from overflight.watchlist import IdentifierKind, NameKind, Schema
from overflight.watchlist.ofac_csv import load_ofac_csv


def _by_ref(entities):
    return {entity.source_ref: entity for entity in entities}


def test_real_sdn_counts_match_the_file(ofac_entities) -> None:
    # screening.md 2.8: the Jul 2021 snapshot has 8,976 rows, 277 of them aircraft.
    assert len(ofac_entities) == 8976
    assert sum(e.schema is Schema.AIRCRAFT for e in ofac_entities) == 277


def test_air_koryo_has_alias_addresses_and_sixteen_aircraft(ofac_entities) -> None:
    koryo = _by_ref(ofac_entities)["20520"]
    assert koryo.caption == "AIR KORYO"
    assert ("AIRKORYO", NameKind.AKA) in {(n.text, n.kind) for n in koryo.names}
    assert koryo.programmes == ("DPRK3",)
    assert {"KP", "CN", "TH", "RU", "DE", "MY", "KW"} <= set(koryo.countries)
    assert len(koryo.addresses) == 10
    fleet = [e for e in ofac_entities if e.operator and e.operator.entity_id == "ofac-20520"]
    tails = sorted(e.caption for e in fleet)
    assert len(tails) == 16
    assert tails[0] == "P-532"
    assert tails[-1] == "P-914"


def test_aircraft_remarks_become_model_year_and_operator(ofac_entities) -> None:
    p912 = _by_ref(ofac_entities)["20554"]
    assert p912.schema is Schema.AIRCRAFT
    assert p912.aircraft is not None
    assert (p912.aircraft.model, p912.aircraft.build_year) == ("IL76-TD", 1990)
    assert p912.operator is not None
    assert p912.operator.name == "Air Koryo"
    assert [i.key for i in p912.identifiers_of(IdentifierKind.REGISTRATION)] == ["P912"]


def test_serial_numbers_previous_tails_and_mode_s_are_typed(ofac_entities) -> None:
    by_ref = _by_ref(ofac_entities)
    yk = by_ref["15618"]  # YK-AYE: construction number 6348, MSN 66187, built Sep 1984
    assert {i.value for i in yk.identifiers_of(IdentifierKind.MSN)} == {"6348", "66187"}
    assert yk.aircraft is not None
    assert yk.aircraft.build_year == 1984
    msn449 = by_ref["18151"]  # named "MSN 449", previous tail YI-NAE
    assert [i.key for i in msn449.identifiers_of(IdentifierKind.MSN)] == ["449"]
    previous = msn449.identifiers_of(IdentifierKind.REGISTRATION)
    assert [(i.value, i.note) for i in previous] == [("YI-NAE", "previous")]
    mode_s = [e for e in ofac_entities if e.identifiers_of(IdentifierKind.ICAO24)]
    assert len(mode_s) == 3


def test_weak_aliases_from_remarks_are_low_quality(ofac_entities) -> None:
    komid = _by_ref(ofac_entities)["9345"]
    kinds = {n.text: n.kind for n in komid.names}
    assert kinds["KOMID"] is NameKind.LOW_QUALITY
    assert kinds["NORTH KOREAN MINING DEVELOPMENT TRADING CORPORATION"] is NameKind.AKA
    assert komid.programmes == ("NPWMD", "DPRK2")


def test_bad_rows_are_reported_with_file_and_line_and_skipped(tmp_path: Path) -> None:
    sdn = tmp_path / "sdn.csv"
    sdn.write_text(
        '20520,"AIR KORYO",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        'X1,"BAD NUMBER",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        '20521,"TOO SHORT",-0- \r\n'
        '20554,"P-912","aircraft","DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
        '"Aircraft Model IL76-TD;\r\nAircraft Operator Air Koryo."\r\n'
        '20560,"ODD","spaceship","X",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \r\n'
        "\x1a",
        encoding="utf-8",
    )
    alt = tmp_path / "alt.csv"
    alt.write_text(
        '20520,1,"aka","AIRKORYO",-0- \r\n99,2,"aka","ORPHAN",-0- \r\n', encoding="utf-8"
    )
    entities, problems = load_ofac_csv(sdn, alt)
    assert [e.source_ref for e in entities] == ["20520", "20554"]
    where = [(p.source, p.line, p.field) for p in problems]
    assert where == [
        ("sdn.csv", 2, "ent_num"),
        ("sdn.csv", 3, ""),
        ("sdn.csv", 6, "SDN_Type"),  # the P-912 record spans lines 4-5
        ("alt.csv", 2, "ent_num"),
    ]
    p912 = entities[1]
    assert p912.operator is not None
    assert p912.operator.entity_id == "ofac-20520"
