"""Reading cases back: one case, case lists (overdue first), timelines, engagements, deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from overflight.cases.lifecycle import case_sort_key, settle_deadlines
from overflight.cases.model import (
    Case,
    CaseSummary,
    Deadline,
    Engagement,
    Outcome,
    StoredVerdict,
    TimelineEntry,
)
from overflight.cases.records import (
    case_of,
    case_record_row,
    case_row,
    deadline_of,
    engagement_of,
    outcome_of,
    timeline_entry_of,
    verdict_of,
)
from overflight.store import (
    Session,
    cases_following_flight,
    deadlines_of,
    engagements_of,
    events_of,
    latest_verdict_levels,
    list_case_rows,
    outcomes_of,
    telegram_by_serial,
    verdicts_of,
)

__all__ = [
    "CaseParts",
    "case_by_telegram",
    "case_deadlines",
    "case_engagements",
    "case_outcomes",
    "case_parts",
    "case_timeline",
    "case_verdicts",
    "cases_of_flight",
    "get_case",
    "list_cases",
    "read_case",
]


def _today(now: datetime) -> datetime:
    if now.tzinfo is None:
        return now.replace(tzinfo=UTC)
    return now.astimezone(UTC)


def get_case(session: Session, case_id: int) -> Case:
    """One case.

    Raises:
        UnknownRecordError: no case has this id.
    """
    return case_of(case_row(session, case_id))


def read_case(session: Session, case_id: int) -> Case:
    """One case, for a view that changes nothing: read as a row, not as an ORM object.

    ``get_case`` goes through the session's ORM copy of the row (which a writer then changes
    without reading it again); this costs a third of that and leaves no copy behind.

    Raises:
        UnknownRecordError: no case has this id.
    """
    return case_of(case_record_row(session, case_id))


def list_cases(session: Session, now: datetime) -> tuple[CaseSummary, ...]:
    """Every case with its deadlines as of ``now`` (UTC day), overdue deadlines first.

    A closed case's unmet deadlines are ``closed``, never overdue. See ``case_sort_key`` for
    the full order.
    """
    today = _today(now).date()
    rows = list_case_rows(session)
    deadlines: dict[int, list[Deadline]] = {row.id: [] for row in rows}
    for deadline in deadlines_of(session, None):
        deadlines[deadline.case_id].append(deadline_of(deadline, today))
    levels = latest_verdict_levels(session)
    summaries = []
    for row in rows:
        case = case_of(row)
        settled = settle_deadlines(deadlines[row.id], case.status)
        summaries.append(CaseSummary(case, settled, levels.get(row.id, "")))
    return tuple(sorted(summaries, key=case_sort_key))


def case_timeline(session: Session, case_id: int) -> tuple[TimelineEntry, ...]:
    """Every event of a case, oldest first."""
    case_row(session, case_id)
    return _timeline(session, case_id)


def _timeline(session: Session, case_id: int) -> tuple[TimelineEntry, ...]:
    return tuple(timeline_entry_of(row) for row in events_of(session, case_id))


def case_engagements(session: Session, case_id: int) -> tuple[Engagement, ...]:
    """A case's demarches and the responses, by demarche date."""
    case_row(session, case_id)
    return _engagements(session, case_id)


def _engagements(session: Session, case_id: int) -> tuple[Engagement, ...]:
    return tuple(engagement_of(row) for row in engagements_of(session, case_id))


def case_deadlines(session: Session, case_id: int, now: datetime) -> tuple[Deadline, ...]:
    """A case's deadlines with their state as of ``now``, earliest due first.

    A closed case's unmet deadlines are ``closed``, not overdue.
    """
    return _deadlines(session, case_of(case_row(session, case_id)), now)


def _deadlines(session: Session, case: Case, now: datetime) -> tuple[Deadline, ...]:
    today = _today(now).date()
    found = tuple(deadline_of(row, today) for row in deadlines_of(session, [case.id]))
    return settle_deadlines(found, case.status)


def case_verdicts(session: Session, case_id: int) -> tuple[StoredVerdict, ...]:
    """A case's verdicts over time, oldest first."""
    case_row(session, case_id)
    return _verdicts(session, case_id)


def _verdicts(session: Session, case_id: int) -> tuple[StoredVerdict, ...]:
    return tuple(verdict_of(row) for row in verdicts_of(session, case_id))


@dataclass(frozen=True, slots=True)
class CaseParts:
    """What a case holds besides its own row: read together for a case view."""

    timeline: tuple[TimelineEntry, ...]
    engagements: tuple[Engagement, ...]
    deadlines: tuple[Deadline, ...]
    verdicts: tuple[StoredVerdict, ...]


def case_parts(session: Session, case: Case, now: datetime) -> CaseParts:
    """The timeline, engagements, deadlines (as of ``now``) and verdicts of a case already read.

    One query per table; the case row is not read again (``case`` is the caller's, so the
    existence check the single readers above make is already done).
    """
    return CaseParts(
        _timeline(session, case.id),
        _engagements(session, case.id),
        _deadlines(session, case, now),
        _verdicts(session, case.id),
    )


def case_outcomes(session: Session, case_id: int) -> tuple[Outcome, ...]:
    """A case's outcomes, in the order recorded."""
    case_row(session, case_id)
    return tuple(outcome_of(row) for row in outcomes_of(session, case_id))


def cases_of_flight(session: Session, flight_id: int) -> tuple[Case, ...]:
    """The cases that follow a stored flight (hold one of its messages)."""
    return tuple(case_of(row) for row in cases_following_flight(session, flight_id))


def case_by_telegram(session: Session, serial: str) -> Case | None:
    """The case a stored telegram belongs to, by the telegram's serial (``STATE 043804``)."""
    row = telegram_by_serial(session, serial)
    if row is None or row.case_id is None:
        return None
    return case_of(case_row(session, row.case_id))
