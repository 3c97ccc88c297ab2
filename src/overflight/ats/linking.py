"""Link CHG, DLA, CNL, DEP and ARR messages to their FPL: flights with state and history.

The key (ICAO FITS issue 9) is aircraft id (field 7) + departure (13a) + destination (16a) + DOF.
When the FPL gave no ``DOF/`` the associated messages carry ``-0`` and the date is implied by the
EOBT: both sides then have no DOF and match. When no flight matches exactly, a message is linked to
the one open flight with the same id, departure and destination (its DOF may be missing on one
side, or a DLA may carry the new date); with two or more candidates it stays unmatched.

Effects: DLA moves the EOBT forward (an earlier HHMM means the next day) and keeps the DOF unless
it gives ``DOF/``; CHG applies its field 22 amendments; CNL, DEP and ARR set the status. The same
message ingested twice changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from enum import Enum
from typing import Any

from overflight.ats.field18 import Field18
from overflight.ats.intent import eobt_of, to_flight_intent
from overflight.ats.message import AtsMessage, Departure, Title
from overflight.ats.serialiser import format_amendment, format_departure
from overflight.model import FlightIntent


class FlightStatus(Enum):
    """Where a flight stands after the messages seen so far."""

    FILED = "filed"
    DELAYED = "delayed"
    CHANGED = "changed"
    CANCELLED = "cancelled"
    DEPARTED = "departed"
    ARRIVED = "arrived"


_AMENDED_ATTRIBUTE = {
    7: "aircraft",
    8: "rules",
    9: "aircraft_type",
    10: "equipment",
    13: "departure",
    14: "estimate",
    15: "route",
    16: "destination",
    17: "arrival",
    18: "other",
    19: "supplementary",
}
_STATUS_OF = {
    Title.FPL: FlightStatus.FILED,
    Title.DLA: FlightStatus.DELAYED,
    Title.CHG: FlightStatus.CHANGED,
    Title.CNL: FlightStatus.CANCELLED,
    Title.DEP: FlightStatus.DEPARTED,
    Title.ARR: FlightStatus.ARRIVED,
}


@dataclass(frozen=True, slots=True)
class FlightEvent:
    """One message applied to a flight, the status it led to, and what it changed."""

    message: AtsMessage
    status: FlightStatus
    changes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Flight:
    """A flight plan with every later message applied: current plan, status and history."""

    plan: AtsMessage  # the FPL with amendments and delays applied
    status: FlightStatus
    eobt: datetime | None  # aware UTC; None when no date is known
    dof: date | None
    history: tuple[FlightEvent, ...]

    @property
    def aircraft_id(self) -> str:
        """Field 7 of the current plan."""
        return self.plan.aircraft_id

    def to_intent(self) -> FlightIntent:
        """The flight's current state as a ``FlightIntent``."""
        return to_flight_intent(self.plan, dof=self.dof, eobt=self.eobt)


@dataclass(frozen=True, slots=True)
class UnmatchedMessage:
    """A message that linked to no flight, and why."""

    message: AtsMessage
    reason: str


@dataclass(frozen=True, slots=True)
class Flights:
    """The outcome of linking: flights in filing order, and the messages that matched none."""

    flights: tuple[Flight, ...] = ()
    unmatched: tuple[UnmatchedMessage, ...] = ()


def _destination_of(message: AtsMessage) -> str:
    if message.destination is not None:
        return message.destination.aerodrome
    return message.arrival.aerodrome if message.arrival is not None else ""


def _dof_of(message: AtsMessage) -> date | None:
    return message.other.dof if message.other is not None else None


def _route_key(message: AtsMessage) -> tuple[str, str, str]:
    departure = message.departure.aerodrome if message.departure is not None else ""
    return message.aircraft_id, departure, _destination_of(message)


def _find(
    flights: list[Flight], candidates: list[int], message: AtsMessage
) -> tuple[int | None, str]:
    if not candidates:
        return None, "no flight plan with this aircraft id, departure and destination"
    candidates = sorted(candidates)  # filing order: the latest plan wins a tie
    dof = _dof_of(message)
    exact = [index for index in candidates if flights[index].dof == dof]
    open_exact = [i for i in exact if flights[i].status is not FlightStatus.CANCELLED]
    if open_exact:
        return open_exact[-1], ""
    open_any = [i for i in candidates if flights[i].status is not FlightStatus.CANCELLED]
    if len(open_any) == 1:
        return open_any[0], ""
    if len(open_any) > 1:
        return None, f"{len(open_any)} open flight plans match and the DOF does not tell them apart"
    return None, "the matching flight plan is cancelled"


def _delay(flight: Flight, message: AtsMessage) -> Flight:
    departure = message.departure
    if departure is None or departure.time is None or flight.plan.departure is None:
        return flight
    given = _dof_of(message)
    plan = replace(
        flight.plan, departure=Departure(flight.plan.departure.aerodrome, departure.time)
    )
    dof = flight.dof
    if given is not None and given != dof:
        dof = given
        other = flight.plan.other if flight.plan.other is not None else Field18()
        plan = replace(plan, other=replace(other, dof=given))
        eobt = eobt_of(plan, dof)
    elif flight.eobt is not None:
        eobt = datetime.combine(flight.eobt.date(), departure.time, tzinfo=flight.eobt.tzinfo)
        if eobt <= flight.eobt:  # a DLA's EOBT is always later than the one it replaces
            eobt += timedelta(days=1)
    else:
        eobt = None
    return replace(flight, plan=plan, eobt=eobt, dof=dof)


def _change(flight: Flight, message: AtsMessage) -> tuple[Flight, list[str]]:
    """Apply a CHG's field 22 amendments.

    The EOBT is recomputed from DOF and field 13b only when the CHG changes the DOF. A CHG that
    repeats the flight's DOF (as associated messages must, ICAO FITS issue 9) keeps the EOBT a
    DLA moved past midnight; one that amends field 13b alone moves the EOBT to the new time
    nearest the current one.
    """
    plan = flight.plan
    notes = []
    amended_fields = set()
    for amendment in message.amendments:
        attribute = _AMENDED_ATTRIBUTE.get(amendment.field)
        if attribute is None or isinstance(amendment.value, str):
            notes.append(f"not applied: {format_amendment(amendment)}")
            continue
        amended: dict[str, Any] = {attribute: amendment.value}
        plan = replace(plan, **amended)
        amended_fields.add(amendment.field)
        notes.append(f"field {amendment.field} now {format_amendment(amendment).partition('/')[2]}")
    dof = _dof_of(plan)
    eobt = flight.eobt
    if dof != flight.dof or eobt is None:
        eobt = eobt_of(plan, dof) or eobt
    elif 13 in amended_fields and plan.departure is not None and plan.departure.time is not None:
        moved = datetime.combine(eobt.date(), plan.departure.time, tzinfo=eobt.tzinfo)
        eobt = min(
            (moved - timedelta(days=1), moved, moved + timedelta(days=1)),
            key=lambda candidate: abs(candidate - eobt),
        )
    return replace(flight, plan=plan, eobt=eobt, dof=dof), notes


def _apply(flight: Flight, message: AtsMessage) -> Flight:
    status = _STATUS_OF[message.title]
    notes: list[str] = []
    if message.title is Title.DLA:
        before = flight.eobt or flight.plan.departure
        flight = _delay(flight, message)
        after = flight.eobt or flight.plan.departure
        notes.append(f"EOBT {_when(before)} -> {_when(after)}")
    elif message.title is Title.CHG:
        flight, notes = _change(flight, message)
    elif message.title is Title.DEP and message.departure and message.departure.time:
        notes.append(f"departed {message.departure.time:%H%M}")
    elif message.title is Title.ARR and message.arrival is not None:
        notes.append(f"arrived {message.arrival.aerodrome} {message.arrival.time:%H%M}")
        if message.arrival.aerodrome != _destination_of(flight.plan):
            notes.append(f"diverted from {_destination_of(flight.plan)}")
    event = FlightEvent(message, status, tuple(notes))
    return replace(flight, status=status, history=(*flight.history, event))


def _when(value: datetime | Departure | None) -> str:
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H%M")
    return format_departure(value) if value is not None else "?"


def link_messages(messages: Iterable[AtsMessage], into: Flights | None = None) -> Flights:
    """Link a stream of messages, in order, into flights (optionally on top of ``into``).

    FPLs open flights; CHG, DLA, CNL, DEP and ARR update the flight they match; everything else,
    and every message that matches no flight, is kept in ``unmatched`` with the reason.
    """
    flights = list(into.flights) if into else []
    unmatched = list(into.unmatched) if into else []
    by_route: dict[tuple[str, str, str], list[int]] = {}
    for index, flight in enumerate(flights):
        by_route.setdefault(_route_key(flight.plan), []).append(index)
    seen = {event.message for flight in flights for event in flight.history}
    seen.update(item.message for item in unmatched)
    for message in messages:
        if message in seen:
            continue
        seen.add(message)
        if message.title is Title.FPL:
            dof = _dof_of(message)
            event = FlightEvent(message, FlightStatus.FILED)
            by_route.setdefault(_route_key(message), []).append(len(flights))
            flights.append(
                Flight(message, FlightStatus.FILED, eobt_of(message, dof), dof, (event,))
            )
            continue
        if message.title not in _STATUS_OF:
            unmatched.append(UnmatchedMessage(message, f"{message.title.value} is not linked"))
            continue
        found, reason = _find(flights, by_route.get(_route_key(message), []), message)
        if found is None:
            unmatched.append(UnmatchedMessage(message, reason))
            continue
        before = _route_key(flights[found].plan)
        flights[found] = _apply(flights[found], message)
        after = _route_key(flights[found].plan)
        if after != before:  # a CHG moved the flight to another key
            by_route[before].remove(found)
            by_route.setdefault(after, []).append(found)
    return Flights(tuple(flights), tuple(unmatched))
