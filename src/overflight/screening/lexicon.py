"""The cargo lexicon: words that point at missile or WMD-related goods, keyed to control items.

The lexicon is a data file (``cargo_lexicon.yaml`` ships as the default) with one entry per
control-list item or category: MTCR Annex item numbers (``2.A.1.c``), EU dual-use Annex I
entries or categories (``9A004``, ``Cat 2 (2B)``). A cargo description is casefolded, its
punctuation read as spaces, and searched for each entry's terms as whole words; a term ending in
``*`` takes any word ending. Separate ``vague_terms`` ("machine parts") mark descriptions that
say almost nothing about the goods.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field

_PUNCTUATION = re.compile(r"[^\w]+")


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


@dataclass(frozen=True, slots=True)
class LexiconEntry:
    """One control item and the words that point at it."""

    id: str
    regime: str  # MTCR, EU dual-use, Arms
    item: str  # MTCR item number or EU Annex I entry/category
    category: str
    title: str
    terms: tuple[str, ...]
    weight: float  # fraction of the indicator's weight a hit on this entry carries


@dataclass(frozen=True, slots=True)
class GoodsHit:
    """A lexicon entry found in a text, with the words that matched."""

    entry: LexiconEntry
    words: tuple[str, ...]

    def explain(self) -> str:
        """One line: matched words, regime and item, title."""
        said = ", ".join(repr(w) for w in self.words)
        return f"{said} -> {self.entry.regime} {self.entry.item}: {self.entry.title}"


@dataclass(frozen=True, slots=True, eq=False)
class Lexicon:
    """Entries with their compiled patterns, and the vague terms; read-only after building."""

    version: str
    entries: tuple[LexiconEntry, ...]
    vague_terms: tuple[str, ...]
    _patterns: tuple[re.Pattern[str], ...]
    _vague: re.Pattern[str] | None

    @classmethod
    def build(
        cls, version: str, entries: tuple[LexiconEntry, ...], vague_terms: tuple[str, ...] = ()
    ) -> Lexicon:
        """Compile each entry's terms once."""
        patterns = tuple(_compile(entry.terms) for entry in entries)
        vague = _compile(vague_terms) if vague_terms else None
        return cls(version, entries, vague_terms, patterns, vague)

    def find_goods(self, text: str) -> tuple[GoodsHit, ...]:
        """Entries whose terms occur in ``text``, in lexicon order, each with the words found."""
        normal = normalise_goods_text(text)
        if not normal:
            return ()
        hits = []
        for entry, pattern in zip(self.entries, self._patterns, strict=True):
            words = tuple(dict.fromkeys(m.group(0) for m in pattern.finditer(normal)))
            if words:
                hits.append(GoodsHit(entry, words))
        return tuple(hits)

    def find_vague(self, text: str) -> tuple[str, ...]:
        """Vague terms in ``text`` (longest match at each place), each once."""
        if self._vague is None:
            return ()
        normal = normalise_goods_text(text)
        return tuple(dict.fromkeys(m.group(0) for m in self._vague.finditer(normal)))


class _EntryDocument(BaseModel):
    model_config = ConfigDict(extra="forbid")

    id: str = Field(min_length=1)
    regime: str = Field(min_length=1)
    item: str = Field(min_length=1)
    category: str = ""
    title: str = Field(min_length=1)
    terms: list[str] = Field(min_length=1)
    weight: float = Field(default=1.0, gt=0, le=1)


class LexiconDocument(BaseModel):
    """The lexicon file's schema (``version``, ``entries``, ``vague_terms``)."""

    model_config = ConfigDict(extra="forbid")

    version: str = Field(min_length=1)
    entries: list[_EntryDocument]
    vague_terms: list[str] = []

    def to_lexicon(self) -> Lexicon:
        """The compiled ``Lexicon``."""
        entries = tuple(
            LexiconEntry(
                e.id, e.regime, e.item, e.category, e.title, tuple(e.terms), float(e.weight)
            )
            for e in self.entries
        )
        return Lexicon.build(self.version, entries, tuple(self.vague_terms))


__all__ = [
    "GoodsHit",
    "Lexicon",
    "LexiconDocument",
    "LexiconEntry",
    "normalise_goods_text",
]
