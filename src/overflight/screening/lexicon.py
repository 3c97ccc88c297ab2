"""The cargo lexicon: words that point at missile or WMD-related goods, keyed to control items.

The lexicon is a data file (``cargo_lexicon.yaml`` ships as the default) with one entry per
control-list item: its regime and item (MTCR Annex ``12.A.2``, an EU dual-use category), the
corresponding EU Regulation 2021/821 Annex I entry (``eu: 9A115``) and EU Common Military List
entry (``military: ML4``) where there is one. A cargo description is casefolded, its
punctuation read as spaces, and searched for each entry's words as whole words (a word ending
in ``*`` takes any ending), in context:

- ``terms`` name the item by themselves (``rocket motor``, ``Kh-55``);
- ``qualified_terms`` name it only with one of the entry's ``qualifiers`` within
  ``QUALIFIER_WINDOW`` words (``TEL`` with ``chassis``, ``centrifuges`` with ``gas`` or
  ``uranium``); without one they are *unqualified*: goods controlled only in some forms, which
  the description does not say (a vague sign, not a controlled one);
- ``unless`` words within ``UNLESS_WINDOW`` words of a hit cancel it (``gyros`` beside
  ``meat``, ``centrifuges`` beside ``dairy``, ``arms`` beside ``robot``).

Separate ``vague_terms`` ("machine parts") mark descriptions that say almost nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pydantic import BaseModel, ConfigDict, Field, model_validator

_PUNCTUATION = re.compile(r"[^\w]+")
QUALIFIER_WINDOW = 6
"""How many words either side of a qualified term a qualifier may stand."""
UNLESS_WINDOW = 5
"""How many words either side of a hit a negative-context word cancels it from."""


def normalise_goods_text(text: str) -> str:
    """Casefolded words, single-spaced: ``Re-entry  Vehicles!`` → ``re entry vehicles``."""
    return " ".join(_PUNCTUATION.sub(" ", text.casefold()).split())


def _term_pattern(term: str) -> str:
    words = normalise_goods_text(term.rstrip("*")).split()
    body = r"\s".join(re.escape(word) for word in words)
    return body + (r"\w*" if term.endswith("*") else "")


def _compile(terms: tuple[str, ...]) -> re.Pattern[str]:
    # longest first, so "machine parts" wins over "parts" in the evidence
    ordered = sorted(terms, key=lambda t: (-len(t), t))
    return re.compile(r"\b(?:" + "|".join(_term_pattern(t) for t in ordered) + r")\b")


def _compile_optional(terms: tuple[str, ...]) -> re.Pattern[str] | None:
    return _compile(terms) if terms else None


def _window(normal: str, start: int, end: int, words: int, *, inside: bool) -> str:
    """``words`` words either side of ``normal[start:end]``, with it when ``inside``.

    Negative context is read with the match (``monitor arms`` cancels ``arms``); qualifiers
    without it (``centrifuges`` does not qualify itself).
    """
    before = normal[:start].split()[-words:] if words else []
    after = normal[end:].split()[:words] if words else []
    middle = [normal[start:end]] if inside else ["|"]
    return " ".join([*before, *middle, *after])


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One control item and the words that point at it, with their context."""

    id: str
    regime: str  # MTCR, EU dual-use, Arms
    item: str  # MTCR item number or EU Annex I entry/category
    category: str
    title: str
    terms: tuple[str, ...]
    weight: float  # fraction of the indicator's weight a hit on this entry carries
    eu: str = ""  # the EU 2021/821 Annex I entry, where one corresponds
    military: str = ""  # the EU Common Military List entry, where one corresponds
    qualified_terms: tuple[str, ...] = ()
    qualifiers: tuple[str, ...] = ()
    unless: tuple[str, ...] = ()

    @property
    def sources(self) -> str:
        """``MTCR 12.A.2; EU 2021/821 9A115; EU CML ML4``: every list entry the item is on."""
        parts = [f"{self.regime} {self.item}"]
        if self.eu and self.regime != "EU dual-use":
            parts.append(f"EU 2021/821 {self.eu}")
        if self.military:
            parts.append(f"EU CML {self.military}")
        return "; ".join(parts)


@dataclass(frozen=True, slots=True)
class _EntryPatterns:
    terms: re.Pattern[str]
    qualified: re.Pattern[str] | None
    qualifiers: re.Pattern[str] | None
    unless: re.Pattern[str] | None

    @classmethod
    def of(cls, entry: LexiconEntry) -> _EntryPatterns:
        return cls(
            _compile(entry.terms) if entry.terms else re.compile(r"(?!x)x"),
            _compile_optional(entry.qualified_terms),
            _compile_optional(entry.qualifiers),
            _compile_optional(entry.unless),
        )

    def _cancelled(self, normal: str, match: re.Match[str]) -> bool:
        if self.unless is None:
            return False
        around = _window(normal, match.start(), match.end(), UNLESS_WINDOW, inside=True)
        return self.unless.search(around) is not None

    def find(self, normal: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """Words that name the entry here, and qualified words found without a qualifier."""
        named = [m.group(0) for m in self.terms.finditer(normal) if not self._cancelled(normal, m)]
        unqualified = []
        if self.qualified is not None:
            for match in self.qualified.finditer(normal):
                if self._cancelled(normal, match):
                    continue
                near = _window(normal, match.start(), match.end(), QUALIFIER_WINDOW, inside=False)
                if self.qualifiers is not None and self.qualifiers.search(near):
                    named.append(match.group(0))
                else:
                    unqualified.append(match.group(0))
        return tuple(dict.fromkeys(named)), tuple(dict.fromkeys(unqualified))


@dataclass(frozen=True, slots=True)
class GoodsHit:
    """A lexicon entry found in a text, with the words that matched."""

    entry: LexiconEntry
    words: tuple[str, ...]

    def explain(self) -> str:
        """One line: matched words, the list entries, title."""
        said = ", ".join(repr(w) for w in self.words)
        return f"{said} -> {self.entry.sources}: {self.entry.title}"


_Found = tuple[tuple[tuple[str, ...], tuple[str, ...]], ...]
"""Per entry: the words that name it in a text, and its qualified words found unqualified."""
_NOTHING_FOUND: _Found = ()
SCANS_KEPT = 1024
"""Cargo texts whose scan a lexicon keeps (a screening asks about its text several times)."""


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """Entries with their compiled patterns, and the vague terms; read-only after building.

    The scans of the last texts it read are kept (``SCANS_KEPT``), as the lexicon never changes.
    """

    version: str
    entries: tuple[LexiconEntry, ...]
    vague_terms: tuple[str, ...]
    filler_words: frozenset[str]
    _patterns: tuple[_EntryPatterns, ...]
    _vague: re.Pattern[str] | None
    _any: re.Pattern[str] | None = None  # every entry's words: no match, no entry found
    _scans: dict[str, _Found] = field(default_factory=dict, repr=False)

    @classmethod
    def build(
        cls,
        version: str,
        entries: tuple[LexiconEntry, ...],
        vague_terms: tuple[str, ...] = (),
        filler_words: tuple[str, ...] = (),
    ) -> Lexicon:
        """Compile each entry's terms once."""
        patterns = tuple(_EntryPatterns.of(entry) for entry in entries)
        vague = _compile(vague_terms) if vague_terms else None
        fillers = frozenset(normalise_goods_text(" ".join(filler_words)).split())
        words = _compile_optional(tuple(w for e in entries for w in (*e.terms, *e.qualified_terms)))
        return cls(version, entries, vague_terms, fillers, patterns, vague, words)

    def _scan(self, normal: str) -> _Found:
        """What each entry finds in ``normal`` (``()`` when no entry's word occurs in it)."""
        found = self._scans.get(normal)
        if found is None:
            if self._any is not None and self._any.search(normal) is None:
                found = _NOTHING_FOUND
            else:
                found = tuple(patterns.find(normal) for patterns in self._patterns)
            if len(self._scans) >= SCANS_KEPT:
                self._scans.clear()
            self._scans[normal] = found
        return found

    def find_goods(self, text: str) -> tuple[GoodsHit, ...]:
        """Entries whose terms occur in ``text``, in lexicon order, each with the words found."""
        normal = normalise_goods_text(text)
        if not normal:
            return ()
        return tuple(
            GoodsHit(entry, words)
            for entry, (words, _) in zip(self.entries, self._scan(normal), strict=False)
            if words
        )

    def find_unqualified(self, text: str) -> tuple[GoodsHit, ...]:
        """Goods named that are controlled only in forms the description does not say.

        ``centrifuges`` alone: gas and test centrifuges are controlled, dairy ones are not,
        and the text says neither. Entries already named outright are left out.
        """
        normal = normalise_goods_text(text)
        if not normal:
            return ()
        return tuple(
            GoodsHit(entry, unqualified)
            for entry, (words, unqualified) in zip(self.entries, self._scan(normal), strict=False)
            if unqualified and not words
        )

    def find_vague(self, text: str) -> tuple[str, ...]:
        """Vague terms in ``text`` when they and filler words are all it says, each once.

        ``machine parts, 12 crates`` is vague; ``spare parts for Toyota Hilux`` names what.
        """
        if self._vague is None:
            return ()
        normal = normalise_goods_text(text)
        found = tuple(dict.fromkeys(m.group(0) for m in self._vague.finditer(normal)))
        rest = self._vague.sub(" ", normal).split()
        if any(not word.isdigit() and word not in self.filler_words for word in rest):
            return ()
        return found


class _EntryDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    regime: str = Field(min_length=1)
    item: str = Field(min_length=1)
    category: str = ""
    title: str = Field(min_length=1)
    eu: str = ""
    military: str = ""
    terms: list[str] = []
    qualified_terms: list[str] = []
    qualifiers: list[str] = []
    unless: list[str] = []
    weight: float = Field(default=1.0, gt=0, le=1)

    @model_validator(mode="after")
    def _has_words(self) -> _EntryDocument:
        if not self.terms and not self.qualified_terms:
            raise ValueError("an entry needs terms or qualified_terms")
        if self.qualified_terms and not self.qualifiers:
            raise ValueError("qualified_terms need qualifiers")
        return self


class LexiconDocument(BaseModel):
    """The lexicon file's schema (``version``, ``entries``, ``vague_terms``, ``filler_words``)."""

    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1)
    entries: list[_EntryDocument]
    vague_terms: list[str] = []
    filler_words: list[str] = []

    def to_lexicon(self) -> Lexicon:
        """The compiled ``Lexicon``."""
        entries = tuple(
            LexiconEntry(
                e.id,
                e.regime,
                e.item,
                e.category,
                e.title,
                tuple(e.terms),
                float(e.weight),
                e.eu,
                e.military,
                tuple(e.qualified_terms),
                tuple(e.qualifiers),
                tuple(e.unless),
            )
            for e in self.entries
        )
        return Lexicon.build(
            self.version, entries, tuple(self.vague_terms), tuple(self.filler_words)
        )


__all__ = [
    "QUALIFIER_WINDOW",
    "UNLESS_WINDOW",
    "GoodsHit",
    "Lexicon",
    "LexiconDocument",
    "LexiconEntry",
    "normalise_goods_text",
]
