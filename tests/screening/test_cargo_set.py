"""Precision and recall of the cargo indicators on a labelled set of cargo descriptions.

``fixtures/cargo_descriptions.csv`` holds realistic descriptions labelled ``controlled`` (an
MTCR, EU dual-use or military-list item: the shipment must be read), ``innocent`` (ordinary
goods, many of them look-alikes: gyros meat, dairy centrifuges, robot arms, camera drones)
and ``vague`` (says nothing about what it is, or names goods controlled only in forms it does
not say). The set was written alongside the lexicon, so its figures are an upper bound, not
an estimate for unseen traffic (docs/screening.md).
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

import pytest

from overflight.model.flight import FlightIntent
from overflight.permits import Cargo
from overflight.screening import ReferenceData, ScreeningContext
from overflight.screening.finding import Indicator
from overflight.screening.indicators import indicator_for

SET = Path(__file__).parent / "fixtures" / "cargo_descriptions.csv"
FLOOR = 0.95


def _rows() -> list[tuple[str, str]]:
    with SET.open(encoding="utf-8", newline="") as handle:
        return [(row["description"], row["label"]) for row in csv.DictReader(handle)]


def _predict(reference: ReferenceData, description: str) -> str:
    intent = FlightIntent(aircraft_id="ABC123", departure="LFPG", destination="EDDF")
    context = ScreeningContext(reference, cargo=Cargo(description))
    if indicator_for(Indicator.CONTROLLED_GOODS)(intent, context):
        return "controlled"
    if indicator_for(Indicator.VAGUE_CARGO)(intent, context):
        return "vague"
    return "innocent"


def measure(reference: ReferenceData) -> dict[str, float]:
    """Precision and recall of controlled-goods and vague-cargo, and the counts behind them."""
    pairs = Counter((label, _predict(reference, text)) for text, label in _rows())
    figures: dict[str, float] = {}
    for label in ("controlled", "vague"):
        right = pairs[(label, label)]
        said = sum(n for (_, predicted), n in pairs.items() if predicted == label)
        real = sum(n for (truth, _), n in pairs.items() if truth == label)
        figures[f"{label}_precision"] = right / said if said else 1.0
        figures[f"{label}_recall"] = right / real
        figures[label] = real
    figures["innocent"] = sum(n for (truth, _), n in pairs.items() if truth == "innocent")
    figures["innocent_flagged"] = sum(
        n for (truth, predicted), n in pairs.items() if truth == "innocent" and predicted != truth
    )
    return figures


@pytest.fixture(scope="module")
def reference(policy) -> ReferenceData:
    return ReferenceData(policy)


def test_set_is_large_and_mixed():
    labels = Counter(label for _, label in _rows())
    assert sum(labels.values()) >= 300
    assert set(labels) == {"controlled", "innocent", "vague"}
    assert min(labels.values()) >= 50


def test_controlled_goods_precision_and_recall(reference):
    figures = measure(reference)
    assert figures["controlled_recall"] >= FLOOR, figures
    assert figures["controlled_precision"] >= FLOOR, figures


def test_vague_cargo_precision_and_recall(reference):
    figures = measure(reference)
    assert figures["vague_recall"] >= FLOOR, figures
    assert figures["vague_precision"] >= FLOOR, figures
