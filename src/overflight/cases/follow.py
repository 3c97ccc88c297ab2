"""Keeping cases in step with their flights: messages join cases, statuses follow, events log.

A case follows every flight it holds a message of. When a message links to such a flight it
joins the case; when an FPL opens a new flight with the aircraft id, departure and destination of
a flight an open case follows, the case follows the new plan too (a cancelled charter refiled
under a new plan stays one case). The case's status is recomputed after every change.
"""

from __future__ import annotations

from datetime import datetime

from overflight.ats import FlightStatus
from overflight.cases.lifecycle import case_status
from overflight.cases.model import CaseStatus, OutcomeKind
from overflight.cases.reach import check_reach
from overflight.markings import Marking, Reader
from overflight.store import (
    AtsMessageRow,
    CaseMessageRow,
    CaseRow,
    FlightRow,
    Session,
    TimelineEventRow,
    add,
    case_message_ids,
    cases_following_flight,
    flight_messages,
    latest_case_flight,
    open_cases_on_route,
    outcomes_of,
)

__all__ = ["attach_flight", "follow_message", "log_event", "refresh_status"]


def log_event(
    session: Session,
    case_id: int,
    at: datetime,
    actor: str,
    kind: str,
    detail: str,
    marking: Marking | None = None,
) -> None:
    """Add one event to a case's timeline.

    ``marking`` is that of the portion the detail was derived from (a telegram's subject, the
    paragraph setting a deadline); ``None`` when it is the case's own.
    """
    classification = marking.portion() if marking is not None else None
    add(
        session,
        TimelineEventRow(
            case_id=case_id,
            at=at,
            actor=actor,
            kind=kind,
            detail=detail,
            classification=classification,
        ),
    )


def refresh_status(session: Session, case: CaseRow, at: datetime, actor: str) -> None:
    """Recompute a case's status from its latest flight and its outcomes; log a change."""
    flight = latest_case_flight(session, case.id)
    outcomes = [OutcomeKind(row.kind) for row in outcomes_of(session, case.id)]
    status = case_status(FlightStatus(flight.status) if flight else None, outcomes)
    if status.value != case.status:
        log_event(session, case.id, at, actor, "status", f"{case.status} -> {status.value}")
        case.status = status.value
    case.updated_at = at
    session.flush()


def _describe(message: AtsMessageRow) -> str:
    notes = "; ".join(message.changes)
    head = f"{message.title} {message.aircraft_id} {message.departure}-{message.destination}"
    return f"{head}: {notes}" if notes else head


def _join(
    session: Session, case: CaseRow, messages: list[AtsMessageRow], at: datetime, actor: str
) -> None:
    known = case_message_ids(session, case.id)
    for message in messages:
        if message.id in known:
            continue
        add(session, CaseMessageRow(case_id=case.id, message_id=message.id, linked_at=at))
        log_event(session, case.id, at, actor, "message", _describe(message))


def attach_flight(
    session: Session, case: CaseRow, flight: FlightRow, at: datetime, actor: str
) -> None:
    """Make a case follow a flight: every message of the flight joins the case."""
    _join(session, case, flight_messages(session, flight.id), at, actor)
    refresh_status(session, case, at, actor)


def follow_message(
    session: Session,
    message: AtsMessageRow,
    flight: FlightRow,
    *,
    new_flight: bool,
    at: datetime,
    actor: str,
    reader: Reader | None = None,
) -> None:
    """Bring the cases concerned up to date after ``message`` linked to ``flight``.

    Raises:
        HiddenCaseError: a case concerned is hidden from ``reader`` (checked before any write;
            the caller undoes the message).
    """
    cases = {case.id: case for case in cases_following_flight(session, flight.id)}
    refiled = []
    if new_flight:
        closed = [CaseStatus.CLOSED.value]
        refiled = [
            case
            for case in open_cases_on_route(
                session, flight.aircraft_id, flight.departure, flight.destination, closed
            )
            if case.id not in cases
        ]
    what = f"{message.aircraft_id} {message.departure}-{message.destination}"
    check_reach(reader, [*cases.values(), *refiled], what)
    for case in refiled:
        log_event(session, case.id, at, actor, "refiled", f"new flight plan {flight.id}")
        cases[case.id] = case
    for case in cases.values():
        _join(session, case, [message], at, actor)
        refresh_status(session, case, at, actor)
