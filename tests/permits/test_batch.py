"""Permit requests in CSV batches: a request a row, problems at the row's line and column."""

from __future__ import annotations

from pathlib import Path

from overflight.permits import read_permit_batch
from overflight.permits.forms import read_form
from overflight.permits.reader import read_permit

BATCH = Path(__file__).resolve().parents[2] / "examples" / "permits" / "batch.csv"
YAML = BATCH.parent / "turkey-via-iran-iraq.yaml"


def test_batch_rows_read_like_their_yaml_twin():
    first, second, third = read_permit_batch(BATCH.read_text(), str(BATCH))
    assert (first.line, second.line, third.line) == (2, 3, 4)
    twin, _ = read_permit(YAML.read_text())
    assert twin is not None
    assert first.request is not None
    assert first.request.fir_crossings == twin.fir_crossings
    assert first.request.intent.eobt == twin.intent.eobt
    assert first.request.requested_states == ("TR",)
    assert first.request.intent.provenance is not None
    assert first.request.intent.provenance.line == 2
    assert second.request is not None
    assert second.request.requested_states == ("IR", "IQ")
    # a stored row (header and row) reads back alone
    again, errors = read_form(first.text, "stored", "csv")
    assert errors == ()
    assert again is not None
    assert again.fir_crossings == first.request.fir_crossings


def test_bad_rows_are_located_and_the_good_ones_kept():
    lines = BATCH.read_text().splitlines()
    lines[1] = lines[1].replace("EX-76012,KG", "EX-76012,Atlantis")
    lines[2] = lines[2].replace("2026-12-06T00:00:00Z", "2026-12-04T00:00:00Z")
    lines[3] = lines[3].replace(",AFR292,", ",,")
    text = "\n".join(lines) + "\n"
    first, second, third = read_permit_batch(text, "b.csv")
    (nationality,) = first.problems
    assert nationality.field == "nationality"
    assert (nationality.line, nationality.column) == (2, lines[1].index("Atlantis") + 1)
    (window,) = second.problems
    assert window.field == "valid_until"
    assert "before the window's start" in window.message
    assert window.column == lines[2].index("2026-12-04T00:00:00Z") + 1
    (callsign,) = third.problems
    assert callsign.field == "callsign"
    assert str(callsign).startswith("b.csv:4:")


def test_unknown_column_and_short_rows():
    text = BATCH.read_text().replace("cargo_weight_kg", "cargo_weight")
    (row,) = read_permit_batch(text, "b.csv")
    (error,) = row.problems
    assert "unknown column 'cargo_weight'" in error.message
    assert error.line == 1
    header, first, *_ = BATCH.read_text().splitlines()
    (short,) = read_permit_batch(f"{header}\n{first[:40]}\n", "b.csv")
    assert "fields for" in short.problems[0].message
    assert short.problems[0].line == 2
