"""Web jobs in the store: pruning deletes the jobs last renewed before a time, and no others."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from overflight.store import Store, WebJobRow, add_job, prune_jobs

NOW = datetime(2026, 12, 3, 12, tzinfo=UTC)


def _job(job_id: str, state: str, renewed: datetime) -> WebJobRow:
    return WebJobRow(
        id=job_id,
        owner="ann",
        kind="test",
        detail="",
        case_id=None,
        submitted_at=renewed - timedelta(minutes=5),
        state=state,
        runner="host:1:ab",
        cancel_requested=False,
        heartbeat_at=renewed,
        error="",
    )


def test_prune_deletes_the_jobs_last_renewed_before_the_time(store: Store) -> None:
    week = timedelta(days=7)
    jobs = [
        _job("old-done", "done", NOW - week - timedelta(seconds=1)),
        _job("old-failed", "failed", NOW - timedelta(days=30)),
        _job("old-cancelled", "cancelled", NOW - timedelta(days=8)),
        _job("lost-running", "running", NOW - timedelta(days=9)),  # its worker was killed
        _job("new-done", "done", NOW - week + timedelta(seconds=1)),
        _job("running", "running", NOW),
        _job("queued", "queued", NOW),
    ]
    with store.session() as session, session.begin():
        for job in jobs:
            add_job(session, job)
    with store.session() as session, session.begin():
        assert prune_jobs(session, NOW - week) == 4
    with store.session() as session:
        kept = set(session.scalars(select(WebJobRow.id)))
    assert kept == {"new-done", "running", "queued"}
    with store.session() as session, session.begin():
        assert prune_jobs(session, NOW - week) == 0
