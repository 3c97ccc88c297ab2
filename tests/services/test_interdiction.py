"""The interdiction use cases the CLI, the web and the main job share."""

from datetime import date

import pytest

from overflight.errors import OverflightError
from overflight.interdiction import Stance
from overflight.services import chokepoint_analysis, posts_for, route_options, stance_by_state
from overflight.services.interdiction import parse_stance_overrides, stances_on


def test_baku_to_turkmenbashi_is_blocked_by_turkmenistan_alone_when_it_is_a_candidate():
    # The destination is in Turkmenistan: every route ends in its airspace. Left out by default
    # (the destination state is not asked), it is the one-state answer when included.
    default = chokepoint_analysis("UBBB", "UTAK", "IL76", max_size=1)
    assert default.analysis.answers == ()
    included = chokepoint_analysis("UBBB", "UTAK", "IL76", max_size=1, include=["TM"])
    assert [answer.states for answer in included.analysis.answers] == [("TM",)]


def test_denied_states_are_never_crossed_by_the_options():
    # Ankara to Baku: the short way crosses Georgia or Armenia; with both denied the options
    # must go round, south through Iran or north over the Black Sea and Russia.
    study = route_options("LTAC", "UBBB", "IL76", count=2, deny=["GE", "AM"])
    assert study.options
    for option in study.options:
        assert not option.states & {"GE", "AM"}
        assert option.states & {"IR", "RU"}


def test_unknown_aircraft_is_a_clear_error():
    with pytest.raises(OverflightError, match="ZZ99"):
        chokepoint_analysis("UBBB", "UTAK", "ZZ99", max_size=1)


def test_stances_override_the_default_table():
    study = chokepoint_analysis(
        "UBBB", "UTAK", "IL76", max_size=1, include=["TM"], stances={"TM": Stance.PERMISSIVE}
    )
    assert study.stances.stance("TM") is Stance.PERMISSIVE


@pytest.mark.parametrize("day", [date(2008, 6, 1), date(2026, 11, 29)])
def test_a_case_override_wins_over_the_dated_prior(day):
    # The prior makes North Korea permissive and the United States cooperating from dated
    # entries; a case's own view on the analysis day must win over both.
    overrides = {"KP": Stance.COOPERATING, "US": Stance.DENYING}
    snapshot = stances_on(day, overrides)
    assert snapshot.stance("KP") is Stance.COOPERATING
    assert snapshot.stance("US") is Stance.DENYING
    assert stances_on(day).stance("KP") is Stance.PERMISSIVE  # the prior itself is untouched


def test_stance_items_are_read_with_clear_errors():
    assert parse_stance_overrides(["tr=Cooperating", "Iran=denying"]) == {
        "TR": Stance.COOPERATING,
        "IR": Stance.DENYING,
    }
    with pytest.raises(OverflightError, match="STATE=STANCE"):
        parse_stance_overrides(["TR"])
    with pytest.raises(OverflightError, match="'friendly' is not a stance"):
        parse_stance_overrides(["TR=friendly"], "stance")


def test_posts_and_stances_per_state():
    assert posts_for("TR")[0] == "AMEMBASSY ANKARA"
    assert posts_for("KP") == ()
    stances = stance_by_state(date(2008, 6, 1))
    assert stances["KP"] == Stance.PERMISSIVE.value
    assert set(stances.values()) <= {s.value for s in Stance}
