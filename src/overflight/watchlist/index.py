"""The watch-list index: names and identifiers of many entities, searched without scanning them.

Blocking (candidate generation) uses an inverted index of name tokens with a deletion
neighbourhood for tokens of four letters or more, so a query token finds list tokens one edit
away (``KOREA``/``KOREAN``, ``SAENGPIL``/``SAEINGPIL``) by lookup, plus an exact index of
squashed names (``AIRKORYO``). Postings are read rarest first and stop at a budget, so common
words (``TRADING``) cost little; the best candidates by summed inverse document frequency are
then scored exactly (see ``scoring``).
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from overflight.errors import InputError
from overflight.watchlist.entity import Entity, EntityName, Identifier, Schema
from overflight.watchlist.identifiers import IdentifierKind, format_icao24, normalise_identifier
from overflight.watchlist.matches import Feature, Match, MatchBasis
from overflight.watchlist.names import NameForm, analyse_name
from overflight.watchlist.scoring import score_names

FUZZY_MIN_LENGTH = 4
"""Tokens shorter than this are looked up exactly (one edit in three letters is another word)."""
FUZZY_MIN_SIMILARITY = 0.75
POSTINGS_BUDGET = 5_000
"""Postings read per query before blocking stops adding commoner tokens."""
CANDIDATES_PER_RESULT = 10
MIN_CANDIDATES = 50
DEFAULT_THRESHOLD = 0.80


def _deletions(token: str) -> set[str]:
    return {token[:i] + token[i + 1 :] for i in range(len(token))}


@dataclass(frozen=True, slots=True)
class _IndexedName:
    entity: int
    name: EntityName
    form: NameForm


class WatchlistIndex:
    """Names and identifiers of a set of entities, built once and queried many times.

    Build with ``WatchlistIndex.build(entities)``; the index is read-only afterwards.
    """

    __slots__ = ("_entities", "_fuzzy", "_identifiers", "_names", "_postings", "_squashed")

    def __init__(self) -> None:
        self._entities: list[Entity] = []
        self._names: list[_IndexedName] = []
        self._postings: dict[str, list[int]] = {}
        self._squashed: dict[str, list[int]] = {}
        self._fuzzy: dict[str, list[str]] = {}
        self._identifiers: dict[tuple[IdentifierKind, str], list[tuple[int, Identifier]]] = {}

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> WatchlistIndex:
        """Index every name and identifier of ``entities``."""
        index = cls()
        for entity in entities:
            index._add(entity)
        for token in index._postings:
            if len(token) >= FUZZY_MIN_LENGTH:
                for key in (token, *_deletions(token)):
                    index._fuzzy.setdefault(key, []).append(token)
        return index

    def _add(self, entity: Entity) -> None:
        number = len(self._entities)
        self._entities.append(entity)
        for name in entity.names:
            form = analyse_name(name.text)
            if not form.core:
                continue
            name_id = len(self._names)
            self._names.append(_IndexedName(number, name, form))
            for token in dict.fromkeys(form.core):
                self._postings.setdefault(token, []).append(name_id)
            if len(form.core) > 1:
                self._squashed.setdefault(form.squashed, []).append(name_id)
        for ident in entity.identifiers:
            key = ident.key
            if key:
                self._identifiers.setdefault((ident.kind, key), []).append((number, ident))

    def __len__(self) -> int:
        return len(self._entities)

    @property
    def name_count(self) -> int:
        """How many names (primary and aliases) are indexed."""
        return len(self._names)

    @property
    def entities(self) -> tuple[Entity, ...]:
        """The indexed entities, in build order."""
        return tuple(self._entities)

    def _expansions(self, token: str) -> list[tuple[str, float]]:
        found = {token: 1.0} if token in self._postings else {}
        if len(token) >= FUZZY_MIN_LENGTH:
            for key in (token, *_deletions(token)):
                for other in self._fuzzy.get(key, ()):
                    if other not in found:
                        similarity = Levenshtein.normalized_similarity(token, other)
                        if similarity >= FUZZY_MIN_SIMILARITY:
                            found[other] = similarity
        return list(found.items())

    def candidates(
        self, form: NameForm, schema: Schema | None = None, count: int = MIN_CANDIDATES
    ) -> list[int]:
        """Ids of the names most worth scoring for ``form`` (blocking), best first."""
        total = len(self._names) or 1
        lists: list[tuple[int, float, list[int]]] = []
        for token in dict.fromkeys(form.core):
            for other, similarity in self._expansions(token):
                postings = self._postings[other]
                weight = similarity * math.log(1.0 + total / len(postings))
                lists.append((len(postings), weight, postings))
        squashed = self._squashed.get(form.squashed)
        if squashed:
            lists.append((len(squashed), 2.0 * math.log(1.0 + total), squashed))
        lists.sort(key=lambda item: item[0])
        weights: dict[int, float] = {}
        read = 0
        for size, weight, postings in lists:
            if read and read + size > POSTINGS_BUDGET:
                break
            read += size
            for name_id in postings:
                weights[name_id] = weights.get(name_id, 0.0) + weight
        if schema is not None:
            names, entities = self._names, self._entities
            weights = {
                n: w for n, w in weights.items() if entities[names[n].entity].schema is schema
            }
        return heapq.nlargest(count, weights, key=weights.__getitem__)

    def match_name(
        self,
        name: str,
        schema: Schema | None = None,
        limit: int = 10,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> tuple[Match, ...]:
        """Entities named like ``name``, best first: at most ``limit``, each ≥ ``threshold``.

        Each entity appears once, through its best-scoring name.
        """
        form = analyse_name(name)
        if not form.core or limit <= 0:
            return ()
        count = max(MIN_CANDIDATES, limit * CANDIDATES_PER_RESULT)
        best: dict[int, Match] = {}
        for name_id in self.candidates(form, schema, count):
            indexed = self._names[name_id]
            score, features = score_names(form, indexed.form, indexed.name.kind)
            if score < threshold:
                continue
            current = best.get(indexed.entity)
            if current is None or score > current.score:
                best[indexed.entity] = Match(
                    entity=self._entities[indexed.entity],
                    score=round(score, 4),
                    basis=MatchBasis.NAME,
                    matched=indexed.name.text,
                    features=features,
                    name_kind=indexed.name.kind,
                )
        return tuple(sorted(best.values(), key=lambda m: (-m.score, m.entity.id))[:limit])

    def match_identifier(self, kind: IdentifierKind, value: str | int) -> tuple[Match, ...]:
        """Entities carrying identifier ``value`` of ``kind``, compared in normal form only.

        ``P-912``, ``P912`` and ``p 912`` find the same aircraft; ``P-913`` never does. A
        24-bit address may be given as an int or in hexadecimal.

        Raises:
            InputError: ``value`` has nothing left to compare once normalised.
        """
        text = format_icao24(value) if isinstance(value, int) else value
        key = normalise_identifier(kind, text)
        if not key:
            raise InputError(kind.value, f"{value!r} is not a usable {kind.value} identifier")
        matches = []
        for number, ident in self._identifiers.get((kind, key), ()):
            features = [Feature("identifier_exact", 1.0, f"{kind.value} {key}")]
            if ident.note:
                features.append(Feature("identifier_note", 1.0, ident.note))
            matches.append(
                Match(
                    entity=self._entities[number],
                    score=1.0,
                    basis=MatchBasis.IDENTIFIER,
                    matched=ident.value,
                    features=tuple(features),
                    identifier=ident,
                )
            )
        return tuple(sorted(matches, key=lambda m: m.entity.id))


__all__ = ["DEFAULT_THRESHOLD", "WatchlistIndex"]
