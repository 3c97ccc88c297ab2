"""Operators resolved through the policy's airline table (VRS standing data) and the lists."""

from __future__ import annotations

from pathlib import Path

import pytest

from overflight.model.flight import FlightIntent
from overflight.screening import (
    ConcernLevel,
    Policy,
    ReferenceData,
    ScreeningContext,
    load_policy,
    screen,
)
from overflight.screening.finding import Indicator
from overflight.screening.policy_file import PolicyError
from overflight.watchlist import WatchlistIndex

PACKAGED = Path(__file__).resolve().parents[2] / "src" / "overflight" / "screening" / "policy.yaml"


def _policy_with_airlines(folder: Path, airlines: Path) -> Path:
    path = folder / "policy.yaml"
    path.write_text(PACKAGED.read_text() + f"\nairlines: {airlines}\n")
    return path


@pytest.fixture(scope="module")
def vrs_policy(shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Policy:
    airlines = shared_dir / "data" / "aircraft" / "vrs-standing-data" / "airlines.csv"
    return load_policy(_policy_with_airlines(tmp_path_factory.mktemp("policy"), airlines))


@pytest.fixture(scope="module")
def reference(vrs_policy: Policy, real_index: WatchlistIndex) -> ReferenceData:
    return ReferenceData(vrs_policy, real_index, "OFAC 2021-07 + UN 2026-02")


def _screen(reference: ReferenceData, **fields: object):
    base: dict[str, object] = {"aircraft_id": "ABC123", "departure": "LFPG", "destination": "EDDF"}
    intent = FlightIntent(**{**base, **fields})  # type: ignore[arg-type]
    return screen(intent, ScreeningContext(reference))


def _finding(verdict, indicator: Indicator):
    return next((f for f in verdict.findings if f.indicator is indicator), None)


@pytest.mark.parametrize(
    "fields",
    [
        {"operator": "AIR KORYO AIRLINES"},
        {"operator": "Air Koryo Airlines"},
        {"operator": "KOR"},
        {"aircraft_id": "KOR151"},
        {"operator": "고려항공"},
    ],
)
def test_air_koryo_in_any_form_is_the_listed_operator(reference, fields):
    verdict = _screen(reference, **fields)
    found = _finding(verdict, Indicator.LISTED_OPERATOR)
    assert found is not None
    assert found.weight == 50  # an exact match, whatever the spelling
    assert any("20520" in line for line in found.evidence)
    assert _finding(verdict, Indicator.DESIGNATOR_OF_CONCERN) is not None
    assert verdict.level is ConcernLevel.HIGH


def test_mahan_airlines_finds_mahan_air_not_caspian(reference):
    found = _finding(_screen(reference, operator="Mahan Airlines"), Indicator.LISTED_OPERATOR)
    assert found is not None
    assert "MAHAN AIR" in found.summary
    assert not any("CASPIAN" in line for line in found.evidence)


def test_designator_evidence_says_how_the_operator_was_resolved(reference):
    found = _finding(_screen(reference, operator="KOR"), Indicator.LISTED_OPERATOR)
    assert found is not None
    assert "operator 'KOR' is Air Koryo (KOR, by designator)" in found.summary


@pytest.mark.parametrize(
    "fields", [{"aircraft_id": "AFR292", "operator": "Air France"}, {"operator": "Air China"}]
)
def test_unlisted_airlines_stay_clear(reference, fields):
    verdict = _screen(reference, **fields)
    assert _finding(verdict, Indicator.LISTED_OPERATOR) is None
    assert verdict.level is ConcernLevel.CLEAR


def test_without_an_airline_table_designators_of_concern_still_resolve(real_reference):
    verdict = _screen(real_reference, aircraft_id="KOR151")
    assert _finding(verdict, Indicator.LISTED_OPERATOR) is not None


def test_bad_airline_table_is_a_policy_error_with_its_line(tmp_path):
    table = tmp_path / "airlines.csv"
    table.write_text("ICAO,Name\nKOR,Air Koryo\nK1,Bad\n")
    with pytest.raises(PolicyError, match=r"airlines\.csv:3: ICAO: 'K1'"):
        load_policy(_policy_with_airlines(tmp_path, table))
