"""Who classified a telegram and why: ``Classified By: ..., Reasons 1.4 (b), (c), and (d)``."""

from __future__ import annotations

import re
from dataclasses import dataclass

from overflight.errors import Place
from overflight.markings.errors import MarkingError

__all__ = [
    "REASON_CATEGORIES",
    "ClassificationAuthority",
    "Reasons",
    "parse_classified_by",
    "parse_reasons",
]

REASON_CATEGORIES: dict[str, str] = {
    "a": "military plans, weapons systems, or operations",
    "b": "foreign government information",
    "c": "intelligence activities, sources or methods, or cryptology",
    "d": "foreign relations or foreign activities of the United States",
    "e": "scientific, technological, or economic matters relating to the national security",
    "f": "US government programs for safeguarding nuclear materials or facilities",
    "g": "vulnerabilities or capabilities of systems, installations, or plans",
    "h": "weapons of mass destruction",
}
"""Classification categories of E.O. 13526 §1.4 (a)-(h) (E.O. 12958 §1.5 before 2003)."""

_REASONS = re.compile(r"(1\.[45])\s*(.*)$", re.IGNORECASE | re.DOTALL)
_SPLIT = re.compile(
    r"(?:[\s,;:.]*\bReasons?\b\s*:?\s*|\s*:\s*(?=1\.[45]))(1\.[45]\b.*)$", re.IGNORECASE | re.DOTALL
)
_PREFIX = re.compile(r"^\s*(?:\(U\)\s*)?CLASSIFIED\s+BY\s*:?\s*", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Reasons:
    """The classification reasons: the section of the order and its categories.

    Attributes:
        section: ``1.4`` (E.O. 12958 as amended, 13526) or ``1.5`` (E.O. 12958 before 2003).
        categories: lower-case letters a-h, sorted, without repeats.
    """

    section: str
    categories: tuple[str, ...]

    def render(self) -> str:
        """``Reasons 1.4 (b), (c), and (d)``; ``Reason 1.4 (b)``; ``Reasons 1.4 (b) and (d)``."""
        marks = [f"({letter})" for letter in self.categories]
        if len(marks) == 1:
            return f"Reason {self.section} {marks[0]}"
        if len(marks) == 2:
            return f"Reasons {self.section} {marks[0]} and {marks[1]}"
        return f"Reasons {self.section} {', '.join(marks[:-1])}, and {marks[-1]}"


@dataclass(frozen=True, slots=True)
class ClassificationAuthority:
    """The ``Classified By`` line: the classifying official and the reasons.

    Attributes:
        by: the official and office, as written.
        reasons: the reasons, when given.
    """

    by: str
    reasons: Reasons | None = None

    def render(self) -> str:
        """The line in canonical form."""
        if self.reasons is None:
            return f"Classified By: {self.by}"
        return f"Classified By: {self.by}, {self.reasons.render()}"


def parse_reasons(text: str, *, source: str = "", line: int | None = None) -> Reasons:
    """Read reasons such as ``1.4 b, c, and d``, ``1.4 (B) AND (D)``, ``1.5 (b,d)``.

    Raises:
        MarkingError: no section 1.4/1.5, no category, or a category outside (a)-(h).
    """
    where: Place = {"source": source, "line": line, "field": "reasons"}
    match = _REASONS.search(text)
    if match is None:
        raise MarkingError(f"{text.strip()!r}: expected 'Reasons 1.4 (b) and (d)'", **where)
    rest = re.sub(r"\bAND\b", " ", match.group(2), flags=re.IGNORECASE)
    letters = re.findall(r"(?<![A-Za-z])([A-Za-z])(?![A-Za-z])", rest)
    if not letters:
        raise MarkingError(f"{text.strip()!r}: no category letter after {match.group(1)}", **where)
    bad = sorted({letter.lower() for letter in letters} - set(REASON_CATEGORIES))
    if bad:
        raise MarkingError(
            f"categories {', '.join(bad)} are not among 1.4 (a)-(h)",
            column=match.start(2) + 1,
            **where,
        )
    return Reasons(match.group(1), tuple(sorted({letter.lower() for letter in letters})))


def parse_classified_by(
    text: str, *, source: str = "", line: int | None = None
) -> ClassificationAuthority:
    """Read a ``Classified By`` line (possibly joined with its continuation line).

    Raises:
        MarkingError: not a Classified By line, or reasons that cannot be read.
    """
    prefix = _PREFIX.match(text)
    if prefix is None:
        raise MarkingError(
            f"{text.strip()!r}: expected 'Classified By: <official>'",
            source=source,
            line=line,
            field="Classified By",
        )
    body = " ".join(text[prefix.end() :].split())
    split = _SPLIT.search(body)
    if split is None:
        return ClassificationAuthority(body.rstrip(" ,;:."))
    by = body[: split.start()].rstrip(" ,;:.")
    return ClassificationAuthority(by, parse_reasons(split.group(1), source=source, line=line))
