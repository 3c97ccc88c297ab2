from __future__ import annotations

import contextlib
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overflight.markings import (
    ClassificationLevel,
    DeclassKind,
    MarkingError,
    parse_classified_by,
    parse_declassification,
    parse_reasons,
    validate_declassification,
)

FORMS = [
    ("E.O. 12958: DECL: 05/28/2033", DeclassKind.DATE, date(2033, 5, 28)),
    ("EO 12958 DECL: 06/03/2018", DeclassKind.DATE, date(2018, 6, 3)),
    ("E.O. 12958: DECL: 2019/04/07", DeclassKind.DATE, date(2019, 4, 7)),
    ("EO 12958 DECL: 2019/04/07", DeclassKind.DATE, date(2019, 4, 7)),
    ("E.o. 12958: decl: 01/07/2014", DeclassKind.DATE, date(2014, 1, 7)),
    ("E.O. 12958: DECLl: 05/05/2018", DeclassKind.DATE, date(2018, 5, 5)),
    ("E.O. 13526: DECL: 02/22/2020", DeclassKind.DATE, date(2020, 2, 22)),
    ("E.O. 12958: N/A", DeclassKind.NOT_APPLICABLE, None),
    ("EO 12958 N/A", DeclassKind.NOT_APPLICABLE, None),
    ("E.O. 12958: DECL: MR", DeclassKind.MANUAL_REVIEW, None),
    ("E.O. 12958: DNG: CO 03/01/2016", DeclassKind.DOWNGRADE, None),
    ("E.O. 12958: DECL: TEN YEARS AFTER KOREAN UNIFICATION", DeclassKind.EVENT, None),
    ("E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006", DeclassKind.DECLASSIFIED, None),
]


@pytest.mark.parametrize(("text", "kind", "on"), FORMS)
def test_real_eo_forms_parse(text: str, kind: DeclassKind, on: date | None) -> None:
    declass = parse_declassification(text)
    assert declass.kind is kind
    assert declass.on == on
    assert parse_declassification(declass.render()) == declass


@pytest.mark.parametrize("text", ["E.O. 12958: DECL: 13/40/2020", "E.O. 99999: DECL: MR", "TAGS"])
def test_bad_eo_lines_raise(text: str) -> None:
    with pytest.raises(MarkingError):
        parse_declassification(text, line=5)


def test_declassification_must_fall_within_25_years() -> None:
    created = date(2008, 5, 28)
    validate_declassification(
        parse_declassification("E.O. 12958: DECL: 05/28/2033"), created, ClassificationLevel.S
    )
    with pytest.raises(MarkingError, match="25 years"):
        validate_declassification(
            parse_declassification("E.O. 12958: DECL: 05/29/2033"), created, ClassificationLevel.S
        )
    with pytest.raises(MarkingError, match="not after"):
        validate_declassification(
            parse_declassification("E.O. 12958: DECL: 05/28/2007"), created, ClassificationLevel.S
        )


def test_classified_telegram_cannot_say_not_applicable() -> None:
    with pytest.raises(MarkingError):
        validate_declassification(
            parse_declassification("E.O. 12958: N/A"), date(2008, 1, 1), ClassificationLevel.C
        )


def test_eo_13526_did_not_exist_in_2008() -> None:
    with pytest.raises(MarkingError, match="13526"):
        validate_declassification(
            parse_declassification("E.O. 13526: DECL: 01/01/2018"),
            date(2008, 1, 1),
            ClassificationLevel.S,
        )


@pytest.mark.parametrize(
    ("text", "section", "letters"),
    [
        ("Reasons 1.4 b, c, and d", "1.4", ("b", "c", "d")),
        ("Reasons 1.4 (b), (c), and (d)", "1.4", ("b", "c", "d")),
        ("1.4 (B) AND (D).", "1.4", ("b", "d")),
        ("reasons: 1.5 (b,d).", "1.5", ("b", "d")),
        ("Reason 1.4 ( b, d)", "1.4", ("b", "d")),
        ("Reason 1.4 (h)", "1.4", ("h",)),
    ],
)
def test_reasons_forms(text: str, section: str, letters: tuple[str, ...]) -> None:
    reasons = parse_reasons(text)
    assert (reasons.section, reasons.categories) == (section, letters)
    assert parse_reasons(reasons.render()) == reasons


def test_reason_outside_a_to_h_is_rejected() -> None:
    with pytest.raises(MarkingError):
        parse_reasons("Reasons 1.4 (b) and (k)")


def test_classified_by_splits_official_and_reasons() -> None:
    authority = parse_classified_by(
        "Classified By: ISN Acting Assistant Secretary Patricia A. McNerney, "
        "Reasons 1.4 b, c, and d"
    )
    assert authority.by == "ISN Acting Assistant Secretary Patricia A. McNerney"
    assert authority.reasons is not None
    assert authority.reasons.categories == ("b", "c", "d")
    assert parse_classified_by(authority.render()) == authority


@given(st.text(max_size=60))
def test_eo_parser_raises_only_marking_errors(text: str) -> None:
    with contextlib.suppress(MarkingError):
        parse_declassification(text)


@given(st.text(max_size=60))
def test_reasons_parser_raises_only_marking_errors(text: str) -> None:
    with contextlib.suppress(MarkingError):
        parse_reasons(text)
