"""The non-paper for a host state: its talking points, released to it and to it alone."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from drafting_cases import DRAFTING, FLIGHT, ask

from overflight.cables import compose_non_paper, parse_telegram, render_non_paper, render_telegram
from overflight.cables.compose import compose_action_request, compose_thank_you
from overflight.cables.model import Serial, Telegram
from overflight.cables.thanks import Cooperation
from overflight.errors import InputError, Param
from overflight.interdiction.asks import AskKind

# How each state of the multi-state case may be named: a non-paper for another must hold none.
NAMES = {
    "TUR": ("TUR", "Turkey", "Turkish", "Ankara", "ANKARA", "Esenbo", "LTAC"),
    "KAZ": ("KAZ", "Kazakhstan", "Kazakh", "Astana", "ASTANA", "UACC"),
    "TKM": ("TKM", "Turkmenistan", "Turkmen", "Ashgabat", "ASHGABAT"),
    "UZB": ("UZB", "Uzbekistan", "Uzbek", "Tashkent", "TASHKENT"),
}
SEED_OTHERS = ("AFG", "KGZ", "TJK", "Kabul", "Bishkek", "Dushanbe", "Central Asian")
# Nothing written for posts or the record reaches a host government.
FOR_POSTS = (
    "slug",
    "Posts are requested",
    "Posts should",
    "Posts may draw",
    "host nation",
    "host government",
    "For Embassy",
    "point of contact",
    "Please report",
    "Washington thanks posts",
    "AMEMBASSY",
    "SECSTATE",
    "SUBJECT",
    "TAGS",
    "REF",
    "Classified By",
    "E.O.",
    "BACKGROUND",
    "OBJECTIVES",
    "Begin talking points",
    "END POINTS",
    "REL Recipients",
    "NOFORN",
)
CASE_ASKS = (
    ask("KZ", AskKind.REQUIRE_LANDING, aerodrome="UACC"),
    ask("TM", AskKind.DENY_OVERFLIGHT),
    ask("TR", AskKind.REQUIRE_LANDING, aerodrome="LTAC"),
    ask("UZ", AskKind.DENY_OVERFLIGHT),
)
_MARK = re.compile(r"^(?:-- )?\(([^)]*)\) ", re.MULTILINE)  # each point's portion mark


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Telegram:
    path = shared_dir / "seed" / "000_d99df81b5c68d2d0.txt"
    return parse_telegram(path.read_text(encoding="utf-8"), source=path.name)


@pytest.fixture(scope="module")
def case_telegrams() -> tuple[Telegram, ...]:
    """The action request and the thank-you of a case that approached four states, as stored."""
    due = datetime(2008, 2, 1, 4, 48, tzinfo=UTC)
    request = compose_action_request(FLIGHT, CASE_ASKS, due, DRAFTING)
    thanked = replace(DRAFTING, serial=Serial("STATE", 56778))
    thanks = compose_thank_you(
        FLIGHT, ("KZ", "TM", "TR", "UZ"), Cooperation(denied=("KZ", "TM")), "had to be canceled",
        date(2008, 6, 5), thanked,
    )  # fmt: skip
    return tuple(parse_telegram(render_telegram(t)) for t in (request, thanks))


def assert_for_one_state(text: str, state: str) -> None:
    """Banner and every portion mark name the state alone; no other state, nothing for posts."""
    banner = f"SECRET//REL TO USA, {state}"
    lines = text.splitlines()
    assert (lines[0], lines[-1]) == (banner, banner)
    marks = _MARK.findall(text)
    assert marks
    assert set(marks) <= {f"S//REL TO USA, {state}", "U"}
    assert len(marks) == len([line for line in lines[1:-1] if line]) - 1  # all but NON-PAPER
    others = [name for code, names in NAMES.items() if code != state for name in names]
    for word in (*others, *FOR_POSTS):
        assert word not in text, word


def test_seed_non_paper_for_turkey_is_its_four_points_and_nothing_else(seed: Telegram) -> None:
    text = render_non_paper(seed, "TUR")
    assert_for_one_state(text, "TUR")
    for word in SEED_OTHERS:
        assert word not in text
    body = [line for line in text.splitlines()[1:-1] if line]
    assert body[0] == "NON-PAPER"
    assert len(body) == 5
    assert all(line.startswith("-- (S//REL TO USA, TUR) ") for line in body[1:])
    assert "the flight had to be canceled, and the shipment did not take place." in text


@pytest.mark.parametrize("state", sorted(NAMES))
def test_each_state_approached_gets_its_own_points_and_learns_of_no_other(
    case_telegrams: tuple[Telegram, ...], state: str
) -> None:
    for telegram in case_telegrams:
        assert_for_one_state(render_non_paper(telegram, state), state)


def test_a_state_asked_to_require_a_landing_gets_its_aerodrome_and_ask_only(
    case_telegrams: tuple[Telegram, ...],
) -> None:
    request = case_telegrams[0]
    turkey = render_non_paper(request, "TUR")
    assert "require the aircraft to land for inspection at Esenbo" in turkey
    assert "(LTAC)" in turkey
    assert "deny this aircraft" not in turkey
    assert turkey.count("The aircraft is expected to enter your airspace") == 1
    turkmenistan = render_non_paper(request, "TKM")
    assert "We ask that you deny this aircraft permission to overfly" in turkmenistan
    assert "land for inspection" not in turkmenistan
    assert turkmenistan.count("The aircraft is expected to enter your airspace") == 1
    # Withheld from Turkmenistan: two landing asks and three other states' entries.
    assert compose_non_paper(request, "TKM").withheld == 5


@pytest.mark.parametrize("state", ["GBR", "Russia", "CHN"])
def test_a_state_with_nothing_releasable_is_refused(
    case_telegrams: tuple[Telegram, ...], state: str
) -> None:
    refusal = r"no talking point of STATE 043804 may go to [A-Z]{3}: of the 9 it marks"
    with pytest.raises(InputError, match=refusal):
        compose_non_paper(case_telegrams[0], state)


@pytest.mark.parametrize("state", ["USA", "ZZZ", ""])
def test_a_non_paper_is_for_a_foreign_state(seed: Telegram, state: str) -> None:
    with pytest.raises(InputError) as caught:
        compose_non_paper(seed, state)
    assert caught.value.what == Param("for_state")  # the CLI says --for, the web for


HEADER = """\
O 281347Z MAY 08
FM SECSTATE WASHDC
TO AMEMBASSY ANKARA IMMEDIATE
AMEMBASSY ASTANA IMMEDIATE
INFO AMEMBASSY TASHKENT IMMEDIATE

S E C R E T STATE 000002

E.O. 12958: DECL: 05/28/2018
TAGS: PARM PREL
SUBJECT: (S//NF) ASKING TURKEY AND KAZAKHSTAN

REF: STATE 1234

Classified By: ISN, Reasons 1.4 (b) and (d)
"""
MARKED_IN_TEXT = (
    HEADER
    + """
1. (S//NF) Posts are requested to deliver the points in para 3. Tashkent is info.

----------
BACKGROUND
----------

2. (S//REL TO USA, KAZ, TUR) ALPHA background, releasable but not a talking point.

--------------
TALKING POINTS
--------------

3. (S//NF) Post should deliver the following points. BEGIN POINTS:
-- (S//REL TO USA, KAZ, TUR) BRAVO we ask that you deny overflight (REF A).
-- (S//REL TO USA, KAZ, TUR) CHARLIE Kazakh and Uzbek officials have already agreed.
-- (S//NF) DELTA our source is inside the airline.
-- (U) ECHO we would welcome any information on this flight.
-- (S//REL TO USA, KAZ) FOXTROT a suitable aerodrome is Astana (UACC). END POINTS.

4. (U) GOLF Please slug responses for ISN.
"""
)


def test_marks_inside_a_portion_bound_the_points_and_each_point_is_judged_alone() -> None:
    paper = compose_non_paper(parse_telegram(MARKED_IN_TEXT), "TUR")
    assert [(p.text, p.marking.portion()) for p in paper.points] == [
        ("BRAVO we ask that you deny overflight.", "(S//REL TO USA, TUR)"),
        ("ECHO we would welcome any information on this flight.", "(U)"),
    ]
    assert paper.banner.banner() == "SECRET//REL TO USA, TUR"
    # CHARLIE names Kazakhstan and Uzbekistan (an info addressee); DELTA is NOFORN; FOXTROT is
    # released to Kazakhstan only.
    assert paper.withheld == 3


def test_a_point_naming_another_recipient_is_withheld_from_every_recipient() -> None:
    kazakhstan = compose_non_paper(parse_telegram(MARKED_IN_TEXT), "KAZ")
    assert [p.text.split()[0] for p in kazakhstan.points] == ["BRAVO", "ECHO", "FOXTROT"]
    assert "Astana (UACC)" in kazakhstan.points[-1].text
    assert kazakhstan.banner.banner() == "SECRET//REL TO USA, KAZ"


UNDER_A_HEADING = (
    HEADER
    + """
1. (S//REL TO USA, TUR) ALPHA Washington is tracking the flight.

--------------
TALKING POINTS
--------------

2. (S//REL TO USA, TUR) Post should make the following points:
-- BRAVO we ask that you deny overflight.

3. (S//REL TO USA, TUR) CHARLIE we would welcome any information.

---------
REPORTING
---------

4. (S//REL TO USA, TUR) DELTA the flight leaves on 3 June.
"""
)


def test_without_markers_the_points_are_the_portions_under_their_heading() -> None:
    paper = compose_non_paper(parse_telegram(UNDER_A_HEADING), "Turkey")
    assert [(p.text, p.bullet) for p in paper.points] == [
        ("BRAVO we ask that you deny overflight.", True),
        ("CHARLIE we would welcome any information.", False),
    ]
    text = render_non_paper(parse_telegram(UNDER_A_HEADING), "TUR")
    assert "-- (S//REL TO USA, TUR) BRAVO" in text
    assert "\n(S//REL TO USA, TUR) CHARLIE" in text


def test_a_heading_closes_points_left_open() -> None:
    unclosed = UNDER_A_HEADING.replace(
        "2. (S//REL TO USA, TUR) Post should make the following points:",
        "2. (S//REL TO USA, TUR) Begin points:",
    )
    paper = compose_non_paper(parse_telegram(unclosed), "TUR")
    assert [p.text.split()[0] for p in paper.points] == ["BRAVO", "CHARLIE"]


@pytest.mark.parametrize("begin", ["BEGIN TALKING POINTS", "TALKING POINTS"])
def test_an_end_heading_closes_the_points(begin: str) -> None:
    text = (
        HEADER
        + f"""
{begin}

1. (S//REL TO USA, TUR) ALPHA we ask that you deny overflight.

END TALKING POINTS

2. (S//REL TO USA, TUR) BRAVO the flight leaves on 3 June.
"""
    )
    paper = compose_non_paper(parse_telegram(text), "TUR")
    assert [p.text.split()[0] for p in paper.points] == ["ALPHA"]


def test_a_telegram_without_talking_points_is_refused_not_handed_over() -> None:
    background_only = HEADER + "\n1. (S//REL TO USA, TUR) ALPHA background for posts.\n"
    with pytest.raises(InputError, match="STATE 000002 marks no talking points") as caught:
        compose_non_paper(parse_telegram(background_only), "TUR")
    assert caught.value.what == "telegram"
