"""One ask per state: each rule of ``plan_asks``, with real stances and real aerodromes."""

from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from overflight.errors import InputError
from overflight.geo import find_aerodrome
from overflight.interdiction import default_stance_table
from overflight.interdiction.asks import (
    AskKind,
    AskPolicy,
    Crossing,
    Suggestion,
    parse_ask_kind,
    plan_asks,
)
from overflight.interdiction.policies import standing_policies_on, standing_policy_of
from overflight.interdiction.stance import Stance
from overflight.model.geo import GeoPoint, Transit

FEB_2008 = date(2008, 2, 1)
STANCES = default_stance_table().as_of(FEB_2008)
LAND = AskKind.REQUIRE_LANDING
DENY = AskKind.DENY_OVERFLIGHT


def crossing(state: str, entry, exit_, km: float, *, along_km: float = 0.0, sea: bool = False):
    transit = Transit(state, state, GeoPoint(*entry), GeoPoint(*exit_), along_km * 1000,
                      (along_km + km) * 1000, datetime(2008, 2, 1, 6, tzinfo=UTC),
                      datetime(2008, 2, 1, 7, tzinfo=UTC), sea)  # fmt: skip
    return Crossing.of([transit])


CROSSINGS = {
    "TR": crossing("TR", (38.4, 44.3), (36.8, 38.0), 622, along_km=7000),
    "KZ": crossing("KZ", (43.5, 80.7), (42.9, 75.0), 468, along_km=4000),
    "LB": crossing("LB", (34.6, 36.4), (34.6, 36.41), 1, along_km=7900),
    "IR": crossing("IR", (37.0, 54.0), (38.0, 46.0), 934, along_km=6000),
    "CN": crossing("CN", (39.5, 123.5), (43.9, 80.5), 3540, along_km=100),
    "SY": crossing("SY", (36.8, 38.0), (33.4, 36.5), 396, along_km=8000),
}


DEFAULT = AskPolicy()


def plan(suggestions, policy=DEFAULT, *, stances=STANCES, day=FEB_2008, standing=None):
    return {
        a.state: a
        for a in plan_asks(
            suggestions,
            CROSSINGS,
            stances,
            standing if standing is not None else standing_policies_on(day),
            policy,
            day=day,
            needed_m=2500.0,
        )
    }


def test_a_clip_under_the_minimum_crossing_is_informed_not_asked() -> None:
    asks = plan([Suggestion("LB", LAND), Suggestion("TR", LAND)])
    assert asks["LB"].kind is AskKind.INFORM
    assert "crosses 1 km over land, under the 50 km minimum" in asks["LB"].reason
    assert asks["TR"].kind is LAND
    # The minimum is the case's: at 700 km Turkey's 622 km are informed too.
    assert plan([Suggestion("TR", LAND)], AskPolicy(min_crossing_km=700))["TR"].kind is (
        AskKind.INFORM
    )


def test_a_landing_names_a_real_aerodrome_near_the_route_and_says_why() -> None:
    turkey = plan([Suggestion("TR", LAND)])["TR"]
    assert turkey.kind is LAND
    assert turkey.site is not None
    assert turkey.site.aerodrome.country == "TR"
    assert turkey.site.diversion_km <= 400
    assert f"at {turkey.site.aerodrome.icao}" in turkey.reason
    assert "m ASP runway" in turkey.reason or "m CON runway" in turkey.reason


def test_no_aerodrome_within_the_limit_turns_a_landing_into_a_denial_with_the_reason() -> None:
    asks = plan([Suggestion("TR", LAND)], AskPolicy(max_diversion_km=1.0))
    assert asks["TR"].kind is DENY
    assert "no aerodrome open on 01 Feb 2008 with a paved runway of 2,500 m" in asks["TR"].reason
    assert "within 1 km of diversion" in asks["TR"].reason


def test_a_permissive_state_is_not_asked_and_a_monitor_suggestion_is_kept() -> None:
    asks = plan([Suggestion("IR", LAND), Suggestion("SY", AskKind.MONITOR, "destination")])
    assert asks["IR"].kind is AskKind.NOT_ASKED
    assert "permissive" in asks["IR"].reason
    assert "1737" in asks["IR"].reason  # the stance's basis
    assert asks["SY"].kind is AskKind.NOT_ASKED  # the destination is permissive too
    monitored = plan([Suggestion("KZ", AskKind.MONITOR, "flight needs review")])
    assert monitored["KZ"].kind is AskKind.MONITOR


def test_a_state_that_already_denies_is_informed() -> None:
    table = default_stance_table().override("KZ", Stance.DENYING, "refused on 31 Jan", FEB_2008)
    asks = plan([Suggestion("KZ", DENY)], stances=table.as_of(FEB_2008))
    assert asks["KZ"].kind is AskKind.INFORM
    assert "already denies the flight (refused on 31 Jan)" in asks["KZ"].reason


def test_the_cases_default_and_its_ask_for_states_without_a_psi_record() -> None:
    policy = AskPolicy(default=DENY, unknown=AskKind.MONITOR)
    asks = plan([Suggestion("KZ", LAND), Suggestion("CN", LAND)], policy)
    assert asks["KZ"].kind is DENY  # a PSI partner in Feb 2008 (the seed), the default ask
    assert "cooperating" in asks["KZ"].reason
    assert asks["CN"].kind is AskKind.MONITOR  # no PSI record
    assert "no PSI endorsement on record" in asks["CN"].reason


def test_a_standing_policy_wins_over_the_default_and_a_case_choice_over_both() -> None:
    may_2008 = date(2008, 5, 28)
    policy = AskPolicy(default=DENY)
    assert plan([Suggestion("TR", DENY)], policy)["TR"].kind is DENY  # before the source
    later = plan([Suggestion("TR", DENY)], policy, day=may_2008,
                 stances=default_stance_table().as_of(may_2008))["TR"]  # fmt: skip
    assert later.kind is LAND
    assert "standing policy: Turkey's standing policy" in later.reason
    chosen = plan([Suggestion("TR", DENY)], replace(policy, states={"TR": AskKind.MONITOR}),
                  day=may_2008)["TR"]  # fmt: skip
    assert chosen.kind is AskKind.MONITOR
    assert "the case's choice" in chosen.reason


def test_a_named_aerodrome_is_used_as_the_case_says() -> None:
    asks = plan([Suggestion("TR", LAND)], AskPolicy(aerodromes={"TR": "LTAC"}))
    assert asks["TR"].site is not None
    assert asks["TR"].site.aerodrome.icao == "LTAC"


def test_a_technical_stop_is_inspected_there() -> None:
    stop = find_aerodrome("LTCJ")
    asks = plan([Suggestion("TR", DENY, "PSI 4(e)", stop)])
    assert asks["TR"].kind is LAND
    assert asks["TR"].site is not None
    assert asks["TR"].site.aerodrome.icao == "LTCJ"
    assert asks["TR"].reason.startswith("PSI 4(e)")


def test_a_state_off_the_route_is_asked_in_advance_to_deny() -> None:
    asks = plan([Suggestion("RU", LAND, "blocking set"), Suggestion("TR", LAND)])
    assert asks["RU"].crossing is None
    assert asks["RU"].kind is DENY
    assert "off the filed route" in asks["RU"].reason
    assert list(asks) == ["TR", "RU"]  # flight order, then the states off the route


def test_no_suggestion_asks_nothing() -> None:
    assert plan([Suggestion("TR", None)]) == {}


def test_sea_only_crossings_say_so() -> None:
    sea = crossing("TR", (41.0, 29.0), (41.2, 29.1), 20, sea=True)
    assert sea.over == "over its territorial sea only"
    with pytest.raises(InputError):
        Crossing.of([])


@pytest.mark.parametrize(("text", "kind"), [("deny-transit", DENY), ("Require landing", LAND),
                                            ("monitor", AskKind.MONITOR)])  # fmt: skip
def test_ask_names_parse(text: str, kind: AskKind) -> None:
    assert parse_ask_kind(text) is kind


def test_an_unknown_ask_is_a_clear_error() -> None:
    with pytest.raises(InputError, match="'seize' is not an ask: use one of deny-overflight"):
        parse_ask_kind("seize", "asks: default")


def test_turkeys_standing_policy_is_dated_by_its_source() -> None:
    assert standing_policy_of("TR", date(2008, 5, 27)) is None
    policy = standing_policy_of("TR", date(2008, 5, 28))
    assert policy is not None
    assert policy.ask is LAND
    assert "STATE 056778" in policy.basis
