from datetime import date

import pytest

from overflight.errors import InputError
from overflight.interdiction import Stance
from overflight.interdiction.stance import StanceChange, StanceTable


def _table() -> StanceTable:
    return StanceTable.from_changes(
        [
            StanceChange("BG", Stance.DENYING, date(2015, 9, 8), "refused the airlift"),
            StanceChange("BG", Stance.COOPERATING, date(2004, 1, 1), "PSI"),
            StanceChange("GR", Stance.UNKNOWN, date(2010, 1, 1), "no record"),
        ]
    )


def test_as_of_applies_changes_up_to_the_day() -> None:
    table = _table()
    assert table.as_of(date(2003, 12, 31)).stance("BG") is Stance.UNKNOWN
    assert table.as_of(date(2004, 1, 1)).stance("BG") is Stance.COOPERATING
    assert table.as_of(date(2015, 9, 7)).stance("BG") is Stance.COOPERATING
    assert table.as_of(date(2015, 9, 8)).stance("BG") is Stance.DENYING
    assert table.as_of(date(2015, 9, 8)).basis("BG") == "refused the airlift"


def test_unrecorded_state_falls_back_to_the_default() -> None:
    snapshot = _table().as_of(date(2020, 1, 1))
    assert snapshot.stance("FR") is Stance.UNKNOWN
    assert snapshot.basis("FR") == "no record"
    strict = StanceTable(default=Stance.PERMISSIVE).as_of(date(2020, 1, 1))
    assert strict.stance("FR") is Stance.PERMISSIVE


def test_case_override_wins_from_its_day_and_leaves_the_prior_alone() -> None:
    prior = _table()
    case = prior.override("GR", Stance.DENYING, "asked by the US", date(2015, 9, 9))
    assert case.as_of(date(2015, 9, 9)).stance("GR") is Stance.DENYING
    assert case.as_of(date(2015, 9, 8)).stance("GR") is Stance.UNKNOWN
    assert prior.as_of(date(2015, 9, 9)).stance("GR") is Stance.UNKNOWN


def test_override_without_date_holds_always_and_same_day_later_wins() -> None:
    table = StanceTable().override("tr", Stance.COOPERATING, "case view")
    assert table.as_of(date(1990, 1, 1)).stance("TR") is Stance.COOPERATING
    day = date(2020, 5, 5)
    twice = table.override("TR", Stance.DENYING, "first", day).override(
        "TR", Stance.PERMISSIVE, "second", day
    )
    assert twice.as_of(day).stance("TR") is Stance.PERMISSIVE


def test_history_and_states_with() -> None:
    table = _table()
    assert [change.stance for change in table.history("BG")] == [
        Stance.COOPERATING,
        Stance.DENYING,
    ]
    assert table.as_of(date(2016, 1, 1)).states_with(Stance.DENYING) == frozenset({"BG"})


@pytest.mark.parametrize("code", ["bg", "BGR", "", "B1"])
def test_state_must_be_an_alpha2_code(code: str) -> None:
    with pytest.raises(InputError):
        StanceChange(code, Stance.DENYING, date(2020, 1, 1), "x")
