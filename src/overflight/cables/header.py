"""Read the telegram header: routing lines, DTG, FM, TO, INFO and XMT."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from overflight.cables.errors import CableParseError, UnknownPostError
from overflight.cables.model import Addressee, Dtg, Precedence, Problem
from overflight.cables.posts import Post, post_named
from overflight.errors import Place

__all__ = ["DTG_PATTERN", "Header", "parse_dtg", "parse_header"]

DTG_PATTERN = re.compile(
    r"^\s*([ZOPR])(?:\s+([ZOPR]))?\s+(\d{2})(\d{2})(\d{2})Z\s+([A-Z]{3})\s+(\d{2}|\d{4})(?:\s+(?:Z[A-Z]{2}|\(CCY\b).*)?\s*$",
    re.IGNORECASE,
)
"""``O 281347Z MAY 08``: precedence letter(s), day, hour, minute, month, year, then any
operating signals (``O 060528Z AUG 09 ZDK``, ``ZFF3``, ``ZDS CTG RUEHSD 0020 1580042``) or a
corrected copy's remark (``(CCY ADC1AECC MSI3311-632)``)."""

_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")
_ROUTING = re.compile(
    r"^\s*(?:VZCZC\S*|[ZOPR]{2}(?:\s+[A-Z]{4,8})+|(?:R[A-Z]{4,7}\s*)+|DE\s+R[A-Z]+\s+#.*|ZN[YR]\s+.*)$"
)
_PAGE = re.compile(r"^\s*(?:INFO\s+)?PAGE\s+\d+\s+[A-Z]+\s+\d+\s+\d+Z\s*$")
_KEYWORD = re.compile(r"^\s*(FM|TO|INFO|XMT)\s+(.*)$")
_RI = re.compile(r"^(R[A-Z]{3,6})/(.+)$")
_MCN = re.compile(r"\s+(\d{3,4}(?:-\d{3,4})?)$")
_PRECEDENCE = re.compile(r"\s+(FLASH|NIACT IMMEDIATE|IMMEDIATE|PR?IORITY|ROUTINE)$")


@dataclass
class Header:
    """What the header lines say (a builder, turned into a ``Telegram`` by the parser)."""

    dtg: Dtg | None = None
    origin: Post | None = None
    action: list[Addressee] = field(default_factory=list)
    info: list[Addressee] = field(default_factory=list)
    excluded: list[str] = field(default_factory=list)
    routing: list[str] = field(default_factory=list)
    preamble: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)


def parse_dtg(text: str, *, source: str = "", line: int | None = None) -> Dtg:
    """Read a precedence and date-time group line (``O 281347Z MAY 08``).

    Two-digit years are 19xx from 70 on, 20xx below.

    Raises:
        CableParseError: not a DTG line, or a date that does not exist.
    """
    where: Place = {"source": source, "line": line, "field": "DTG"}
    match = DTG_PATTERN.match(text)
    if match is None:
        raise CableParseError(f"{text.strip()!r}: expected a DTG like 'O 281347Z MAY 08'", **where)
    first, second, day, hour, minute, month, year = match.groups()
    if month.upper() not in _MONTHS:
        raise CableParseError(f"{month!r} is not a month (JAN..DEC)", **where)
    full_year = (
        int(year) if len(year) == 4 else 1900 + int(year) if int(year) >= 70 else 2000 + int(year)
    )
    try:
        at = datetime(
            full_year,
            _MONTHS.index(month.upper()) + 1,
            int(day),
            int(hour),
            int(minute),
            tzinfo=UTC,
        )
    except ValueError as err:
        raise CableParseError(f"{text.strip()!r}: {err}", **where) from None
    info = Precedence.from_letter(second) if second else None
    return Dtg(Precedence.from_letter(first), at, info)


def _addressee(text: str, line: int, problems: list[Problem]) -> Addressee:
    rest = " ".join(text.split())
    ri = ""
    routed = _RI.match(rest)
    if routed is not None:
        ri, rest = routed.group(1), routed.group(2)
    mcn = ""
    found = _MCN.search(rest)
    if found is not None:
        mcn, rest = found.group(1), rest[: found.start()]
    precedence = None
    word = _PRECEDENCE.search(rest)
    if word is not None:
        value = "PRIORITY" if word.group(1) == "PIORITY" else word.group(1)
        precedence, rest = Precedence(value), rest[: word.start()]
    post = _post_of(rest.strip(), ri, line, problems)
    if ri and ri != post.routing_indicator:
        post = replace(post, routing_indicator=ri)
    return Addressee(post, precedence, mcn)


def _post_of(name: str, ri: str, line: int, problems: list[Problem]) -> Post:
    """The post named, or the longest known post its words begin with (``LA PAZ FEB``)."""
    try:
        return post_named(name)
    except UnknownPostError as err:
        error = err
    words = name.split()
    for size in range(len(words) - 1, 1, -1):
        try:
            post = post_named(" ".join(words[:size]))
        except UnknownPostError:
            continue
        extra = " ".join(words[size:])
        problems.append(Problem(line, f"{extra!r} after {post.name!r} is not a precedence"))
        return post
    problems.append(Problem(line, error.message))
    return Post(name, "", ri)


def _continues_addressees(text: str) -> bool:
    """After a blank line, only another addressee line goes on with the list."""
    keyword = _KEYWORD.match(text)
    return (keyword is not None and keyword.group(1) in ("INFO", "XMT")) or bool(
        _RI.match(text.strip())
    )


def parse_header(lines: list[tuple[int, str]], *, source: str = "") -> Header:
    """Read the header lines (those before the classification line).

    Lines that are neither routing, DTG nor addressing are kept in ``preamble``.

    Raises:
        CableParseError: a DTG line with an impossible date, or an FM line without a name.
    """
    header = Header()
    mode = ""
    blank = False
    for number, text in lines:
        if not text.strip():
            blank = True
            continue
        if blank and mode in ("to", "info", "fm") and not _continues_addressees(text):
            mode = "done"  # the address block is over: what follows is not the header
        blank = False
        keyword = _KEYWORD.match(text)
        if mode == "done":
            header.preamble.append(text)
        elif text.strip() == "BT":  # ACP 127 break line: framing, not an addressee
            header.routing.append("BT")
            mode = "dtg" if mode else ""
        elif header.dtg is None and DTG_PATTERN.match(text):
            header.dtg = parse_dtg(text, source=source, line=number)
            mode = "dtg"
        elif _PAGE.match(text):
            header.preamble.append(text)
        elif keyword is not None and mode and keyword.group(2).strip():
            word, rest = keyword.group(1), keyword.group(2)
            if word == "FM":
                header.origin = _addressee(rest, number, header.problems).post
                mode = "fm"
            elif word == "XMT":
                header.excluded.append(" ".join(rest.split()))
            else:
                mode = word.lower()
                target = header.action if mode == "to" else header.info
                target.append(_addressee(rest, number, header.problems))
        elif mode in ("to", "info"):
            target = header.action if mode == "to" else header.info
            target.append(_addressee(text, number, header.problems))
        elif header.dtg is None and _ROUTING.match(text):
            header.routing.append(text.strip())
        else:
            header.preamble.append(text)
    return header
