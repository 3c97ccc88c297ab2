"""Who classified a telegram: the Classified By line's official split into name and title.

The line is written many ways (``shared/reference/cables.md`` §2.5 and the 2010 release):
title first (``ISN Acting DAS Kenneth W. Staley``, ``Amb. Edward W. Gnehm``, ``DEPUTY
AMBASSADOR FRANCIS J. RICCIARDONE``), name first with commas (``Rachel Meyers, Deputy Political
Counselor, State, POL``; ``DUDDY, AMBASSADOR, DOS, AMB``), or with a semicolon (``DCM;DOUG
SILLIMAN``). The split is a reading aid: ``ClassificationAuthority.by`` keeps the line as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Classifier", "split_classifier"]

_TITLE_WORDS = frozenset(
    (
        "ambassador",
        "amb",
        "amb.",
        "ambassador's",
        "charge",
        "chargé",
        "d'affaires",
        "cda",
        "dcm",
        "a/dcm",
        "counselor",
        "counsellor",
        "minister",
        "director",
        "deputy",
        "acting",
        "assistant",
        "secretary",
        "chief",
        "officer",
        "consul",
        "consul-general",
        "general",
        "political",
        "economic",
        "pol",
        "econ",
        "polcouns",
        "econcouns",
        "polecon",
        "pol/econ",
        "das",
        "a/s",
        "das/",
        "head",
        "section",
        "mission",
        "principal",
        "attache",
        "attaché",
        "defense",
        "defence",
        "of",
        "for",
        "and",
        "the",
        "bureau",
        "affairs",
        "poloff",
        "econoff",
        "under",
        "special",
        "envoy",
        "representative",
        "senior",
        "advisor",
        "adviser",
        "coordinator",
        "commercial",
        "public",
        "diplomacy",
        "management",
        "regional",
        "affairs",
        "office",
        "deputy-chief",
        "interim",
        "sub-national",
        "governance",
        "prt",
        "state",
        "department",
        "embassy",
        "u.s.",
        "us",
        "dos",
        "exec",
    )
)
_NAME_TOKEN = re.compile(r"^(?:[A-Z][A-Za-z'’-]*\.?|[A-Z]\.|Jr\.?|Sr\.?|III|II|IV)$")
_MAX_NAME_WORDS = 4


@dataclass(frozen=True, slots=True)
class Classifier:
    """The classifying official.

    Attributes:
        name: the person's name (``Kenneth W. Staley``), ``""`` when none is written.
        title: the title and office as written (``ISN Acting DAS``), ``""`` when none.
    """

    name: str
    title: str


def split_classifier(by: str) -> Classifier:
    """Split a Classified By official into name and title (see the module for the forms)."""
    text = " ".join(by.replace(";", ", ").split()).strip(" ,.:")
    if not text:
        return Classifier("", "")
    head, _, tail = text.partition(",")
    if tail and _is_name(head.split()):
        return Classifier(head.strip(), tail.strip(" ,"))
    words = text.split()
    mixed = text != text.upper()
    taken: list[str] = []
    for word in reversed(words):
        if len(taken) >= _MAX_NAME_WORDS or _is_title_word(word, mixed):
            break
        taken.append(word)
    name_words = list(reversed(taken))
    while name_words and not _NAME_TOKEN.match(name_words[0]):
        name_words.pop(0)
    title = " ".join(words[: len(words) - len(name_words)]).strip(" ,")
    return Classifier(" ".join(name_words), title)


def _is_title_word(word: str, mixed: bool) -> bool:
    bare = word.strip(",").lower()
    if bare in _TITLE_WORDS or "/" in word or not _NAME_TOKEN.match(word.strip(",")):
        return True
    # in a mixed-case line, an all-capitals word of two letters or more is an office (ISN, DAS)
    return mixed and len(bare) >= 2 and word.isupper() and not word.endswith(".")


def _is_name(words: list[str]) -> bool:
    if not 1 <= len(words) <= _MAX_NAME_WORDS:
        return False
    mixed = " ".join(words) != " ".join(words).upper()
    return all(not _is_title_word(word, mixed) for word in words) or (
        len(words) == 1 and words[0].isupper() and words[0].lower() not in _TITLE_WORDS
    )
