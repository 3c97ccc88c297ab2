"""Pure lifecycle rules: case status, deadline state, when a verdict opens a case, list order."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date

from overflight.ats import FlightStatus
from overflight.cases.model import CaseStatus, CaseSummary, Deadline, DeadlineState, OutcomeKind
from overflight.screening import ConcernLevel

__all__ = [
    "case_sort_key",
    "case_status",
    "deadline_state",
    "opens_case",
    "settle_deadlines",
]

_AWAITING_NOTHING = frozenset({CaseStatus.CLOSED, CaseStatus.CANCELLED})

_STATUS_OF_FLIGHT = {
    FlightStatus.FILED: CaseStatus.FILED,
    FlightStatus.DELAYED: CaseStatus.DELAYED,
    FlightStatus.CHANGED: CaseStatus.CHANGED,
    FlightStatus.CANCELLED: CaseStatus.CANCELLED,
    FlightStatus.DEPARTED: CaseStatus.DEPARTED,
    FlightStatus.ARRIVED: CaseStatus.ARRIVED,
}


def case_status(flight: FlightStatus | None, outcomes: Sequence[OutcomeKind]) -> CaseStatus:
    """The status of a case from its latest flight's status and the outcomes recorded.

    A final outcome (cancelled, diverted, landed and inspected, transited) closes the case
    whatever the messages say; otherwise the flight's status is the case's. A delay recorded
    by hand shows as delayed while no flight is linked. Only the outcomes after the last
    ``reopened`` count: a refiled flight reopens the case its cancellation closed.
    """
    reopened = [i for i, kind in enumerate(outcomes) if kind is OutcomeKind.REOPENED]
    if reopened:
        outcomes = outcomes[reopened[-1] + 1 :]
    if any(kind.final for kind in outcomes):
        return CaseStatus.CLOSED
    if flight is not None:
        return _STATUS_OF_FLIGHT[flight]
    if OutcomeKind.DELAYED in outcomes:
        return CaseStatus.DELAYED
    return CaseStatus.OPEN


def deadline_state(
    due_on: date, met_on: date | None, today: date, status: CaseStatus | None = None
) -> DeadlineState:
    """Met once met; closed if the case closed first; overdue after the due date; else pending.

    A closed case (a final outcome: cancelled, diverted, inspected, transited) awaits nothing,
    and neither does one whose flight is cancelled (until it is refiled, when its deadlines
    count again), so a deadline it never met is ``closed``, never overdue.
    """
    if met_on is not None:
        return DeadlineState.MET
    if status in _AWAITING_NOTHING:
        return DeadlineState.CLOSED
    return DeadlineState.OVERDUE if today > due_on else DeadlineState.PENDING


def settle_deadlines(deadlines: Iterable[Deadline], status: CaseStatus) -> tuple[Deadline, ...]:
    """A case's deadlines as its status leaves them: unmet ones close with the case."""
    if status not in _AWAITING_NOTHING:
        return tuple(deadlines)
    return tuple(d if d.met_on else replace(d, state=DeadlineState.CLOSED) for d in deadlines)


def opens_case(level: ConcernLevel) -> bool:
    """Whether a verdict of ``level`` opens a case by itself (no case follows its flight yet)."""
    return level is ConcernLevel.HIGH


def case_sort_key(summary: CaseSummary) -> tuple[int, date, float, int]:
    """Order for case lists: open cases before closed ones, overdue first, then the nearest due.

    Cases with overdue deadlines come first (the oldest due date first); then cases by their
    next pending due date; then cases without pending deadlines, most recently updated first;
    closed cases (a final outcome recorded) last, most recently updated first: they await
    nothing, so their deadlines are closed, never overdue.
    """
    if summary.case.status is CaseStatus.CLOSED:
        return (3, date.max, -summary.case.updated_at.timestamp(), summary.case.id)
    overdue = summary.overdue
    if overdue:
        return (0, min(d.due_on for d in overdue), 0.0, summary.case.id)
    upcoming = summary.next_due
    if upcoming is not None:
        return (1, upcoming, 0.0, summary.case.id)
    return (2, date.max, -summary.case.updated_at.timestamp(), summary.case.id)
