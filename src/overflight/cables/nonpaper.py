"""The non-paper for one host state: its talking points, releasable to it and to it alone.

A non-paper is what a diplomat leaves with the host government, so it holds only the talking
points (:mod:`overflight.cables.points` says where they are; a telegram that marks none is
refused rather than handing over background and instructions). Of those, a point goes in when:

* its portion mark, after ``REL Recipients`` is resolved against the action addressees, is
  releasable to the state (:func:`overflight.markings.releasable_to`): NOFORN never, an
  unmarked point takes the telegram's classification, a marked bullet is judged on its own mark;
* it names no other state the telegram goes to or releases to (action and info addressees' host
  states, states in any portion's release list), by name, demonym, place, post or trigraph
  (:func:`overflight.cables.names.states_named`). Such a point is left out, not edited.

Each point's release list is cut to ``USA`` and the state, so the banner, computed from the
points, names that state alone (``SECRET//REL TO USA, TUR``). Nothing else of the telegram goes
in: no addressees, serial, subject, references, TAGS, Classified By, slugs or instructions;
citations such as ``(REF A)`` are taken out of a point's text.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace

from overflight.cables.model import Block, Bullet, Paragraph, Telegram
from overflight.cables.names import states_named
from overflight.cables.points import find_talking_points
from overflight.errors import InputError, Param
from overflight.markings import (
    Marking,
    alpha2_to_trigraph,
    compute_banner,
    releasable_to,
    to_trigraph,
)

__all__ = ["NonPaper", "NonPaperPoint", "compose_non_paper", "format_non_paper", "render_non_paper"]

_CITATION = re.compile(r"\s*\(\s*REFS?\b[^)]*\)", re.IGNORECASE)

_FOR_STATE = Param("for_state")  # the host state a non-paper is for


@dataclass(frozen=True, slots=True)
class NonPaperPoint:
    """One point as handed over: its text and its mark, released to the one state."""

    text: str
    marking: Marking
    bullet: bool


@dataclass(frozen=True, slots=True)
class NonPaper:
    """What may be handed to one host state.

    Attributes:
        state: trigraph of the host state.
        banner: the overall marking of the points (``SECRET//REL TO USA, TUR``).
        points: the talking points that went in, in order.
        withheld: talking points left out (not releasable to the state, or naming another).
    """

    state: str
    banner: Marking
    points: tuple[NonPaperPoint, ...]
    withheld: int


def compose_non_paper(telegram: Telegram, state: str) -> NonPaper:
    """The talking points of a telegram that may go to one host state, marked for it alone.

    Args:
        telegram: the telegram (a reader's copy gives a non-paper within what the reader sees).
        state: the host state, as a trigraph or a country name (``TUR``, ``Turkey``).

    Raises:
        InputError: the state is unknown or the USA; the telegram marks no talking points; or
            no talking point may go to the state.
    """
    trigraph = _host_state(state)
    found = find_talking_points(telegram)
    if not found:
        raise InputError(
            "telegram",
            f"{_called(telegram)} marks no talking points to hand over: put them under a "
            "TALKING POINTS or NON-PAPER heading, or between 'Begin talking points:' and "
            "'END POINTS.'",
        )
    recipients = telegram.recipients
    default = Marking(telegram.classification)
    others = _other_states(telegram) - {trigraph, "USA"}
    points: list[NonPaperPoint] = []
    for point in found:
        marking = (point.marking or default).resolve(recipients)
        if not releasable_to(marking, trigraph) or states_named(point.text, others):
            continue
        text = _CITATION.sub("", point.text).strip()
        if not text:  # nothing but a citation
            continue
        points.append(NonPaperPoint(text, _released_to(marking, trigraph), point.bullet))
    withheld = len(found) - len(points)
    if not points:
        raise InputError(
            _FOR_STATE,
            f"no talking point of {_called(telegram)} may go to {trigraph}: of the "
            f"{len(found)} it marks, each is not releasable to {trigraph} or names another state",
        )
    banner = compute_banner(point.marking for point in points)
    return NonPaper(trigraph, banner, tuple(points), withheld)


def render_non_paper(telegram: Telegram, state: str) -> str:
    """The non-paper for a host state as text: banner, ``NON-PAPER``, the points, banner.

    Points written as bullets stay ``--`` bullets; the others are paragraphs. Each carries its
    portion mark.

    Raises:
        InputError: see :func:`compose_non_paper`.
    """
    return format_non_paper(compose_non_paper(telegram, state))


def format_non_paper(paper: NonPaper) -> str:
    """A composed non-paper as text (see :func:`render_non_paper`)."""
    banner = paper.banner.banner()
    lines = [banner, "", "NON-PAPER"]
    previous: NonPaperPoint | None = None
    for point in paper.points:
        if previous is None or not point.bullet:
            lines.append("")
        lead = "-- " if point.bullet else ""
        lines.append(f"{lead}{point.marking.portion()} {point.text}")
        previous = point
    lines.extend(["", banner])
    return "\n".join(lines) + "\n"


def _host_state(state: str) -> str:
    try:
        trigraph = to_trigraph(state)
    except ValueError as err:
        raise InputError(_FOR_STATE, str(err)) from None
    if trigraph == "USA" or len(trigraph) != 3:
        raise InputError(_FOR_STATE, f"{state!r}: a non-paper is for a foreign host state")
    return trigraph


def _released_to(marking: Marking, trigraph: str) -> Marking:
    """The mark with its release list cut to the USA and the one state."""
    if marking.rel_to is None:
        return marking
    return replace(marking, rel_to=("USA", trigraph))


def _other_states(telegram: Telegram) -> frozenset[str]:
    """States the telegram goes to (action and info) or releases any portion to."""
    states = {
        alpha2_to_trigraph(addressee.post.country)
        for addressee in (*telegram.action, *telegram.info)
        if addressee.post.country
    }
    recipients = telegram.recipients
    for marking in _markings(telegram.body):
        states.update(marking.resolve(recipients).rel_to or ())
    return frozenset(code for code in states if len(code) == 3)


def _markings(body: tuple[Block, ...]) -> Iterator[Marking]:
    """Every portion mark written in the body (paragraphs and their bullets)."""
    for block in body:
        if isinstance(block, Paragraph):
            if block.marking is not None:
                yield block.marking
            for part in block.parts:
                if isinstance(part, Bullet) and part.marking is not None:
                    yield part.marking


def _called(telegram: Telegram) -> str:
    serial = telegram.serial
    return f"{serial.station} {serial.number:06d}" if serial is not None else "the telegram"
