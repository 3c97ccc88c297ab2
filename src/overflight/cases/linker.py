"""Linking messages in memory against the stored flights on their routes, as ``ats`` links them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime

from overflight.ats import (
    AtsMessage,
    Flight,
    Flights,
    FlightStatus,
    Title,
    link_messages,
    parse_message,
)
from overflight.cases.columns import RouteKey, digest, message_fields, route_key
from overflight.cases.model import CaseStatus
from overflight.store import FlightRow, Session, case_statuses_of_flights, flights_on_routes

__all__ = ["LinkedMessage", "Linker", "WorkingFlight"]

_LINKED_TITLES = frozenset({Title.FPL, Title.CHG, Title.DLA, Title.CNL, Title.DEP, Title.ARR})
_NEW = -1  # order of a flight opened by a message not yet applied
_AFTER_STORED = 1 << 62


@dataclass(slots=True)
class WorkingFlight:
    """A flight as this run knows it: its row (``None`` until written) and its current value."""

    row: FlightRow | None
    flight: Flight
    order: int  # filing order: the row's id; new flights come after every stored one
    plan_text: str | None  # the plan's canonical text, while known without formatting it


@dataclass(frozen=True, slots=True)
class LinkedMessage:
    """One message linked in memory, waiting to be written."""

    message: AtsMessage
    canonical: str  # the message's canonical text
    fields: dict[str, object]  # the message row's columns, except its flight id
    kind: str  # the report count it adds to: new_flights, linked or unmatched
    work: WorkingFlight | None = None  # the flight it linked to
    flight: Flight | None = None  # that flight after the message (history dropped)


class Linker:
    """The in-memory view of the flights on the loaded routes, and of the cases following them.

    ``load`` reads a route's flights before its messages are linked; ``link`` links a message
    against the view without changing it; ``apply`` makes a linked message part of the view;
    ``forget`` drops the view when the store has moved on.
    """

    def __init__(self, session: Session, at: datetime) -> None:
        self.session = session
        self.at = at
        self._plans: dict[str, AtsMessage] = {}  # plan text -> parsed plan (text is immutable)
        self._routes: dict[RouteKey, list[WorkingFlight]] = {}
        self._followed: set[int] = set()  # flights some case follows
        self._open_routes: set[RouteKey] = set()  # routes of flights an open case follows
        self._opened = 0

    def _plan(self, text: str) -> AtsMessage:
        plan = self._plans.get(text)
        if plan is None:
            if len(self._plans) > 20_000:
                self._plans.clear()
            plan = self._plans[text] = parse_message(text, "store")
        return plan

    def _flight(self, row: FlightRow) -> Flight:
        return Flight(self._plan(row.plan_text), FlightStatus(row.status), row.eobt, row.dof, ())

    def knows(self, message: AtsMessage) -> bool:
        """Whether the flights on the message's route are in the in-memory view."""
        return route_key(message) in self._routes

    def load(self, messages: Sequence[AtsMessage]) -> None:
        """Read the flights on these messages' routes and the cases following them (2 queries)."""
        missing = {route_key(m) for m in messages} - self._routes.keys()
        rows = flights_on_routes(self.session, missing)
        for route in missing:
            self._routes[route] = []
        for row in rows:
            route = (row.aircraft_id, row.departure, row.destination)
            self._routes[route].append(WorkingFlight(row, self._flight(row), row.id, row.plan_text))
        by_id = {row.id: row for row in rows}
        if not by_id:
            return
        for flight_id, status in case_statuses_of_flights(self.session, list(by_id)):
            self._followed.add(flight_id)
            if status != CaseStatus.CLOSED.value:
                row = by_id[flight_id]
                self._open_routes.add((row.aircraft_id, row.departure, row.destination))

    def forget(self) -> None:
        """Drop the in-memory view (the store has moved on: a commit, a message written alone)."""
        self._routes.clear()
        self._followed.clear()
        self._open_routes.clear()

    def link(self, message: AtsMessage, canonical: str, raw_text: str) -> LinkedMessage:
        """Link a message in memory (its route must be loaded); nothing changes until ``apply``.

        Raises:
            OverflightError: the message cannot be stored.
        """
        route = route_key(message)
        fields = message_fields(message, digest(canonical), raw_text, self.at)
        if message.title not in _LINKED_TITLES:
            fields["link_note"] = f"{message.title.value} is not linked"
            return LinkedMessage(message, canonical, fields, "unmatched")
        candidates = self._routes[route]
        before = Flights(tuple(work.flight for work in candidates))
        after = link_messages([message], into=before)
        if len(after.unmatched) > len(before.unmatched):
            fields["link_note"] = after.unmatched[-1].reason
            return LinkedMessage(message, canonical, fields, "unmatched")
        if len(after.flights) > len(candidates):  # an FPL opened a flight
            flight, kind = after.flights[-1], "new_flights"
            plan_text = canonical if flight.plan is message else None
            work = WorkingFlight(None, flight, _NEW, plan_text)
        else:
            index = next(i for i, f in enumerate(after.flights) if f.history)
            flight, work, kind = after.flights[index], candidates[index], "linked"
        event = flight.history[-1]
        fields["flight_status"] = event.status.value
        fields["changes"] = list(event.changes)
        return LinkedMessage(message, canonical, fields, kind, work, replace(flight, history=()))

    def concerns_case(self, step: LinkedMessage) -> bool:
        """Whether a case follows the message's flight, or will (an FPL refiling a case's plan)."""
        work = step.work
        if work is None:
            return False
        if work.row is None:  # opened by this message, or by one not written yet (no case)
            return work.order == _NEW and route_key(step.message) in self._open_routes
        return work.row.id in self._followed

    def apply(self, step: LinkedMessage) -> None:
        """Make a linked message part of the in-memory view."""
        work, flight = step.work, step.flight
        if work is None or flight is None:
            return
        route = route_key(step.message)
        if work.order == _NEW:  # filed after every flight stored or opened before it
            self._opened += 1
            work.order = _AFTER_STORED + self._opened
            self._routes[route].append(work)
        if flight.plan is not work.flight.plan:
            work.plan_text = None
        work.flight = flight
        moved = route_key(flight.plan)
        if moved != route:  # a CHG changed the key: the flight is found under the new one
            self._routes[route].remove(work)
            if moved in self._routes:
                self._routes[moved].append(work)
                self._routes[moved].sort(key=lambda w: w.order)
