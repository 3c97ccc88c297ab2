"""The web's background jobs as rows, so that any worker answers for a job another one runs.

Like every repository function here, these take the caller's ``Session`` and never commit;
``when_committed`` runs a callback once the caller's transaction is committed.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, delete, event, select, update

from overflight.store.schema import WebJobRow
from overflight.store.sql import Session

__all__ = [
    "add_job",
    "get_job",
    "jobs_in_states",
    "jobs_of_owner",
    "prune_jobs",
    "renew_jobs",
    "set_job_state",
    "when_committed",
]


def add_job(session: Session, row: WebJobRow) -> None:
    """Store a new job."""
    session.add(row)
    session.flush()


def get_job(session: Session, job_id: str) -> WebJobRow | None:
    """One job by id."""
    return session.get(WebJobRow, job_id)


def jobs_of_owner(session: Session, owner: str, limit: int) -> list[WebJobRow]:
    """The ``limit`` newest jobs ``owner`` started, newest first."""
    query = select(WebJobRow).where(WebJobRow.owner == owner)
    return list(session.scalars(query.order_by(WebJobRow.submitted_at.desc()).limit(limit)))


def jobs_in_states(
    session: Session, states: Collection[str], renewed_since: datetime
) -> list[tuple[str, str]]:
    """(id, owner) of every job in one of ``states`` whose runner renewed it since then."""
    query = select(WebJobRow.id, WebJobRow.owner).where(
        WebJobRow.state.in_(states), WebJobRow.heartbeat_at >= renewed_since
    )
    return [(job_id, owner) for job_id, owner in session.execute(query)]


def set_job_state(
    session: Session, job_id: str, state: str, *, only_from: Collection[str] = (), **values: Any
) -> bool:
    """Move a job to ``state`` (with other ``values``), only from ``only_from`` if given.

    Returns whether the job moved (it exists, and was in one of ``only_from``).
    """
    query = update(WebJobRow).where(WebJobRow.id == job_id)
    if only_from:
        query = query.where(WebJobRow.state.in_(only_from))
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        query.values(state=state, **values).execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def renew_jobs(session: Session, runner: str, states: Collection[str], at: datetime) -> None:
    """Say that ``runner`` is alive: its jobs in ``states`` are renewed ``at``."""
    session.execute(
        update(WebJobRow)
        .where(WebJobRow.runner == runner, WebJobRow.state.in_(states))
        .values(heartbeat_at=at)
        .execution_options(synchronize_session=False)
    )


def prune_jobs(session: Session, quiet_since: datetime) -> int:
    """Delete the jobs last renewed before ``quiet_since``; how many were deleted.

    A job is renewed while its runner holds it, so this is when it finished (or its runner was
    last heard of): given a time long past every runner's renewal, only ended jobs go.
    """
    result: CursorResult[Any] = session.execute(  # type: ignore[assignment]
        delete(WebJobRow)
        .where(WebJobRow.heartbeat_at < quiet_since)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def when_committed(session: Session, callback: Callable[[], None]) -> None:
    """Call ``callback`` after the session's next commit (never, if it only rolls back)."""
    event.listen(session, "after_commit", lambda _session: callback(), once=True)
