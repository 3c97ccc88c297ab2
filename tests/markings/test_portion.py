from __future__ import annotations

import contextlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overflight.markings import (
    ClassificationLevel,
    Control,
    Marking,
    MarkingError,
    parse_portion,
    split_portion,
)

CASES = [
    ("(S//REL TO USA, TUR)", ClassificationLevel.S, set(), ("USA", "TUR"), False),
    ("(S/NF)", ClassificationLevel.S, {Control.NOFORN}, None, False),
    ("(S//NF)", ClassificationLevel.S, {Control.NOFORN}, None, False),
    ("(C)", ClassificationLevel.C, set(), None, False),
    ("(U)", ClassificationLevel.U, set(), None, False),
    ("(SBU)", ClassificationLevel.U, {Control.SBU}, None, False),
    ("(S//REL Turkey)", ClassificationLevel.S, set(), ("USA", "TUR"), False),
    ("(S//REL Recipients)", ClassificationLevel.S, set(), None, True),
    ("(S-NF)", ClassificationLevel.S, {Control.NOFORN}, None, False),
    ("(SNF)", ClassificationLevel.S, {Control.NOFORN}, None, False),
    ("(C NF)", ClassificationLevel.C, {Control.NOFORN}, None, False),
    ("(C/NOFORN)", ClassificationLevel.C, {Control.NOFORN}, None, False),
    ("(S//FGI//NF)", ClassificationLevel.S, {Control.FGI, Control.NOFORN}, None, False),
    ("(U//FOUO)", ClassificationLevel.U, {Control.FOUO}, None, False),
    ("(SBU/NF)", ClassificationLevel.U, {Control.SBU, Control.NOFORN}, None, False),
    ("(C - ENTIRE TEXT)", ClassificationLevel.C, set(), None, False),
    ("(TS//OC/NF)", ClassificationLevel.TS, {Control.ORCON, Control.NOFORN}, None, False),
    ("(S/REL USA, SAU)", ClassificationLevel.S, set(), ("USA", "SAU"), False),
    (
        "(S//REL TO USA, FVEY)",
        ClassificationLevel.S,
        set(),
        ("USA", "AUS", "CAN", "GBR", "NZL"),
        False,
    ),
    ("(S//Rel NATO, ISAF)", ClassificationLevel.S, set(), ("USA", "ISAF", "NATO"), False),
    (
        "(S/REL FRANCE, BRITAIN, TURKEY, SAUDI ARABIA, JORDAN, AND QATAR)",
        ClassificationLevel.S,
        set(),
        ("USA", "FRA", "GBR", "JOR", "QAT", "SAU", "TUR"),
        False,
    ),
    (
        "(S//REL AFGHANISTAN, KYRGYZSTAN, TAJIKISTAN, TURKMENISTAN, UZBEKISTAN)",
        ClassificationLevel.S,
        set(),
        ("USA", "AFG", "KGZ", "TJK", "TKM", "UZB"),
        False,
    ),
]


@pytest.mark.parametrize(("text", "level", "controls", "rel_to", "recipients"), CASES)
def test_real_portion_forms_parse(text, level, controls, rel_to, recipients) -> None:
    marking = parse_portion(text)
    assert marking.level is level
    assert marking.controls == frozenset(controls)
    assert marking.rel_to == rel_to
    assert marking.rel_recipients is recipients


def test_rel_to_with_noforn_is_an_error_with_position() -> None:
    with pytest.raises(MarkingError) as caught:
        parse_portion("(S//NF/REL TO USA, TUR)", source="t.txt", line=7, column=4)
    assert caught.value.line == 7
    assert "NOFORN" in str(caught.value)
    assert str(caught.value).startswith("t.txt:7:4:")


def test_unknown_country_is_reported_at_its_column() -> None:
    with pytest.raises(MarkingError) as caught:
        parse_portion("(S//REL TO USA, XYZ)", line=2, column=10)
    # "(S//REL TO USA, " is 16 characters: XYZ starts 16 columns after the parenthesis.
    assert caught.value.column == 26
    assert "XYZ" in caught.value.message


@pytest.mark.parametrize("text", ["(N/SF)", "(X)", "(S//BOGUS)", "(C/rel to UN)", "(S//REL TO)"])
def test_unreadable_marks_raise_marking_error(text: str) -> None:
    with pytest.raises(MarkingError):
        parse_portion(text)


def test_sbu_above_unclassified_is_impossible() -> None:
    with pytest.raises(MarkingError):
        Marking(ClassificationLevel.S, frozenset({Control.SBU}))


def test_split_portion_takes_the_leading_mark_off() -> None:
    marking, rest = split_portion("  (S/NF) The flight was delayed.")
    assert marking == Marking(ClassificationLevel.S, frozenset({Control.NOFORN}))
    assert rest == "The flight was delayed."
    assert split_portion("No mark here (S).") == (None, "No mark here (S).")


def test_resolve_recipients_gives_rel_to_with_usa_first() -> None:
    marking = parse_portion("(S//REL Recipients)").resolve(["TUR", "KAZ"])
    assert marking.rel_to == ("USA", "KAZ", "TUR")
    assert marking.portion() == "(S//REL TO USA, KAZ, TUR)"


TRIGRAPHS = st.sampled_from(["TUR", "KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "GBR", "FRA"])


@st.composite
def markings(draw: st.DrawFn) -> Marking:
    level = draw(st.sampled_from(list(ClassificationLevel)))
    controls: set[Control] = set()
    if draw(st.booleans()):
        controls.add(Control.ORCON)
    if draw(st.booleans()):
        controls.add(Control.FGI)
    if level is ClassificationLevel.U:
        extra = draw(st.sampled_from([None, Control.SBU, Control.FOUO]))
        if extra is not None:
            controls.add(extra)
    release = draw(st.sampled_from(["none", "noforn", "rel", "recipients"]))
    if release == "noforn":
        return Marking(level, frozenset(controls | {Control.NOFORN}))
    if release == "rel":
        codes = draw(st.lists(TRIGRAPHS, min_size=1, max_size=4))
        from overflight.markings import canonical_rel_to

        return Marking(level, frozenset(controls), canonical_rel_to(codes))
    return Marking(level, frozenset(controls), None, release == "recipients")


@given(markings())
def test_portion_text_round_trips(marking: Marking) -> None:
    assert parse_portion(marking.portion()) == marking


@given(st.text(max_size=40))
def test_portion_parser_raises_only_marking_errors(text: str) -> None:
    with contextlib.suppress(MarkingError):
        parse_portion(text)
