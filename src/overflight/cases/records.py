"""Stored rows turned into the case layer's frozen values (and back to the stored strings)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import lru_cache

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
from overflight.markings import Marking, MarkingError, parse_portion
from overflight.store import (
    CaseRow,
    DeadlineRow,
    EngagementRow,
    FlightRow,
    OutcomeRow,
    Session,
    StoredRow,
    TimelineEventRow,
    VerdictRow,
    case_record,
    get_case,
    get_flight,
)

__all__ = [
    "case_of",
    "case_record_row",
    "case_row",
    "deadline_of",
    "engagement_of",
    "flight_row",
    "marking_of",
    "now_or",
    "outcome_of",
    "stored_marking",
    "timeline_entry_of",
    "verdict_of",
]


def case_of(row: CaseRow | StoredRow) -> Case:
    """The ``Case`` a row holds."""
    return Case(
        id=row.id,
        title=row.title,
        status=CaseStatus(row.status),
        opened_at=row.opened_at,
        opened_by=OpenedBy(row.opened_by),
        reason=row.reason,
        marking=stored_marking(row.classification, f"case {row.id}"),
        updated_at=row.updated_at,
    )


def engagement_of(row: EngagementRow | StoredRow) -> Engagement:
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


def deadline_of(row: DeadlineRow | StoredRow, today: date) -> Deadline:
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


def outcome_of(row: OutcomeRow | StoredRow) -> Outcome:
    """The ``Outcome`` a row holds."""
    return Outcome(OutcomeKind(row.kind), row.recorded_at, row.note)


def verdict_of(row: VerdictRow | StoredRow) -> StoredVerdict:
    """The ``StoredVerdict`` a row holds."""
    return StoredVerdict(
        row.level, row.score, tuple(row.findings), row.policy_version, row.created_at
    )


def timeline_entry_of(row: TimelineEventRow | StoredRow) -> TimelineEntry:
    """The ``TimelineEntry`` a row holds."""
    marking = marking_of(row.classification, f"timeline event {row.id}")
    return TimelineEntry(row.at, row.actor, row.kind, row.detail, marking)


def marking_of(classification: str | None, source: str) -> Marking | None:
    """A stored portion mark read back (``None`` stays ``None``: the case's own marking)."""
    return stored_marking(classification, source) if classification else None


def stored_marking(classification: str, source: str) -> Marking:
    """A stored portion mark read back, each distinct mark read once per process.

    A board or a case view reads the same few marks over and over (a ``Marking`` is frozen).
    A mark that does not read is read again with ``source``, for an error that says where.

    Raises:
        MarkingError: the stored text is not a portion mark.
    """
    try:
        return _read_portion(classification)
    except MarkingError:
        return parse_portion(classification, source=source)


@lru_cache(maxsize=1024)
def _read_portion(classification: str) -> Marking:
    return parse_portion(classification)


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


def case_record_row(session: Session, case_id: int) -> StoredRow:
    """The stored case as a read-only row (no ORM object), or ``UnknownRecordError``."""
    row = case_record(session, case_id) if _within_ids(case_id) else None
    if row is None:
        raise UnknownRecordError("case", case_id)
    return row


def flight_row(session: Session, flight_id: int) -> FlightRow:
    """The stored flight, or ``UnknownRecordError``."""
    row = get_flight(session, flight_id) if _within_ids(flight_id) else None
    if row is None:
        raise UnknownRecordError("flight", flight_id)
    return row
