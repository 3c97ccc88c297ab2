"""The telegram reader never raises anything but ``CableParseError``, whatever the text."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.cables import CableParseError, parse_telegram

LINES = st.sampled_from(
    [
        "VZCZCXYZ0007",
        "PP RUEHWEB",
        "DE RUEHMO #0226/01 0301525",
        "ZNY SSSSS ZZH",
        "O 301525Z JAN 09",
        "O R 161415Z DEC 09 ZDK",
        "FM AMEMBASSY MOSCOW",
        "TO RUEHC/SECSTATE WASHDC IMMEDIATE 0140",
        "INFO RUCNIRA/IRAN COLLECTIVE PRIORITY",
        "RUEHLP/AMEMBASSY LA PAZ FEB 4470",
        "",
        "SS E C R E T MOSCOW 000226",
        "C O N F I D E N T I A L SECTION 01 OF 04 ANKARA 000348",
        "UNCLAS MADRID 000123",
        "SIPDIS",
        "NOFORN",
        "E.O. 12958: DECL: 02/19/2014",
        "E.O. 12598 DECL: 02/12/20",
        "TAGS: PINR PREL CS",
        "CU, DR, EC",
        "SUBJECT: (S) FLIGHT OF CONCERN",
        "REF: A. STATE 1234 B. 99 PRETORIA 12315",
        "Classified By: Amb. Edward W. Gnehm for reasons 1.5 (b) (d)",
        "¶1. (S/NF) Text of the first paragraph.",
        "1, (C) Summary.",
        "¶2. C) Lost parenthesis.",
        "-- (S//REL TO USA, TUR) a point",
        "MOSCOW 00000226 001.2 OF 003",
        "This record is a partial extract of the original cable.",
        "NNNN",
        "BURNS",
    ]
)
NOISE = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(LINES, NOISE), max_size=30))
def test_any_sequence_of_lines_reads_or_raises_a_parse_error(lines: list[str]) -> None:
    try:
        telegram = parse_telegram("\n".join(lines), source="fuzz")
    except CableParseError as err:
        failure: CableParseError | None = err
    else:
        failure = None
        assert all(problem.line >= 0 for problem in telegram.problems)
    assert failure is None or failure.source == "fuzz"
