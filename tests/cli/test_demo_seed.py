"""`overflight demo` against the seed: its thank-you is STATE 056778, field by field, and its
action request asks what STATE 056778's REF A (STATE 43804) asked, of the same posts."""

from __future__ import annotations

from pathlib import Path

import pytest

from overflight.cables import (
    Telegram,
    compose_non_paper,
    parse_telegram,
    point_of_contact,
    reporting_deadline,
    slugs,
)
from overflight.cables.extract import talking_points
from overflight.cables.model import Paragraph, Precedence
from overflight.markings import parse_portion

SEED = "seed/000_d99df81b5c68d2d0.txt"
HEADER_FIELDS = (
    "dtg",
    "origin",
    "action",
    "info",
    "excluded",
    "captions",
    "classification",
    "serial",
    "section",
    "declassification",
    "tags",
    "subject",
    "subject_marking",
    "refs",
    "authority",
    "signature",
)


@pytest.fixture(scope="module")
def drafts(demo_out: Path) -> dict[int, Telegram]:
    found = {}
    for path in sorted((demo_out / "drafts").glob("case-1-STATE-*.txt")):
        telegram = parse_telegram(path.read_text(encoding="utf-8"), source=path.name)
        assert telegram.problems == ()
        assert telegram.serial is not None
        found[telegram.serial.number] = telegram
    return found


@pytest.fixture(scope="module")
def seed(shared_dir: Path) -> Telegram:
    return parse_telegram((shared_dir / SEED).read_text(encoding="utf-8"), source=SEED)


@pytest.mark.parametrize("field", HEADER_FIELDS)
def test_the_thank_you_has_the_seeds_header_field(
    drafts: dict[int, Telegram], seed: Telegram, field: str
) -> None:
    assert getattr(drafts[56778], field) == getattr(seed, field)


def test_the_thank_you_has_the_seeds_body_block_by_block(
    drafts: dict[int, Telegram], seed: Telegram
) -> None:
    ours = drafts[56778].body
    assert len(ours) == len(seed.body)
    for mine, theirs in zip(ours, seed.body, strict=True):
        assert mine == theirs


def test_the_thank_you_reads_like_the_seed(drafts: dict[int, Telegram], seed: Telegram) -> None:
    ours = drafts[56778]
    assert talking_points(ours) == talking_points(seed)
    assert reporting_deadline(ours) == reporting_deadline(seed)
    assert point_of_contact(ours) == point_of_contact(seed)
    assert slugs(ours) == slugs(seed)
    assert ours.recipients == seed.recipients
    for state in seed.recipients:
        assert compose_non_paper(ours, state) == compose_non_paper(seed, state)


def test_the_seeds_ref_a_is_the_demos_action_request(
    drafts: dict[int, Telegram], seed: Telegram
) -> None:
    ref_a = seed.refs[0]
    assert (ref_a.letter, ref_a.station, ref_a.number) == ("A", "STATE", 43804)
    action = drafts[43804]
    # Addressed to the posts the seed thanks, in the same order: the states REF A asked.
    assert [a.post for a in action.action] == [a.post for a in seed.action]
    assert action.subject == "AIR KORYO CHARTER FLIGHT KOR7717: REQUEST TO DENY OVERFLIGHT"
    # The departure is 30 minutes away: every post gets it NIACT IMMEDIATE.
    assert {a.precedence for a in action.action} == {Precedence.NIACT_IMMEDIATE}
    assert action.dtg is not None
    assert seed.dtg is not None
    assert action.dtg.at < seed.dtg.at


def test_ref_a_asks_each_state_to_deny_overflight_in_its_own_non_paper(
    drafts: dict[int, Telegram], seed: Telegram
) -> None:
    action = drafts[43804]
    for state in seed.recipients:
        paper = compose_non_paper(action, state)
        texts = [p.text for p in paper.points]
        asks = [t for t in texts if t.startswith("We ask that you")]
        assert asks == [
            "We ask that you deny this aircraft permission to overfly your territory, and any "
            "new request for it, in keeping with the Proliferation Security Initiative."
        ]
        entries = [t for t in texts if t.startswith("The aircraft is expected to enter your")]
        assert len(entries) == 1, state  # its own entry and exit, no other state's
        assert all(p.marking.rel_to in (None, ("USA", state)) for p in paper.points)
        # What an air traffic service needs to know the aircraft: type, registration, address.
        assert any(
            "an Il-76, registration P912, ICAO 24-bit address 72100F, callsign KOR7717" in t
            for t in texts
        )


def test_ref_a_carries_identity_times_and_a_deadline_before_the_first_entry(
    drafts: dict[int, Telegram],
) -> None:
    action = drafts[43804]
    flight = next(p for p in action.paragraphs if p.text.startswith("Callsign"))
    for fact in ("Callsign KOR7717", "registration P912", "ICAO 24-bit address 72100F",
                 "Il-76 (ICAO type IL76)", "operator Air Koryo (KOR)",
                 "Pyongyang, North Korea (ZKPY) at 0100Z on 1 February 2008"):  # fmt: skip
        assert fact in flight.text
    posts = [p for p in action.paragraphs if p.text.startswith("For Embassy")]
    assert len(posts) == 7
    for paragraph in posts:
        assert isinstance(paragraph, Paragraph)
        assert paragraph.marking is not None
        assert paragraph.marking.rel_to is not None
        assert len(paragraph.marking.rel_to) == 2  # USA and the post's host state alone
        assert "airspace at " in paragraph.text
        assert "Z on 1 February 2008" in paragraph.text
    deadline = next(p for p in action.paragraphs if p.text.startswith("Please report"))
    assert deadline.marking == parse_portion("(U)")
    assert "by 1 February, 04" in deadline.text  # an hour before Kazakhstan, the first entry


def test_china_has_no_psi_record_and_is_asked_apart_to_monitor(drafts: dict[int, Telegram]) -> None:
    monitor = drafts[43805]
    assert monitor.action_countries == ("CN",)
    assert monitor.subject.endswith("REQUEST TO MONITOR AND REPORT")
