"""Read a telegram from text: header, classification line, pre-body fields, body, ending."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from overflight.cables.body import parse_body
from overflight.cables.errors import CableParseError
from overflight.cables.header import parse_header
from overflight.cables.model import Problem, Section, Serial, Telegram
from overflight.cables.ocr import normalise_line
from overflight.cables.refs import REF_START, parse_references
from overflight.markings import (
    ClassificationAuthority,
    Declassification,
    Level,
    Marking,
    MarkingError,
    parse_classified_by,
    parse_declassification,
    portion_conflict,
    split_portion,
    validate_declassification,
)

__all__ = ["CLASSIFICATION_LINE", "parse_telegram", "parse_telegrams"]

CLASSIFICATION_LINE = re.compile(
    r"^\s*((?:[A-Za-z] )+[A-Za-z]|UNCLAS(?:SIFIED)?|SECRET|CONFIDENTIAL|TOP SECRET|C)"
    r"(?:\s+SECTION\s+(\d{1,2})\s+OF\s+(\d{1,2}))?"
    r"(?:\s+([A-Z][A-Z .'-]*?[A-Z])\s+(\d{1,7}))?\s*$",
    re.IGNORECASE,
)
"""``S E C R E T STATE 056778``, ``C o n f i d e n t i a l section 01 of 04 ankara 000348``."""

_LEVEL_WORDS = {
    "TOPSECRET": Level.TS,
    "SECRET": Level.S,
    "ECRET": Level.S,
    "CONFIDENTIAL": Level.C,
    "ONFIDENTIAL": Level.C,
    "UNCLAS": Level.U,
    "UNCLASSIFIED": Level.U,
    "C": Level.C,
}
_EO = re.compile(r"^\s*E\.?\s*O\.?\s*\d{5}", re.IGNORECASE)
_TAGS = re.compile(r"^\s*(?:TAGE?S|TAG|TAS:|TABS|TGS|AGS:)\s*:?\s*(.*)$", re.IGNORECASE)
_SUBJECT = re.compile(r"^\s*SUBJ(?:ECT)?\s*:\s*(.*)$", re.IGNORECASE)
_CLASSIFIED_BY = re.compile(r"^\s*(?:\(U\)\s*)?CLASSIFIED\s+BY\b", re.IGNORECASE)
_REASONS_LINE = re.compile(r"^\s*(?:REASONS?\b|1\.[45]\s*\()", re.IGNORECASE)
_SPLIT_KEYS = re.compile(r"\s+(?=(?:TAGS|SUBJECT)\s*:)", re.IGNORECASE)
_REF_ITEM = re.compile(r"^\s*[¶1]?\s*\(?[A-Z][.)]")
_REF_PILCROW = re.compile(r"^\s*[¶1]\s*(?=[A-Z]\.)")
_PARAGRAPH_START = re.compile(r"^\s*¶?\s*\d{1,3}\s?\.\s*\(")
_TAG_TOKEN = re.compile(r"[A-Za-z0-9]+(?:\s*\([^)]*\))?")
_SUBJECT_WRAP_CHARS = 50


def _find_classification(rows: list[tuple[int, str]]) -> int:
    for index, (_, text) in enumerate(rows):
        match = CLASSIFICATION_LINE.match(text)
        if match is not None and _level_of(match.group(1)) is not None:
            return index
    return -1


def _level_of(word: str) -> Level | None:
    return _LEVEL_WORDS.get(word.replace(" ", "").upper())


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
    rows = [(number, normalise_line(line)) for number, line in enumerate(text.splitlines(), 1)]
    if not any(line.strip() for _, line in rows):
        raise CableParseError("empty text: expected a telegram", source=source, line=1)
    at = _find_classification(rows)
    if at < 0:
        raise CableParseError(
            "expected a classification line such as 'S E C R E T STATE 056778' or "
            "'UNCLAS MADRID 000123'",
            source=source,
            line=rows[0][0],
            field="classification",
        )
    header = parse_header(rows[:at], source=source)
    problems = list(header.problems)
    line_no, class_text = rows[at]
    match = CLASSIFICATION_LINE.match(class_text)
    if match is None:  # found above; kept for the type checker
        raise CableParseError("classification line vanished", source=source, line=line_no)
    level = _level_of(match.group(1)) or Level.U
    section = Section(int(match.group(2)), int(match.group(3))) if match.group(2) else None
    serial = None
    if match.group(4):
        serial = Serial(" ".join(match.group(4).upper().split()), int(match.group(5)))
    fields = _Fields(level, header.dtg.at.year if header.dtg else None, source, problems)
    body_start = fields.read(rows[at + 1 :])
    body = parse_body(rows[at + 1 + body_start :], source=source)
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
    problems.sort(key=lambda problem: problem.line)
    if strict and problems:
        raise CableParseError(problems[0].message, source=source, line=problems[0].line)
    return replace(telegram, problems=tuple(problems))


class _Fields:
    """Reads the lines between the classification line and the body."""

    def __init__(self, level: Level, year: int | None, source: str, problems: list[Problem]):
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
            if _EO.match(text) or _TAGS.match(text):
                expanded.extend((index, number, piece) for piece in _SPLIT_KEYS.split(text))
            else:
                expanded.append((index, number, text))
        mode = "captions"
        blank = False
        subject_line = ""
        authority_text = ""
        authority_line = 0
        for index, number, text in expanded:
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
            elif (ref := REF_START.match(text)) is not None and mode != "authority":
                self.refs = ref.group(1)
                mode = "refs"
            elif _CLASSIFIED_BY.match(text):
                authority_text, authority_line = text, number
                mode = "authority"
            elif mode == "captions":
                self.captions.append(text.strip())
            elif mode == "subject" and self._continues_subject(text, subject_line, blank):
                self.subject = f"{self.subject} {text.strip()}"
                subject_line = text
            elif mode == "refs" and (not blank or _REF_ITEM.match(text)):
                self.refs = f"{self.refs} {_REF_PILCROW.sub('', text).strip()}"
            elif mode == "authority" and (not blank or _REASONS_LINE.match(text)):
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
        if text != text.upper() or not any(ch.isalpha() for ch in text):
            return False
        return not blank or len(previous.strip()) >= _SUBJECT_WRAP_CHARS

    def _read_eo(self, text: str, number: int) -> None:
        try:
            self.declassification = parse_declassification(text, source=self.source, line=number)
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
        if not text or self.authority is not None:
            return
        try:
            self.authority = parse_classified_by(text, source=self.source, line=number)
        except MarkingError as err:
            self.problems.append(Problem(number, err.message))


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
