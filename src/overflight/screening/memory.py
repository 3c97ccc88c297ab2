"""Memory across cases: how much a new flight resembles each past case, and why.

On the pattern of the open matchers (OpenSanctions' logic-v2): the strongest evidence decides
(an identical 24-bit address, registration or serial number is near-certain; an operator or
party name scored by the watch-list name matcher), and weaker features (city pair, the states
crossed, cargo items, timing, aircraft type) add or subtract small amounts, only once some
deciding feature holds: an unrelated flight on the same city pair never links. Every feature
returns its own explanation, with the policy's reason for its weight.

``CaseMemory`` indexes the traits of many cases so that a query scores only the candidates
that share an identifier (a dictionary lookup) or a name that can reach the name threshold
(the watch list's lossless bigram blocking, ``NameBlocker``); ``resemblances_by_loop`` is the
obvious loop over every case, kept for tests and the benchmark.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

from overflight.model import FlightIntent, PastCase, Trait, TraitKind
from overflight.screening.case_traits import traits_of
from overflight.screening.context import ScreeningContext
from overflight.screening.finding import Finding, Indicator
from overflight.screening.memory_policy import MemoryFeature, MemoryPolicy
from overflight.watchlist import NameBlocker, NameForm, NameKind, analyse_name, score_names

_IDENTIFIERS = (
    (TraitKind.ADDRESS, MemoryFeature.SAME_ADDRESS, "same 24-bit address"),
    (TraitKind.REGISTRATION, MemoryFeature.SAME_REGISTRATION, "same registration"),
    (TraitKind.MSN, MemoryFeature.SAME_MSN, "same serial number"),
)
_NAMES = (
    (TraitKind.OPERATOR, MemoryFeature.OPERATOR_NAME),
    (TraitKind.PARTY, MemoryFeature.PARTY_NAME),
)


@dataclass(frozen=True, slots=True)
class FeatureScore:
    """One feature that held: its name, the amount it adds (or takes) and what it saw."""

    feature: MemoryFeature
    value: float
    detail: str
    why: str

    def explain(self) -> str:
        """One line: feature, amount, what was shared, the policy's reason."""
        sign = "+" if self.value >= 0 else ""
        return f"{self.feature.value} {sign}{self.value:.2f}: {self.detail} ({self.why})"


@dataclass(frozen=True, slots=True)
class Resemblance:
    """How much a query resembles one past case: the score in [0, 1] and the features."""

    case: PastCase
    score: float
    features: tuple[FeatureScore, ...]

    @property
    def same_aircraft(self) -> bool:
        """Whether an identifier (address, registration, serial number) is shared."""
        identifying = {f for _, f, _ in _IDENTIFIERS}
        return any(f.feature in identifying for f in self.features)

    @property
    def same_city_pair(self) -> bool:
        """Whether the city pair is shared."""
        return any(f.feature is MemoryFeature.CITY_PAIR for f in self.features)


@dataclass(frozen=True, slots=True)
class _Profile:
    """A trait set ready to compare: keys by kind, and names in comparable form."""

    keys: Mapping[TraitKind, frozenset[str]]
    names: Mapping[TraitKind, tuple[tuple[str, NameForm], ...]]

    def of(self, kind: TraitKind) -> frozenset[str]:
        return self.keys.get(kind, _NONE)


_NONE: frozenset[str] = frozenset()


@lru_cache(maxsize=8192)
def _profile(traits: frozenset[Trait]) -> _Profile:
    """The profile of a trait set (remembered: registers are compared many times)."""
    keys: dict[TraitKind, set[str]] = {}
    for trait in traits:
        keys.setdefault(trait.kind, set()).add(trait.key)
    names = {
        kind: tuple(
            (key, form) for key in sorted(keys.get(kind, ())) if (form := analyse_name(key)).core
        )
        for kind, _ in _NAMES
    }
    return _Profile({k: frozenset(v) for k, v in keys.items()}, names)


NameScores = dict[tuple[str, str], float]
"""Name scores already computed for one query: (query name, case name) -> score."""


def _best_names(
    query: _Profile,
    case: _Profile,
    kind: TraitKind,
    threshold: float,
    memo: NameScores | None = None,
) -> tuple[float, str]:
    best, detail = 0.0, ""
    for mine, form in query.names[kind]:
        for theirs, other in case.names[kind]:
            score = memo.get((mine, theirs)) if memo is not None else None
            if score is None:
                score = score_names(form, other, NameKind.PRIMARY)[0]
                if memo is not None:
                    memo[(mine, theirs)] = score
            if score >= threshold and score > best:
                best, detail = score, f"{mine!r} ~ {theirs!r} {score:.2f}"
    return best, detail


def _support(query: _Profile, case: _Profile, policy: MemoryPolicy) -> list[FeatureScore]:
    found = []

    def add(feature: MemoryFeature, share: float, detail: str) -> None:
        value = round(policy.weight(feature) * share, 4)
        if value:
            found.append(FeatureScore(feature, value, detail, policy.why(feature)))

    pairs = query.of(TraitKind.CITY_PAIR) & case.of(TraitKind.CITY_PAIR)
    if pairs:
        add(MemoryFeature.CITY_PAIR, 1.0, ", ".join(sorted(pairs)))
    mine, theirs = query.of(TraitKind.TRANSIT_STATE), case.of(TraitKind.TRANSIT_STATE)
    if mine & theirs:
        jaccard = len(mine & theirs) / len(mine | theirs)
        add(
            MemoryFeature.ROUTE_STATES,
            jaccard,
            f"{' '.join(sorted(mine & theirs))} ({jaccard:.2f})",
        )
    items = query.of(TraitKind.CARGO_ITEM) & case.of(TraitKind.CARGO_ITEM)
    if items:
        add(MemoryFeature.CARGO_ITEMS, min(len(items), 2), ", ".join(sorted(items)))
    timing = (query.of(TraitKind.TIMING) & case.of(TraitKind.TIMING)) - {"filed"}
    if timing:
        add(MemoryFeature.TIMING, 1.0, ", ".join(sorted(timing)))
    types = query.of(TraitKind.AIRCRAFT_TYPE) & case.of(TraitKind.AIRCRAFT_TYPE)
    if types:
        add(MemoryFeature.SAME_TYPE, 1.0, ", ".join(sorted(types)))
    return found


def compare_traits(
    query: frozenset[Trait], case: PastCase, policy: MemoryPolicy
) -> Resemblance | None:
    """How much ``query`` resembles ``case``: ``None`` unless a deciding feature holds.

    The score starts from the strongest deciding feature ``s``; the supporting ones (sum ``a``)
    move it to ``1 - (1 - s)(1 - a)``: toward certainty by their share of the doubt left.
    Symmetric: exchanging the two trait sets gives the same score.
    """
    return _compare(_profile(query), _profile(case.traits), case, policy)


def _compare(
    query: _Profile,
    theirs: _Profile,
    case: PastCase,
    policy: MemoryPolicy,
    memo: NameScores | None = None,
) -> Resemblance | None:
    deciding: list[FeatureScore] = []
    for kind, feature, what in _IDENTIFIERS:
        shared = query.of(kind) & theirs.of(kind)
        if shared:
            detail = f"{what} {', '.join(sorted(shared))}"
            deciding.append(
                FeatureScore(feature, policy.weight(feature), detail, policy.why(feature))
            )
    for kind, feature in _NAMES:
        score, detail = _best_names(query, theirs, kind, policy.name_threshold, memo)
        if score:
            value = round(policy.weight(feature) * score, 4)
            deciding.append(FeatureScore(feature, value, detail, policy.why(feature)))
    if not deciding:
        return None
    deciding.sort(key=lambda f: -f.value)
    features = [deciding[0], *_support(query, theirs, policy)]
    if deciding[0].feature in (MemoryFeature.SAME_ADDRESS, MemoryFeature.SAME_REGISTRATION):
        mine, other = query.of(TraitKind.AIRCRAFT_TYPE), theirs.of(TraitKind.AIRCRAFT_TYPE)
        if mine and other and not mine & other:
            weight = policy.weight(MemoryFeature.OTHER_TYPE)
            detail = f"{' '.join(sorted(mine))} vs {' '.join(sorted(other))}"
            why = policy.why(MemoryFeature.OTHER_TYPE)
            features.append(FeatureScore(MemoryFeature.OTHER_TYPE, weight, detail, why))
    strongest = deciding[0].value
    support = min(0.99, max(-1.0, sum(f.value for f in features[1:])))
    # Support moves the score toward 1 (or away) in proportion to the doubt left, so it never
    # saturates: a shared identifier with the same route still outranks one without.
    score = round(min(1.0, max(0.0, 1.0 - (1.0 - strongest) * (1.0 - support))), 4)
    return Resemblance(case, score, (*features, *deciding[1:]))


def _rank(
    found: Iterable[Resemblance], policy: MemoryPolicy, limit: int | None
) -> tuple[Resemblance, ...]:
    kept = sorted(
        (r for r in found if r.score >= policy.threshold),
        key=lambda r: (-r.score, r.case.case_id),
    )
    return tuple(kept if limit is None else kept[:limit])


class CaseMemory:
    """The traits of many past cases, indexed by identifier and by name; read-only once built.

    Identifiers sit in a dictionary; each distinct operator or party name is indexed once for
    the watch list's lossless bigram blocking, with the cases that carry it; each case's traits
    are kept compared-ready (a profile), so a query costs the candidates it finds, not the cases.
    """

    __slots__ = ("_blocker", "_by_identifier", "_cases", "_name_owners", "_profiles")

    def __init__(self, cases: Iterable[PastCase]) -> None:
        """Index ``cases`` (their identifiers in dictionaries, their names for blocking)."""
        self._cases = {case.case_id: case for case in cases}
        self._by_identifier: dict[tuple[TraitKind, str], list[int]] = {}
        self._profiles: dict[int, _Profile] = {}
        owners: dict[str, list[tuple[int, TraitKind]]] = {}
        identifying = {kind for kind, _, _ in _IDENTIFIERS}
        for case in self._cases.values():
            profile = _profile(case.traits)
            self._profiles[case.case_id] = profile
            for kind in identifying:
                for key in profile.of(kind):
                    self._by_identifier.setdefault((kind, key), []).append(case.case_id)
            for kind, _ in _NAMES:
                for key, _form in profile.names[kind]:
                    owners.setdefault(key, []).append((case.case_id, kind))
        texts = sorted(owners)
        self._name_owners = [tuple(owners[text]) for text in texts]
        self._blocker = NameBlocker([analyse_name(text) for text in texts])

    def __len__(self) -> int:
        return len(self._cases)

    @property
    def cases(self) -> tuple[PastCase, ...]:
        """The cases indexed, in id order."""
        return tuple(self._cases[key] for key in sorted(self._cases))

    def case(self, case_id: int) -> PastCase | None:
        """The indexed case with this id, if any."""
        return self._cases.get(case_id)

    def candidates(self, query: frozenset[Trait], name_threshold: float) -> set[int]:
        """Ids of the cases that share an identifier or may share a name with ``query``."""
        profile = _profile(query)
        found: set[int] = set()
        for kind, _, _ in _IDENTIFIERS:
            for key in profile.of(kind):
                found.update(self._by_identifier.get((kind, key), ()))
        for kind, _ in _NAMES:
            for _key, form in profile.names[kind]:
                ids, _ = self._blocker.unordered_candidates(form, name_threshold)
                for name_id in ids.tolist():
                    found.update(owner for owner, of in self._name_owners[name_id] if of is kind)
        return found

    def resemblances(
        self,
        query: frozenset[Trait],
        policy: MemoryPolicy,
        exclude: frozenset[int] = frozenset(),
        limit: int | None = None,
    ) -> tuple[Resemblance, ...]:
        """The past cases ``query`` resembles at or above the threshold, best first.

        The same answer as ``resemblances_by_loop`` (blocking drops no case that can link).
        """
        profile = _profile(query)
        found = []
        memo: NameScores = {}  # operators fly many tails: score each pair of names once
        for case_id in self.candidates(query, policy.name_threshold) - exclude:
            case = self._cases[case_id]
            resemblance = _compare(profile, self._profiles[case_id], case, policy, memo)
            if resemblance is not None:
                found.append(resemblance)
        return _rank(found, policy, limit)


def resemblances_by_loop(
    query: frozenset[Trait],
    cases: Iterable[PastCase],
    policy: MemoryPolicy,
    exclude: frozenset[int] = frozenset(),
    limit: int | None = None,
) -> tuple[Resemblance, ...]:
    """The obvious loop: compare ``query`` with every case (tests and benchmark only)."""
    found = (compare_traits(query, case, policy) for case in cases if case.case_id not in exclude)
    return _rank((r for r in found if r is not None), policy, limit)


def resemblance_finding(resemblance: Resemblance, weight: float) -> Finding:
    """The ``resembles-case`` finding of one resemblance: weight times its score."""
    case = resemblance.case
    closed = ", closed" if case.closed else ""
    summary = f"resembles case {case.case_id} ({case.title}{closed}): score {resemblance.score:.2f}"
    evidence = tuple(f.explain() for f in resemblance.features)
    return Finding(
        Indicator.RESEMBLES_CASE, round(weight * resemblance.score, 2), summary, evidence
    )


def resembles_case(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The flight resembles past cases in the register (identifiers, names, route, cargo, timing).

    Cases the flight already belongs to (``context.own_cases``) are left out; so is every case
    the reader may not see, because the caller builds the memory from those alone.
    """
    memory = context.memory
    if memory is None:
        return ()
    policy = context.policy
    query = traits_of(intent, context)
    weight = policy.weight(Indicator.RESEMBLES_CASE)
    found = memory.resemblances(
        query, policy.memory, exclude=context.own_cases, limit=policy.memory.max_cases
    )
    return tuple(resemblance_finding(r, weight) for r in found)


__all__ = [
    "CaseMemory",
    "FeatureScore",
    "PastCase",
    "Resemblance",
    "compare_traits",
    "resemblance_finding",
    "resemblances_by_loop",
    "resembles_case",
]
