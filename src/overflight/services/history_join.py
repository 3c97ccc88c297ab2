"""Filed against flown: each observed flight joined to the plan filed for it, if any.

A flight is joined to a plan when the plan's aircraft id (field 7) or registration (REG/)
names the flight's callsign or registration (the archive's, else its address block's), or the
plan's address (CODE/) is the flight's, and the flight was first seen between 3 h before and
20 h after the plan's EOBT (the received time where the plan has no DOF): the watch's window.
The nearest in time wins. Plans come from the archive's messages (screened) and from the
store's cases (with the states that answered the case's demarches); a case's plan is preferred.

Then: states entered that the plan does not cross (``unfiled``), states entered that had
answered "denied overflight" (``denied_entered``), and states filed but not entered.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from overflight.markings import Marking, compute_banner
from overflight.services.watch_concern import PUBLIC, address_state
from overflight.services.watch_flights import LINK_AFTER, LINK_BEFORE, WatchedFlight, normal_tail

__all__ = ["FiledPlan", "FlownFlight", "JoinedFlight", "join_plans"]


@dataclass(frozen=True, slots=True)
class FiledPlan:
    """A filed flight, from the archive's messages or a case."""

    source: str  # "messages/day=…#N" or "case 12 flight 4"
    aircraft_id: str
    registration: str
    address: str
    departure: str
    destination: str
    anchor: datetime | None  # EOBT, else when received
    filed_states: tuple[str, ...]
    level: str = ""  # screening's, for archived plans
    denied: frozenset[str] = frozenset()
    cases: tuple[tuple[int, str, Marking], ...] = ()  # (id, title, marking)


@dataclass(frozen=True, slots=True)
class FlownFlight:
    """One observed flight: who, when, and the states entered in order."""

    flight_id: str
    icao24: str
    callsign: str
    registration: str
    first_seen: datetime
    last_seen: datetime
    positions: int
    rejected: int
    why: str
    states: tuple[str, ...]  # entered, in order, "" (international) left out, repeats kept once


@dataclass(frozen=True, slots=True)
class JoinedFlight:
    """A flown flight with the plan filed for it (if found) and how they differ."""

    flown: FlownFlight
    plan: FiledPlan | None
    unfiled: tuple[str, ...]  # entered, not on the filed route
    denied_entered: tuple[str, ...]
    filed_not_flown: tuple[str, ...]
    marking: Marking  # the cases' (UNCLASSIFIED when no case)


def case_plans(flights: Iterable[WatchedFlight]) -> list[FiledPlan]:
    """The store's case flights as filed plans (with the states that denied overflight)."""
    return [
        FiledPlan(
            source=f"case {', '.join(str(c.id) for c in f.cases)} flight {f.flight_id}",
            aircraft_id=f.aircraft_id,
            registration=f.registration,
            address="",
            departure=f.departure,
            destination=f.destination,
            anchor=f.eobt,
            filed_states=tuple(sorted(f.filed_states)),
            denied=f.denied,
            cases=tuple((c.id, c.title, c.marking) for c in f.cases),
        )
        for f in flights
    ]


def join_plans(flown: Sequence[FlownFlight], plans: Sequence[FiledPlan]) -> list[JoinedFlight]:
    """Each flown flight with its plan (see the module's description)."""
    by_ident: dict[str, list[FiledPlan]] = {}
    for plan in plans:
        for ident in {plan.aircraft_id, plan.registration, plan.address} - {""}:
            by_ident.setdefault(ident, []).append(plan)
    joined = []
    for flight in flown:
        tail = normal_tail(flight.registration) or address_state(flight.icao24)[1]
        idents = {normal_tail(flight.callsign), tail, flight.icao24} - {""}
        candidates = {id(p): p for i in idents for p in by_ident.get(i, ())}.values()
        fitting = [p for p in candidates if _in_window(p, flight.first_seen)]
        best = min(
            fitting, key=lambda p: (not p.cases, _distance_s(p, flight.first_seen)), default=None
        )
        joined.append(_compare(flight, best))
    return joined


def _in_window(plan: FiledPlan, seen: datetime) -> bool:
    return plan.anchor is None or plan.anchor - LINK_BEFORE <= seen <= plan.anchor + LINK_AFTER


def _distance_s(plan: FiledPlan, seen: datetime) -> float:
    return float("inf") if plan.anchor is None else abs((seen - plan.anchor).total_seconds())


def _compare(flight: FlownFlight, plan: FiledPlan | None) -> JoinedFlight:
    if plan is None:
        return JoinedFlight(flight, None, (), (), (), PUBLIC)
    filed = set(plan.filed_states)
    entered = set(flight.states)
    marking = compute_banner([PUBLIC, *(m for _, _, m in plan.cases)])
    return JoinedFlight(
        flown=flight,
        plan=plan,
        unfiled=tuple(s for s in flight.states if s not in filed) if filed else (),
        denied_entered=tuple(s for s in flight.states if s in plan.denied),
        filed_not_flown=tuple(s for s in plan.filed_states if s not in entered),
        marking=marking,
    )
