"""A screening's JSON built straight from its verdicts is what the ``ScreeningResult`` model writes.

``screening_result_data`` answers ``POST /api/screen`` and ``overflight screen --format json``;
the model stays the schema. Compared here on real verdicts (flight plans and permit requests,
clear and high, actions with and without an aerodrome, with problems), on each of them at
every concern level, and on the edges the general rule treats apart (no provenance, whole
numbers where floats are annotated, floats needing rounding).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from overflight.screening import ConcernLevel, ScreeningVerdict
from overflight.services.schemas import ScreeningResult, screening_result_data
from overflight.services.screening import load_reference, read_items, screen_items

ROOT = Path(__file__).resolve().parents[2]
SUBMISSIONS = (
    ROOT / "tests/screening/fixtures/afr292.txt",
    ROOT / "tests/screening/fixtures/kor151.txt",
    ROOT / "tests/cases/fixtures/air_koryo_charter.txt",
    ROOT / "tests/ats/fixtures/feed.txt",  # some messages do not read: problems
    *sorted((ROOT / "examples/permits").iterdir()),
)


@pytest.fixture(scope="module")
def screened() -> tuple[list[ScreeningVerdict], list[str]]:
    items, problems = read_items(list(SUBMISSIONS), load_reference([], None))
    return screen_items(items), problems


def _model_json(verdicts: list[ScreeningVerdict], problems: list[str]) -> object:
    return ScreeningResult(verdicts=tuple(verdicts), problems=tuple(problems)).json_data()


def test_the_answer_of_real_screenings_is_the_model_s_json(
    screened: tuple[list[ScreeningVerdict], list[str]],
) -> None:
    verdicts, problems = screened
    assert screening_result_data(verdicts, problems) == _model_json(verdicts, problems)
    for verdict in verdicts:  # one at a time too: each verdict's own JSON
        assert screening_result_data([verdict], []) == _model_json([verdict], [])
    # What the comparison covered: both kinds of submission, problems, both kinds of action.
    assert problems
    assert {v.level for v in verdicts} >= {ConcernLevel.CLEAR, ConcernLevel.HIGH}
    actions = [a for v in verdicts for a in v.actions]
    assert any(a.aerodrome is not None and a.diversion_km is not None for a in actions)
    assert any(a.aerodrome is None for a in actions)
    assert any(a.transits for a in actions)
    assert any(v.provenance is not None and v.provenance.source.endswith(".yaml") for v in verdicts)


@pytest.mark.parametrize("level", list(ConcernLevel))
def test_every_concern_level_is_written_as_the_model_writes_it(
    screened: tuple[list[ScreeningVerdict], list[str]], level: ConcernLevel
) -> None:
    verdicts = [replace(v, level=level) for v in screened[0]]
    found = screening_result_data(verdicts, [])
    assert found == _model_json(verdicts, [])
    assert {v["level"] for v in found["verdicts"]} == {level.value}


def test_the_edges_of_the_general_rule_are_kept(
    screened: tuple[list[ScreeningVerdict], list[str]],
) -> None:
    [high] = [v for v in screened[0] if v.findings and any(a.aerodrome for a in v.actions)][:1]
    whole = replace(
        high,
        provenance=None,
        score=135,
        findings=tuple(replace(f, weight=20) for f in high.findings),
        actions=tuple(replace(a, diversion_km=42) for a in high.actions),
    )
    ragged = replace(
        high,
        score=1 / 3,
        findings=tuple(replace(f, weight=2 / 3) for f in high.findings),
        actions=tuple(replace(a, diversion_km=0.1234567891) for a in high.actions),
    )
    for verdict in (whole, ragged):
        assert screening_result_data([verdict], ["x"]) == _model_json([verdict], ["x"])
    [written] = screening_result_data([ragged], [])["verdicts"]
    assert written["score"] == 0.333333
    assert {a["diversion_km"] for a in written["actions"]} == {0.123457}
    [written] = screening_result_data([whole], [])["verdicts"]
    assert written["provenance"] is None
    assert type(written["score"]) is int
