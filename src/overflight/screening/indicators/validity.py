"""A permit request in time and among others: its window, repeated requests, earlier denials.

The window is the request's ``validity`` (from, until); the flight is its departure time (the
plan's EOBT when a plan is screened under a stored request) and its arrival, when known.
Other requests and denials come from the store (``ScreeningContext.permit_facts``).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from overflight.geo import state_name
from overflight.model import FlightIntent, FlightType
from overflight.permits import PermitRequest
from overflight.screening.context import ScreeningContext
from overflight.screening.finding import Finding, Indicator


def _hhmm(value: datetime) -> str:
    return f"{value:%d %b %Y %H:%MZ}"


def _arrival(intent: FlightIntent) -> datetime | None:
    if intent.eobt is None or intent.total_eet_min is None:
        return None
    return intent.eobt + timedelta(minutes=intent.total_eet_min)


def outside_validity(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The flight leaves (or lands) outside the window the request asks for.

    ``permits.validity_slack_min`` of the policy is allowed either side. A request without a
    window, or a flight without a departure time, is not checked.
    """
    request = context.request
    if request is None or request.valid_from is None or request.valid_until is None:
        return ()
    slack = timedelta(minutes=context.policy.permits.validity_slack_min)
    start, end = request.valid_from - slack, request.valid_until + slack
    window = f"{_hhmm(request.valid_from)} to {_hhmm(request.valid_until)}"
    evidence = []
    departs = intent.eobt
    if departs is None and intent.dof is not None:
        day = datetime(intent.dof.year, intent.dof.month, intent.dof.day, tzinfo=start.tzinfo)
        if day + timedelta(days=1) <= start or day > end:
            evidence.append(f"date of flight {intent.dof:%d %b %Y} lies outside {window}")
    elif departs is not None and not start <= departs <= end:
        evidence.append(f"departure {_hhmm(departs)} lies outside {window}")
    arrives = _arrival(intent)
    if arrives is not None and departs is not None and start <= departs <= end and arrives > end:
        evidence.append(f"arrival {_hhmm(arrives)} comes after the window ends ({window})")
    if not evidence:
        return ()
    summary = f"the flight does not fit the request's validity window ({window})"
    weight = context.policy.weight(Indicator.OUTSIDE_VALIDITY)
    return (Finding(Indicator.OUTSIDE_VALIDITY, weight, summary, tuple(evidence)),)


def _window(request: PermitRequest) -> tuple[datetime, datetime] | None:
    """The request's window, else its departure to arrival, else ``None``."""
    if request.valid_from is not None and request.valid_until is not None:
        return request.valid_from, request.valid_until
    departs = request.intent.eobt
    if departs is None:
        return None
    return departs, _arrival(request.intent) or departs


def _compact(registration: str) -> str:
    return registration.replace("-", "").replace(" ", "").upper()


def _same_operator(a: PermitRequest, b: PermitRequest) -> bool:
    first, second = a.operator, b.operator
    if first is None or second is None:
        return False
    if first.designator and first.designator == second.designator:
        return True
    return bool(first.name) and first.name.casefold() == second.name.casefold()


def repeated_requests(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The same aircraft (registration) or operator asks again for the same window.

    Stored requests (``permit_facts.other_requests``) whose windows come within
    ``permits.repeat_window_h`` of this one's count; scheduled services are left out (an
    airline asks for many flights a day).
    """
    request = context.request
    if request is None or intent.flight_type is FlightType.SCHEDULED:
        return ()
    mine = _window(request)
    if mine is None:
        return ()
    near = timedelta(hours=context.policy.permits.repeat_window_h)
    registration = _compact(request.intent.registration)
    evidence = []
    states = set(request.requested_states)
    for source, other in context.permit_facts.other_requests:
        theirs = _window(other)
        if theirs is None or theirs[0] > mine[1] + near or mine[0] > theirs[1] + near:
            continue
        if registration and _compact(other.intent.registration) == registration:
            how = f"same aircraft {request.intent.registration}"
        elif _same_operator(request, other):
            how = f"same operator {other.operator.name if other.operator else ''}"
        else:
            continue
        asked = ", ".join(state_name(s) for s in other.requested_states) or "no state named"
        states |= set(other.requested_states)
        evidence.append(
            f"{other.reference or source} ({how}): {other.intent.departure}-"
            f"{other.intent.destination}, {_hhmm(theirs[0])} to {_hhmm(theirs[1])}, asks {asked}"
        )
    if not evidence:
        return ()
    summary = (
        f"{len(evidence)} other request(s) for the same window by the same aircraft or "
        f"operator, asking {len(states)} state(s) in all"
    )
    weight = context.policy.weight(Indicator.REPEATED_REQUESTS)
    return (Finding(Indicator.REPEATED_REQUESTS, weight, summary, tuple(evidence)),)


def denied_elsewhere(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """A state has already denied this flight (same call sign and date, or aircraft) in a case."""
    if context.request is None or not context.permit_facts.denials:
        return ()
    denials = context.permit_facts.denials
    evidence = tuple(
        f"{state_name(d.state)} ({d.state}) denied {d.flight} in case {d.case_id}"
        + (f" on {d.on:%d %b %Y}" if d.on else "")
        for d in denials
    )
    names = ", ".join(dict.fromkeys(state_name(d.state) for d in denials))
    summary = f"already denied by {names}"
    weight = context.policy.weight(Indicator.DENIED_ELSEWHERE)
    return (Finding(Indicator.DENIED_ELSEWHERE, weight, summary, evidence),)


__all__ = ["denied_elsewhere", "outside_validity", "repeated_requests"]
