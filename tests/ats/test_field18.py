from datetime import date

import pytest

from overflight.ats.errors import FieldSyntaxError
from overflight.ats.field18 import Field18, format_field18, parse_field18
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
