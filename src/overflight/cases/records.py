"""Stored rows turned into the case layer's frozen values (and back to the stored strings)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from overflight.cases.errors import UnknownRecordError
from overflight.cases.lifecycle import deadline_state
from overflight.cases.model import (
    Case,
    CaseStatus,
    Deadline,
    Engagement,
    OpenedBy,
    Outcome,
    OutcomeKind,
    StateResponse,
    StoredVerdict,
    TimelineEntry,
)
from overflight.markings import Marking, parse_portion
from overflight.store import (
    CaseRow,
    DeadlineRow,
    EngagementRow,
    FlightRow,
    OutcomeRow,
    Session,
    TimelineEventRow,
    VerdictRow,
    get_case,
    get_flight,
)

__all__ = [
    "case_of",
    "case_row",
    "deadline_of",
    "engagement_of",
    "flight_row",
    "marking_of",
    "now_or",
    "outcome_of",
    "timeline_entry_of",
    "verdict_of",
]


def case_of(row: CaseRow) -> Case:
    """The ``Case`` a row holds."""
    return Case(
        id=row.id,
        title=row.title,
        status=CaseStatus(row.status),
        opened_at=row.opened_at,
        opened_by=OpenedBy(row.opened_by),
        reason=row.reason,
        marking=parse_portion(row.classification, source=f"case {row.id}"),
        updated_at=row.updated_at,
    )


def engagement_of(row: EngagementRow) -> Engagement:
    """The ``Engagement`` a row holds."""
    return Engagement(
        id=row.id,
        case_id=row.case_id,
        state=row.state,
        post=row.post,
        demarche_on=row.demarche_on,
        response=StateResponse(row.response),
        responded_on=row.responded_on,
        telegram_ref=row.telegram_ref,
        note=row.note,
    )


def deadline_of(row: DeadlineRow, today: date) -> Deadline:
    """The ``Deadline`` a row holds, with its state on ``today``."""
    return Deadline(
        id=row.id,
        case_id=row.case_id,
        due_on=row.due_on,
        what=row.what,
        met_on=row.met_on,
        state=deadline_state(row.due_on, row.met_on, today),
        telegram_ref=row.telegram_ref,
        marking=marking_of(row.classification, f"deadline {row.id}"),
    )


def outcome_of(row: OutcomeRow) -> Outcome:
    """The ``Outcome`` a row holds."""
    return Outcome(OutcomeKind(row.kind), row.recorded_at, row.note)


def verdict_of(row: VerdictRow) -> StoredVerdict:
    """The ``StoredVerdict`` a row holds."""
    return StoredVerdict(
        row.level, row.score, tuple(row.findings), row.policy_version, row.created_at
    )


def timeline_entry_of(row: TimelineEventRow) -> TimelineEntry:
    """The ``TimelineEntry`` a row holds."""
    marking = marking_of(row.classification, f"timeline event {row.id}")
    return TimelineEntry(row.at, row.actor, row.kind, row.detail, marking)


def marking_of(classification: str | None, source: str) -> Marking | None:
    """A stored portion mark read back (``None`` stays ``None``: the case's own marking)."""
    return parse_portion(classification, source=source) if classification else None


def now_or(at: datetime | None) -> datetime:
    """``at``, or the current time (aware UTC) when not given."""
    return at if at is not None else datetime.now(UTC)


_LARGEST_ID = 2**31 - 1  # ids are INTEGER columns: PostgreSQL's int4, and SQLite's are no wider


def _within_ids(row_id: int) -> bool:
    """Whether a store could hold this id (a larger one is refused by the driver, not looked up)."""
    return 1 <= row_id <= _LARGEST_ID


def case_row(session: Session, case_id: int) -> CaseRow:
    """The stored case, or ``UnknownRecordError``."""
    row = get_case(session, case_id) if _within_ids(case_id) else None
    if row is None:
        raise UnknownRecordError("case", case_id)
    return row


def flight_row(session: Session, flight_id: int) -> FlightRow:
    """The stored flight, or ``UnknownRecordError``."""
    row = get_flight(session, flight_id) if _within_ids(flight_id) else None
    if row is None:
        raise UnknownRecordError("flight", flight_id)
    return row
