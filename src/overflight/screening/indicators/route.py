"""Where and how it flies: states of concern at the ends or stops, flight type, history."""

from __future__ import annotations

from overflight.errors import InputError
from overflight.geo import find_aerodrome, sovereign_of, state_name
from overflight.model import FlightIntent, FlightType, SpecialHandling
from overflight.screening.context import ScreeningContext
from overflight.screening.finding import Finding, Indicator

_NO_AERODROME = frozenset({"", "ZZZZ", "AFIL"})


def _state_of_aerodrome(code: str) -> str:
    if code in _NO_AERODROME:
        return ""
    try:
        return sovereign_of(find_aerodrome(code).country)
    except InputError:
        return ""


def landings_of_concern(
    intent: FlightIntent, context: ScreeningContext
) -> tuple[tuple[str, str, str], ...]:
    """``(role, aerodrome, state)`` for each departure, stop or destination of concern."""
    places = [("departure", intent.departure)]
    places += [("stop", stop) for stop in context.stops]
    places.append(("destination", intent.destination))
    found = []
    for role, code in places:
        state = _state_of_aerodrome(code)
        if state and context.policy.of_concern(state):
            found.append((role, code, state))
    return tuple(found)


def route_state_of_concern(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """Departure, destination or a stop lies in a state of concern (``states_of_concern``)."""
    found = landings_of_concern(intent, context)
    if not found:
        return ()
    policy = context.policy
    summary = "; ".join(f"{role} {code} in {state_name(state)}" for role, code, state in found)
    evidence = tuple(
        f"{role} {code}: {state} is of concern under {', '.join(policy.states_of_concern[state])}"
        for role, code, state in found
    )
    weight = policy.weight(Indicator.ROUTE_STATE_OF_CONCERN)
    return (Finding(Indicator.ROUTE_STATE_OF_CONCERN, weight, summary, evidence),)


def non_scheduled_on_route(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """A non-scheduled flight (field 8 type N) to, from or via a state of concern."""
    if intent.flight_type is not FlightType.NON_SCHEDULED:
        return ()
    found = landings_of_concern(intent, context)
    if not found:
        return ()
    summary = "non-scheduled flight (type N) " + ", ".join(
        f"{'to' if role == 'destination' else 'from' if role == 'departure' else 'via'} "
        f"{state_name(state)}"
        for role, _, state in found
    )
    evidence = ("field 8 flight type N (non-scheduled)",)
    weight = context.policy.weight(Indicator.NON_SCHEDULED_ON_ROUTE)
    return (Finding(Indicator.NON_SCHEDULED_ON_ROUTE, weight, summary, evidence),)


def state_flight_on_route(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """A state or military flight (``STS/STATE`` or field 8 type M) on such a route."""
    state_flight = SpecialHandling.STATE in intent.sts
    military = intent.flight_type is FlightType.MILITARY
    if not (state_flight or military):
        return ()
    found = landings_of_concern(intent, context)
    if not found:
        return ()
    said = [w for w, on in (("STS/STATE", state_flight), ("field 8 type M", military)) if on]
    summary = f"state flight ({', '.join(said)}) to or from a state of concern"
    evidence = tuple(
        f"{word}; {role} {code} in {state}" for word in said for role, code, state in found
    )
    weight = context.policy.weight(Indicator.STATE_FLIGHT_ON_ROUTE)
    return (Finding(Indicator.STATE_FLIGHT_ON_ROUTE, weight, summary, evidence),)


def repeated_changes(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The plan was delayed and changed again and again (DLA + CHG count >= policy minimum).

    Weight: the per-change weight times the count, capped at ``repeated_changes.max_weight``.
    """
    history = context.history
    policy = context.policy
    if history is None or history.total < policy.min_changes:
        return ()
    weight = min(
        policy.weight(Indicator.REPEATED_CHANGES) * history.total, policy.max_changes_weight
    )
    summary = f"plan delayed {history.delays} and changed {history.changes} times"
    evidence = (f"{history.delays} DLA and {history.changes} CHG messages in the flight's history",)
    return (Finding(Indicator.REPEATED_CHANGES, weight, summary, evidence),)


__all__ = [
    "landings_of_concern",
    "non_scheduled_on_route",
    "repeated_changes",
    "route_state_of_concern",
    "state_flight_on_route",
]
