import dataclasses
import pickle
from datetime import date

import pytest
from ats_strategies import field18s
from hypothesis import given

from overflight.ats.errors import FieldSyntaxError
from overflight.ats.field18 import (
    Field18,
    defer_field18,
    format_field18,
    parse_field18,
    read_field18,
)
from overflight.model.flight import EetEstimate, OtherIndicator, SpecialHandling


def test_zero_is_the_empty_field():
    field = parse_field18("0")
    assert field == Field18()
    assert field.is_empty
    assert format_field18(field) == "0"


def test_typed_indicators_from_the_dal18_example():
    field = parse_field18(
        "PBN/A1B1 DOF/170324 REG/N172DN EET/CZYZ0018 CZUL0051 EGGX0438 CODE/A120F3 "
        "OPR/SMART FLIGHT STS/STATE HUM XYZ RMK/TCAS"
    )
    assert field.dof == date(2017, 3, 24)
    assert field.reg == "N172DN"
    assert field.eet == (
        EetEstimate("CZYZ", 18),
        EetEstimate("CZUL", 51),
        EetEstimate("EGGX", 4 * 60 + 38),
    )
    assert field.code == "A120F3"
    assert field.opr == "SMART FLIGHT"
    assert field.sts == (SpecialHandling.STATE, SpecialHandling.HUM, "XYZ")
    assert field.rmk == "TCAS"


def test_repeated_and_out_of_order_indicators_are_joined():
    field = parse_field18("RMK/FIRST DOF/260101 RMK/SECOND EET/EGTT0010 EET/EGGX0100 DOF/260101")
    assert field.rmk == "FIRST SECOND"
    assert field.dof == date(2026, 1, 1)
    assert [entry.location for entry in field.eet] == ["EGTT", "EGGX"]


def test_unknown_indicators_are_kept_in_order():
    field = parse_field18("DOF/260101 IFP/MODESASP ZZZ/ONE RVR/200 ZZZ/TWO")
    assert field.others == (
        OtherIndicator("IFP", "MODESASP"),
        OtherIndicator("ZZZ", "ONE"),
        OtherIndicator("RVR", "200"),
        OtherIndicator("ZZZ", "TWO"),
    )
    assert parse_field18(format_field18(field)) == field


def test_free_text_with_slashes_stays_in_the_remark():
    field = parse_field18("RMK/CTC OPS/LIDO N/A 1/2 DOF/260101")
    assert field.rmk == "CTC OPS/LIDO N/A 1/2"
    assert field.dof == date(2026, 1, 1)


@pytest.mark.parametrize(
    ("text", "indicator"),
    [("DOF/091332", "DOF"), ("CODE/XYZ123", "CODE"), ("EET/EGTT10", "EET"), ("DOF/2601", "DOF")],
)
def test_indicators_that_do_not_fit_their_type_are_kept_verbatim(text, indicator):
    field = parse_field18(text)
    assert field.others == (OtherIndicator(indicator, text.partition("/")[2]),)
    assert field.has(indicator)
    assert format_field18(field) == text


def test_canonical_order_puts_remarks_last():
    field = parse_field18("RMK/HELLO IFP/NONRVSM REG/DALFA STS/HUM")
    assert format_field18(field) == "STS/HUM REG/DALFA IFP/NONRVSM RMK/HELLO"


@pytest.mark.parametrize("text", ["HELLO", "A/B", "12 DOF/260101", ""])
def test_text_without_a_leading_indicator_is_a_syntax_error(text):
    with pytest.raises(FieldSyntaxError, match="field 18"):
        parse_field18(text)


REFERENCE = date(2026, 5, 1)
DEFERRED_CASES = [
    "0",
    "DOF/260101",
    "PBN/B1D1 DOF/260514 REG/P123 EET/OIIE0130 UTTT0245 CODE/A120F3 OPR/AIR KORYO RMK/CARGO N/A",
    "RMK/CTC OPS/LIDO N/A 1/2 DOF/870601",
    "DOF/091332 CODE/XYZ123 EET/EGTT10",
    "DOF/ REG/DALFA",
    "REG/DALFA",
    "RMK/FIRST DOF/260101 RMK/SECOND EET/EGTT0010 EET/EGGX0100 DOF/260101",
    "DOF/260101 DOF/260102",
    "IFP/MODESASP ZZZ/ONE DOF/260101 RVR/200 ZZZ/TWO",
    "STS/HUM STATE XYZ DOF/991231",
]


@pytest.mark.parametrize("text", DEFERRED_CASES)
def test_a_deferred_field18_is_the_value_read_at_once(text):
    now = read_field18(text, reference=REFERENCE)
    assert defer_field18(text, reference=REFERENCE).dof == now.dof  # read before the rest
    later = defer_field18(text, reference=REFERENCE)
    assert later == now
    assert hash(later) == hash(now)
    assert repr(later) == repr(now)
    assert [getattr(later, f.name) for f in dataclasses.fields(Field18)] == [
        getattr(now, f.name) for f in dataclasses.fields(Field18)
    ]
    assert pickle.loads(pickle.dumps(defer_field18(text, reference=REFERENCE))) == now
    assert dataclasses.replace(defer_field18(text, reference=REFERENCE), reg="X") == (
        dataclasses.replace(now, reg="X")
    )


@given(field18s())
def test_a_deferred_field18_reads_back_what_was_written(field):
    assert defer_field18(format_field18(field), reference=REFERENCE) == read_field18(
        format_field18(field), reference=REFERENCE
    )


@pytest.mark.parametrize("text", ["HELLO", "A/B", "12 DOF/260101", ""])
def test_a_deferred_field18_checks_its_syntax_at_once(text):
    with pytest.raises(FieldSyntaxError, match="field 18"):
        defer_field18(text)
