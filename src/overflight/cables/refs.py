"""Read the REF list: ``A. STATE 43804``, ``(B)STATE 073601``, ``C. 99 PRETORIA 12315``...

Forms from the reference notes (§2.5): lettered with a dot or parentheses, on one line or one per
line, wrapped across lines, year-qualified (``99 PRETORIA``, ``2008 BRASILIA``), single and
unlettered (``REF: ASTANA 1286``), or free text (``MOSCOW 5461 AND PREVIOUS``, e-mails).
"""

from __future__ import annotations

import re

from overflight.cables.model import CableReference

__all__ = ["REF_START", "parse_references"]

REF_START = re.compile(r"^\s*REF(?:S|TELS?)?\b\s*:?\s*(.*)$", re.IGNORECASE)
"""The line that opens the reference list."""

_ITEM = re.compile(r"(?:^|(?<=\s)|(?<=,))\(?([A-Z])(?:\.|\))\)?\s*(?=\S)")
_CABLE = re.compile(r"^(?:(\d{2}|\d{4})\s+)?([A-Z][A-Z .'-]*?[A-Z])\s+(\d{1,7})$")


def parse_references(text: str, year: int | None = None) -> tuple[CableReference, ...]:
    """The references in the joined text of the REF lines.

    Args:
        text: everything after ``REF:``, continuation lines joined with spaces.
        year: the telegram's year, to expand two-digit years (``99`` -> 1999).
    """
    body = " ".join(text.split())
    starts = _item_starts(body)
    if not starts:
        return (_reference("", body, year),) if body else ()
    refs = []
    head = body[: starts[0].start()].strip(" ,;")
    if head:
        refs.append(_reference("", head, year))
    for index, match in enumerate(starts):
        end = starts[index + 1].start() if index + 1 < len(starts) else len(body)
        refs.append(_reference(match.group(1), body[match.end() : end], year))
    return tuple(refs)


def _item_starts(body: str) -> list[re.Match[str]]:
    """Letters that start items: ``A.`` or ``(A)`` running A, B, C... in order.

    ``A. A. MAIER - QUINN EMAIL`` has one item: the second ``A.`` is not the next letter.
    """
    starts: list[re.Match[str]] = []
    for match in _ITEM.finditer(body):
        if match.start() > 0 and body[match.start() - 1] not in " ,;":
            continue
        letter = match.group(1)
        if not starts or ord(letter) == ord(starts[-1].group(1)) + 1:
            starts.append(match)
    return starts


def _reference(letter: str, text: str, year: int | None) -> CableReference:
    item = text.strip().rstrip(",;.").strip()
    item = re.sub(r"^(?:AND|&)\s+", "", item, flags=re.IGNORECASE)
    cable = _CABLE.match(item.upper()) if item == item.upper() else None
    if cable is None:
        return CableReference(letter, text=item)
    written_year, station, number = cable.groups()
    full_year: int | None = None
    if written_year is not None:
        full_year = int(written_year)
        if full_year < 100:
            full_year += 1900 if full_year >= 70 else 2000
        if year is not None and full_year == year:
            full_year = None
    return CableReference(
        letter, station=" ".join(station.split()), number=int(number), year=full_year
    )
