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
"""

from __future__ import annotations

from rapidfuzz import fuzz

from overflight.watchlist.entity import NameKind
from overflight.watchlist.matches import Feature
from overflight.watchlist.names import NameForm

NUMBER_MISMATCH_FACTOR = 0.7
WEAK_ALIAS_FACTOR = 0.8


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


__all__ = ["NUMBER_MISMATCH_FACTOR", "WEAK_ALIAS_FACTOR", "score_names"]
