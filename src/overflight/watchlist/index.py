"""The watch-list index: names and identifiers of many entities, searched without scanning them.

Name blocking (candidate generation) is lossless for the score's cutoff: ``NameBlocker``
(see ``blocking``) keeps every name whose ``token_sort_ratio`` or squashed ``ratio`` with the
query can reach the threshold, by length, character-count and bigram-count bounds, with numpy
over an inverted index. The few names left get their raw scores from rapidfuzz (one call
each, or ``cdist`` when there are many), and only those at or above the threshold get the
full, explained score (see ``scoring``). So
``match_name`` returns what scoring every name would, at a small fraction of the cost.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

import numpy as np
from rapidfuzz import fuzz, process

from overflight.errors import InputError
from overflight.watchlist.blocking import NameBlocker, sorted_text
from overflight.watchlist.entity import Entity, EntityName, Identifier, Schema
from overflight.watchlist.identifiers import IdentifierKind, format_icao24, normalise_identifier
from overflight.watchlist.matches import Feature, Match, MatchBasis
from overflight.watchlist.names import AIR_WORDS, NameForm, analyse_name
from overflight.watchlist.qualifiers import MAX_BOOST, PersonFacts, qualify
from overflight.watchlist.scoring import TYPO_FLOOR, TYPO_SCORE, one_typo, score_names
from overflight.watchlist.transliteration import has_hangul

MIN_CANDIDATES = 50
"""How many candidates ``WatchlistIndex.candidates`` lists by default."""
DEFAULT_THRESHOLD = 0.80
_SCHEMAS = tuple(Schema)
_FEW = 64
"""Up to this many names are scored one rapidfuzz call each, more by one ``cdist``."""


@dataclass(frozen=True, slots=True)
class _IndexedName:
    entity: int
    name: EntityName
    form: NameForm


class WatchlistIndex:
    """Names and identifiers of a set of entities, built once and queried many times.

    Build with ``WatchlistIndex.build(entities)``; the index is read-only afterwards.
    """

    __slots__ = (
        "_blocker",
        "_entities",
        "_identifiers",
        "_name_schemas",
        "_names",
        "_sorted_texts",
        "_squashed",
    )

    def __init__(self) -> None:
        self._entities: list[Entity] = []
        self._names: list[_IndexedName] = []
        self._identifiers: dict[tuple[IdentifierKind, str], list[tuple[int, Identifier]]] = {}
        self._blocker = NameBlocker(())
        self._name_schemas = np.zeros(0, dtype=np.int8)
        self._sorted_texts: list[str] = []
        self._squashed: list[str] = []

    @classmethod
    def build(cls, entities: Iterable[Entity]) -> WatchlistIndex:
        """Index every name and identifier of ``entities``."""
        index = cls()
        for entity in entities:
            index._add(entity)
        forms = [indexed.form for indexed in index._names]
        index._blocker = NameBlocker(forms)
        index._sorted_texts = [sorted_text(form) for form in forms]
        index._squashed = [form.squashed for form in forms]
        index._name_schemas = np.fromiter(
            (_SCHEMAS.index(index._entities[n.entity].schema) for n in index._names),
            dtype=np.int8,
            count=len(index._names),
        )
        return index

    def _add(self, entity: Entity) -> None:
        number = len(self._entities)
        self._entities.append(entity)
        for name in entity.names:
            form = analyse_name(name.text)
            if form.core:
                self._names.append(_IndexedName(number, name, form))
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

    def indexed_name(self, name_id: int) -> tuple[Entity, EntityName]:
        """The entity and the name behind a name id (as ``candidates`` returns them)."""
        indexed = self._names[name_id]
        return self._entities[indexed.entity], indexed.name

    @property
    def name_index_bytes(self) -> int:
        """Memory held by the name-blocking arrays, in bytes (not counting the entities)."""
        return self._blocker.nbytes + self._name_schemas.nbytes

    def _blocked(self, form: NameForm, schema: Schema | None, threshold: float) -> np.ndarray:
        ids, _ = self._blocker.unordered_candidates(form, threshold)
        if schema is not None and len(ids):
            ids = ids[self._name_schemas[ids] == _SCHEMAS.index(schema)]
        return ids

    def candidates(
        self,
        form: NameForm,
        schema: Schema | None = None,
        count: int | None = MIN_CANDIDATES,
        threshold: float = DEFAULT_THRESHOLD,
    ) -> list[int]:
        """Ids of the names that can score ``>= threshold`` against ``form`` (blocking).

        Every name whose raw score (before the number and weak-alias factors) reaches
        ``threshold`` is among them; most shared bigrams first, at most ``count`` (all if
        ``None``).
        """
        ids, shared = self._blocker.candidates(form, threshold)
        if schema is not None and len(ids):
            keep = self._name_schemas[ids] == _SCHEMAS.index(schema)
            ids, shared = ids[keep], shared[keep]
        order = np.argsort(-shared, kind="stable")
        ranked: list[int] = ids[order].tolist()
        return ranked if count is None else ranked[:count]

    def _raw_scores(self, form: NameForm, ids: list[int]) -> list[float]:
        """Scores before factors, as ``score_names`` computes them, for the names ``ids``.

        A few names are scored one call each; many (a low threshold) by one ``cdist``.
        """
        query = sorted_text(form)
        if len(ids) <= _FEW:
            ratio, texts, squashed = fuzz.ratio, self._sorted_texts, self._squashed
            return [
                max(ratio(query, texts[name_id]), ratio(form.squashed, squashed[name_id])) / 100.0
                for name_id in ids
            ]
        by_words = process.cdist(
            [query],
            [self._sorted_texts[name_id] for name_id in ids],
            scorer=fuzz.ratio,
            dtype=np.float64,
        )[0].tolist()
        by_letters = process.cdist(
            [form.squashed],
            [self._squashed[name_id] for name_id in ids],
            scorer=fuzz.ratio,
            dtype=np.float64,
        )[0].tolist()
        pairs = zip(by_words, by_letters, strict=True)
        return [max(words, letters) / 100.0 for words, letters in pairs]

    def match_name(
        self,
        name: str,
        schema: Schema | None = None,
        limit: int = 10,
        threshold: float = DEFAULT_THRESHOLD,
        facts: PersonFacts | None = None,
    ) -> tuple[Match, ...]:
        """Entities named like ``name``, best first: at most ``limit``, each ≥ ``threshold``.

        Each entity appears once, through its best-scoring name. The result is the one
        scoring every indexed name would give (blocking drops no name that can qualify).
        ``facts`` (a date of birth, a nationality) raise or lower the scores of listed persons
        (see ``qualifiers``), so names from ``threshold / MAX_BOOST`` up are weighed then.
        """
        # A Hangul name is read both ways the lists spell Korean: RI Chong Chol, KIM Jong Un.
        readings = dict.fromkeys(analyse_name(name, voiced) for voiced in (False, has_hangul(name)))
        # Nothing, or "Air" / "Airlines" alone, names no one.
        forms = [f for f in readings if f.core and not AIR_WORDS.issuperset(f.core)]
        if not forms or limit <= 0:
            return ()
        if not facts:
            found = (m for f in forms for m in self._name_matches(f, schema, limit, threshold))
            return _best(found)[:limit]
        qualified = []
        floor = threshold / MAX_BOOST
        for form in forms:
            for match in self._name_matches(form, schema, len(self._entities), floor):
                factor, features = qualify(match.entity, facts)
                score = round(min(1.0, match.score * factor), 4)
                if score >= threshold:
                    qualified.append(
                        replace(match, score=score, features=match.features + features)
                    )
        return _best(qualified)[:limit]

    def _name_matches(
        self, form: NameForm, schema: Schema | None, limit: int, threshold: float
    ) -> tuple[Match, ...]:
        """``match_name`` on the name alone."""
        # Typos of long words can score TYPO_SCORE from a lower ratio: block from there too.
        typos = TYPO_FLOOR <= threshold <= TYPO_SCORE
        floor = TYPO_FLOOR if typos else threshold
        ids: list[int] = self._blocked(form, schema, floor).tolist()
        if not ids:
            return ()
        # Highest ceiling first (the raw score, or TYPO_SCORE for a typo), equal ones by id.
        raws: Iterable[tuple[float, int]] = zip(self._raw_scores(form, ids), ids, strict=True)
        if typos:
            raws = (
                (self._ceiling(form, raw, name_id, threshold), name_id) for raw, name_id in raws
            )
        ranked = sorted((-ceiling, name_id) for ceiling, name_id in raws if ceiling >= threshold)
        best: dict[int, Match] = {}
        for negated, name_id in ranked:
            if _settled(best, limit, -negated):
                break
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
        return tuple(sorted(best.values(), key=_rank)[:limit])

    def _ceiling(self, form: NameForm, raw: float, name_id: int, threshold: float) -> float:
        """The most a name can score: its raw ratio, or TYPO_SCORE if it is one typo away."""
        if raw >= threshold or raw < TYPO_FLOOR:
            return raw
        return TYPO_SCORE if one_typo(form, self._names[name_id].form) else raw

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


def _rank(match: Match) -> tuple[float, str]:
    return (-match.score, match.entity.id)


def _best(matches: Iterable[Match]) -> tuple[Match, ...]:
    """Each entity once, through its best match (the first of equals), best first."""
    best: dict[int, Match] = {}
    for match in matches:
        key = id(match.entity)
        if key not in best or match.score > best[key].score:
            best[key] = match
    return tuple(sorted(best.values(), key=_rank))


def _settled(best: dict[int, Match], limit: int, ceiling: float) -> bool:
    """Whether no name scoring at most ``ceiling`` can change the top ``limit`` any more.

    Factors only lower a raw score, so once ``limit`` entities beat ``ceiling`` outright
    (after the same rounding), later names can neither enter nor reorder the result.
    """
    if len(best) < limit:
        return False
    kth = sorted(match.score for match in best.values())[-limit]
    return kth > round(ceiling, 4)


__all__ = ["DEFAULT_THRESHOLD", "MIN_CANDIDATES", "WatchlistIndex"]
