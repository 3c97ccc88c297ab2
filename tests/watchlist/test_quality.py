"""Recall and precision on real cross-list spellings.

Pairs and the reason for each are in ``fixtures/cross_list_pairs.csv``.

UN spellings are searched in an index of the OFAC list alone, OFAC spellings in the UN list
alone, so a hit can only be the other list's record of the same party. A query counts as
recalled when the expected entity is among the top 3 at the default threshold; precision is
the share of top hits (over all queries that returned one, negatives included) that are right.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from overflight.watchlist import IdentifierKind, WatchlistIndex

PAIRS = Path(__file__).parent / "fixtures" / "cross_list_pairs.csv"
RECALL_FLOOR = 0.9
PRECISION_FLOOR = 0.9


def _rows() -> list[dict[str, str]]:
    with PAIRS.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def ofac_index(ofac_entities) -> WatchlistIndex:
    return WatchlistIndex.build(ofac_entities)


@pytest.fixture(scope="module")
def un_index(un_entities) -> WatchlistIndex:
    return WatchlistIndex.build(un_entities)


def measure(
    ofac_index: WatchlistIndex, un_index: WatchlistIndex, real_index: WatchlistIndex
) -> dict[str, float]:
    recalled = positives = top_hits = top_right = 0
    for row in _rows():
        kind, query, expected = row["kind"], row["query"], row["expected"]
        if kind.startswith("tail"):
            hits = [
                m.entity.source_ref
                for m in real_index.match_identifier(IdentifierKind.REGISTRATION, query)
            ]
        else:
            index = {"un->ofac": ofac_index, "ofac->un": un_index}.get(kind, real_index)
            hits = [m.entity.source_ref for m in index.match_name(query, limit=3)]
        if expected:
            positives += 1
            recalled += expected in hits
        if hits:
            top_hits += 1
            top_right += hits[0] == expected
    return {
        "recall": recalled / positives,
        "precision": top_right / top_hits if top_hits else 1.0,
        "positives": positives,
        "queries": len(_rows()),
    }


def test_cross_list_recall_and_precision_floors(ofac_index, un_index, real_index) -> None:
    result = measure(ofac_index, un_index, real_index)
    assert result["positives"] >= 40
    assert result["recall"] >= RECALL_FLOOR, result
    assert result["precision"] >= PRECISION_FLOOR, result


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("KOREAN TANGUN TRADING CORPORATION", "11599"),
        ("SAEINGP'IL COMPANY", "12212"),
    ],
)
def test_named_variants_from_the_brief_are_found_first(
    ofac_index, query: str, expected: str
) -> None:
    top = ofac_index.match_name(query, limit=1)
    assert top
    assert top[0].entity.source_ref == expected


def test_tail_numbers_differ_by_one_digit_never_match(real_index) -> None:
    assert [
        m.entity.source_ref
        for m in real_index.match_identifier(IdentifierKind.REGISTRATION, "P-913")
    ] == ["20555"]
    assert real_index.match_identifier(IdentifierKind.REGISTRATION, "P-915") == ()
