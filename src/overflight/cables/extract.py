"""Facts a reader wants from a telegram's text.

The action request, talking points, the reporting deadline, the point of contact and the slugs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from overflight.cables.model import Bullet, Heading, Paragraph, Telegram
from overflight.cables.points import find_talking_points
from overflight.markings import Marking

__all__ = [
    "PointOfContact",
    "ReportingDeadline",
    "action_request",
    "find_reporting_deadline",
    "headings",
    "point_of_contact",
    "reporting_deadline",
    "slugs",
    "talking_points",
]

_MONTHS = {
    name: index
    for index, names in enumerate(
        (
            ("JANUARY", "JAN"),
            ("FEBRUARY", "FEB"),
            ("MARCH", "MAR"),
            ("APRIL", "APR"),
            ("MAY",),
            ("JUNE", "JUN"),
            ("JULY", "JUL"),
            ("AUGUST", "AUG"),
            ("SEPTEMBER", "SEP", "SEPT"),
            ("OCTOBER", "OCT"),
            ("NOVEMBER", "NOV"),
            ("DECEMBER", "DEC"),
        ),
        start=1,
    )
    for name in names
}
_MONTH = (
    r"(JAN(?:UARY)?|FEB(?:RUARY)?|MAR(?:CH)?|APR(?:IL)?|MAY|JUNE?|JULY?|AUG(?:UST)?"
    r"|SEPT?(?:EMBER)?|OCT(?:OBER)?|NOV(?:EMBER)?|DEC(?:EMBER)?)"
)
_DEADLINE = re.compile(
    rf"\b(?:BY|NLT|NO LATER THAN)\s+(?:(\d{{1,2}})\s+{_MONTH}|{_MONTH}\.?\s+(\d{{1,2}}))\b",
    re.IGNORECASE,
)
_SLUG = re.compile(
    r"\bSLUG(?:GED)?\b[^.]*?\b(?:FOR|TO)\s+(.+?)(?:\.(?:\s|$)|$)", re.IGNORECASE | re.DOTALL
)
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"\(?\d{3}\)?[\s.-]*\d{3}-\d{4}")
_POC_NAME = re.compile(r"\bcontact\b[^,]*?\bis\s+([^,]+)(?:,\s*([A-Z][A-Z/]+(?:/[A-Z]+)*))?", re.I)


@dataclass(frozen=True, slots=True)
class PointOfContact:
    """Who in Washington answers questions about the telegram."""

    name: str
    office: str = ""
    phone: str = ""
    email: str = ""


def _texts(paragraph: Paragraph) -> list[str]:
    return [paragraph.text, *(part.text for part in paragraph.parts)]


def headings(telegram: Telegram) -> tuple[str, ...]:
    """The section headings, without trailing colons."""
    return tuple(b.text.rstrip(":").strip() for b in telegram.body if isinstance(b, Heading))


def action_request(telegram: Telegram) -> Paragraph | None:
    """The first paragraph that says it is an action request."""
    for paragraph in telegram.paragraphs:
        if "ACTION REQUEST" in paragraph.text.upper():
            return paragraph
    return None


def talking_points(telegram: Telegram) -> tuple[Bullet, ...]:
    """The talking points written as bullets, each with its own or its paragraph's mark.

    Where the points are is :func:`overflight.cables.points.find_talking_points`' rule (the one
    the non-paper is made by): between Begin and End markers, or under a TALKING POINTS or
    NON-PAPER heading; instructions to posts are not points.
    """
    return tuple(
        Bullet(point.text, point.marking) for point in find_talking_points(telegram) if point.bullet
    )


@dataclass(frozen=True, slots=True)
class ReportingDeadline:
    """The day posts must report by, and the marking of the portion that says so."""

    due_on: date
    marking: Marking  # resolved against the action addressees (no REL Recipients left)


def reporting_deadline(telegram: Telegram) -> date | None:
    """The date by which posts must report (``report ... by 5 June``).

    The year is the telegram's, or the next when that date would fall before the telegram;
    ``None`` without a DTG (no year to put the date in).
    """
    found = find_reporting_deadline(telegram)
    return found.due_on if found is not None else None


def find_reporting_deadline(telegram: Telegram) -> ReportingDeadline | None:
    """The reporting deadline with the marking of its portion (see ``reporting_deadline``).

    The portion is the bullet that names the date when it carries its own mark, else its
    paragraph; an unmarked paragraph takes the telegram's classification. Whatever is derived
    from the deadline (a case's deadline, its timeline line) carries that marking.
    """
    created = telegram.created
    if created is None:
        return None
    default = Marking(telegram.classification)
    for paragraph in telegram.paragraphs:
        for text, marking in _marked_texts(paragraph):
            if "REPORT" not in text.upper():
                continue
            match = _DEADLINE.search(text)
            if match is None:
                continue
            day = int(match.group(1) or match.group(4))
            month = _MONTHS[(match.group(2) or match.group(3)).upper()]
            year = created.year
            try:
                deadline = date(year, month, day)
            except ValueError:
                continue
            if deadline < created:
                deadline = date(year + 1, month, day)
            return ReportingDeadline(deadline, (marking or default).resolve(telegram.recipients))
    return None


def _marked_texts(paragraph: Paragraph) -> list[tuple[str, Marking | None]]:
    """The paragraph's text and its parts' texts, each with the mark that governs it."""
    found: list[tuple[str, Marking | None]] = [(paragraph.text, paragraph.marking)]
    for part in paragraph.parts:
        own = part.marking if isinstance(part, Bullet) else None
        found.append((part.text, own or paragraph.marking))
    return found


def slugs(telegram: Telegram) -> tuple[str, ...]:
    """The offices replies must be slugged for (``EUR, ISN, SCA, and T``), in order."""
    found: list[str] = []
    for paragraph in telegram.paragraphs:
        for text in _texts(paragraph):
            for match in _SLUG.finditer(text):
                for item in re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group(1)):
                    word = item.strip().split(" ")[0] if item.strip() else ""
                    if word and word.upper() == word and word not in found:
                        found.append(word)
    return tuple(found)


def point_of_contact(telegram: Telegram) -> PointOfContact | None:
    """The point of contact named in the telegram, with phone and e-mail when given."""
    for paragraph in telegram.paragraphs:
        for text in _texts(paragraph):
            if "POINT OF CONTACT" not in text.upper() and "POC" not in text.upper():
                continue
            name = _POC_NAME.search(text)
            email = _EMAIL.search(text)
            phone = _PHONE.search(text)
            return PointOfContact(
                name=name.group(1).strip() if name else "",
                office=(name.group(2) or "") if name else "",
                phone=phone.group(0) if phone else "",
                email=email.group(0).rstrip(".") if email else "",
            )
    return None
