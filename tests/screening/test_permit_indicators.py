"""A permit request held against its route: states asked and crossed, declared points and times."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from overflight.geo import Airspace
from overflight.geo.navdata import NavData
from overflight.model.flight import FlightIntent
from overflight.permits import PermitRequest
from overflight.permits.reader import read_permit
from overflight.screening import (
    ReferenceData,
    ScreeningContext,
    ScreeningVerdict,
    context_for_permit,
    flight_route,
    flight_transits,
    screen,
)
from overflight.screening.finding import Finding, Indicator, RunStatus

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "permits"
SEED = EXAMPLES / "turkey-via-iran-iraq.yaml"


def _request(data: dict[str, object]) -> PermitRequest:
    request, errors = read_permit(yaml.safe_dump(data, sort_keys=False), "request.yaml")
    assert errors == ()
    assert request is not None
    return request


def _screen(
    request: PermitRequest, reference: ReferenceData, airspace: Airspace
) -> ScreeningVerdict:
    stops = [s.aerodrome for s in request.stops]
    navdata = NavData()  # coordinates and aerodromes only: what a filed route needs here
    (transits,) = flight_transits([(request.intent, stops)], airspace, navdata)
    context = context_for_permit(request, reference, transits)
    route = flight_route(request.intent, stops, navdata)
    return screen(request.intent, replace(context, route=route))


def _finding(verdict: ScreeningVerdict, indicator: Indicator) -> Finding | None:
    return next((f for f in verdict.findings if f.indicator is indicator), None)


@pytest.fixture
def seed() -> dict[str, object]:
    return yaml.safe_load(SEED.read_text())


def test_request_to_turkey_names_iran_and_iraq_crossed_not_asked(seed, policy, airspace):
    verdict = _screen(_request(seed), ReferenceData(policy), airspace)
    found = _finding(verdict, Indicator.CROSSED_NOT_REQUESTED)
    assert found is not None
    assert found.weight == policy.weight(Indicator.CROSSED_NOT_REQUESTED) > 0
    assert [line.split(" (")[1][:2] for line in found.evidence] == ["IR", "IQ"]
    assert all("enters at" in line and "km" in line for line in found.evidence)
    # Pakistan and Bulgaria are the ends: their clearances are of another kind
    assert "Pakistan" not in found.summary
    assert "Bulgaria" not in found.summary
    # the declared entry into Turkey fits the computed crossing: no misfit, nothing unasked
    assert _finding(verdict, Indicator.ENTRY_MISFIT) is None
    assert _finding(verdict, Indicator.REQUESTED_NOT_CROSSED) is None
    assert _finding(verdict, Indicator.OUTSIDE_VALIDITY) is None


def test_asking_every_state_crossed_clears_the_finding(seed, policy, airspace):
    seed["requested_states"] = ["TR", "Iran", "IQ"]
    verdict = _screen(_request(seed), ReferenceData(policy), airspace)
    assert _finding(verdict, Indicator.CROSSED_NOT_REQUESTED) is None


def test_filed_route_is_followed_rather_than_the_great_circle(seed, policy, airspace):
    # straight from Iran into Turkey north of Iraq: the filed route does not cross Iraq
    seed["route"]["ats_route"] = "N0430F330 DCT 3830N04420E DCT"
    verdict = _screen(_request(seed), ReferenceData(policy), airspace)
    found = _finding(verdict, Indicator.CROSSED_NOT_REQUESTED)
    assert found is not None
    states = {line.split(" (")[1][:2] for line in found.evidence}
    assert "IR" in states
    assert "IQ" not in states


def test_state_asked_but_not_crossed_and_a_fir_off_the_route(seed, policy, airspace):
    seed["requested_states"] = ["TR", "IR", "IQ", "TM"]
    seed["route"]["fir_crossings"].append(
        {"fir": "UAAA", "entry_point": "4520N08000E", "exit_point": "4130N06900E"}
    )
    verdict = _screen(_request(seed), ReferenceData(policy), airspace)
    found = _finding(verdict, Indicator.REQUESTED_NOT_CROSSED)
    assert found is not None
    text = " ".join(found.evidence)
    assert "Turkmenistan (TM) is asked" in text
    assert "FIR UAAA named (Kazakhstan)" in text
    misfit = _finding(verdict, Indicator.ENTRY_MISFIT)
    assert misfit is not None
    assert any("UAAA entry 4520N08000E lies" in line for line in misfit.evidence)


def test_entry_time_that_does_not_fit_is_a_misfit_with_both_times(seed, policy, airspace):
    seed["route"]["fir_crossings"][0]["entry_time"] = "2026-12-05T02:50:00Z"
    verdict = _screen(_request(seed), ReferenceData(policy), airspace)
    misfit = _finding(verdict, Indicator.ENTRY_MISFIT)
    assert misfit is not None
    (line,) = misfit.evidence
    assert line.startswith("FIR LTAA entry 3706N04429E at 05 Dec 02:50Z: ")
    assert "before the route passes there (05 Dec 04:4" in line
    assert misfit.weight == policy.weight(Indicator.ENTRY_MISFIT)


def test_entry_point_far_from_the_route_is_a_misfit(seed, policy, airspace):
    seed["route"]["fir_crossings"][0]["entry_point"] = "3900N04400E"  # 210 km north
    verdict = _screen(_request(seed), ReferenceData(policy), airspace)
    misfit = _finding(verdict, Indicator.ENTRY_MISFIT)
    assert misfit is not None
    assert any("lies" in line and "km off the route" in line for line in misfit.evidence)


def test_named_point_time_is_held_against_the_state_entry(seed, policy, airspace):
    seed["route"]["fir_crossings"][0]["entry_point"] = "DASIS"
    seed["route"]["fir_crossings"][0]["entry_time"] = "2026-12-05T06:00:00Z"
    verdict = _screen(_request(seed), ReferenceData(policy), airspace)
    misfit = _finding(verdict, Indicator.ENTRY_MISFIT)
    assert misfit is not None
    assert any("after the route enters Türkiye's airspace" in line for line in misfit.evidence)


def test_scheduled_service_overflies_by_agreement(policy, airspace):
    data = yaml.safe_load((EXAMPLES / "air-france-cdg-kix.yaml").read_text())
    verdict = _screen(_request(data), ReferenceData(policy), airspace)
    assert _finding(verdict, Indicator.CROSSED_NOT_REQUESTED) is None


def test_permit_indicators_do_not_apply_to_a_plan(policy):
    verdict = screen(
        FlightIntent(aircraft_id="EXC7702", departure="OPKC", destination="LBSF"),
        ScreeningContext(ReferenceData(policy)),
    )
    statuses = {run.indicator: run.status for run in verdict.runs}
    assert statuses[Indicator.CROSSED_NOT_REQUESTED] is RunStatus.NOT_APPLICABLE
    assert statuses[Indicator.ROUTE_STATE_OF_CONCERN] is RunStatus.RAN
    assert all(not run.indicator.needs_request for run in verdict.not_run)
