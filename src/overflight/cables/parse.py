"""Read a telegram from text: header, classification line, pre-body fields, body, ending."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace

from overflight.cables.body import parse_body
from overflight.cables.errors import CableParseError
from overflight.cables.header import parse_header
from overflight.cables.model import Problem, Section, Serial, Telegram
from overflight.cables.ocr import normalise_line
from overflight.cables.refs import REF_START, parse_references
from overflight.markings import (
    ClassificationAuthority,
    ClassificationLevel,
    Declassification,
    Marking,
    MarkingError,
    parse_classified_by,
    parse_declassification,
    portion_conflict,
    split_portion,
    validate_declassification,
)

__all__ = [
    "CLASSIFICATION_LINE",
    "parse_telegram",
    "parse_telegrams",
    "read_classification_line",
    "repair_eo_line",
]

CLASSIFICATION_LINE = re.compile(
    r"^\s*((?:[A-Za-z] )+[A-Za-z]|UNCLAS(?:SIFIED)?|SECRET|CONFIDENTIAL|TOP SECRET|C)"
    r"(?:\s+SECTION\s+(\d{1,2})\s+OF\s+(\d{1,2}))?"
    r"(?:\s+([A-Z][A-Z .'-]*?[A-Z])\s+(\d{1,7}))?\s*$",
    re.IGNORECASE,
)
"""``S E C R E T STATE 056778``, ``C o n f i d e n t i a l section 01 of 04 ankara 000348``."""

_AFTER_LEVEL = re.compile(
    r"^(?:SECTION\s+(\d{1,2})\s+OF\s+(\d{1,2}))?\s*"
    r"(?:([A-Z][A-Z .'-]*?[A-Z])\s+(\d{1,7})(?:\s+(\S.*))?)?$",
    re.IGNORECASE,
)
"""What follows the level: section, station and serial, then (flattened texts) the captions."""
_SECURITY_LINE = re.compile(r"^\s*ZN[YR]\s+([SCU])\1{4}\b", re.IGNORECASE)
_SECURITY_LEVELS = {
    "S": ClassificationLevel.S,
    "C": ClassificationLevel.C,
    "U": ClassificationLevel.U,
}
_ADDRESS_LINE = re.compile(r"^\s*(?:FM|TO|INFO)\s+\S")
_PAGE_MARK = re.compile(
    r"^\s*[A-Z][A-Z .'-]*\s+\d{8}\s+\d{3}(?:\.\d)?\s+OF\s+\d{3}\s*$", re.IGNORECASE
)
"""A page mark inside a routed text (``MADRID 00002281 001.2 OF 002``): dropped."""
_OCR_PREFIX = 2  # stray letters an OCR'd line carries before the level (``SS E C R E T``)
_SPACED_TOKEN = 3  # longest token inside a spaced-out level (``CO N F I D ...``)


@dataclass(frozen=True, slots=True)
class _ClassificationLine:
    level: ClassificationLevel
    section: Section | None
    serial: Serial | None
    rest: str
    ocr: str  # the level as written when it had to be repaired, else ""


_LEVEL_WORDS = {
    "TOPSECRET": ClassificationLevel.TS,
    "SECRET": ClassificationLevel.S,
    "ECRET": ClassificationLevel.S,
    "CONFIDENTIAL": ClassificationLevel.C,
    "ONFIDENTIAL": ClassificationLevel.C,
    "UNCLAS": ClassificationLevel.U,
    "UNCLASSIFIED": ClassificationLevel.U,
    "C": ClassificationLevel.C,
}
_EO = re.compile(r"^\s*E\.?\s*O\.?\s*\d{5}", re.IGNORECASE)
_TAGS = re.compile(r"^\s*(?:TAGE?S|TAG|TAS:|TABS|TGS|AGS:)\s*:?\s*(.*)$", re.IGNORECASE)
_SUBJECT = re.compile(r"^\s*SUBJ(?:ECT)?\s*:\s*(.*)$", re.IGNORECASE)
_CLASSIFIED_BY = re.compile(r"^\s*(?:\(U\)\s*)?CLASSIFIED\s+BY\b", re.IGNORECASE)
_REASONS_LINE = re.compile(r"^\s*(?:REASONS?\b|1\.[45]\s*\()", re.IGNORECASE)
_SPLIT_KEYS = re.compile(
    r"\s+(?=(?:TAGS?|SUBJECT|REFS?|CLASSIFIED\s+BY)\s*:)|\s+(?=E\.?O\.?\s+1\d{4})",
    re.IGNORECASE,
)
"""Where a flattened line holds several fields (``E.o. 12958: decl: … Tags: … Subject: …``)."""
_REF_ITEM = re.compile(r"^\s*[¶1]?\s*\(?[A-Z][.)]")
_REF_PILCROW = re.compile(r"^\s*[¶1]\s*(?=[A-Z]\.)")
_PARAGRAPH_START = re.compile(r"^\s*(?:¶\s*\d{1,3}|\d{1,3}\s?\.\s*\()")
_BODY_START = re.compile(
    r"^\s*(?:¶|\d{1,3}\s?[.,]\s|-{2,}|SUMMARY\b|\((?:[CSU]|SBU|TS)(?:/{1,2}[A-Z ,]+)*\))",
    re.IGNORECASE,
)
_EMBEDDED_PARAGRAPH = re.compile(r"\s(?=(?:¶\s*)?\d{1,3}\s?\.\s*\([A-Z/]{1,10}\))")
"""Paragraph 1 run into the Classified By line of a flattened text."""
_REASONS_TAIL = re.compile(r"[\s,;.]*\b(?:for\s+)?reasons?\b", re.IGNORECASE)
_TAG_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\s*\([^)]*\))?")
_TAG_LINE = re.compile(r"^\s*(?:[A-Za-z][A-Za-z0-9]{1,5}(?:\s*\([^)]*\))?\s*[,;]?\s*)+$")
"""A line that goes on with the TAGS: short codes (``VE, CO``, ``UNMIK``), person tags."""
_SUBJECT_WRAP_CHARS = 50
_EO_PARTS = re.compile(r"^(?P<lead>\s*E\.?\s*O\.?\s*)(?P<order>\d{5})\s*:?\s*(?P<rest>.*)$", re.I)
_EO_ORDERS = ("12958", "13292", "13526")
_EO_BARE_DATE = re.compile(r"^\d{1,4}/\d{1,2}/\d{1,4}\s*$")
_EO_SHORT_YEAR = re.compile(r"^(DECL\w*\s*:?\s*\d{1,2}/\d{1,2}/)(\d{2})\s*$", re.IGNORECASE)


def read_classification_line(text: str) -> _ClassificationLine | None:
    """The level, section and serial of a classification line, ``None`` if it is not one.

    Spaced (``S E C R E T``), plain (``UNCLAS``), truncated (``E C R E T``) and OCR'd forms
    (``SS E C R E T``, ``CC O N F I D E N T I A L``, ``C ONFIDENTIAL``, ``UUNCLAS``) are read;
    a flattened text's captions after the serial are kept in ``rest``.
    """
    tokens = text.split()
    for size in range(min(len(tokens), 16), 0, -1):
        if size > 2 and any(len(token) > _SPACED_TOKEN for token in tokens[1 : size - 1]):
            continue
        written = " ".join(tokens[:size])
        level, repaired = _level_word("".join(tokens[:size]).upper())
        if level is None or not written.replace(" ", "").isalpha():
            continue
        after = _AFTER_LEVEL.match(" ".join(tokens[size:]))
        if after is None:
            continue
        section = Section(int(after[1]), int(after[2])) if after[1] else None
        serial = Serial(" ".join(after[3].upper().split()), int(after[4])) if after[3] else None
        return _ClassificationLine(level, section, serial, after[5] or "", written * repaired)
    return None


def _level_word(squashed: str) -> tuple[ClassificationLevel | None, bool]:
    """The level a squashed word names, and whether stray OCR letters had to be dropped."""
    if squashed in _LEVEL_WORDS:
        return _LEVEL_WORDS[squashed], False
    for drop in range(1, _OCR_PREFIX + 1):
        level = _LEVEL_WORDS.get(squashed[drop:])
        if level is not None and len(squashed) - drop > 1:
            return level, True
    return None, False


def _level_from_security_line(
    rows: list[tuple[int, str]], source: str
) -> tuple[_ClassificationLine, int]:
    """A text without a classification line: the level of its ``ZNY SSSSS`` line.

    Returns the level and the index of the line after the address block, where the captions
    and E.O. line begin.

    Raises:
        CableParseError: no security line either.
    """
    level: ClassificationLevel | None = None
    addressed = False
    for index, (_, text) in enumerate(rows):
        security = _SECURITY_LINE.match(text)
        if security is not None:
            level = _SECURITY_LEVELS[security[1].upper()]
        elif _ADDRESS_LINE.match(text):
            addressed = True
        elif not text.strip() and addressed and level is not None:
            return _ClassificationLine(level, None, None, "", ""), index
    raise CableParseError(
        "expected a classification line such as 'S E C R E T STATE 056778' or "
        "'UNCLAS MADRID 000123'",
        source=source,
        line=rows[0][0],
        field="classification",
    )


def _find_classification(rows: list[tuple[int, str]]) -> int:
    for index, (_, text) in enumerate(rows):
        if read_classification_line(text) is not None:
            return index
    return -1


def _export_preface(rows: list[tuple[int, str]]) -> int:
    """How many rows a post's database export puts before the transmitted telegram (or 0).

    Such an export (``DB/Inbox: Search Results``, ``Cable Text:``) repeats the classification
    line and adds the post's own distribution (``ACTION: AMB``, ``DRAFTED:``) above the
    routing header; the telegram itself starts at ``VZCZC``, with its own classification line
    further down.
    """
    first = _find_classification(rows)
    if first < 0:
        return 0
    for index, (_, text) in enumerate(rows[first + 1 :], first + 1):
        if text.lstrip().startswith("VZCZC"):
            return index if _find_classification(rows[index:]) >= 0 else 0
    return 0


def parse_telegram(text: str, *, source: str = "", strict: bool = False) -> Telegram:
    """Read a telegram.

    What cannot be accepted (an unreadable portion mark, a portion above the classification, an
    unknown post, a declassification date out of range) is kept as text and listed in
    ``Telegram.problems`` with its line; ``strict`` turns the first of them into an error.

    Args:
        text: the telegram, as transmitted or as published (WikiLeaks, OCR).
        source: name of the text, for errors.
        strict: raise on the first problem instead of listing it.

    Raises:
        CableParseError: no classification line, an impossible DTG, or (strict) a problem.
    """
    rows = [
        (number, normalise_line(line))
        for number, line in enumerate(text.splitlines(), 1)
        if not _PAGE_MARK.match(line)
    ]
    if not any(line.strip() for _, line in rows):
        raise CableParseError("empty text: expected a telegram", source=source, line=1)
    problems: list[Problem] = []
    preface = _export_preface(rows)
    if preface:
        problems.append(
            Problem(
                rows[0][0],
                f"lines {rows[0][0]}-{rows[preface - 1][0]}: a database export's preface, set "
                "aside (the transmitted telegram starts below)",
            )
        )
        rows = rows[preface:]
    at = _find_classification(rows)
    if at >= 0:
        line_no, class_text = rows[at]
        found = read_classification_line(class_text)
        if found is None:  # found above; kept for the type checker
            raise CableParseError("classification line vanished", source=source, line=line_no)
        if found.ocr:
            problems.append(
                Problem(
                    line_no,
                    f"{found.ocr!r}: a damaged classification line, read as {found.level.name}",
                )
            )
        fields_from = at + 1
        if found.rest:
            rows = [*rows[: at + 1], (line_no, found.rest), *rows[at + 1 :]]
    else:
        found, at = _level_from_security_line(rows, source)
        line_no = rows[at][0] if at < len(rows) else rows[-1][0]
        problems.append(
            Problem(
                line_no,
                f"no classification line: level {found.level.name} read from the "
                "security line (ZNY ...) of the header",
            )
        )
        fields_from = at
    header = parse_header(rows[:at], source=source)
    problems[:0] = header.problems
    level, section, serial = found.level, found.section, found.serial
    fields = _Fields(level, header.dtg.at.year if header.dtg else None, source, problems)
    body_start = fields.read(rows[fields_from:])
    body = parse_body(rows[fields_from + body_start :], source=source)
    problems.extend(body.problems)
    telegram = Telegram(
        classification=level,
        serial=serial,
        section=section,
        dtg=header.dtg,
        origin=header.origin,
        action=tuple(header.action),
        info=tuple(header.info),
        excluded=tuple(header.excluded),
        routing=tuple(header.routing),
        preamble=tuple(header.preamble),
        captions=tuple(fields.captions),
        declassification=fields.declassification,
        tags=tuple(fields.tags),
        subject=fields.subject,
        subject_marking=fields.subject_marking,
        refs=parse_references(fields.refs, fields.year) if fields.refs else (),
        authority=fields.authority,
        body=tuple(body.blocks),
        signature=body.signature,
        trailer=tuple(body.trailer),
    )
    problems.extend(_check(telegram, rows, fields.eo_line))
    if telegram.extract:
        problems.append(
            Problem(rows[0][0], "a partial extract: the full text of the original is not available")
        )
    problems.sort(key=lambda problem: problem.line)
    if strict and problems:
        raise CableParseError(problems[0].message, source=source, line=problems[0].line)
    return replace(telegram, problems=tuple(problems))


class _Fields:
    """Reads the lines between the classification line and the body."""

    def __init__(
        self, level: ClassificationLevel, year: int | None, source: str, problems: list[Problem]
    ):
        self.level = level
        self.year = year
        self.source = source
        self.problems = problems
        self.captions: list[str] = []
        self.declassification: Declassification | None = None
        self.eo_line = 0
        self.tags: list[str] = []
        self.subject = ""
        self.subject_marking: Marking | None = None
        self.refs = ""
        self.authority: ClassificationAuthority | None = None

    def read(self, rows: list[tuple[int, str]]) -> int:
        """Consume the pre-body lines; return the index of the first body line."""
        expanded: list[tuple[int, int, str]] = []
        for index, (number, text) in enumerate(rows):
            if _PARAGRAPH_START.match(text):
                expanded.append((index, number, text))
            else:
                expanded.extend((index, number, piece) for piece in _SPLIT_KEYS.split(text))
        mode = "captions"
        blank = False
        subject_line = ""
        authority_text = ""
        authority_line = 0
        for at, (index, number, text) in enumerate(expanded):
            if not text.strip():
                blank = True
                continue
            if _PARAGRAPH_START.match(text):
                self._finish_authority(authority_text, authority_line)
                return index
            if _EO.match(text):
                self._read_eo(text, number)
                mode = "eo"
            elif (tags := _TAGS.match(text)) is not None and mode in ("captions", "eo"):
                self.tags.extend(" ".join(t.upper().split()) for t in _TAG_TOKEN.findall(tags[1]))
                mode = "tags"
            elif (subject := _SUBJECT.match(text)) is not None:
                self._read_subject(subject.group(1), number)
                subject_line = text
                mode = "subject"
            elif (ref := REF_START.match(text)) is not None:
                self.refs = ref.group(1)
                mode = "refs"
            elif _CLASSIFIED_BY.match(text):
                authority_text, authority_line = text, number
                mode = "authority"
            elif mode == "tags" and _TAG_LINE.match(text):
                self.tags.extend(" ".join(t.upper().split()) for t in _TAG_TOKEN.findall(text))
            elif mode == "captions":
                self.captions.append(text.strip())
            elif mode == "subject" and self._continues_subject(text, subject_line, blank):
                self.subject = f"{self.subject} {text.strip()}"
                subject_line = text
            elif mode == "refs" and (
                not blank or _REF_ITEM.match(text) or _authority_follows(expanded, at)
            ):
                self.refs = f"{self.refs} {_REF_PILCROW.sub('', text).strip()}"
            elif (
                mode == "authority"
                and (not blank or _REASONS_LINE.match(text))
                and not (_BODY_START.match(text))
            ):
                authority_text = f"{authority_text} {text.strip()}"
            else:
                self._finish_authority(authority_text, authority_line)
                return index
            blank = False
        self._finish_authority(authority_text, authority_line)
        return len(rows)

    @staticmethod
    def _continues_subject(text: str, previous: str, blank: bool) -> bool:
        """A wrapped subject: upper case, under a line long enough to have been wrapped."""
        if not blank:
            return not _PARAGRAPH_START.match(text)
        if text != text.upper() or not any(ch.isalpha() for ch in text):
            return False
        return len(previous.strip()) >= _SUBJECT_WRAP_CHARS

    def _read_eo(self, text: str, number: int) -> None:
        repaired = repair_eo_line(text)
        if repaired != text:
            self.problems.append(
                Problem(number, f"{text.strip()!r}: a damaged E.O. line, read as {repaired!r}")
            )
        try:
            self.declassification = parse_declassification(
                repaired, source=self.source, line=number
            )
            self.eo_line = number
        except MarkingError as err:
            self.problems.append(Problem(number, err.message))

    def _read_subject(self, text: str, number: int) -> None:
        try:
            self.subject_marking, self.subject = split_portion(
                text, source=self.source, line=number
            )
        except MarkingError as err:
            self.problems.append(Problem(number, err.message))
            self.subject = text.strip()

    def _finish_authority(self, text: str, number: int) -> None:
        """Read the Classified By text; with unreadable reasons, keep who classified."""
        if not text or self.authority is not None:
            return
        text = _EMBEDDED_PARAGRAPH.split(text, maxsplit=1)[0]
        try:
            self.authority = parse_classified_by(text, source=self.source, line=number)
        except MarkingError as err:
            self.problems.append(Problem(number, err.message))
            who = _REASONS_TAIL.split(text, maxsplit=1)[0]
            try:
                self.authority = parse_classified_by(who, source=self.source, line=number)
            except MarkingError:
                return
            self.authority = ClassificationAuthority(self.authority.by)


def repair_eo_line(text: str) -> str:
    """An E.O. line with its typing slips undone, as ``parse_declassification`` reads it.

    Slips seen in real telegrams: the order's digits transposed (``E.O. 12598``, ``19523``),
    ``DECL:`` left out before the date (``E.O. 12958 03/24/2019``), and a two-digit year in
    the date (``DECL: 02/12/20``, read as 2020).
    """
    match = _EO_PARTS.match(text)
    if match is None:
        return text
    order, rest = match["order"], match["rest"].strip()
    if order not in _EO_ORDERS:
        order = next((known for known in _EO_ORDERS if sorted(known) == sorted(order)), order)
    if _EO_BARE_DATE.match(rest):
        rest = f"DECL: {rest}"
    rest = _EO_SHORT_YEAR.sub(r"\g<1>20\g<2>", rest)
    repaired = f"{match['lead']}{order}: {rest}"
    return text if _squash(repaired) == _squash(text) else repaired


def _squash(text: str) -> str:
    return re.sub(r"[\s:]", "", text.upper())


def _authority_follows(expanded: list[tuple[int, int, str]], at: int) -> bool:
    """The next line with text after ``at`` is the Classified By line (a wrapped REF)."""
    for _, _, text in expanded[at + 1 :]:
        if text.strip():
            return bool(_CLASSIFIED_BY.match(text))
    return False


def _check(telegram: Telegram, rows: list[tuple[int, str]], eo_line: int) -> list[Problem]:
    """Markings that cannot be: portions above the classification, bad E.O. dates."""
    problems: list[Problem] = []
    banner = Marking(telegram.classification)
    lines = {number: text for number, text in rows}
    for paragraph in telegram.paragraphs:
        markings = [
            paragraph.marking,
            *(getattr(part, "marking", None) for part in paragraph.parts),
        ]
        for marking in markings:
            if marking is None:
                continue
            conflict = portion_conflict(banner, marking)
            if conflict is not None:
                problems.append(Problem(_line_of(lines, paragraph.number), conflict))
    created = telegram.created
    if telegram.declassification is not None and created is not None:
        try:
            validate_declassification(
                telegram.declassification, created, telegram.classification, line=eo_line
            )
        except MarkingError as err:
            problems.append(Problem(eo_line, err.message))
    return problems


def _line_of(lines: dict[int, str], paragraph: int) -> int:
    pattern = re.compile(rf"^\s*¶?\s*1?{paragraph}\s?\.")
    for number, text in lines.items():
        if pattern.match(text):
            return number
    return 0


def parse_telegrams(
    texts: Iterable[tuple[str, str]],
) -> tuple[list[Telegram], list[CableParseError]]:
    """Read many telegrams; one bad text never costs the good ones.

    Args:
        texts: pairs of (source name, text).

    Returns:
        The telegrams read and the errors of those that could not be.
    """
    accepted: list[Telegram] = []
    errors: list[CableParseError] = []
    for source, text in texts:
        try:
            accepted.append(parse_telegram(text, source=source))
        except CableParseError as err:
            errors.append(err)
    return accepted, errors
