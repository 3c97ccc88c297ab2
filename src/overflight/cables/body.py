"""Read the telegram body: numbered marked paragraphs, bullets, headings, text and the ending."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from overflight.cables.model import (
    Block,
    Bullet,
    Heading,
    Paragraph,
    Part,
    Problem,
    Prose,
    Text,
)
from overflight.cables.ocr import restore_apostrophes
from overflight.markings import Marking, MarkingError, split_portion

__all__ = ["Body", "parse_body"]

_PARAGRAPH = re.compile(r"^\s*(¶)?\s*(\d{1,3})\s?\.\s*(?=\S)(.*)$")
_BULLET = re.compile(r"^\s*-{1,3}(?!-)\s*(.*)$")
_RULE = re.compile(r"^\s*[-=_*]{3,}\s*$")
_HEADING = re.compile(r"^\s*[A-Z][A-Z0-9 /&(),'-]*:?\s*$")
_TRAILER = re.compile(r"^\s*(?:NNNN|END CABLE TEXT)\s*$", re.IGNORECASE)
_SIGNATURE = re.compile(r"^\s*([A-Z][A-Za-z'-]{1,30})\s*$")
_INLINE_SIGNATURE = re.compile(r"(?<=[.!?])\s+([A-Z][A-Z'-]{2,30})$")
_MARK_LIKE = re.compile(r"^\s*\([A-Z]{1,4}(?:[/ -]+[A-Z]{1,8}){0,3}\)")
_NOT_SIGNATURES = frozenset({"END", "NNNN", "SIPDIS", "NOFORN", "SUMMARY", "COMMENT"})


@dataclass
class Body:
    """What the body lines say (a builder)."""

    blocks: list[Block] = field(default_factory=list)
    signature: str = ""
    trailer: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def _is_heading(text: str) -> bool:
    words = text.split()
    return bool(_HEADING.match(text)) and 0 < len(words) <= 8 and len(text) <= 70


def _take_ending(lines: list[tuple[int, str]], body: Body) -> list[tuple[int, str]]:
    """Strip the trailer and a signature line off the end of the body."""
    end = len(lines)
    trailer: list[str] = []
    while end > 0:
        text = lines[end - 1][1]
        if not text.strip():
            end -= 1
        elif _TRAILER.match(text):
            trailer.insert(0, text.strip())
            end -= 1
        else:
            break
    body.trailer = trailer
    if end > 0:
        last = lines[end - 1][1]
        match = _SIGNATURE.match(last)
        if match is not None and match.group(1).upper() not in _NOT_SIGNATURES:
            body.signature = match.group(1)
            end -= 1
    return lines[:end]


def _paragraph_number(match: re.Match[str], expected: int) -> int:
    """The paragraph number, undoing ``¶`` read as ``1`` (``13.`` for ``¶3.``)."""
    number = int(match.group(2))
    digits = match.group(2)
    if (
        match.group(1) is None
        and number != expected
        and len(digits) >= 2
        and digits.startswith("1")
        and int(digits[1:]) == expected
    ):
        return expected
    return number


@dataclass
class _Open:
    """The paragraph being read: mutable until the next paragraph or heading closes it."""

    number: int
    marking: Marking | None
    text: str
    parts: list[Part] = field(default_factory=list)

    def close(self) -> Paragraph:
        return Paragraph(self.number, self.marking, self.text, tuple(self.parts))


def parse_body(lines: list[tuple[int, str]], *, source: str = "") -> Body:
    """Read the body lines (after the Classified By line) into blocks.

    A line directly under another continues it; after a blank line, a line starting in lower
    case still continues it (OCR'd wraps), anything else starts a new part. Unrecognised lines
    are kept as :class:`Text` blocks or paragraph :class:`Prose`, never dropped.
    """
    body = Body()
    rows = _take_ending(lines, body)
    expected = 1
    current: _Open | None = None
    after_blank = True

    def close() -> None:
        nonlocal current
        if current is not None:
            body.blocks.append(current.close())
        current = None

    for number, raw in rows:
        text = raw.strip()
        if not text or _RULE.match(text):
            after_blank = True
            continue
        paragraph = _PARAGRAPH.match(text)
        bullet = _BULLET.match(text) if paragraph is None else None
        if paragraph is not None:
            close()
            value = _paragraph_number(paragraph, expected)
            marking, rest = _split_mark(paragraph.group(3), number, source, body)
            current = _Open(value, marking, restore_apostrophes(rest))
            expected = value + 1
        elif bullet is not None and current is not None:
            marking, rest = _split_mark(bullet.group(1), number, source, body)
            current.parts.append(Bullet(restore_apostrophes(rest), marking))
        elif _is_heading(text) and (after_blank or current is None):
            close()
            body.blocks.append(Heading(text))
        elif not after_blank or text[0].islower():
            _continue(body, current, restore_apostrophes(text))
        elif current is not None:
            current.parts.append(Prose(restore_apostrophes(text)))
        else:
            body.blocks.append(Text(restore_apostrophes(text)))
        after_blank = False
    close()
    if not body.signature:
        _take_inline_signature(body)
    return body


def _split_mark(text: str, line: int, source: str, body: Body) -> tuple[Marking | None, str]:
    try:
        marking, rest = split_portion(text, source=source, line=line)
    except MarkingError as err:
        body.problems.append(Problem(line, err.message))
        return None, text
    odd = _MARK_LIKE.match(text) if marking is None else None
    if odd is not None:
        body.problems.append(
            Problem(line, f"{odd.group(0)!r}: expected a portion mark such as (S) or (S//NF)")
        )
    return marking, rest


def _continue(body: Body, current: _Open | None, text: str) -> None:
    """Join a wrapped line to what it continues."""
    if current is None:
        if body.blocks and isinstance(body.blocks[-1], Text):
            body.blocks[-1] = Text(f"{body.blocks[-1].text} {text}")
        else:
            body.blocks.append(Text(text))
    elif current.parts:
        last = current.parts[-1]
        joined = f"{last.text} {text}"
        current.parts[-1] = (
            Bullet(joined, last.marking) if isinstance(last, Bullet) else Prose(joined)
        )
    else:
        current.text = f"{current.text} {text}"


def _take_inline_signature(body: Body) -> None:
    """``... for EUR, ISN, SCA, and T. RICE``: the signature run into the last paragraph."""
    if not body.blocks or not isinstance(body.blocks[-1], Paragraph):
        return
    last = body.blocks[-1]
    if last.parts:
        tail = last.parts[-1]
        match = _INLINE_SIGNATURE.search(tail.text)
        if match is None or match.group(1) in _NOT_SIGNATURES:
            return
        trimmed = tail.text[: match.start()]
        new_tail = Bullet(trimmed, tail.marking) if isinstance(tail, Bullet) else Prose(trimmed)
        body.blocks[-1] = replace(last, parts=(*last.parts[:-1], new_tail))
    else:
        match = _INLINE_SIGNATURE.search(last.text)
        if match is None or match.group(1) in _NOT_SIGNATURES:
            return
        body.blocks[-1] = replace(last, text=last.text[: match.start()])
    body.signature = match.group(1)
