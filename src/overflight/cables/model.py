"""The telegram model: header, classification, captions, E.O. line, references, body, ending."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import Enum

from overflight.cables.posts import Post
from overflight.markings import (
    ClassificationAuthority,
    ClassificationLevel,
    Control,
    Declassification,
    Marking,
    alpha2_to_trigraph,
)

__all__ = [
    "Addressee",
    "Block",
    "Bullet",
    "CableReference",
    "Dtg",
    "Heading",
    "Paragraph",
    "Part",
    "Precedence",
    "Problem",
    "Prose",
    "Section",
    "Serial",
    "Telegram",
    "Text",
]


class Precedence(Enum):
    """How fast a telegram must be handled; the value is the word written after an addressee."""

    FLASH = "FLASH"
    NIACT_IMMEDIATE = "NIACT IMMEDIATE"
    IMMEDIATE = "IMMEDIATE"
    PRIORITY = "PRIORITY"
    ROUTINE = "ROUTINE"

    @property
    def letter(self) -> str:
        """The prosign letter of the date-time group (``O`` for IMMEDIATE).

        ``Z`` for FLASH follows ACP 121/127 practice; no FLASH telegram was observed.
        """
        return _LETTERS[self]

    @classmethod
    def from_letter(cls, letter: str) -> Precedence:
        """The precedence a DTG letter stands for (``O`` is IMMEDIATE, not NIACT IMMEDIATE).

        Raises:
            ValueError: not one of Z, O, P, R.
        """
        for precedence in (cls.FLASH, cls.IMMEDIATE, cls.PRIORITY, cls.ROUTINE):
            if precedence.letter == letter.upper():
                return precedence
        raise ValueError(f"{letter!r} is not a precedence letter (Z, O, P, R)")


_LETTERS = {
    Precedence.FLASH: "Z",
    Precedence.NIACT_IMMEDIATE: "O",
    Precedence.IMMEDIATE: "O",
    Precedence.PRIORITY: "P",
    Precedence.ROUTINE: "R",
}


@dataclass(frozen=True, slots=True)
class Dtg:
    """The precedence and date-time group line (``O 281347Z MAY 08``).

    Attributes:
        precedence: precedence for the action addressees.
        at: when the telegram was released, aware UTC, to the minute.
        info_precedence: a second precedence for info addressees (``O P 280224Z MAR 09``).
    """

    precedence: Precedence
    at: datetime
    info_precedence: Precedence | None = None


@dataclass(frozen=True, slots=True)
class Addressee:
    """A post a telegram goes to.

    Attributes:
        post: the post.
        precedence: the precedence word written after it, ``None`` when none is written
            (routine telegrams write none).
        mcn: the message channel number(s) of routed telegrams (``7721-7722``), or ``""``.
    """

    post: Post
    precedence: Precedence | None = None
    mcn: str = ""


@dataclass(frozen=True, slots=True)
class Section:
    """``SECTION 01 OF 04``."""

    number: int
    total: int


@dataclass(frozen=True, slots=True)
class Serial:
    """The station and telegram number of the classification line (``STATE 056778``)."""

    station: str
    number: int

    @property
    def reference_id(self) -> str:
        """The number without padding, as references cite it (``STATE 56778``)."""
        return f"{self.station} {self.number}"


@dataclass(frozen=True, slots=True)
class CableReference:
    """One reference (``A. STATE 43804``, ``B. 99 PRETORIA 12315``, or free text).

    Attributes:
        letter: the reference letter, ``""`` for a single unlettered reference.
        station: the sending station of a referenced telegram (``STATE``), ``""`` for others.
        number: the referenced telegram's number.
        year: the telegram's year when written (four digits), ``None`` for the same year.
        text: the reference as written, for references that are not telegrams.
    """

    letter: str
    station: str = ""
    number: int | None = None
    year: int | None = None
    text: str = ""


@dataclass(frozen=True, slots=True)
class Bullet:
    """A ``--`` point inside a paragraph, with its own portion mark when it has one."""

    text: str
    marking: Marking | None = None


@dataclass(frozen=True, slots=True)
class Prose:
    """An unnumbered sub-paragraph inside a numbered paragraph."""

    text: str


Part = Bullet | Prose


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A numbered, usually portion-marked paragraph.

    Attributes:
        number: the paragraph number.
        marking: its portion mark, ``None`` when unmarked or unreadable.
        text: the first line's text after the mark.
        parts: bullets and sub-paragraphs that follow, in order.
    """

    number: int
    marking: Marking | None
    text: str
    parts: tuple[Part, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading:
    """A section heading (``OBJECTIVES``, ``TALKING POINTS/NON-PAPER:``)."""

    text: str


@dataclass(frozen=True, slots=True)
class Text:
    """Unnumbered text outside paragraphs (``THIS IS AN ACTION REQUEST.``), kept as written."""

    text: str


Block = Paragraph | Heading | Text


_CAVEATS = (
    (re.compile(r"\bNOFORN\b|\bNOT RELEASABLE TO FOREIGN NATIONALS\b"), Control.NOFORN),
    (re.compile(r"^SENSITIVE\b|\bSENSITIVE BUT UNCLASSIFIED\b|^SBU\b"), Control.SBU),
    (re.compile(r"\bFOR OFFICIAL USE ONLY\b|\bFOUO\b"), Control.FOUO),
    (re.compile(r"\bORCON\b"), Control.ORCON),
)
_EXTRACT = re.compile(r"\bpartial extract\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Problem:
    """Something the parser read but could not accept, with its line (1-based)."""

    line: int
    message: str


@dataclass(frozen=True, slots=True)
class Telegram:
    """A diplomatic telegram.

    Attributes:
        classification: the level on the classification line.
        serial: station and number of the classification line, when given.
        section: ``SECTION n OF m`` of multi-section telegrams.
        dtg: precedence and date-time group; ``None`` for extracts without a header.
        origin: the originating post (``FM``).
        action: action addressees (``TO``), in order.
        info: information addressees (``INFO``), in order.
        excluded: posts excluded from a collective (``XMT``).
        routing: routed transmission header lines (``VZCZC...``, ``DE ...``), as written.
        preamble: lines before the header that are not part of the telegram, as written.
        captions: handling lines after the classification line (``SIPDIS``, ``NOFORN``).
        declassification: the E.O. line.
        tags: TAGS, upper case, in order.
        subject: the subject, without its portion mark.
        subject_marking: the subject's portion mark, if any.
        refs: the references.
        authority: the Classified By line.
        body: headings, paragraphs and free text, in order.
        signature: the signing name (``RICE``), ``""`` if none.
        trailer: lines after the signature (``NNNN``, ``End Cable Text``).
        problems: what the parser kept as text but could not accept (not part of equality).
    """

    classification: ClassificationLevel
    serial: Serial | None = None
    section: Section | None = None
    dtg: Dtg | None = None
    origin: Post | None = None
    action: tuple[Addressee, ...] = ()
    info: tuple[Addressee, ...] = ()
    excluded: tuple[str, ...] = ()
    routing: tuple[str, ...] = ()
    preamble: tuple[str, ...] = ()
    captions: tuple[str, ...] = ()
    declassification: Declassification | None = None
    tags: tuple[str, ...] = ()
    subject: str = ""
    subject_marking: Marking | None = None
    refs: tuple[CableReference, ...] = ()
    authority: ClassificationAuthority | None = None
    body: tuple[Block, ...] = ()
    signature: str = ""
    trailer: tuple[str, ...] = ()
    problems: tuple[Problem, ...] = field(default=(), compare=False)

    @property
    def created(self) -> date | None:
        """The telegram's date (from the DTG)."""
        return self.dtg.at.date() if self.dtg is not None else None

    @property
    def controls(self) -> frozenset[Control]:
        """The caveats the caption lines carry (``NOFORN``; ``SENSITIVE`` is SBU)."""
        found: set[Control] = set()
        for caption in self.captions:
            words = caption.upper()
            for pattern, control in _CAVEATS:
                if pattern.search(words):
                    found.add(control)
        return frozenset(found)

    @property
    def marking(self) -> Marking:
        """The telegram's overall marking: its level and the caveats of its captions."""
        return Marking(self.classification, self.controls)

    @property
    def extract(self) -> bool:
        """A partial extract: the text says the full original is not available."""
        return any(_EXTRACT.search(line) for line in self.preamble)

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        """The numbered paragraphs, in order."""
        return tuple(block for block in self.body if isinstance(block, Paragraph))

    @property
    def action_countries(self) -> tuple[str, ...]:
        """ISO alpha-2 host countries of the action addressees, in order, without repeats."""
        seen: dict[str, None] = {}
        for addressee in self.action:
            if addressee.post.country:
                seen.setdefault(addressee.post.country, None)
        return tuple(seen)

    @property
    def recipients(self) -> tuple[str, ...]:
        """Trigraphs of the action addressees' host states: what ``REL Recipients`` means."""
        return tuple(alpha2_to_trigraph(code) for code in self.action_countries)
