"""Name scoring: one comparable-form comparison, its features, and the rules that adjust it.

Rules (and why):

- Equal comparable forms score 1.0 (case, punctuation, apostrophes, script and legal forms
  are how lists differ in writing, not in meaning).
- Otherwise the score is the better of rapidfuzz ``token_sort_ratio`` on the core words
  (tolerates word order: ``NORIEGA, Manuel Antonio`` / ``Manuel Antonio NORIEGA``, and small
  spelling changes: ``KOREA``/``KOREAN``, ``SAENGP'IL``/``SAEINGP'IL``) and plain ``ratio``
  on the squashed core (tolerates spacing: ``AIRKORYO``/``AIR KORYO``).
- Different numbers multiply by 0.7 (``P-912`` is not ``P-913``; ``Vessel 1`` is not
  ``Vessel 2``), as nomenklatura's ``nm_number_mismatch`` does.
- Weak (low-quality) aliases multiply by 0.8, as logic-v2's ``weak_alias_match`` weight.
- One slip of the keyboard (a letter changed, dropped, added, or two swapped) in one word of
  five letters or more, everything else equal, scores ``TYPO_SCORE`` (0.90) when the ratio
  says less: ``MAHEN AIR`` is MAHAN AIR, though one changed letter in nine costs the ratio
  0.11. Shorter words are left to the ratio (``DENA`` and ``DANA`` are two airlines).
"""

from __future__ import annotations

from rapidfuzz import fuzz
from rapidfuzz.distance import OSA

from overflight.watchlist.entity import NameKind
from overflight.watchlist.matches import Feature
from overflight.watchlist.names import NameForm

NUMBER_MISMATCH_FACTOR = 0.7
WEAK_ALIAS_FACTOR = 0.8
TYPO_SCORE = 0.9
TYPO_FLOOR = 0.85
"""Names whose ratio reaches this are checked for a typo: a changed or swapped letter costs
the ratio ``2 / (n_a + n_b)``, so a typo is found in names of seven characters or more."""
TYPO_MIN_LETTERS = 5


def one_typo(query: NameForm, candidate: NameForm) -> bool:
    """Whether the names differ by one slip in one word of five letters or more, and no more."""
    if len(query.core) != len(candidate.core) or query.numbers != candidate.numbers:
        return False
    ours, theirs = sorted(query.core), sorted(candidate.core)
    differing = [(a, b) for a, b in zip(ours, theirs, strict=True) if a != b]
    if len(differing) != 1:
        return False
    a, b = differing[0]
    if min(len(a), len(b)) < TYPO_MIN_LETTERS or not (a.isalpha() and b.isalpha()):
        return False
    return OSA.distance(a, b, score_cutoff=1) <= 1


def _numbers(form: NameForm) -> str:
    return " ".join(sorted(form.numbers)) or "-"


def score_names(
    query: NameForm, candidate: NameForm, kind: NameKind
) -> tuple[float, tuple[Feature, ...]]:
    """How alike a query name and a list name are, in [0, 1], with the features that say why."""
    features: list[Feature] = []
    if query.text == candidate.text:
        score = 1.0
        features.append(Feature("comparable_exact", 1.0, candidate.text))
    else:
        by_words = fuzz.token_sort_ratio(query.text, candidate.text) / 100.0
        by_letters = fuzz.ratio(query.squashed, candidate.squashed) / 100.0
        if by_letters > by_words:
            score = by_letters
            features.append(
                Feature("squashed_ratio", by_letters, f"{query.squashed} ~ {candidate.squashed}")
            )
        else:
            score = by_words
            features.append(
                Feature("token_sort_ratio", by_words, f"{query.text} ~ {candidate.text}")
            )
        if score < TYPO_SCORE and one_typo(query, candidate):
            score = TYPO_SCORE
            features.append(Feature("one_typo", TYPO_SCORE, f"{query.text} ~ {candidate.text}"))
    if candidate.legal or query.legal:
        features.append(
            Feature(
                "legal_form_ignored", 1.0, " ".join(dict.fromkeys((*query.legal, *candidate.legal)))
            )
        )
    if query.numbers != candidate.numbers:
        score *= NUMBER_MISMATCH_FACTOR
        features.append(
            Feature(
                "number_mismatch",
                NUMBER_MISMATCH_FACTOR,
                f"{_numbers(query)} vs {_numbers(candidate)}",
            )
        )
    if kind is NameKind.LOW_QUALITY:
        score *= WEAK_ALIAS_FACTOR
        features.append(Feature("weak_alias", WEAK_ALIAS_FACTOR, "low-quality alias"))
    return score, tuple(features)


__all__ = [
    "NUMBER_MISMATCH_FACTOR",
    "TYPO_FLOOR",
    "TYPO_SCORE",
    "WEAK_ALIAS_FACTOR",
    "one_typo",
    "score_names",
]
