"""Render then parse gives the telegram back; the parser raises nothing but its own errors."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overflight.cables import (
    POSTS,
    Bullet,
    CableParseError,
    CableReference,
    Heading,
    Paragraph,
    Prose,
    Serial,
    Telegram,
    Text,
    parse_telegram,
    render_telegram,
)
from overflight.cables.model import Addressee, Block, Dtg, Precedence, Section
from overflight.cables.posts import post_named
from overflight.markings import (
    ClassificationAuthority,
    ClassificationLevel,
    Control,
    Declassification,
    DeclassKind,
    Marking,
    canonical_rel_to,
)
from overflight.markings.authority import Reasons

WORDS = st.sampled_from(
    [
        "the",
        "flight",
        "cargo",
        "posts",
        "airspace",
        "host",
        "nation",
        "missile",
        "cooperation",
        "overflight",
        "permit",
        "landing",
        "inspection",
        "partners",
        "urge",
        "thank",
        "request",
    ]
)
STATIONS = st.sampled_from(["STATE", "ASTANA", "ANKARA", "ASHGABAT", "CAPE TOWN", "ABU DHABI"])
TRIGRAPHS = st.sampled_from(["TUR", "KAZ", "KGZ", "TJK", "TKM", "UZB", "AFG", "GBR"])
HEADINGS = st.sampled_from(
    [
        "OBJECTIVES",
        "BACKGROUND",
        "TALKING POINTS/NON-PAPER:",
        "REPORTING DEADLINE",
        "POINT OF CONTACT AND REPORTING REQUIREMENT",
        "ACTION REQUEST",
    ]
)
UNIQUE_POSTS = [post_named(p.name) for p in POSTS]


@st.composite
def sentences(draw: st.DrawFn) -> str:
    words = draw(st.lists(WORDS, min_size=2, max_size=12))
    return " ".join(words).capitalize() + "."


@st.composite
def markings(draw: st.DrawFn, ceiling: ClassificationLevel) -> Marking:
    level = draw(st.sampled_from([lv for lv in ClassificationLevel if lv <= ceiling]))
    release = draw(st.sampled_from(["none", "noforn", "rel", "recipients"]))
    if release == "noforn":
        return Marking(level, frozenset({Control.NOFORN}))
    if release == "rel":
        return Marking(level, frozenset(), canonical_rel_to(draw(st.lists(TRIGRAPHS, max_size=3))))
    return Marking(level, frozenset(), None, release == "recipients")


@st.composite
def paragraphs(draw: st.DrawFn, number: int, ceiling: ClassificationLevel) -> Paragraph:
    marking = draw(st.none() | markings(ceiling))
    parts = draw(
        st.lists(
            st.builds(Bullet, sentences(), st.none() | markings(ceiling))
            | st.builds(Prose, sentences()),
            max_size=3,
        )
    )
    return Paragraph(number, marking, draw(sentences()), tuple(parts))


@st.composite
def bodies(draw: st.DrawFn, ceiling: ClassificationLevel) -> tuple[Block, ...]:
    blocks: list[Block] = []
    if draw(st.booleans()):
        blocks.append(Text(draw(sentences())))
    for number in range(1, draw(st.integers(0, 6)) + 1):
        if draw(st.booleans()):
            blocks.append(Heading(draw(HEADINGS)))
        blocks.append(draw(paragraphs(number, ceiling)))
    return tuple(blocks)


@st.composite
def addressees(draw: st.DrawFn) -> Addressee:
    return Addressee(
        draw(st.sampled_from(UNIQUE_POSTS)),
        draw(st.none() | st.sampled_from(list(Precedence))),
        draw(st.sampled_from(["", "0227", "7721-7722"])),
    )


@st.composite
def references(draw: st.DrawFn, year: int) -> tuple[CableReference, ...]:
    count = draw(st.integers(0, 5))
    refs = []
    for index in range(count):
        letter = "" if count == 1 else "ABCDEFG"[index]
        ref_year = draw(st.none() | st.integers(1975, 2060).filter(lambda y: y != year))
        refs.append(CableReference(letter, draw(STATIONS), draw(st.integers(1, 999999)), ref_year))
    return tuple(refs)


@st.composite
def telegrams(draw: st.DrawFn) -> Telegram:
    level = draw(st.sampled_from(list(ClassificationLevel)))
    at = draw(st.datetimes(datetime(1975, 1, 1), datetime(2060, 12, 31))).replace(
        second=0, microsecond=0, tzinfo=UTC
    )
    letters = [Precedence.FLASH, Precedence.IMMEDIATE, Precedence.PRIORITY, Precedence.ROUTINE]
    dtg = Dtg(draw(st.sampled_from(letters)), at, draw(st.none() | st.sampled_from(letters)))
    with_header = draw(st.booleans())
    declass = draw(
        st.sampled_from(
            [
                Declassification("12958", DeclassKind.DATE, on=date(at.year + 10, 1, 31)),
                Declassification("12958", DeclassKind.NOT_APPLICABLE),
                Declassification("13526", DeclassKind.MANUAL_REVIEW),
            ]
        )
    )
    section = draw(st.none() | st.builds(Section, st.integers(1, 9), st.integers(1, 9)))
    reasons = draw(
        st.none()
        | st.builds(
            Reasons,
            st.sampled_from(["1.4", "1.5"]),
            st.lists(st.sampled_from("abcdefgh"), min_size=1, unique=True).map(
                lambda xs: tuple(sorted(xs))
            ),
        )
    )
    return Telegram(
        classification=level,
        serial=draw(st.none() | st.builds(Serial, STATIONS, st.integers(1, 999999))),
        section=section,
        dtg=dtg if with_header else None,
        origin=draw(st.sampled_from([post_named("SECSTATE WASHDC"), *UNIQUE_POSTS[:20]]))
        if with_header
        else None,
        action=tuple(draw(st.lists(addressees(), min_size=1, max_size=5))) if with_header else (),
        info=tuple(draw(st.lists(addressees(), max_size=3))) if with_header else (),
        excluded=("AMCONSUL JOHANNESBURG",) if with_header and draw(st.booleans()) else (),
        routing=("VZCZCXYZ0001", "OO RUEHWEB", "DE RUEHC #8302 0870151", "ZNY SSSSS ZZH")
        if with_header and draw(st.booleans())
        else (),
        captions=tuple(draw(st.lists(st.sampled_from(["SIPDIS", "NOFORN"]), max_size=2))),
        declassification=draw(st.none() | st.just(declass)),
        tags=tuple(
            draw(st.lists(st.sampled_from(["PARM", "PREL", "MNUC", "TU", "KZ"]), max_size=4))
        ),
        subject=" ".join(draw(st.lists(WORDS, min_size=1, max_size=14))).upper(),
        subject_marking=draw(st.none() | markings(level)),
        refs=draw(references(at.year)),
        authority=ClassificationAuthority("ISN Acting DAS Kenneth W. Staley", reasons),
        body=draw(bodies(level)),
        signature=draw(st.sampled_from(["", "RICE", "CLINTON", "Beyrle"])),
        trailer=draw(st.sampled_from([(), ("NNNN",), ("NNNN", "End Cable Text")])),
    )


@settings(max_examples=200, suppress_health_check=[HealthCheck.too_slow])
@given(telegrams())
def test_parse_of_render_is_the_telegram(telegram: Telegram) -> None:
    assert parse_telegram(render_telegram(telegram)) == telegram


@settings(max_examples=300)
@given(st.text(max_size=400))
def test_parser_on_any_text_raises_only_cable_errors(text: str) -> None:
    with contextlib.suppress(CableParseError):
        parse_telegram(text)


LINE_PIECES = st.sampled_from(
    [
        "O 281347Z MAY 08",
        "O 311347Z FEB 08",
        "FM SECSTATE WASHDC",
        "TO AMEMBASSY ANKARA",
        "INFO RUEHCV/AMEMBASSY CARACAS PRIORITY 0298-0299",
        "S E C R E T STATE 056778",
        "E.O. 12958: DECL: 05/28/2033",
        "E.O. 12958: DECL: 99/99/9999",
        "TAGS: PARM",
        "SUBJECT: (S//REL TO USA, XYZ) TEST",
        "REF: A. STATE 43804",
        "¶B. ASTANA 849",
        "Classified By: someone, Reasons 1.4 (z)",
        "11. (S//NF/REL TO USA, TUR) text",
        "- 12. (N/SF) text",
        "-- (S//REL Recipients) point",
        "OBJECTIVES",
        "RICE",
        "NNNN",
        "$\\P4$. (TS) text",
        "",
        "XMT AMCONSUL JOHANNESBURG",
        "C o n f i d e n t i a l ankara 3",
    ]
)


@settings(max_examples=300)
@given(st.lists(LINE_PIECES | st.text(max_size=30), max_size=25))
def test_parser_on_shuffled_telegram_lines_raises_only_cable_errors(lines: list[str]) -> None:
    with contextlib.suppress(CableParseError):
        telegram = parse_telegram("\n".join(lines))
        render_telegram(telegram)
