"""Telegram forms from the reference notes, written by hand from their verbatim excerpts."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from overflight.cables import CableParseError, Heading, Prose, Text, parse_telegram
from overflight.cables.header import parse_dtg
from overflight.cables.model import Precedence
from overflight.cables.parse import parse_telegrams
from overflight.markings import ClassificationLevel, Control

ROUTED = """\
VZCZCXYZ0001
OO RUEHWEB

DE RUEHC #8302 0870151
ZNY SSSSS ZZH
O 242145Z MAR 09
FM SECSTATE WASHDC
TO RUEHAK/AMEMBASSY ANKARA IMMEDIATE 7721-7722
INFO RUEHCV/AMEMBASSY CARACAS PRIORITY 0298-0299
BT
S E C R E T SECTION 01 OF 02 STATE 028302

SIPDIS
C O R R E C T E D C O P Y - CAPTION ADDED

E.O. 12958: DECL: 03/24/2019
TAGS: PARM, PREL, ETTC, TU, VE, IR
SUBJECT: (S/NF) IRANIAN CARGO FLIGHTS TO VENEZUELA
REF: A. ANKARA 3
¶B. ANKARA 126

Classified By: ISN Acting DAS Kenneth W. Staley,
Reasons 1.4 (b), (c), and (d)

-------------------
ACTION REQUEST
-------------------

¶1. (S//REL TO USA, TUR) Drawing from the points in paragraph 5, post is instructed to
approach appropriate-level Turkish officials.
¶2. (S/NF) The DPRK,s cargo was seen at Tehran.
¶3. (U) Department thanks post for its assistance. Please slug all responses for ISN, EUR,
NEA, IO, WHA, and T. CLINTON
"""

EMBASSY = """\
VZCZCADI319
OO RUEHC RUEHAM RUEHRB RUEHRH RUEHKU RHEHNSC
RUEAIIA RHEFDIA RUCJACC
DE RUEHAD #2641 1541250
ZNY CCCCC ZZH
O 031250Z JUN 03
FM AMEMBASSY ABU DHABI
TO RUEHC/SECSTATE WASHDC IMMEDIATE 0227
INFO RUEHAM/AMEMBASSY AMMAN 0446
RUEHRB/AMEMBASSY RABAT 0279
RUCJACC/USCINCCENT MACDILL AFB FL//CCJ2/POLAD//
C O N F I D E N T I A L ABU DHABI 002641

E.O. 12958: DECL: 06/03/2013
TAGS PREL, EPET, EAID, PGOV, JO, MO, SA, KU, TC
SUBJECT: GULF AID

Classified By: Ambassador Marcelle M. Wahba, reasons 1.5 (B) and (D)

1. (C) Summary: aid talks went well.

WAHBA
"""

PARTIAL = """\
C o n f i d e n t i a l section 01 of 04 ankara 000348
E.o. 12958: decl: 01/07/2014 Tags: prel, pgov, pins, tu Subject: turkish views
1. (C) Summary: Ankara views.
"""


def test_routed_header_keeps_routing_and_reads_addressees() -> None:
    t = parse_telegram(ROUTED, source="09STATE28302")
    assert t.routing[0] == "VZCZCXYZ0001"
    assert t.dtg is not None
    assert t.dtg.at == datetime(2009, 3, 24, 21, 45, tzinfo=UTC)
    action = t.action[0]
    assert (action.post.name, action.post.routing_indicator) == ("AMEMBASSY ANKARA", "RUEHAK")
    assert (action.precedence, action.mcn) == (Precedence.IMMEDIATE, "7721-7722")
    assert t.info[0].post.country == "VE"
    assert t.info[0].precedence is Precedence.PRIORITY
    assert t.section is not None
    assert (t.section.number, t.section.total) == (1, 2)
    assert t.captions == ("SIPDIS", "C O R R E C T E D C O P Y - CAPTION ADDED")
    assert t.tags == ("PARM", "PREL", "ETTC", "TU", "VE", "IR")
    assert t.subject_marking is not None
    assert t.subject_marking.noforn
    assert [(r.letter, r.station, r.number) for r in t.refs] == [
        ("A", "ANKARA", 3),
        ("B", "ANKARA", 126),
    ]
    assert t.authority is not None
    assert t.authority.reasons is not None
    assert t.authority.reasons.categories == ("b", "c", "d")
    # "BT" is framing, not an addressee: kept with the routing lines.
    assert "BT" in t.routing
    assert len(t.info) == 1
    assert t.problems == ()


def test_routed_body_headings_wraps_apostrophes_and_inline_signature() -> None:
    t = parse_telegram(ROUTED)
    assert isinstance(t.body[0], Heading)
    first, second, third = t.paragraphs
    assert first.text.endswith("approach appropriate-level Turkish officials.")
    assert first.marking is not None
    assert first.marking.rel_to == ("USA", "TUR")
    assert "DPRK's cargo" in second.text
    assert second.marking is not None
    assert Control.NOFORN in second.marking.controls
    assert t.signature == "CLINTON"
    assert third.text.endswith("WHA, and T.")


def test_embassy_origin_with_non_state_info_addressee() -> None:
    t = parse_telegram(EMBASSY)
    assert t.origin is not None
    assert t.origin.country == "AE"
    assert t.action[0].post.name == "SECSTATE WASHDC"
    assert [a.post.name for a in t.info][:2] == ["AMEMBASSY AMMAN", "AMEMBASSY RABAT"]
    command = t.info[2]  # a military command with an office suffix: an office of the table
    assert command.post.name == "USCINCCENT MACDILL AFB FL"
    assert command.post.routing_indicator == "RUCJACC"
    assert not any("MACDILL" in problem.message for problem in t.problems)
    assert t.serial is not None
    assert t.serial.station == "ABU DHABI"
    assert t.tags[:2] == ("PREL", "EPET")
    assert t.authority is not None
    assert t.authority.reasons is not None
    assert t.authority.reasons.section == "1.5"
    assert t.signature == "WAHBA"


def test_partial_extract_in_lower_case_with_fields_on_one_line() -> None:
    t = parse_telegram(PARTIAL)
    assert t.dtg is None
    assert t.classification is ClassificationLevel.C
    assert t.serial is not None
    assert (t.serial.station, t.serial.number) == ("ANKARA", 348)
    assert t.declassification is not None
    assert t.declassification.on is not None
    assert t.tags == ("PREL", "PGOV", "PINS", "TU")
    assert t.subject == "turkish views"
    assert t.paragraphs[0].text == "Summary: Ankara views."


def test_portion_above_classification_is_a_problem_with_its_line() -> None:
    text = "C O N F I D E N T I A L STATE 000001\n\n1. (S) Too high.\n"
    t = parse_telegram(text)
    assert [(p.line, "above" in p.message) for p in t.problems] == [(3, True)]
    with pytest.raises(CableParseError) as caught:
        parse_telegram(text, source="x.txt", strict=True)
    assert caught.value.line == 3


def test_unreadable_mark_is_kept_as_text() -> None:
    t = parse_telegram("S E C R E T STATE 000001\n\n1. (N/SF) Odd mark.\n")
    assert t.paragraphs[0].marking is None
    assert t.paragraphs[0].text == "(N/SF) Odd mark."
    assert t.problems[0].line == 3


def test_declassification_beyond_25_years_is_a_problem() -> None:
    text = (
        "O 281347Z MAY 08\nFM SECSTATE WASHDC\nTO AMEMBASSY ANKARA IMMEDIATE\n\n"
        "S E C R E T STATE 000001\n\nE.O. 12958: DECL: 05/28/2040\n\n1. (S) Text here.\n"
    )
    t = parse_telegram(text)
    assert [p.line for p in t.problems] == [7]
    assert "25 years" in t.problems[0].message


def test_missing_classification_line_names_what_was_expected() -> None:
    with pytest.raises(CableParseError) as caught:
        parse_telegram("hello\nworld\n", source="note.txt")
    assert caught.value.line == 1
    assert "classification line" in str(caught.value)
    assert str(caught.value).startswith("note.txt:1:")


def test_impossible_dtg_names_its_line() -> None:
    with pytest.raises(CableParseError) as caught:
        parse_telegram("\nO 311347Z FEB 08\nS E C R E T STATE 000001\n")
    assert caught.value.line == 2


@pytest.mark.parametrize(
    ("text", "letters", "info"),
    [
        ("O 281347Z MAY 08", Precedence.IMMEDIATE, None),
        ("O P 280224Z MAR 09", Precedence.IMMEDIATE, Precedence.PRIORITY),
        ("R 221857Z APR 2015", Precedence.ROUTINE, None),
        ("Z 010000Z JAN 70", Precedence.FLASH, None),
    ],
)
def test_dtg_forms(text: str, letters: Precedence, info: Precedence | None) -> None:
    dtg = parse_dtg(text)
    assert (dtg.precedence, dtg.info_precedence) == (letters, info)


def test_two_digit_years_pivot_at_1970() -> None:
    assert parse_dtg("R 010000Z JAN 70").at.year == 1970
    assert parse_dtg("R 010000Z JAN 69").at.year == 2069


def test_unnumbered_text_before_paragraph_one_is_kept() -> None:
    text = (
        "S E C R E T STATE 079112\n\nClassified By: EUR/PRA Director Stephanie Miley\n\n"
        "THIS IS AN ACTION REQUEST.  SEE PARA 2.\n\n1. (S) Text.\n\nA second part here.\n"
    )
    t = parse_telegram(text)
    assert t.body[0] == Text("THIS IS AN ACTION REQUEST.  SEE PARA 2.")
    assert t.paragraphs[0].parts == (Prose("A second part here."),)


def test_batch_keeps_the_good_telegrams() -> None:
    accepted, errors = parse_telegrams([("good", PARTIAL), ("bad", "nothing here"), ("e", EMBASSY)])
    assert len(accepted) == 2
    assert [error.source for error in errors] == ["bad"]
