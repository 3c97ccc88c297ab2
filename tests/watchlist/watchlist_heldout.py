"""A held-out set built from the real lists: variants of listed operators and aircraft names.

Nothing here is tuned to the matcher: each listed name is rewritten as people rewrite names
(legal form changed, airline word changed, word order, a one-letter typo in a long word,
Cyrillic spelling, case and punctuation), with a seeded random generator; unlisted airlines
from the VRS standing data, rewritten the same way, are the negatives.
"""

from __future__ import annotations

import csv
import random
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from overflight.watchlist import Entity, IdentifierKind, Schema, WatchlistIndex, analyse_name

AIR_PATTERN = re.compile(
    r"\b(AIR|AIRLINES?|AIRWAYS|AVIATION|AVIA|AERO|AIRCOMPANY|AVIALINII|AVIACION)\b"
)
LEGAL = ("Co.", "Company", "Ltd", "LLC", "Limited", "PJSC", "JSC", "Corporation", "S.A.", "FZE")
LEGAL_WORDS = re.compile(
    r"\b(LIMITED LIABILITY COMPANY|JOINT STOCK COMPANY|S\.A\. DE C\.V|CO\., LTD|CO|COMPANY|LTD"
    r"|LLC|LIMITED|PJSC|JSC|CORP|CORPORATION|S\.?A|INC|FZE|GMBH|OOO|TOV)\b\.?",
    re.IGNORECASE,
)
AIR_SWAP = {
    "AIR": "Airlines",
    "AIRLINES": "Air",
    "AIRLINE": "Airways",
    "AIRWAYS": "Aviation",
    "AVIATION": "Air Lines",
}
_CYRILLIC_PAIRS = (
    ("sh", "ш"),
    ("ch", "ч"),
    ("kh", "х"),
    ("zh", "ж"),
    ("ts", "ц"),
    ("ya", "я"),
    ("yu", "ю"),
    ("yo", "ё"),
)
_CYRILLIC_LETTERS = dict(
    zip(
        "abcdefghijklmnopqrstuvwxyz",
        (*"абкдефгхи", "дж", *"клмнопкрстувв", "кс", "й", "з"),
        strict=True,
    )
)


@dataclass(frozen=True, slots=True)
class Query:
    """One query: the text, how it was made, and the entities that answer it (none: ``()``).

    A party listed twice (by OFAC and the UN, or as two OFAC entries under one name) is
    found through either entry.
    """

    text: str
    how: str
    expected: tuple[str, ...]


def legal_form_changed(name: str, rng: random.Random) -> str:
    """The name with its legal form dropped, or another one added."""
    bare = " ".join(LEGAL_WORDS.sub(" ", name).replace(",", " ").split())
    if bare != name.strip() and rng.random() < 0.5:
        return bare
    return f"{bare} {rng.choice(LEGAL)}"


def airline_word_changed(name: str, rng: random.Random) -> str:
    """One airline word swapped for another (Air → Airlines, Airways → Aviation …)."""
    words = name.split()
    spots = [i for i, w in enumerate(words) if w.upper().strip(",.") in AIR_SWAP]
    if not spots:
        return name
    at = rng.choice(spots)
    words[at] = AIR_SWAP[words[at].upper().strip(",.")]
    return " ".join(words)


def word_order_changed(name: str, rng: random.Random) -> str:
    """The first word moved to the end (``AIR KORYO`` → ``KORYO AIR``)."""
    words = LEGAL_WORDS.sub(" ", name).replace(",", " ").split()
    if len(words) < 2:
        return name
    return " ".join([*words[1:], words[0]])


def typo(name: str, rng: random.Random) -> str:
    """One letter substituted, dropped, doubled or swapped in a word of five letters or more."""
    words = name.split()
    long_words = [i for i, w in enumerate(words) if len(w) >= 5 and w.isalpha()]
    if not long_words:
        return name
    at = rng.choice(long_words)
    word = words[at]
    i = rng.randrange(1, len(word) - 1)
    kind = rng.choice(("substitute", "drop", "double", "swap"))
    if kind == "substitute":
        word = word[:i] + rng.choice("AEIOURSTNLK") + word[i + 1 :]
    elif kind == "drop":
        word = word[:i] + word[i + 1 :]
    elif kind == "double":
        word = word[:i] + word[i] + word[i:]
    else:
        word = word[: i - 1] + word[i] + word[i - 1] + word[i + 1 :]
    words[at] = word
    return " ".join(words)


def cyrillic(name: str, rng: random.Random) -> str:
    """The name spelled in Cyrillic letter by letter, as a Russian form would carry it."""
    text = re.sub(r"c(?=[eiy])", "с", name.lower())  # a soft c is с, a hard one к
    for latin, letter in _CYRILLIC_PAIRS:
        text = text.replace(latin, letter)
    return "".join(_CYRILLIC_LETTERS.get(c, c) for c in text).upper()


def recased(name: str, rng: random.Random) -> str:
    """Title case, punctuation dropped or turned into spaces."""
    text = re.sub(r"[.,'\"()-]", rng.choice(("", " ")), name)
    return " ".join(text.split()).title()


VARIANTS: tuple[tuple[str, Callable[[str, random.Random], str]], ...] = (
    ("legal form", legal_form_changed),
    ("airline word", airline_word_changed),
    ("word order", word_order_changed),
    ("typo", typo),
    ("cyrillic", cyrillic),
    ("case and punctuation", recased),
)


def operator_entities(entities: Iterable[Entity]) -> list[Entity]:
    """Listed organisations whose primary name says they fly or build aircraft."""
    return [
        e
        for e in entities
        if e.schema is Schema.ORGANISATION and e.names and AIR_PATTERN.search(e.names[0].text)
    ]


def operator_queries(entities: Iterable[Entity], seed: int = 16) -> list[Query]:
    """Every variant kind of every listed operator's primary name."""
    rng = random.Random(seed)
    everyone = list(entities)
    by_form: dict[str, list[str]] = {}
    for entity in everyone:
        for entity_name in entity.names:
            by_form.setdefault(analyse_name(entity_name.text).text, []).append(entity.id)
    queries = []
    for entity in operator_entities(everyone):
        name = entity.names[0].text
        same = tuple(dict.fromkeys([entity.id, *by_form.get(analyse_name(name).text, [])]))
        for how, make in VARIANTS:
            text = make(name, rng)
            if text != name:
                queries.append(Query(text, how, same))
    return queries


def unlisted_airline_queries(
    airlines_csv: Path, index: WatchlistIndex, threshold: float, count: int, seed: int = 16
) -> list[Query]:
    """Variants of VRS airlines whose own name finds nothing on the lists: the negatives."""
    with airlines_csv.open(encoding="utf-8-sig", newline="") as handle:
        names = sorted({row["Name"] for row in csv.DictReader(handle) if row["ICAO"]})
    rng = random.Random(seed)
    rng.shuffle(names)
    queries = []
    for name in names:
        if len(queries) >= count:
            break
        if not analyse_name(name).core:
            continue
        if index.match_name(name, schema=Schema.ORGANISATION, threshold=threshold):
            continue
        how, make = rng.choice(VARIANTS)
        queries.append(Query(make(name, rng), how, ()))
    return queries


def aircraft_queries(entities: Iterable[Entity], seed: int = 16) -> list[Query]:
    """Listed tails as people write them, and one-letter changes of them that are other tails."""
    rng = random.Random(seed)
    aircraft = [e for e in entities if e.schema is Schema.AIRCRAFT]
    listed = {
        i.key for e in aircraft for i in e.identifiers if i.kind is IdentifierKind.REGISTRATION
    }
    queries = []
    for entity in aircraft:
        tails = [i.value for i in entity.identifiers if i.kind is IdentifierKind.REGISTRATION]
        if not tails:
            continue
        tail = tails[0]
        for how, text in (
            ("as listed", tail),
            ("no hyphen", tail.replace("-", "")),
            ("space", tail.replace("-", " ")),
            ("lower case", tail.lower()),
        ):
            queries.append(Query(text, how, (entity.id,)))
        at = len(tail) - 1
        pool = "ABCDEFGHJKLMNPQRSTUVWXYZ" if tail[at].isalpha() else "0123456789"
        other = tail[:at] + rng.choice(pool.replace(tail[at], ""))
        if other.replace("-", "") not in listed:
            queries.append(Query(other, "another tail", ()))
    return queries


@dataclass(frozen=True, slots=True)
class Score:
    """Recall (expected entity in the top 3), precision (top hits that are right), counts."""

    recall: float
    precision: float
    positives: int
    negatives: int
    misses: tuple[Query, ...]
    wrong: tuple[tuple[Query, str], ...]


def measure(queries: list[Query], search: Callable[[str], list[Entity]]) -> Score:
    """Run every query through ``search`` (best first) and score the answers."""
    recalled = top_hits = top_right = 0
    misses, wrong = [], []
    for query in queries:
        found = search(query.text)
        if query.expected:
            if any(e.id in query.expected for e in found[:3]):
                recalled += 1
            else:
                misses.append(query)
        if found:
            top_hits += 1
            if found[0].id in query.expected:
                top_right += 1
            else:
                wrong.append((query, found[0].caption))
    positives = sum(1 for q in queries if q.expected)
    return Score(
        recalled / positives if positives else 1.0,
        top_right / top_hits if top_hits else 1.0,
        positives,
        len(queries) - positives,
        tuple(misses),
        tuple(wrong),
    )


__all__ = [
    "VARIANTS",
    "Query",
    "Score",
    "aircraft_queries",
    "measure",
    "operator_entities",
    "operator_queries",
    "unlisted_airline_queries",
]
