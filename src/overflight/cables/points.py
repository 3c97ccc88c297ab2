"""Where a telegram's talking points are: the portions a post may hand to a host government.

The rule (the non-paper is made from what it finds):

1. **Markers.** ``Begin talking points/non-paper:`` (also ``BEGIN POINTS``, ``Begin text of
   non-paper``) opens the points and ``END POINTS.`` (``End talking points``, ``End non-paper``)
   closes them, wherever they are written: a paragraph's first line, a bullet, a line of its own
   or a heading. In one portion, text before a Begin marker stays out (``Post should deliver the
   following points. BEGIN POINTS:``), text after an End marker too. A heading closes points left
   open, unless it names the points itself, so a missing ``END POINTS`` never lets in the
   reporting paragraphs under the next heading.
2. **Headings.** In a telegram with no Begin marker, the portions under a heading that names the
   points (``TALKING POINTS``, ``TALKING POINTS/NON-PAPER``, ``NON-PAPER``, ``POINTS TO MAKE``,
   ``POINTS``) up to the next heading, or up to an End marker.
3. Anything else is not a talking point: background, objectives, the action request, the point
   of contact, the reporting deadline, the slugs.

Inside the points, a portion that speaks to posts rather than to the host government is left out:
instructions (``Post should…``, ``Posts are requested…``, ``Department requests…``, ``Drawing on
the points…``, ``Please report…``), slugs, thanks to posts, points of contact, references to
telegrams (``reftel``), talk of the host nation in the third person, and talk about the talking
points or non-paper themselves.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from overflight.cables.model import Bullet, Heading, Paragraph, Prose, Telegram, Text
from overflight.markings import Marking

__all__ = ["TalkingPoint", "find_talking_points", "speaks_to_posts"]

_WHAT = r"(?:TALKING\s+POINTS|POINTS|NON-?PAPER)"
_WHICH = rf"(?:THE\s+)?(?:TEXT\s+OF\s+(?:THE\s+)?)?{_WHAT}(?:\s*(?:/|AND|OR)\s*{_WHAT})*"
_BEGIN = re.compile(rf"\bBEGIN\s+{_WHICH}\b\s*[:.]?", re.IGNORECASE)
_END = re.compile(rf"\bEND\s+(?:OF\s+)?{_WHICH}\b\s*[:.]?", re.IGNORECASE)
_POINTS_HEADING = re.compile(
    r"\bTALKING\s+POINTS\b|\bNON-?PAPER\b|\bPOINTS\s+TO\s+MAKE\b|^\s*(?:SUGGESTED\s+)?POINTS\s*:?\s*$",
    re.IGNORECASE,
)
_TO_POSTS = re.compile(
    "|".join(
        (
            r"\bslug",
            r"\bposts?\s+(?:should|shall|must|may|is|are|will|can|please)\b",
            r"\b(?:embassy|embassies|mission|missions|addressees?)\s+(?:should|shall|must|may"
            r"|please|(?:is|are)\s+(?:requested|instructed|asked))\b",
            r"\b(?:department|washington)\s+(?:requests|asks|instructs|thanks|appreciates)\b",
            r"\bthanks?\s+posts?\b",
            r"\bposts?['’,]s?\s+assistance\b",
            r"\bplease\s+(?:report|slug|deliver|draw)\b",
            r"\bdrawing\s+(?:on|from)\b",
            r"\bdraw\s+(?:on|from)\s+(?:the\s+)?(?:following|these|background|objectives|points)",
            r"\bhost[\s-]+(?:nation|government|country|countries)s?\b",
            r"\bpoints?\s+of\s+contact\b",
            r"\baction\s+request\b",
            r"\breporting\s+(?:requirement|deadline)\b",
            r"\breftels?\b",
            r"\btalking\s+points\b",
            r"\bnon-?paper\b",
        )
    ),
    re.IGNORECASE,
)
_LEAD = ":;-–— "  # what a Begin marker leaves before the text after it


@dataclass(frozen=True, slots=True)
class TalkingPoint:
    """One portion of the talking points.

    Attributes:
        text: the point, without any marker beside it.
        marking: its own portion mark, or the paragraph's for an unmarked bullet or
            sub-paragraph; ``None`` when unmarked (the telegram's classification applies).
        bullet: whether it was written as a ``--`` bullet (else as a paragraph).
    """

    text: str
    marking: Marking | None
    bullet: bool


def find_talking_points(telegram: Telegram) -> tuple[TalkingPoint, ...]:
    """The talking points of a telegram, by the rule in this module's docstring, in order.

    Returns:
        The points; empty when the telegram marks none (no markers, no heading naming them).
    """
    by_markers = any(_BEGIN.search(item.text) for item in _portions(telegram))
    points: list[TalkingPoint] = []
    inside = False
    for item in _portions(telegram):
        if isinstance(item, Heading):
            inside = _opens(item.text, inside, by_markers)
            continue
        inside = _take(item, inside, by_markers, points)
    return tuple(point for point in points if not speaks_to_posts(point.text))


def _opens(heading: str, inside: bool, by_markers: bool) -> bool:
    """Whether the points are open after a heading (``END TALKING POINTS`` closes them)."""
    if _END.search(heading):
        return False
    names_points = bool(_POINTS_HEADING.search(heading))
    if by_markers:
        return bool(_BEGIN.search(heading)) or (inside and names_points)
    return names_points


def speaks_to_posts(text: str) -> bool:
    """Whether a portion is written to posts (an instruction, a slug), not to a host government."""
    return bool(_TO_POSTS.search(text))


def _take(point: TalkingPoint, inside: bool, by_markers: bool, points: list[TalkingPoint]) -> bool:
    """Add what of one portion lies inside the points; whether the points are open after it."""
    text = point.text
    while text:
        if not inside:
            opening = _BEGIN.search(text) if by_markers else None
            if opening is None:
                return False
            inside, text = True, text[opening.end() :]
            continue
        closing = _END.search(text)
        kept = (text if closing is None else text[: closing.start()]).strip().lstrip(_LEAD)
        if kept:
            points.append(TalkingPoint(kept, point.marking, point.bullet))
        if closing is None:
            return True
        inside, text = False, text[closing.end() :]
    return inside


def _portions(telegram: Telegram) -> Iterator[Heading | TalkingPoint]:
    """Headings and every portion of text in body order, with the mark each one carries."""
    for block in telegram.body:
        if isinstance(block, Heading):
            yield block
        elif isinstance(block, Text):
            yield TalkingPoint(block.text, None, bullet=False)
        elif isinstance(block, Paragraph):
            yield TalkingPoint(block.text, block.marking, bullet=False)
            for part in block.parts:
                if isinstance(part, Bullet):
                    yield TalkingPoint(part.text, part.marking or block.marking, bullet=True)
                elif isinstance(part, Prose):
                    yield TalkingPoint(part.text, block.marking, bullet=False)
