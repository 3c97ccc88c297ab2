"""The E.O. (declassification) line of a telegram: parsed, rendered and checked.

Forms read: ``E.O. 12958: DECL: 05/28/2033``, ``EO 12958 DECL: 06/03/2018``, ``E.O. 12958:
DECL: 2019/04/07``, ``E.O. 13526: DECL: 05/28/2033``, ``E.O. 12958: N/A``, ``DECL: MR``, an
event (``DECL: TEN YEARS AFTER KOREAN UNIFICATION``), a downgrade (``DNG: CO 03/01/2016``), a
re-marking (``AS AMENDED; DECLASSIFIED JUNE 21, 2006``), the ``DECLl:`` typo, any case.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from enum import Enum

from overflight.errors import Place
from overflight.markings.errors import MarkingError
from overflight.markings.level import ClassificationLevel

__all__ = [
    "DECL_HORIZON_YEARS",
    "DeclassKind",
    "Declassification",
    "parse_declassification",
    "validate_declassification",
]

DECL_HORIZON_YEARS = 25
"""Latest declassification date, in years after the date of classification (E.O. 13526 §1.5)."""

_ORDERS = frozenset({"12958", "13292", "13526"})
_LINE = re.compile(r"^\s*E\.?\s*O\.?\s*(\d{5})\s*:?\s*(.*?)\s*$", re.IGNORECASE)
_DECL = re.compile(r"^DECL\w*\s*:?\s*(.*)$", re.IGNORECASE)
_DNG = re.compile(r"^DNG\s*:?\s*(.*)$", re.IGNORECASE)
_MDY = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_YMD = re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$")


class DeclassKind(Enum):
    """What a declassification instruction says."""

    DATE = "date"
    NOT_APPLICABLE = "n/a"
    MANUAL_REVIEW = "manual review"
    EVENT = "event"
    DOWNGRADE = "downgrade"
    DECLASSIFIED = "declassified"


@dataclass(frozen=True, slots=True)
class Declassification:
    """A declassification instruction.

    Attributes:
        order: the executive order cited (``12958``, ``13526``).
        kind: what the instruction says.
        on: the declassification date, for ``DATE``.
        text: the event, downgrade or re-marking text, upper case, for the other kinds.
    """

    order: str
    kind: DeclassKind
    on: date | None = None
    text: str = ""

    def render(self) -> str:
        """The line in its canonical form (``E.O. 12958: DECL: 05/28/2033``)."""
        head = f"E.O. {self.order}:"
        if self.kind is DeclassKind.DATE and self.on is not None:
            return f"{head} DECL: {self.on:%m/%d/%Y}"
        if self.kind is DeclassKind.NOT_APPLICABLE:
            return f"{head} N/A"
        if self.kind is DeclassKind.MANUAL_REVIEW:
            return f"{head} DECL: MR"
        if self.kind is DeclassKind.DOWNGRADE:
            return f"{head} DNG: {self.text}"
        if self.kind is DeclassKind.DECLASSIFIED:
            return f"{head} {self.text}"
        return f"{head} DECL: {self.text}"


def parse_declassification(
    text: str, *, source: str = "", line: int | None = None
) -> Declassification:
    """Read an E.O. line.

    Raises:
        MarkingError: not an E.O. line, an unknown order, or an impossible date.
    """
    where: Place = {"source": source, "line": line, "field": "E.O. line"}
    match = _LINE.match(text)
    if match is None:
        raise MarkingError(f"{text.strip()!r}: expected 'E.O. 12958: DECL: MM/DD/YYYY'", **where)
    order, rest = match.group(1), " ".join(match.group(2).split())
    if order not in _ORDERS:
        raise MarkingError(
            f"E.O. {order}: expected E.O. 12958, 13292 or 13526", column=match.start(1) + 1, **where
        )
    column = match.start(2) + 1
    if re.match(r"^N/?A\.?$", rest, re.IGNORECASE):
        return Declassification(order, DeclassKind.NOT_APPLICABLE)
    downgrade = _DNG.match(rest)
    if downgrade is not None:
        return Declassification(order, DeclassKind.DOWNGRADE, text=downgrade.group(1).upper())
    decl = _DECL.match(rest)
    if decl is None:
        if "DECLASSIFIED" in rest.upper():
            return Declassification(order, DeclassKind.DECLASSIFIED, text=rest.upper())
        raise MarkingError(f"{rest!r}: expected DECL: <date>, N/A or DNG:", column=column, **where)
    value = decl.group(1).strip().rstrip(".")
    upper = value.upper()
    if upper == "MR":
        return Declassification(order, DeclassKind.MANUAL_REVIEW)
    found = _MDY.match(value) or _YMD.match(value)
    if found is not None:
        parts = [int(part) for part in found.groups()]
        year, month, day = (parts[2], parts[0], parts[1]) if found.re is _MDY else parts
        try:
            return Declassification(order, DeclassKind.DATE, on=date(year, month, day))
        except ValueError:
            raise MarkingError(
                f"{value!r} is not a date (expected MM/DD/YYYY)", column=column, **where
            ) from None
    if not upper:
        raise MarkingError("DECL: without a date or event", column=column, **where)
    if upper.startswith("DECLASSIFIED"):
        return Declassification(order, DeclassKind.DECLASSIFIED, text=f"DECL: {upper}")
    if re.search(r"\d", upper) and re.fullmatch(r"[\d/ .-]+", upper):
        raise MarkingError(f"{value!r} is not a date (expected MM/DD/YYYY)", column=column, **where)
    return Declassification(order, DeclassKind.EVENT, text=upper)


def validate_declassification(
    declass: Declassification, created: date, level: ClassificationLevel, *, line: int | None = None
) -> None:
    """Check an instruction against the telegram it belongs to.

    A classified telegram needs a date or event (not N/A); a declassification date must fall
    after the telegram's date and at most 25 years later; E.O. 13526 cannot mark telegrams
    older than its signature (2009-12-29).

    Raises:
        MarkingError: the instruction cannot belong to this telegram.
    """
    where: Place = {"line": line, "field": "E.O. line"}
    if declass.kind is DeclassKind.NOT_APPLICABLE and level > ClassificationLevel.U:
        raise MarkingError(f"a {level.word} telegram needs a declassification date", **where)
    if declass.order == "13526" and created < date(2009, 12, 29):
        raise MarkingError(f"E.O. 13526 did not exist on {created.isoformat()}", **where)
    if declass.kind is not DeclassKind.DATE or declass.on is None:
        return
    if declass.on <= created:
        raise MarkingError(
            f"declassification date {declass.on.isoformat()} is not after the telegram's "
            f"date {created.isoformat()}",
            **where,
        )
    latest = _add_years(created, DECL_HORIZON_YEARS)
    if declass.on > latest:
        raise MarkingError(
            f"declassification date {declass.on.isoformat()} is more than "
            f"{DECL_HORIZON_YEARS} years after {created.isoformat()} (latest {latest.isoformat()})",
            **where,
        )


def _add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February into a common year
        return day.replace(year=day.year + years, day=28)
