"""Read portion marks in the forms real telegrams use.

Accepted, case-insensitively: ``(S//REL TO USA, TUR)``, ``(S/REL Turkey)``, ``(S//REL
Recipients)``, ``(S/NF)``, ``(S//NF)``, ``(S-NF)``, ``(SNF)``, ``(C NF)``, ``(C/NOFORN)``,
``(C)``, ``(U)``, ``(SBU)``, ``(SBU/NF)``, ``(U//FOUO)``, ``(S//FGI//NF)``, ``(S//OC/NF)``,
``(C - ENTIRE TEXT)``. Country names in release lists map to trigraphs; ``FVEY`` expands.
"""

from __future__ import annotations

import re

from overflight.errors import Place
from overflight.markings.countries import to_trigraph
from overflight.markings.errors import MarkingError
from overflight.markings.level import ClassificationLevel
from overflight.markings.marking import Control, Marking, canonical_rel_to

__all__ = ["PORTION_PATTERN", "parse_portion", "split_portion"]

PORTION_PATTERN = re.compile(
    r"\(\s*(?:TS|S|C|U|SBU)(?:\s*(?:[/\- ]|(?=NF))[^()]{0,200})?\s*\)", re.IGNORECASE
)
"""A parenthesised group that starts like a portion mark (level first)."""

_HEAD = re.compile(r"(TS|SBU|S|C|U)(?=$|[/\- ]|NF)", re.IGNORECASE)
_ENTIRE_TEXT = re.compile(r"\s*-\s*ENTIRE\s+TEXT\s*$", re.IGNORECASE)
_REL = re.compile(r"REL(?:\s+TO)?\s+(.+)$", re.IGNORECASE)
_LIST_SPLIT = re.compile(r"\s*,\s*(?:AND\s+)?|\s+AND\s+", re.IGNORECASE)
_CONTROL_WORDS = {
    "NF": Control.NOFORN,
    "NOFORN": Control.NOFORN,
    "FOUO": Control.FOUO,
    "SBU": Control.SBU,
    "OC": Control.ORCON,
    "ORCON": Control.ORCON,
    "FGI": Control.FGI,
}


def parse_portion(
    text: str, *, source: str = "", line: int | None = None, column: int | None = None
) -> Marking:
    """The marking a portion mark stands for.

    Args:
        text: the mark, with or without its parentheses.
        source: name of the text it came from, for errors.
        line: line of the mark, for errors.
        column: 1-based column of the mark's first character, for errors.

    Raises:
        MarkingError: not a portion mark, an unknown country, or an impossible combination.

    Example:
        The forms telegrams use read alike; release lists come back USA first, then A to Z:

        >>> parse_portion("S/NF").portion(), parse_portion("(S-NF)").portion()
        ('(S//NF)', '(S//NF)')
        >>> parse_portion("S//REL TO USA, TUR, KAZ").portion()
        '(S//REL TO USA, KAZ, TUR)'
        >>> try:
        ...     parse_portion("X//NF", source="cable.txt", line=4)
        ... except MarkingError as err:
        ...     print(err)
        cable.txt:4: portion mark: 'X//NF': expected a level first (U, C, S, TS or SBU)
    """
    where: Place = {"source": source, "line": line, "field": "portion mark"}
    base = column or 1
    inner = text.strip()
    offset = 0
    if inner.startswith("(") and inner.endswith(")"):
        inner, offset = inner[1:-1], 1
    inner = _ENTIRE_TEXT.sub("", inner)
    head = _HEAD.match(inner.strip())
    if head is None:
        raise MarkingError(
            f"{text!r}: expected a level first (U, C, S, TS or SBU)", column=column, **where
        )
    lead = len(inner) - len(inner.lstrip())
    word = head.group(1).upper()
    controls: set[Control] = set()
    if word == "SBU":
        level = ClassificationLevel.U
        controls.add(Control.SBU)
    else:
        level = ClassificationLevel[word]
    rest_start = offset + lead + head.end()
    rest = inner.strip()[head.end() :]
    rel_to: tuple[str, ...] | None = None
    recipients = False
    for seg_start, segment in _segments(rest, rest_start):
        upper = segment.upper()
        rel = _REL.match(segment)
        if upper in _CONTROL_WORDS:
            controls.add(_CONTROL_WORDS[upper])
        elif rel is not None:
            if rel.group(1).strip().upper() == "RECIPIENTS":
                recipients = True
                continue
            codes = []
            entry_start = seg_start + rel.start(1)
            for entry in _LIST_SPLIT.split(rel.group(1)):
                try:
                    codes.append(to_trigraph(entry))
                except ValueError as err:
                    at = base + entry_start + max(rel.group(1).find(entry), 0)
                    raise MarkingError(str(err), column=at, **where) from None
            rel_to = canonical_rel_to(codes)
        else:
            raise MarkingError(
                f"{segment!r} in {text!r}: expected NF, NOFORN, FOUO, SBU, ORCON, FGI or REL TO",
                column=base + seg_start,
                **where,
            )
    try:
        return Marking(level, frozenset(controls), rel_to, recipients)
    except MarkingError as err:
        raise MarkingError(f"{text!r}: {err.message}", column=column, **where) from None


def _segments(rest: str, start: int) -> list[tuple[int, str]]:
    """Split what follows the level on slashes, dashes or spaces (``/NF``, ``-NF``, `` NF``)."""
    found: list[tuple[int, str]] = []
    for match in re.finditer(r"[^/]+", rest):
        piece = match.group(0)
        stripped = piece.strip(" -")
        if not stripped:
            continue
        at = start + match.start() + (len(piece) - len(piece.lstrip(" -")))
        if _REL.match(stripped) is None and " " in stripped:
            # ``C NF`` or ``S NOFORN``: words without slashes.
            for word in re.finditer(r"\S+", stripped):
                found.append((at + word.start(), word.group(0)))
        else:
            found.append((at, stripped))
    return found


def split_portion(
    text: str, *, source: str = "", line: int | None = None, column: int = 1
) -> tuple[Marking | None, str]:
    """Split a leading portion mark off a text (``(S/NF) The flight...``).

    Returns:
        The marking (``None`` when the text starts with no portion mark) and the rest of the
        text, stripped of leading spaces.

    Raises:
        MarkingError: the text starts with a portion mark that cannot be read.

    Example:
        >>> marking, rest = split_portion("(S//NF) Ankara was told.")
        >>> marking.portion(), rest
        ('(S//NF)', 'Ankara was told.')
        >>> split_portion("No mark here.")
        (None, 'No mark here.')
    """
    stripped = text.lstrip()
    skipped = len(text) - len(stripped)
    match = PORTION_PATTERN.match(stripped)
    if match is None:
        return None, stripped
    marking = parse_portion(match.group(0), source=source, line=line, column=column + skipped)
    return marking, stripped[match.end() :].lstrip()
