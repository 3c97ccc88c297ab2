from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from overflight.ats import FlightStatus
from overflight.cases import (
    Case,
    CaseStatus,
    CaseSummary,
    Deadline,
    DeadlineState,
    OpenedBy,
    OutcomeKind,
    case_sort_key,
    opens_case,
)
from overflight.cases.lifecycle import case_status, deadline_state
from overflight.markings import ClassificationLevel, Marking
from overflight.screening import ConcernLevel


@pytest.mark.parametrize(
    ("flight", "outcomes", "expected"),
    [
        (None, [], CaseStatus.OPEN),
        (FlightStatus.FILED, [], CaseStatus.FILED),
        (FlightStatus.DELAYED, [], CaseStatus.DELAYED),
        (FlightStatus.CANCELLED, [], CaseStatus.CANCELLED),  # may still be refiled
        (FlightStatus.DEPARTED, [], CaseStatus.DEPARTED),
        (FlightStatus.ARRIVED, [], CaseStatus.ARRIVED),
        (FlightStatus.FILED, [OutcomeKind.DELAYED], CaseStatus.FILED),  # a delay is not final
        (None, [OutcomeKind.DELAYED], CaseStatus.DELAYED),
        (FlightStatus.CANCELLED, [OutcomeKind.CANCELLED], CaseStatus.CLOSED),
        (FlightStatus.ARRIVED, [OutcomeKind.LANDED_AND_INSPECTED], CaseStatus.CLOSED),
        (FlightStatus.DEPARTED, [OutcomeKind.DELAYED, OutcomeKind.TRANSITED], CaseStatus.CLOSED),
        (FlightStatus.ARRIVED, [OutcomeKind.DIVERTED], CaseStatus.CLOSED),
    ],
)
def test_case_status(
    flight: FlightStatus | None, outcomes: list[OutcomeKind], expected: CaseStatus
) -> None:
    assert case_status(flight, outcomes) is expected


@pytest.mark.parametrize(
    ("met_on", "today", "expected"),
    [
        (None, date(2008, 6, 4), DeadlineState.PENDING),
        (None, date(2008, 6, 5), DeadlineState.PENDING),  # due today is not yet overdue
        (None, date(2008, 6, 6), DeadlineState.OVERDUE),
        (date(2008, 6, 9), date(2008, 6, 10), DeadlineState.MET),  # met late is still met
    ],
)
def test_deadline_state(met_on: date | None, today: date, expected: DeadlineState) -> None:
    assert deadline_state(date(2008, 6, 5), met_on, today) is expected


@pytest.mark.parametrize(
    ("met_on", "today", "expected"),
    [
        (None, date(2008, 6, 4), DeadlineState.CLOSED),
        (None, date(2008, 7, 1), DeadlineState.CLOSED),  # never overdue once the case closed
        (date(2008, 6, 4), date(2008, 7, 1), DeadlineState.MET),  # met stays met
    ],
)
def test_a_closed_cases_deadlines_are_closed_or_met(
    met_on: date | None, today: date, expected: DeadlineState
) -> None:
    for status in (CaseStatus.CLOSED, CaseStatus.CANCELLED):
        assert deadline_state(date(2008, 6, 5), met_on, today, status) is expected
    # Refiled, the case awaits its reports again.
    assert deadline_state(date(2008, 6, 5), met_on, today, CaseStatus.FILED) is not (
        DeadlineState.CLOSED
    )


@pytest.mark.parametrize(
    ("level", "expected"),
    [(ConcernLevel.HIGH, True), (ConcernLevel.REVIEW, False), (ConcernLevel.CLEAR, False)],
)
def test_only_high_concern_opens_a_case(level: ConcernLevel, expected: bool) -> None:
    assert opens_case(level) is expected


def _summary(
    case_id: int,
    updated_day: int,
    dues: list[tuple[int, DeadlineState]],
    status: CaseStatus = CaseStatus.FILED,
) -> CaseSummary:
    at = datetime(2008, 5, updated_day, tzinfo=UTC)
    case = Case(
        case_id, f"c{case_id}", status, at, OpenedBy.HAND, "", Marking(ClassificationLevel.U), at
    )
    deadlines = tuple(
        Deadline(i, case_id, date(2008, 6, day), "report", None, state)
        for i, (day, state) in enumerate(dues)
    )
    return CaseSummary(case, deadlines)


def test_overdue_cases_come_first_then_nearest_deadline_then_latest_update() -> None:
    summaries = [
        _summary(1, 20, []),
        _summary(2, 28, []),
        _summary(3, 1, [(10, DeadlineState.PENDING)]),
        _summary(4, 1, [(5, DeadlineState.OVERDUE), (20, DeadlineState.PENDING)]),
        _summary(5, 1, [(2, DeadlineState.OVERDUE)]),
        _summary(6, 1, [(7, DeadlineState.PENDING), (1, DeadlineState.MET)]),
    ]
    ordered = sorted(summaries, key=case_sort_key)
    assert [s.case.id for s in ordered] == [5, 4, 6, 3, 2, 1]


def test_a_closed_case_with_unmet_deadlines_does_not_lead_the_board() -> None:
    closed = _summary(1, 28, [(1, DeadlineState.CLOSED), (2, DeadlineState.CLOSED)])
    assert closed.overdue == ()
    assert closed.next_due is None
    open_ = _summary(2, 1, [(30, DeadlineState.PENDING)])
    idle = _summary(3, 20, [])
    ordered = sorted([closed, idle, open_], key=case_sort_key)
    assert [s.case.id for s in ordered] == [2, 1, 3]  # then by last update, newest first


def test_closed_cases_sort_below_every_open_one() -> None:
    closed = [
        _summary(1, 28, [(1, DeadlineState.CLOSED)], CaseStatus.CLOSED),
        _summary(2, 29, [(2, DeadlineState.MET)], CaseStatus.CLOSED),
    ]
    open_ = [
        _summary(3, 1, []),  # idle, updated long ago
        _summary(4, 2, [(30, DeadlineState.PENDING)]),
        _summary(5, 3, [(1, DeadlineState.OVERDUE)]),
    ]
    ordered = sorted([*closed, *open_], key=case_sort_key)
    assert [s.case.id for s in ordered] == [5, 4, 3, 2, 1]
