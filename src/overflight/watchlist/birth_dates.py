"""Dates of birth as lists print them, in one ISO form, and compared by year.

Lists write ``18 Jun 1967``, ``Jun 1967``, ``circa 1957``, ``1960 to 1962`` (OFAC remarks),
``1944-10-13`` or a bare year (UN, EU, OpenSanctions). Each becomes ``1967-06-18``,
``1967-06``, ``1957``, ``1960/1962`` (a span of years) or ``1944-10-13``: ISO to the precision
the list gives. Two dates agree when their years can be the same one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_ISO = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")
_WRITTEN = re.compile(r"^(?:(\d{1,2})\s+)?([a-z]{3})[a-z]*\.?\s+(\d{4})$")
_VAGUE = re.compile(r"^(?:circa|approximately|approx\.|about|ca\.)\s+")
_TIME = re.compile(r"T\d\d:\d\d.*$")
_SPAN = re.compile(r"\s+(?:to|-|–)\s+")
_FIRST_YEAR, _LAST_YEAR = 1800, 2100


def _iso(year: str, month: str | None, day: str | None) -> str:
    number = int(year)
    if not _FIRST_YEAR <= number <= _LAST_YEAR:
        return ""
    if month is None:
        return f"{number:04d}"
    if not 1 <= int(month) <= 12:
        return ""
    if day is None:
        return f"{number:04d}-{int(month):02d}"
    try:
        return date(number, int(month), int(day)).isoformat()
    except ValueError:
        return ""


def _point(text: str) -> str:
    iso = _ISO.match(text)
    if iso is not None:
        return _iso(*iso.groups())
    written = _WRITTEN.match(text)
    if written is not None and written.group(2) in _MONTHS:
        day, month, year = written.groups()
        return _iso(year, str(_MONTHS.index(month) + 1), day)
    return ""


def birth_date(text: str) -> str:
    """The ISO form of a printed date of birth, or ``""`` when it is none readable.

    A time part (``1944-10-13T00:00:00``) is dropped; ``circa`` and the like are dropped
    (lists give no width for them); a span whose ends share a date is that date.
    """
    plain = _VAGUE.sub("", _TIME.sub("", " ".join(text.split())).lower()).rstrip(".")
    ends = _SPAN.split(plain)
    if len(ends) == 2:
        first, last = _point(ends[0]), _point(ends[1])
        if not first or not last or last < first:
            return ""
        return first if first == last else f"{first[:4]}/{last[:4]}"
    return _point(plain)


def birth_dates(texts: Iterable[str]) -> tuple[str, ...]:
    """The readable ones of ``texts``, in ISO form, each once, in order."""
    return tuple(dict.fromkeys(iso for iso in map(birth_date, texts) if iso))


def birth_years(value: str) -> tuple[int, int] | None:
    """The first and last year an ISO birth date (as ``birth_date`` gives) can fall in."""
    first, _, last = value.partition("/")
    if len(first) < 4 or not first[:4].isdigit():
        return None
    end = last[:4] if last else first[:4]
    return (int(first[:4]), int(end)) if end.isdigit() else None


def same_birth_year(listed: str, given: str) -> bool:
    """Whether two ISO birth dates can fall in one year (spans overlap, years are equal)."""
    ours, theirs = birth_years(listed), birth_years(given)
    if ours is None or theirs is None:
        return False
    return ours[0] <= theirs[1] and theirs[0] <= ours[1]


__all__ = ["birth_date", "birth_dates", "birth_years", "same_birth_year"]
