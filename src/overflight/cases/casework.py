"""Casework: open cases, follow flights, record verdicts, outcomes and analysis snapshots.

Every function takes the caller's session, flushes but never commits (wrap calls in
``with session.begin():``), stamps rows with ``at`` (aware UTC, now by default) and writes one
timeline event per change, naming ``actor``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from overflight.cases.errors import CaseError
from overflight.cases.follow import attach_flight, log_event, refresh_status
from overflight.cases.lifecycle import opens_case
from overflight.cases.model import (
    Case,
    CaseStatus,
    OpenedBy,
    OutcomeKind,
    VerdictOutcome,
)
from overflight.cases.reach import check_reach
from overflight.cases.records import case_of, case_row, flight_row, now_or, verdict_of
from overflight.markings import ClassificationLevel, Marking, Reader
from overflight.model import to_jsonable
from overflight.screening import ScreeningVerdict
from overflight.store import (
    CaseRow,
    ChokepointResultRow,
    OutcomeRow,
    Session,
    TransitSnapshotRow,
    VerdictRow,
    add,
    cases_following_flight,
)

__all__ = [
    "attach_flight_to_case",
    "open_case",
    "record_chokepoints",
    "record_outcome",
    "record_transits",
    "record_verdict",
]

DEFAULT_MARKING = Marking(ClassificationLevel.U)


def open_case(
    session: Session,
    title: str,
    *,
    reason: str = "",
    marking: Marking = DEFAULT_MARKING,
    flight_id: int | None = None,
    opened_by: OpenedBy = OpenedBy.HAND,
    at: datetime | None = None,
    actor: str = "analyst",
) -> Case:
    """Open a case (by hand unless told otherwise), optionally following a stored flight.

    Raises:
        CaseError: the title is empty.
        UnknownRecordError: ``flight_id`` is not stored.
    """
    when = now_or(at)
    if not title.strip():
        raise CaseError("title", "a case needs a title")
    flight = flight_row(session, flight_id) if flight_id is not None else None
    row = add(
        session,
        CaseRow(
            title=title.strip(),
            status=CaseStatus.OPEN.value,
            opened_at=when,
            opened_by=opened_by.value,
            reason=reason,
            classification=marking.portion(),
            updated_at=when,
        ),
    )
    detail = f"opened by {opened_by.value}: {title.strip()}" + (f" ({reason})" if reason else "")
    log_event(session, row.id, when, actor, "opened", detail)
    if flight is not None:
        attach_flight(session, row, flight, when, actor)
    return case_of(row)


def attach_flight_to_case(
    session: Session, case_id: int, flight_id: int, *, at: datetime | None = None, actor: str
) -> Case:
    """Make a case follow a stored flight: its messages join the case, the status follows."""
    row = case_row(session, case_id)
    attach_flight(session, row, flight_row(session, flight_id), now_or(at), actor)
    return case_of(row)


def record_verdict(
    session: Session,
    verdict: ScreeningVerdict,
    *,
    flight_id: int | None = None,
    case_id: int | None = None,
    title: str = "",
    marking: Marking = DEFAULT_MARKING,
    at: datetime | None = None,
    actor: str = "screening",
    reader: Reader | None = None,
) -> VerdictOutcome:
    """Record a screening verdict; open a case when it reaches high concern and none exists.

    The verdict goes to ``case_id`` if given, else to the cases following ``flight_id``. When
    there are none and its level opens a case (``opens_case``: high concern), a case is opened
    (by verdict) that follows the flight. Verdicts below that level with no case are kept
    against the flight. Its findings are stored as JSON (``to_jsonable``).

    A ``reader`` may record only where every case it would go to is visible to them (``None``:
    the store's owner, anywhere).

    Raises:
        CaseError: neither a flight nor a case is given.
        UnknownRecordError: the flight or case is not stored.
        HiddenCaseError: the verdict would go to a case hidden from ``reader`` (nothing written).
    """
    if flight_id is None and case_id is None:
        raise CaseError("verdict", "give the flight or the case the verdict is about")
    when = now_or(at)
    flight = flight_row(session, flight_id) if flight_id is not None else None
    if case_id is not None:
        cases = [case_row(session, case_id)]
    else:
        cases = cases_following_flight(session, flight.id) if flight is not None else []
    what = f"{flight.aircraft_id} {flight.departure}-{flight.destination}" if flight else "verdict"
    check_reach(reader, cases, what)
    level = verdict.level.value
    opened = False
    if not cases and flight is not None and opens_case(verdict.level):
        name = title or f"{flight.aircraft_id} {flight.departure}-{flight.destination}"
        new_case = open_case(
            session,
            name,
            reason=f"verdict {level} (score {verdict.score:g}, policy {verdict.policy})",
            marking=marking,
            flight_id=flight.id,
            opened_by=OpenedBy.VERDICT,
            at=when,
            actor=actor,
        )
        cases, opened = [case_row(session, new_case.id)], True
    findings = to_jsonable(list(verdict.findings))
    targets: list[CaseRow | None] = list(cases) or [None]  # no case: kept against the flight
    rows = [
        add(
            session,
            VerdictRow(
                case_id=case.id if case else None,
                flight_id=flight.id if flight else None,
                level=level,
                score=verdict.score,
                policy_version=verdict.policy,
                findings=findings,
                created_at=when,
            ),
        )
        for case in targets
    ]
    for case in cases:
        detail = f"{level} (score {verdict.score:g}, {len(findings)} findings)"
        log_event(session, case.id, when, actor, "verdict", detail)
    first = case_of(cases[0]) if cases else None
    return VerdictOutcome(verdict_of(rows[0]), first, opened)


def record_outcome(
    session: Session,
    case_id: int,
    kind: OutcomeKind,
    *,
    note: str = "",
    at: datetime | None = None,
    actor: str = "analyst",
) -> Case:
    """Record what became of the flight; a final outcome closes the case."""
    when = now_or(at)
    case = case_row(session, case_id)
    add(session, OutcomeRow(case_id=case.id, kind=kind.value, recorded_at=when, note=note))
    detail = kind.value + (f": {note}" if note else "")
    log_event(session, case.id, when, actor, "outcome", detail)
    refresh_status(session, case, when, actor)
    return case_of(case)


def record_transits(
    session: Session,
    transits: Sequence[Any],
    *,
    case_id: int | None = None,
    flight_id: int | None = None,
    at: datetime | None = None,
    actor: str = "analysis",
) -> int:
    """Keep a snapshot of the transits computed for a flight (as JSON); returns its id."""
    when = now_or(at)
    if case_id is not None:
        case_row(session, case_id)
    if flight_id is not None:
        flight_row(session, flight_id)
    row = add(
        session,
        TransitSnapshotRow(
            case_id=case_id,
            flight_id=flight_id,
            transits=to_jsonable(list(transits)),
            created_at=when,
        ),
    )
    if case_id is not None:
        log_event(session, case_id, when, actor, "transits", f"{len(transits)} transits")
    return row.id


def record_chokepoints(
    session: Session,
    case_id: int,
    result: Any,
    *,
    at: datetime | None = None,
    actor: str = "analysis",
) -> int:
    """Keep a chokepoint (interdiction) result for a case (as JSON); returns its id."""
    when = now_or(at)
    case_row(session, case_id)
    row = add(
        session,
        ChokepointResultRow(case_id=case_id, result=to_jsonable(result), created_at=when),
    )
    log_event(session, case_id, when, actor, "chokepoints", "chokepoint analysis recorded")
    return row.id
