"""The message envelope: find ``( … )`` messages in a text and cut them into fields.

A message starts at ``(`` followed by a known title; text outside messages (AFTN headers and
trailers, in Latin or Cyrillic letters, blank lines, prose) is skipped. Fields are separated by
``-``; line breaks may fall anywhere inside a field.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import TypeAlias

from overflight.ats.build import constructor

_START = re.compile(r"\(\s*(?:FPL|CHG|DLA|CNL|DEP|ARR|EST|CPL|CDN|ACP|LAM|RQP|RQS|SPL|ALR)")


@dataclass(frozen=True, slots=True)
class RawMessage:
    """One message found in a text: where its ``(`` is, where it ends, whether ``)`` closed it."""

    start: int  # offset of "("
    end: int  # offset of ")" or of where the message was cut off
    closed: bool


_build_raw = constructor(RawMessage)

RawField: TypeAlias = tuple[int, int]
"""A stretch of source text holding one field: ``(start, end)`` offsets, without the hyphen."""


def find_messages(text: str) -> list[RawMessage]:
    """Every message in ``text``, in order; an unclosed one ends where the next one starts."""
    starts = [match.start() for match in _START.finditer(text)]
    starts.append(len(text))
    found = []
    find = text.find
    for number in range(len(starts) - 1):
        start, limit = starts[number], starts[number + 1]
        close = find(")", start + 1, limit)
        if close == -1:
            found.append(_build_raw(start, limit, False))
        else:
            found.append(_build_raw(start, close, True))
    return found


def split_fields(text: str, message: RawMessage) -> list[RawField]:
    """The ``-``-separated stretches of a message body, as offsets into ``text``."""
    fields: list[RawField] = []
    start, end = message.start + 1, message.end
    find = text.find
    hyphen = find("-", start, end)
    while hyphen != -1:
        fields.append((start, hyphen))
        start = hyphen + 1
        hyphen = find("-", start, end)
    fields.append((start, end))
    return fields


def fold(raw: str) -> str:
    """Whitespace folded: line breaks and runs of spaces become one space, ends trimmed."""
    return " ".join(raw.split())


def source_offset(raw: str, folded_offset: int) -> int:
    """The offset in ``raw`` of the character at ``folded_offset`` in ``fold(raw)``."""
    position = len(raw) - len(raw.lstrip())
    count = 0
    while position < len(raw):
        if count == folded_offset:
            return position
        if raw[position].isspace():
            while position < len(raw) and raw[position].isspace():
                position += 1
        else:
            position += 1
        count += 1
    return len(raw)


class LineIndex:
    """Turns offsets in a text into 1-based line and column numbers."""

    __slots__ = ("starts",)

    def __init__(self, text: str) -> None:
        starts = [0]
        find = text.find
        position = find("\n")
        while position != -1:
            starts.append(position + 1)
            position = find("\n", position + 1)
        self.starts = tuple(starts)

    def locate(self, offset: int) -> tuple[int, int]:
        """The 1-based ``(line, column)`` of ``offset``."""
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1
