from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.ats import link_messages, parse_messages
from overflight.geo import Airspace, aerodromes_in
from overflight.model.flight import FlightIntent, FlightType
from overflight.permits.reader import read_permit
from overflight.screening import (
    ConcernLevel,
    History,
    ReferenceData,
    ScreeningContext,
    ScreeningVerdict,
    StateAction,
    context_for_permit,
    flight_transits,
    load_policy,
    screen,
)
from overflight.screening.finding import Indicator, RunStatus

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "permits"
POLICY_FILE = Path(__file__).resolve().parents[2] / "src/overflight/screening/policy.yaml"


def policy_version() -> str:
    """The packaged policy's version, as its file says."""
    return str(yaml.safe_load(POLICY_FILE.read_text())["version"])


def _screen_permit(name: str, reference: ReferenceData, airspace: Airspace) -> ScreeningVerdict:
    path = EXAMPLES / name
    request, errors = read_permit(path.read_text(), str(path), json_text=path.suffix == ".json")
    assert errors == ()
    assert request is not None
    stops = [s.aerodrome for s in request.stops]
    transits = flight_transits([(request.intent, stops)], airspace)[0]
    return screen(request.intent, context_for_permit(request, reference, transits))


def _screen_ats(path: Path, reference: ReferenceData, airspace: Airspace) -> list[ScreeningVerdict]:
    messages, errors = parse_messages(path.read_text(), str(path))
    assert not errors
    flights = link_messages(messages).flights
    intents = [f.to_intent() for f in flights]
    transits = flight_transits([(i, ()) for i in intents], airspace)
    return [
        screen(i, ScreeningContext(reference, history=History.of_flight(f), transits=t))
        for i, f, t in zip(intents, flights, transits, strict=True)
    ]


def _indicators(verdict: ScreeningVerdict) -> set[Indicator]:
    return {f.indicator for f in verdict.findings}


def test_seed_permit_is_high_concern_with_its_findings(real_reference, airspace):
    verdict = _screen_permit("air-koryo-p912.yaml", real_reference, airspace)
    assert verdict.level is ConcernLevel.HIGH
    assert {
        Indicator.LISTED_AIRCRAFT,
        Indicator.LISTED_OPERATOR,
        Indicator.LISTED_PARTY,
        Indicator.DESIGNATOR_OF_CONCERN,
        Indicator.ADDRESS_STATE_OF_CONCERN,
        Indicator.ROUTE_STATE_OF_CONCERN,
        Indicator.NON_SCHEDULED_ON_ROUTE,
        Indicator.VAGUE_CARGO,
    } <= _indicators(verdict)
    aircraft = next(f for f in verdict.findings if f.indicator is Indicator.LISTED_AIRCRAFT)
    assert any("20554" in line and "Air Koryo" in line for line in aircraft.evidence)
    party = next(f for f in verdict.findings if f.indicator is Indicator.LISTED_PARTY)
    text = " ".join(party.evidence)
    assert "KPe.001" in text  # KOMID on the UN list
    assert "9352" in text  # SSRC on OFAC
    assert verdict.policy == f"overflight default {load_policy().version}"
    assert verdict.findings[0].weight == max(f.weight for f in verdict.findings)


def test_seed_flight_plan_is_high_and_counts_its_delays(real_reference, airspace):
    (verdict,) = _screen_ats(FIXTURES / "kor151.txt", real_reference, airspace)
    assert verdict.level is ConcernLevel.HIGH
    changes = next(f for f in verdict.findings if f.indicator is Indicator.REPEATED_CHANGES)
    assert "2 DLA and 1 CHG" in changes.evidence[0]
    assert Indicator.LISTED_AIRCRAFT in _indicators(verdict)  # REG/P912 without hyphen


def test_seed_transit_states_get_psi_actions(real_reference, airspace):
    verdict = _screen_permit("air-koryo-p912.yaml", real_reference, airspace)
    by_state = {a.state: a for a in verdict.actions}
    # the cable: Turkey's standing policy is to require suspect flights to land for inspection
    turkey = by_state["TR"]
    assert turkey.action is StateAction.REQUIRE_LANDING
    assert turkey.aerodrome is not None
    assert turkey.aerodrome.country == "TR"
    assert turkey.aerodrome in aerodromes_in("TR")
    for state in ("KP", "SY"):  # origin and destination will not interdict
        assert by_state[state].action is StateAction.MONITOR
    assert {"KZ", "UZ", "TM"} <= set(by_state)
    for action in verdict.actions:
        assert action.action in (
            StateAction.MONITOR,
            StateAction.REQUIRE_LANDING,
            StateAction.DENY_TRANSIT,
        )


def test_ordinary_airline_flight_is_clear(real_reference, airspace):
    verdict = _screen_permit("air-france-cdg-kix.yaml", real_reference, airspace)
    assert verdict.level is ConcernLevel.CLEAR
    assert verdict.findings == ()
    assert all(a.action is StateAction.NONE for a in verdict.actions)
    (plan,) = _screen_ats(FIXTURES / "afr292.txt", real_reference, airspace)
    assert plan.level is ConcernLevel.CLEAR
    assert plan.score == 0


def test_without_lists_list_indicators_are_reported_not_run(policy, airspace):
    verdict = _screen_permit("air-koryo-p912.yaml", ReferenceData(policy), airspace)
    not_run = {run.indicator for run in verdict.not_run}
    assert not_run == {
        Indicator.LISTED_AIRCRAFT,
        Indicator.LISTED_OPERATOR,
        Indicator.LISTED_PARTY,
        Indicator.RESEMBLES_CASE,  # no case register either
    }
    assert all(run.reason for run in verdict.not_run)
    assert verdict.level is ConcernLevel.HIGH  # the rest still sees it
    assert len(verdict.runs) == len(Indicator)


def test_technical_stop_state_inspects_at_the_stop(policy, airspace):
    verdict = _screen_permit("charter-rocket-motors.json", ReferenceData(policy), airspace)
    assert verdict.level is ConcernLevel.HIGH
    assert Indicator.CONTROLLED_GOODS in _indicators(verdict)
    azerbaijan = next(a for a in verdict.actions if a.state == "AZ")
    assert azerbaijan.action is StateAction.REQUIRE_LANDING
    assert azerbaijan.aerodrome is not None
    assert azerbaijan.aerodrome.icao == "UBBB"


_AERODROMES = ["ZKPY", "OSDI", "OIIE", "LFPG", "RJBB", "EDDF", "UUEE", "LTFM", "KJFK", "ZBAA"]


@st.composite
def intents(draw: st.DrawFn) -> tuple[FlightIntent, History | None]:
    departure, destination = draw(
        st.lists(st.sampled_from(_AERODROMES), min_size=2, max_size=2, unique=True)
    )
    intent = FlightIntent(
        aircraft_id=draw(st.sampled_from(["KOR151", "AFR292", "IRM1100", "ABC12", "P912"])),
        registration=draw(st.sampled_from(["", "P912", "P-913", "FGSQA", "EP-MNA", "EX-301"])),
        aircraft_address=draw(st.one_of(st.none(), st.integers(0, 0xFFFFFF))),
        operator=draw(st.sampled_from(["", "AIR KORYO", "AFR", "Mahan Air", "Some Airline"])),
        flight_type=draw(st.sampled_from([None, *FlightType])),
        departure=departure,
        destination=destination,
        remarks=draw(st.sampled_from(["", "CARGO GYROSCOPES", "MACHINE PARTS", "MAIL"])),
    )
    history = draw(st.one_of(st.none(), st.builds(History, st.integers(0, 6), st.integers(0, 6))))
    return intent, history


@settings(max_examples=60, deadline=None)
@given(intents())
def test_verdicts_are_deterministic_and_ordered_by_weight(real_reference, flight):
    intent, history = flight
    context = ScreeningContext(real_reference, history=history)
    first = screen(intent, context)
    again = screen(replace(intent), ScreeningContext(real_reference, history=history))
    assert first == again
    weights = [f.weight for f in first.findings]
    assert weights == sorted(weights, reverse=True)
    assert first.score == round(sum(weights), 2)
    for run in first.runs:  # no register of cases given; a plan has no permit request
        if run.indicator.needs_memory:
            continue
        expected = RunStatus.NOT_APPLICABLE if run.indicator.needs_request else RunStatus.RAN
        assert run.status is expected


def test_dprk_registered_aircraft_on_an_unlisted_operator_is_not_clear(real_reference):
    """REG/P999: no list names it, but P- is the DPRK's mark (issue 16)."""
    intent = FlightIntent(
        aircraft_id="XYZ123",
        departure="LFPG",
        destination="EDDF",
        registration="P999",
        operator="Unlisted Charter Ltd",
    )
    verdict = screen(intent, ScreeningContext(real_reference))
    assert verdict.level is not ConcernLevel.CLEAR
    assert Indicator.REGISTRATION_STATE_OF_CONCERN in _indicators(verdict)


def test_dprk_registration_with_a_foreign_address_adds_the_mismatch(real_reference):
    intent = FlightIntent(
        aircraft_id="XYZ123",
        departure="LFPG",
        destination="EDDF",
        registration="P-999",
        aircraft_address=0x39BD20,
    )
    found = _indicators(screen(intent, ScreeningContext(real_reference)))
    assert {
        Indicator.REGISTRATION_STATE_OF_CONCERN,
        Indicator.ADDRESS_REGISTRATION_MISMATCH,
    } <= found
    assert Indicator.ADDRESS_STATE_OF_CONCERN not in found
