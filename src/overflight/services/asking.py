"""From a verdict to the asks of a case: one ask per state, grouped into telegrams.

``plan_case_asks`` maps the screening's per-state actions to suggestions, adds the states of a
blocking set the route does not cross, and lets ``interdiction.asks.plan_asks`` decide (stances
of the day, standing policies, the desk's ``AskPolicy``). ``group_asks`` makes one group per
ask (and per "on the route" or "asked in advance"), each a telegram. An engagement's note keeps
its ask and reason (``ask_note``/``ask_of_note``), so the case holds why each state was asked
what it was; ``crossings_of`` reads a case's stored transits back.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from overflight.ats import parse_message, to_flight_intent
from overflight.cables import FlightOfConcern, name_of
from overflight.errors import InputError
from overflight.geo import find_aerodrome
from overflight.interdiction import (
    AskKind,
    AskPolicy,
    Crossing,
    StateAsk,
    Suggestion,
    plan_asks,
    runway_needed_m,
    standing_policies_on,
)
from overflight.model import FlightIntent, FlightType, GeoPoint, Transit
from overflight.screening import ScreeningVerdict, StateAction
from overflight.services.interdiction import stances_on

__all__ = [
    "ACTING",
    "AskGroup",
    "ask_note",
    "ask_of_note",
    "crossings_of",
    "flight_of_concern",
    "group_asks",
    "intent_of_plan",
    "plan_case_asks",
]

ACTING = (AskKind.DENY_OVERFLIGHT, AskKind.REQUIRE_LANDING)
"""Asks that ask a state to act: the states a thank-you may go to."""
_SUGGESTED = {
    StateAction.DENY_TRANSIT: AskKind.DENY_OVERFLIGHT,
    StateAction.REQUIRE_LANDING: AskKind.REQUIRE_LANDING,
    StateAction.MONITOR: AskKind.MONITOR,
}
_ORDER = {kind: i for i, kind in enumerate(AskKind)}
_OFF_ROUTE = " (in advance)"


@dataclass(frozen=True, slots=True)
class AskGroup:
    """States asked the same thing, together: one telegram."""

    kind: AskKind
    on_route: bool
    asks: tuple[StateAsk, ...]


def plan_case_asks(
    verdict: ScreeningVerdict,
    policy: AskPolicy,
    *,
    day: date,
    flight_day: date | None = None,
    aircraft_type: str,
    also_deny: Iterable[str] = (),
) -> tuple[StateAsk, ...]:
    """One ask per state for a new case (``interdiction.asks`` rules), in flight order.

    Args:
        verdict: the screening verdict (its per-state actions and transits).
        policy: the desk's ask policy.
        day: the day stances and standing policies are read for (what is known today).
        flight_day: the flight's day, on which an inspection aerodrome must be open
            (default ``day``).
        aircraft_type: ICAO designator (the runway an inspection aerodrome needs).
        also_deny: states of a blocking set, asked to deny overflight in advance when the
            route does not cross them.
    """
    crossings = {a.state: Crossing.of(a.transits) for a in verdict.actions if a.transits}
    suggestions = [_suggestion(action) for action in verdict.actions]
    suggested = {s.state for s in suggestions}
    suggestions += [
        Suggestion(state, AskKind.DENY_OVERFLIGHT, "member of the top-ranked blocking set")
        for state in also_deny
        if state not in suggested
    ]
    needed = policy.runway_m or runway_needed_m(aircraft_type)
    return plan_asks(
        suggestions,
        crossings,
        stances_on(day),
        standing_policies_on(day),
        policy,
        day=flight_day or day,
        needed_m=needed,
    )


def _suggestion(action: Any) -> Suggestion:
    kind = _SUGGESTED.get(action.action)
    stop = None
    if action.reason.startswith("PSI 4(e)") and action.aerodrome is not None:
        stop = action.aerodrome
    return Suggestion(action.state, kind, action.reason, stop)


def group_asks(asks: Sequence[StateAsk], *, has_post: Any) -> tuple[AskGroup, ...]:
    """One group per ask and per route (on it, or asked in advance); acting asks first.

    States not asked, and states without a post (``has_post(state)`` false), are left out.
    """
    groups: dict[tuple[AskKind, bool], list[StateAsk]] = {}
    for ask in asks:
        if ask.asked and has_post(ask.state):
            groups.setdefault((ask.kind, ask.crossing is not None), []).append(ask)
    keys = sorted(groups, key=lambda key: (not key[1], _ORDER[key[0]]))
    return tuple(
        AskGroup(kind, on_route, tuple(groups[(kind, on_route)])) for kind, on_route in keys
    )


def ask_note(ask: StateAsk) -> str:
    """The engagement note that keeps an ask and its reason (``deny-overflight: …``)."""
    where = "" if ask.crossing is not None else _OFF_ROUTE
    return f"{ask.kind.value}{where}: {ask.reason}"


def ask_of_note(note: str) -> tuple[AskKind, bool] | None:
    """The ask an engagement note keeps and whether it was on the route; None for other notes."""
    head, _, _ = note.partition(":")
    on_route = not head.endswith(_OFF_ROUTE)
    try:
        return AskKind(head.removesuffix(_OFF_ROUTE)), on_route
    except ValueError:
        return None


def crossings_of(transits: Sequence[Mapping[str, Any]]) -> dict[str, Crossing]:
    """Each state's crossing, from a stored transit snapshot (``to_jsonable`` of transits)."""
    by_state: dict[str, list[Transit]] = {}
    for item in transits:
        try:
            transit = _transit(item)
        except (KeyError, TypeError, ValueError):
            continue
        if transit.state:
            by_state.setdefault(transit.state, []).append(transit)
    return {state: Crossing.of(stretches) for state, stretches in by_state.items()}


def _transit(item: Mapping[str, Any]) -> Transit:
    def moment(value: Any) -> datetime | None:
        return datetime.fromisoformat(value) if value else None

    return Transit(
        state=str(item["state"]),
        name=str(item["name"]),
        entry=GeoPoint(float(item["entry"]["lat"]), float(item["entry"]["lon"])),
        exit=GeoPoint(float(item["exit"]["lat"]), float(item["exit"]["lon"])),
        entry_m=float(item["entry_m"]),
        exit_m=float(item["exit_m"]),
        entered_at=moment(item.get("entered_at")),
        exited_at=moment(item.get("exited_at")),
        territorial_sea_only=bool(item.get("territorial_sea_only", False)),
    )


def flight_of_concern(
    intent: FlightIntent,
    concern: str,
    *,
    tracked_since: str = "",
    history: str = "",
) -> FlightOfConcern:
    """What the telegrams say of a flight, from its plan (identity, schedule, ends)."""
    operator = " ".join(intent.operator.split())
    origin, origin_state = _place(intent.departure)
    destination, destination_state = _place(intent.destination)
    callsign = intent.aircraft_id
    designator = callsign[:3] if len(callsign) > 3 and callsign[:3].isalpha() else ""
    arrives = (
        intent.eobt + timedelta(minutes=intent.total_eet_min)
        if intent.eobt is not None and intent.total_eet_min is not None
        else None
    )
    return FlightOfConcern(
        operator=operator.title() if operator.isupper() else operator,
        origin=origin,
        destination=destination,
        concern=concern,
        callsign=callsign,
        registration=intent.registration,
        address=f"{intent.aircraft_address:06X}" if intent.aircraft_address is not None else "",
        aircraft_type=intent.aircraft_type,
        operator_code=designator,
        origin_code=intent.departure,
        destination_code=intent.destination,
        origin_state=origin_state,
        destination_state=destination_state,
        departs_at=intent.eobt,
        arrives_at=arrives,
        charter=intent.flight_type is FlightType.NON_SCHEDULED,
        tracked_since=tracked_since,
        history=history,
    )


def intent_of_plan(plan_text: str, *, dof: date | None, eobt: datetime | None) -> FlightIntent:
    """The flight a stored plan describes (as amended: its DOF and EOBT)."""
    return to_flight_intent(parse_message(plan_text), dof=dof, eobt=eobt)


def _place(code: str) -> tuple[str, str]:
    """``("Pyongyang, North Korea", "North Korea")``, or the code itself when unknown."""
    try:
        aerodrome = find_aerodrome(code)
    except InputError:
        return code, ""
    state = name_of(aerodrome.country)
    return f"{aerodrome.city}, {state}", state
