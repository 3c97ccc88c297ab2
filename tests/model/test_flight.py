import dataclasses
from datetime import UTC, date, datetime

import pytest

from overflight.errors import InputError
from overflight.model.flight import (
    CruisingLevel,
    EetEstimate,
    FlightIntent,
    LevelUnit,
    SpecialHandling,
    parse_level,
)


@pytest.mark.parametrize(
    ("text", "unit", "value", "level_ft"),
    [
        ("F350", LevelUnit.FLIGHT_LEVEL, 350, 35_000.0),
        ("A045", LevelUnit.ALTITUDE_FT, 45, 4_500.0),
        ("S1130", LevelUnit.METRIC_LEVEL, 1130, 11_300 / 0.3048),
        ("M0840", LevelUnit.ALTITUDE_M, 840, 8_400 / 0.3048),
        ("VFR", LevelUnit.VFR, 0, None),
    ],
)
def test_parse_level_reads_each_form_with_its_unit(text, unit, value, level_ft):
    level = parse_level(text)
    assert level == CruisingLevel(unit, value)
    if level_ft is None:
        assert level.level_ft is None
    else:
        assert level.level_ft == pytest.approx(level_ft)
    assert str(level) == text


@pytest.mark.parametrize("text", ["F35", "S113", "M084", "X350", "", "FL350"])
def test_parse_level_rejects_other_forms(text):
    with pytest.raises(InputError, match="not a level"):
        parse_level(text)


def test_eet_estimate_formats_hours_and_minutes():
    assert str(EetEstimate("EGGX", 4 * 60 + 38)) == "EGGX0438"


def test_flight_intent_is_frozen_and_lists_declared_firs_once_in_order():
    intent = FlightIntent(
        aircraft_id="KOR151",
        eobt=datetime(2026, 5, 29, 2, 0, tzinfo=UTC),
        dof=date(2026, 5, 29),
        eet=(EetEstimate("ZYSH", 30), EetEstimate("ZBPE", 90), EetEstimate("ZYSH", 95)),
        sts=(SpecialHandling.STATE, "CARGO"),
    )
    assert intent.declared_firs == ("ZYSH", "ZBPE")
    assert isinstance(intent.alternates, tuple)
    with pytest.raises(dataclasses.FrozenInstanceError):
        intent.aircraft_id = "X"  # type: ignore[misc]
