"""Names brought to one comparable form: ASCII, lower case, no punctuation, legal forms apart.

Rigour does the name-aware work (apostrophes from McCune–Reischauer breves, hyphens, quotes,
casefolding: ``CH'O'NGSONG YO'NHAP`` → ``chongsong yonhap``); normality transliterates other
scripts to Latin (``고려항공`` → ``golyeohang-gong``, Cyrillic, Greek, Arabic). Legal forms
(``CORPORATION``, ``CO``, ``LTD``, ``PJSC``) are split off, because lists add and drop them
freely: they are kept apart, not thrown away, so a name made only of them still has tokens.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from normality import ascii_text
from rigour.names import normalize_name, replace_org_types_compare

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

_NON_WORD = re.compile(r"[^a-z0-9]+")
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
    normal = normalize_name(text) or ""
    if not normal.isascii():
        # Non-Latin legal forms (``Общество с ограниченной ответственностью``) become their
        # Latin abbreviation (``ooo``) before transliteration.
        normal = ascii_text(replace_org_types_compare(normal)).lower()
    return _NON_WORD.sub(" ", normal).strip()


@lru_cache(maxsize=65536)
def analyse_name(text: str) -> NameForm:
    """The comparable form of one name (cached: lists repeat their names)."""
    tokens = tuple(comparable_text(text).split())
    core = tuple(token for token in tokens if token not in LEGAL_FORMS)
    if not core:
        return _form(tokens, ())
    legal = tuple(token for token in tokens if token in LEGAL_FORMS)
    return _form(core, legal)


__all__ = ["LEGAL_FORMS", "NameForm", "analyse_name", "comparable_text"]
