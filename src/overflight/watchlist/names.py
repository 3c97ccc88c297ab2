"""Names brought to one comparable form: ASCII, lower case, no punctuation, legal forms apart.

Rigour does the name-aware work (apostrophes from McCune–Reischauer breves, hyphens, quotes,
casefolding: ``CH'O'NGSONG YO'NHAP`` → ``chongsong yonhap``); normality transliterates other
scripts to Latin (``고려항공`` → ``golyeohang-gong``, Cyrillic, Greek, Arabic). Legal forms
(``CORPORATION``, ``CO``, ``LTD``, ``PJSC``) are split off, because lists add and drop them
freely: they are kept apart, not thrown away, so a name made only of them still has tokens.
Spelled-out legal forms (``Limited Liability Company``, ``Aktiengesellschaft``) become their
abbreviation first (rigour's org-type table). The words airlines name themselves by
(``Airlines``, ``Air Lines``, ``Airways``, ``Aviation``, and their equivalents in other
scripts, see ``transliteration``) all read ``air``, once: ``AIR KORYO AIRLINES`` is
``air koryo`` and ``Mahan Airlines`` is ``mahan air``, as the lists write them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normality import ascii_text
from rigour.names import normalize_name, replace_org_types_compare

from overflight.watchlist.transliteration import latinise

LEGAL_FORMS = frozenset(
    {
        "ag",
        "bhd",
        "bv",
        "cjsc",
        "co",
        "company",
        "corp",
        "corporation",
        "fzc",
        "fzco",
        "fze",
        "gmbh",
        "inc",
        "incorporated",
        "limited",
        "llc",
        "llp",
        "ltd",
        "oao",
        "ojsc",
        "ooo",
        "pao",
        "pjsc",
        "plc",
        "pte",
        "pvt",
        "sa",
        "sarl",
        "sas",
        "spa",
        "srl",
        "tov",
        "zao",
    }
)
"""Legal-form words (after normalisation) that lists add, drop or abbreviate at will."""

AIR_WORDS = frozenset({"air", "airline", "airlines", "airways", "airway", "aviation"})
"""Words an airline's name uses for "airline" (after normalisation); all read ``air``."""

_NON_WORD = re.compile(r"[^a-z0-9]+")
_AIR_LINES = re.compile(r"\bair lines?\b")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True, slots=True)
class NameForm:
    """A name in comparable form.

    ``core`` holds the tokens that identify (legal forms removed, unless nothing else is
    left); ``legal`` the legal-form tokens that were set apart.
    """

    core: tuple[str, ...]
    legal: tuple[str, ...]
    text: str
    """The core tokens, space-separated, in the list's order."""
    squashed: str
    """The core with no spaces, so ``AIRKORYO`` and ``AIR KORYO`` meet."""
    numbers: frozenset[str]
    """The digit runs in the name (``P-912`` → ``{"912"}``): names that differ there differ."""


def _form(core: tuple[str, ...], legal: tuple[str, ...]) -> NameForm:
    text = " ".join(core)
    return NameForm(core, legal, text, "".join(core), frozenset(_DIGITS.findall(text)))


def comparable_text(text: str) -> str:
    """Lower-case ASCII words, single-spaced (``"Inter Tobako" OOO`` → ``inter tobako ooo``)."""
    # Legal forms written out (``Общество с ограниченной ответственностью``, ``Limited
    # Liability Company``) become their Latin abbreviation (``ooo``, ``llc``) first.
    normal = replace_org_types_compare(normalize_name(text) or "")
    if not normal.isascii():
        normal = ascii_text(latinise(normal)).lower()
    return _NON_WORD.sub(" ", normal).strip()


def _fold_air(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """Every airline word read ``air``, kept once, where it first stood."""
    if not AIR_WORDS.intersection(tokens):
        return tokens
    folded: list[str] = []
    for token in tokens:
        if token in AIR_WORDS:
            if "air" in folded:
                continue
            token = "air"
        folded.append(token)
    return tuple(folded)


@lru_cache(maxsize=65536)
def analyse_name(text: str) -> NameForm:
    """The comparable form of one name (cached: lists repeat their names)."""
    tokens = _fold_air(tuple(_AIR_LINES.sub("air", comparable_text(text)).split()))
    core = tuple(token for token in tokens if token not in LEGAL_FORMS)
    if not core:
        return _form(tokens, ())
    legal = tuple(token for token in tokens if token in LEGAL_FORMS)
    return _form(core, legal)


__all__ = ["AIR_WORDS", "LEGAL_FORMS", "NameForm", "analyse_name", "comparable_text"]
