"""Reading cases back: one case, case lists (overdue first), timelines, engagements, deadlines."""

from __future__ import annotations

from datetime import UTC, datetime

from overflight.cases.lifecycle import case_sort_key
from overflight.cases.model import (
    Case,
    CaseSummary,
    Deadline,
    Engagement,
    Outcome,
    TimelineEntry,
    Verdict,
)
from overflight.cases.records import (
    case_of,
    case_row,
    deadline_of,
    engagement_of,
    outcome_of,
    timeline_entry_of,
    verdict_of,
)
from overflight.store import (
    Session,
    deadlines_of,
    engagements_of,
    events_of,
    list_case_rows,
    outcomes_of,
    verdicts_of,
)

__all__ = [
    "case_deadlines",
    "case_engagements",
    "case_outcomes",
    "case_timeline",
    "case_verdicts",
    "get_case",
    "list_cases",
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


def list_cases(session: Session, now: datetime) -> tuple[CaseSummary, ...]:
    """Every case with its deadlines as of ``now`` (UTC day), overdue deadlines first.

    See ``case_sort_key`` for the full order.
    """
    today = _today(now).date()
    rows = list_case_rows(session)
    deadlines: dict[int, list[Deadline]] = {row.id: [] for row in rows}
    for deadline in deadlines_of(session, list(deadlines)):
        deadlines[deadline.case_id].append(deadline_of(deadline, today))
    summaries = []
    for row in rows:
        verdicts = verdicts_of(session, row.id)
        summaries.append(
            CaseSummary(
                case_of(row),
                tuple(deadlines[row.id]),
                verdicts[-1].level if verdicts else "",
            )
        )
    return tuple(sorted(summaries, key=case_sort_key))


def case_timeline(session: Session, case_id: int) -> tuple[TimelineEntry, ...]:
    """Every event of a case, oldest first."""
    case_row(session, case_id)
    return tuple(timeline_entry_of(row) for row in events_of(session, case_id))


def case_engagements(session: Session, case_id: int) -> tuple[Engagement, ...]:
    """A case's demarches and the responses, by demarche date."""
    case_row(session, case_id)
    return tuple(engagement_of(row) for row in engagements_of(session, case_id))


def case_deadlines(session: Session, case_id: int, now: datetime) -> tuple[Deadline, ...]:
    """A case's deadlines with their state as of ``now``, earliest due first."""
    case_row(session, case_id)
    today = _today(now).date()
    return tuple(deadline_of(row, today) for row in deadlines_of(session, [case_id]))


def case_verdicts(session: Session, case_id: int) -> tuple[Verdict, ...]:
    """A case's verdicts over time, oldest first."""
    case_row(session, case_id)
    return tuple(verdict_of(row) for row in verdicts_of(session, case_id))


def case_outcomes(session: Session, case_id: int) -> tuple[Outcome, ...]:
    """A case's outcomes, in the order recorded."""
    case_row(session, case_id)
    return tuple(outcome_of(row) for row in outcomes_of(session, case_id))
