"""The board's queries: every case's latest verdict level in one query, all deadlines at once."""

from __future__ import annotations

from datetime import UTC, date, datetime

from overflight.store import (
    CaseRow,
    DeadlineRow,
    Store,
    VerdictRow,
    add,
    deadlines_of,
    latest_verdict_levels,
)

T0 = datetime(2008, 2, 1, tzinfo=UTC)
T1 = datetime(2008, 3, 15, tzinfo=UTC)


def _case(title: str) -> CaseRow:
    return CaseRow(
        title=title,
        reason="",
        status="open",
        classification="(U)",
        opened_by="hand",
        opened_at=T0,
        updated_at=T0,
    )


def _verdict(case_id: int | None, level: str, at: datetime) -> VerdictRow:
    return VerdictRow(
        case_id=case_id, level=level, score=1.0, policy_version="t", findings=[], created_at=at
    )


def test_the_latest_verdict_of_each_case_by_time_then_id(store: Store) -> None:
    with store.session() as session, session.begin():
        first, second, quiet = (add(session, _case(t)) for t in ("first", "second", "quiet"))
        add(session, _verdict(first.id, "critical", T1))  # the latest by time, written first
        add(session, _verdict(first.id, "medium", T0))
        add(session, _verdict(second.id, "low", T1))
        add(session, _verdict(second.id, "high", T1))  # same time: the later id wins
        add(session, _verdict(None, "high", T1))  # a verdict of no case is no case's
        levels = latest_verdict_levels(session)
    assert levels == {first.id: "critical", second.id: "high"}
    assert quiet.id not in levels


def test_every_deadline_at_once_earliest_first(store: Store) -> None:
    with store.session() as session, session.begin():
        one, two = add(session, _case("one")), add(session, _case("two"))
        for case_id, due in ((one.id, date(2008, 3, 1)), (two.id, date(2008, 2, 9))):
            add(session, DeadlineRow(case_id=case_id, due_on=due, what="report", telegram_ref=""))
        every = [(d.case_id, d.due_on) for d in deadlines_of(session, None)]
        only_one = [d.case_id for d in deadlines_of(session, [one.id])]
    assert every == [(two.id, date(2008, 2, 9)), (one.id, date(2008, 3, 1))]
    assert only_one == [one.id]
