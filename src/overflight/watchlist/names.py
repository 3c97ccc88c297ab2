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
from rapidfuzz import process
from rapidfuzz.distance import OSA
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
        # rigour's generic and compare forms, and others lists use
        "jsc",
        "ao",
        "coltd",
        "sacv",
        "eirl",
        "ltda",
        "oyj",
        "liability",
    }
)
"""Legal-form words (after normalisation) that lists add, drop or abbreviate at will."""

AIR_WORDS = frozenset(
    {"air", "airline", "airlines", "airways", "airway", "aviation", "aviacion", "aerolineas"}
)
"""Words an airline's name uses for "airline" (after normalisation); all read ``air``."""

_NON_WORD = re.compile(r"[^a-z0-9]+")
_INITIALS = re.compile(r"\b[a-z](?: [a-z]\b)+")
"""Single letters in a row, as initials spaced out: ``E I R L`` is ``eirl``, ``S A`` ``sa``."""
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


def comparable_text(text: str, voiced: bool = False) -> str:
    """Lower-case ASCII words, single-spaced (``"Inter Tobako" OOO`` → ``inter tobako ooo``).

    ``voiced`` reads Hangul voiced inside words (see ``transliteration.latinise``).
    """
    # Legal forms written out (``Общество с ограниченной ответственностью``, ``Limited
    # Liability Company``) become their Latin abbreviation (``ooo``, ``llc``) first.
    normal = _spelled_out_forms(normalize_name(text) or "")
    if not normal.isascii():
        latin = ascii_text(latinise(normal, voiced)).lower()
        normal = _spelled_out_forms(normalize_name(latin) or "")
    words = _NON_WORD.sub(" ", normal).strip()
    return _INITIALS.sub(lambda run: run.group(0).replace(" ", ""), words)


def _spelled_out_forms(normal: str) -> str:
    """Legal forms written out become rigour's abbreviation; short words are left alone.

    Only a replacement that removes a word of five letters or more is taken (``limited
    liability company`` → ``llc``): rigour also reads two- and three-letter words as legal
    forms of some country (``EP`` of a tail ``EP-GOM``, ``MMC``), which in a sanctions list are
    as often registrations or initials.
    """
    replaced = replace_org_types_compare(normal)
    if replaced == normal:
        return normal
    removed = set(normal.split()) - set(replaced.split())
    return replaced if any(len(word.strip(".,")) >= 5 for word in removed) else normal


_LONG_AIR_WORDS = frozenset(w for w in AIR_WORDS if len(w) >= 6)
_LONG_LEGAL_FORMS = frozenset({"company", "limited", "corporation", "incorporated"})
_TYPO_TARGETS = (*sorted(_LONG_AIR_WORDS), *sorted(_LONG_LEGAL_FORMS))


@lru_cache(maxsize=65536)
def _typed(token: str) -> str:
    """A long airline or legal-form word typed with one slip, read as the word it is.

    Typed names drop, double or swap a letter of ``AIRLINES`` or ``COMPANY`` as of any word;
    these long function words are far from each other and from names, so one edit cannot
    make another.
    """
    if len(token) < 6 or token in AIR_WORDS or token in LEGAL_FORMS:
        return token
    found = process.extractOne(token, _TYPO_TARGETS, scorer=OSA.distance, score_cutoff=1)
    if found is None:
        return token
    return "air" if found[0] in AIR_WORDS else found[0]


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


_REGISTRATION_LETTERS = 5
"""Names of this many letters or fewer (no spaces), and names with digits, keep their
spelling: registrations are (``EP-GOQ``, ``F-OJHH``, ``EX-35011``), and one letter tells two
apart."""
_SPELLINGS = {"dzh": "j", "ck": "k", "ph": "f", "q": "k", "w": "v", "x": "ks", "y": "i"}
_SPELLING = re.compile(r"dzh|ck|(c)(?=[eiy])|c(?!h)|ph|q|w|x|y")
_DOUBLED = re.compile(r"([a-z])\1+")


def _respell(match: re.Match[str]) -> str:
    text = match.group(0)
    if text == "c":
        return "s" if match.group(1) else "k"
    return _SPELLINGS[text]


@lru_cache(maxsize=65536)
def spelled(token: str) -> str:
    """A word with the spellings that vary between scripts and lists brought together.

    ``c``/``k``/``ck``/``q`` (``c`` before e, i, y as ``s``: Services, Сервисес; else ``k``:
    Cargo, Карго), ``ph``/``f``, ``w``/``v``, ``x``/``ks``, ``y``/``i``, ``dzh``/``j``
    (Мерадж is Meraj) and doubled letters (Express, Экспресс): ``courier`` and ``kourier``,
    ``express`` and ``ekspress`` meet. Words with digits are left alone; ``analyse_name``
    leaves whole names of five letters or fewer alone (registrations: ``EP-MNQ`` is not
    ``EP-MNK``). Applied to every name alike, lists' and queries'.
    """
    if not token.isalpha():
        return token
    return _DOUBLED.sub(r"\1", _SPELLING.sub(_respell, token))


@lru_cache(maxsize=65536)
def analyse_name(text: str, voiced: bool = False) -> NameForm:
    """The comparable form of one name (cached: lists repeat their names).

    ``voiced`` gives a Hangul name's other reading (``김정은`` as ``kimjongun``, not
    ``kimchongun``); it changes nothing for other names.
    """
    typed = _AIR_LINES.sub("air", comparable_text(text, voiced)).split()
    tokens = _fold_air(tuple(_typed(token) for token in typed))
    core = tuple(token for token in tokens if token not in LEGAL_FORMS)
    if not core:
        return _form(tokens, ())
    legal = tuple(token for token in tokens if token in LEGAL_FORMS)
    if sum(map(len, core)) > _REGISTRATION_LETTERS and all(map(str.isalpha, core)):
        # Decided on the whole name, so AIRKORYO and AIR KORYO are spelled alike.
        core = tuple(spelled(token) for token in core)
    return _form(core, legal)


__all__ = ["AIR_WORDS", "LEGAL_FORMS", "NameForm", "analyse_name", "comparable_text", "spelled"]
