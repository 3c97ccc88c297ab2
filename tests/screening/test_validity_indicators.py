"""A permit request in time and among others: its window, repeated requests, earlier denials."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import yaml

from overflight.permits import PermitRequest
from overflight.permits.reader import read_permit
from overflight.screening import ReferenceData, context_for_permit
from overflight.screening.context import Denial, PermitFacts
from overflight.screening.finding import Indicator
from overflight.screening.indicators import (
    denied_elsewhere,
    outside_validity,
    repeated_requests,
)

SEED = Path(__file__).resolve().parents[2] / "examples" / "permits" / "turkey-via-iran-iraq.yaml"


def _request(**edits: object) -> PermitRequest:
    data = yaml.safe_load(SEED.read_text())
    data.update(edits)
    request, errors = read_permit(yaml.safe_dump(data, sort_keys=False), "request.yaml")
    assert errors == ()
    assert request is not None
    return request


def test_departure_outside_the_window_is_found(policy):
    request = _request(validity={"from": "2026-12-06T00:00:00Z", "until": "2026-12-07T00:00:00Z"})
    (found,) = outside_validity(request.intent, context_for_permit(request, ReferenceData(policy)))
    assert found.indicator is Indicator.OUTSIDE_VALIDITY
    assert found.evidence == (
        "departure 05 Dec 2026 01:00Z lies outside 06 Dec 2026 00:00Z to 07 Dec 2026 00:00Z",
    )
    assert found.weight == policy.weight(Indicator.OUTSIDE_VALIDITY)


def test_arrival_after_the_window_and_a_plan_flown_later(policy):
    request = _request(validity={"from": "2026-12-05T00:00:00Z", "until": "2026-12-05T06:00:00Z"})
    context = context_for_permit(request, ReferenceData(policy))
    (found,) = outside_validity(request.intent, context)
    assert "arrival 05 Dec 2026 07:30Z comes after the window ends" in found.evidence[0]
    # the plan that arrives later, rescheduled two days on, is held against the same window
    assert request.intent.eobt is not None
    plan = replace(request.intent, eobt=request.intent.eobt + timedelta(days=2))
    (late,) = outside_validity(plan, context)
    assert late.evidence[0].startswith("departure 07 Dec 2026 01:00Z lies outside")


def test_window_that_fits_and_no_window_say_nothing(policy):
    request = _request()
    assert (
        outside_validity(request.intent, context_for_permit(request, ReferenceData(policy))) == ()
    )
    bare = _request(validity=None)
    assert outside_validity(bare.intent, context_for_permit(bare, ReferenceData(policy))) == ()


def test_same_aircraft_asking_other_states_for_the_same_window(policy):
    request = _request()
    to_iran = _request(reference="EXC-IR-2026-1203", requested_states=["IR", "IQ"])
    elsewhere = _request(
        reference="OTHER",
        aircraft={"type": "B744", "registration": "TC-ACF", "nationality": "TR"},
        operator={"name": "Somebody Else"},
    )
    a_month_on = _request(
        reference="EXC-LATER",
        route={
            "departure": {"aerodrome": "OPKC", "time": "2027-01-05T01:00:00Z"},
            "destination": {"aerodrome": "LBSF", "time": "2027-01-05T07:30:00Z"},
        },
        validity=None,
    )
    facts = PermitFacts(
        other_requests=(("ir.yaml", to_iran), ("x.yaml", elsewhere), ("later.yaml", a_month_on)),
        searched=True,
    )
    context = replace(context_for_permit(request, ReferenceData(policy)), permit_facts=facts)
    (found,) = repeated_requests(request.intent, context)
    (line,) = found.evidence
    assert line.startswith("EXC-IR-2026-1203 (same aircraft EX-76012): OPKC-LBSF")
    assert "asks Iran, Iraq" in line
    assert "3 state(s)" in found.summary


def test_same_operator_counts_but_scheduled_services_do_not(policy):
    request = _request()
    other = _request(
        reference="EXC-2",
        aircraft={"type": "IL76", "registration": "EX-76013", "nationality": "KG"},
    )
    facts = PermitFacts(other_requests=(("2.yaml", other),), searched=True)
    context = replace(context_for_permit(request, ReferenceData(policy)), permit_facts=facts)
    (found,) = repeated_requests(request.intent, context)
    assert "same operator Example Cargo Charter" in found.evidence[0]
    scheduled = _request(flight_type="scheduled")
    context = replace(context_for_permit(scheduled, ReferenceData(policy)), permit_facts=facts)
    assert repeated_requests(scheduled.intent, context) == ()


def test_denied_elsewhere_names_state_case_and_day(policy):
    request = _request()
    denial = Denial("IQ", 4, "EXC7702 OPKC-LBSF", date(2026, 12, 4))
    facts = PermitFacts(denials=(denial,), searched=True)
    context = replace(context_for_permit(request, ReferenceData(policy)), permit_facts=facts)
    (found,) = denied_elsewhere(request.intent, context)
    assert found.summary == "already denied by Iraq"
    assert found.evidence == ("Iraq (IQ) denied EXC7702 OPKC-LBSF in case 4 on 04 Dec 2026",)
    assert found.weight == policy.weight(Indicator.DENIED_ELSEWHERE)
    assert (
        denied_elsewhere(request.intent, context_for_permit(request, ReferenceData(policy))) == ()
    )


def test_window_edge_is_inclusive(policy):
    request = _request(validity={"from": "2026-12-05T01:00:00Z", "until": "2026-12-05T07:30:00Z"})
    assert (
        outside_validity(request.intent, context_for_permit(request, ReferenceData(policy))) == ()
    )
    assert isinstance(request.valid_until, datetime)
