import pytest

from overflight.ats import AtsValidationError, parse_message, parse_messages
from overflight.ats.validation import validate_message, validate_messages

GOOD = (
    "(FPL-DAL18-IS-B763/H-SDFGIRY/S-KATL0100-N0474F350 DCT SPA J14 RIC DCT-EGLL0715 EGKK"
    "-PBN/B1D1 DOF/260528 REG/N172DN)"
)


def _fpl(
    item10: str = "SDFGIRY/S",
    item9: str = "B763/H",
    item13: str = "KATL0100",
    item16: str = "EGLL0715 EGKK",
    item18: str = "PBN/B1D1 DOF/260528",
) -> str:
    return f"(FPL-DAL18-IS-{item9}-{item10}-{item13}-N0474F350 DCT SPA-{item16}-{item18})"


def test_a_sound_flight_plan_has_no_problems():
    assert validate_message(parse_message(GOOD)) == ()


@pytest.mark.parametrize(
    ("text", "field", "needle", "reason"),
    [
        (_fpl(item10="SDFGIY/S"), "field 18", "PBN/", "needs R"),
        (_fpl(item18="DOF/260528"), "field 10", "R", "needs PBN/"),
        (_fpl(item10="SDFGIRZ/S"), "field 10", "Z", "COM/, NAV/ or DAT/"),
        (_fpl(item13="ZZZZ0100"), "field 13", "ZZZZ", "DEP/"),
        (_fpl(item16="ZZZZ0715"), "field 16", "ZZZZ", "DEST/"),
        (_fpl(item9="ZZZZ/L"), "field 9", "ZZZZ", "TYP/"),
        (_fpl(item18="PBN/B1D1 TYP/GLIDER"), "field 18", "TYP/", "only for type ZZZZ"),
        (_fpl(item18="PBN/B1D1 DOF/261332"), "field 18", "DOF/", "not a date"),
        (_fpl(item18="PBN/B1D1 CODE/12345G"), "field 18", "CODE/", "24-bit"),
        (_fpl(item10="SDFIRY/S"), "field 18", "PBN/", "GNSS"),
        (_fpl(item10="SDFGIRYQ/S"), "field 10", "Q", "not a field 10a code"),
        (_fpl(item16="EGLL0715 EGKK EGSS LFPG"), "field 16", "", "more than two"),
        (_fpl(item18="PBN/B1D1 STS/STATE VIP"), "field 18", "STS/", "not a Doc 4444 reason"),
        ("(DLA-DAL18-KATL0200-EGLL)", "field 16", "", "field 18 is missing"),
        ("(CHG-DAL18-KATL0200-EGLL-0-3/KATL0300)", "field 22", "3/", "cannot be amended"),
        ("(DEP-DAL18/A5779-KATL0200-EGLL-0)", "field 7", "/", "octal"),
        ("(ARR-DAL18-KATL-EGLL-ZZZZ0900)", "field 17", "", "name"),
    ],
)
def test_consistency_rules_name_field_and_position(text, field, needle, reason):
    message = parse_message(text, "case")
    problems = [p for p in validate_message(message) if reason in p.message]
    assert len(problems) == 1, validate_message(message)
    problem = problems[0]
    assert isinstance(problem, AtsValidationError)
    assert problem.field == field
    assert problem.message_index == 1
    span = message.origin.span(field.split()[1])
    assert span is not None
    expected = span.text.find(needle) if needle else 0
    assert problem.offset == expected
    assert problem.line == 1
    assert text[problem.column - 1 :].startswith(span.text[expected:][:3])


def test_unreadable_route_token_is_a_problem_with_its_offset():
    message = parse_message(_fpl().replace("DCT SPA", "DCT SPA 99N999W"))
    problems = validate_message(message)
    assert [p.field for p in problems] == ["field 15"]
    assert problems[0].offset == len("N0474F350 DCT SPA ")


def test_strict_mode_rejects_and_lenient_mode_warns():
    text = GOOD + _fpl(item18="DOF/260528")
    messages, errors = parse_messages(text, "two")
    assert errors == ()
    lenient, warnings = validate_messages(messages)
    strict, rejections = validate_messages(messages, strict=True)
    assert len(lenient) == 2
    assert len(strict) == 1
    assert strict[0] == messages[0]
    assert [w.message_index for w in warnings] == [2]
    assert [str(r) for r in rejections] == [str(w) for w in warnings]
