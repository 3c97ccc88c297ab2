"""Work that outlasts a request (a chokepoint analysis): background threads, bounded, cancellable.

A job's state lives in the store (``web_jobs``), so that with several workers any of them
answers for it: a job started on one is listed, polled and cancelled on another. The worker
that took the request runs it, in one of its own threads, once the request's transaction has
committed the job's row; it claims the row (``queued`` → ``running``) first, so a job cancelled
while queued never runs.

A job belongs to the user who started it; anyone else asking after it, or cancelling it, gets the
same 404 as for a job that does not exist. The server (every worker together) holds at most
``max_jobs`` jobs queued or running, and at most ``max_jobs_per_user`` of one user's: beyond
either, ``submit`` refuses with :class:`TooManyJobsError` (429) before anything is queued.

A job's work is given a check to ask between its steps: true once the job was cancelled here,
or (asked of the store at most twice a second) on another worker. Cancelling a queued job drops
it at once; a running one reads ``cancelling`` until its work has seen the check and raised,
then ``cancelled``. While a worker runs or holds jobs it renews them every few seconds; an
unfinished job not renewed for a minute (its worker was killed) reads ``failed``. Each new job
deletes the jobs that ended (or were last renewed) more than ``KEEP_ENDED`` (a week) before.
"""

from __future__ import annotations

import os
import secrets
import socket
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from typing import Any

from fastapi import Request

from overflight.errors import InputError, OverflightError
from overflight.store import (
    Session,
    Store,
    WebJobRow,
    add_job,
    get_job,
    jobs_in_states,
    jobs_of_owner,
    prune_jobs,
    renew_jobs,
    set_job_state,
    when_committed,
)

__all__ = ["Job", "JobRunner", "JobState", "TooManyJobsError", "Work", "jobs_of"]

_KEEP = 200  # jobs listed per user
RETRY_AFTER_S = 30  # what a refused client is told to wait: analyses take seconds to minutes
RENEW_S = 5.0  # how often a worker renews the jobs it holds
STALE_AFTER = timedelta(seconds=60)  # an unfinished job not renewed for this long has failed
KEEP_ENDED = timedelta(days=7)  # an ended job (done, failed, cancelled) is deleted after this
_ASK_STORE_S = 0.5  # how often a running job's check asks the store whether it was cancelled

Work = Callable[[Callable[[], bool]], Any]
"""A job's work: called with its cancellation check, returns the job's result (JSON-able)."""


class JobState(StrEnum):
    """Where a job is: waiting, working, asked to stop, or finished one of three ways."""

    QUEUED = "queued"
    RUNNING = "running"
    CANCELLING = "cancelling"  # running, asked to stop: it will at its next check
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


_ACTIVE = (JobState.QUEUED, JobState.RUNNING, JobState.CANCELLING)
_LOST = "the worker running it stopped"


class TooManyJobsError(Exception):
    """A job refused because its starter, or the server, has as many as it may (429).

    ``retry_after`` is in seconds.
    """

    def __init__(self, message: str, retry_after: int = RETRY_AFTER_S) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Job:
    """One piece of background work as the store had it when read."""

    id: str
    owner: str
    kind: str
    detail: str
    submitted_at: datetime
    case_id: int | None
    state: JobState
    result: Any = None
    error: str = ""

    @classmethod
    def of_row(cls, row: WebJobRow, now: datetime) -> Job:
        """The job a row holds; unfinished and not renewed for ``STALE_AFTER``: failed."""
        state, error = JobState(row.state), row.error
        if state in _ACTIVE and row.heartbeat_at < now - STALE_AFTER:
            state, error = JobState.FAILED, _LOST
        return cls(
            row.id,
            row.owner,
            row.kind,
            row.detail,
            row.submitted_at,
            row.case_id,
            state,
            row.result,
            error,
        )

    @property
    def active(self) -> bool:
        """Whether the job still holds a place (queued, running or cancelling)."""
        return self.state in _ACTIVE

    def status(self, *, with_result: bool = True) -> dict[str, Any]:
        """The job as JSON: ``state``, ``result`` when done (if wanted), ``error`` when failed."""
        found: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "detail": self.detail,
            "case_id": self.case_id,
            "submitted_at": self.submitted_at.isoformat(),
            "state": self.state.value,
        }
        if self.state is JobState.DONE and with_result:
            found["result"] = self.result
        elif self.state is JobState.FAILED:
            found["error"] = self.error
        return found


class JobRunner:
    """Jobs kept in ``store``, run here by a small pool of threads (one by default: CPU-bound).

    Raises:
        InputError: a limit or the thread count below 1.
    """

    def __init__(
        self, store: Store, max_jobs: int = 16, max_jobs_per_user: int = 2, workers: int = 1
    ) -> None:
        for what, value in (
            ("max_jobs", max_jobs),
            ("max_jobs_per_user", max_jobs_per_user),
            ("workers", workers),
        ):
            if value < 1:
                raise InputError(what, f"must be at least 1, not {value}")
        self.store = store
        self.max_jobs = max_jobs
        self.max_jobs_per_user = max_jobs_per_user
        self.name = f"{socket.gethostname()[:40]}:{os.getpid()}:{secrets.token_hex(4)}"
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="overflight-job")
        self._held: dict[str, threading.Event] = {}  # jobs of this worker's, unfinished
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._renewer: threading.Thread | None = None

    def submit(
        self,
        session: Session,
        owner: str,
        kind: str,
        detail: str,
        work: Work,
        *,
        case_id: int | None = None,
    ) -> Job:
        """Store a queued job in ``session``; ``work`` starts here once that session commits.

        Raises:
            TooManyJobsError: ``owner`` has ``max_jobs_per_user`` jobs queued or running, or the
                server ``max_jobs``; nothing was queued.
        """
        now = datetime.now(UTC)
        prune_jobs(session, now - KEEP_ENDED)
        owners = [o for _id, o in jobs_in_states(session, _ACTIVE, now - STALE_AFTER)]
        own = owners.count(owner)
        if own >= self.max_jobs_per_user:
            raise TooManyJobsError(
                f"{own} {_analyses(own)} of yours {_are(own)} running or queued, the most "
                "one user may have: wait for one to finish or cancel it (DELETE /api/jobs/ID)"
            )
        if len(owners) >= self.max_jobs:
            raise TooManyJobsError(
                f"{len(owners)} analyses are running or queued on this server, the most it "
                "takes: try again later"
            )
        row = WebJobRow(
            id=secrets.token_urlsafe(12),
            owner=owner[:64],
            kind=kind[:32],
            detail=detail,
            case_id=case_id,
            submitted_at=now,
            state=JobState.QUEUED.value,
            runner=self.name,
            cancel_requested=False,
            heartbeat_at=now,
            error="",
        )
        add_job(session, row)
        job_id = row.id
        when_committed(session, lambda: self._start(job_id, work))
        return Job.of_row(row, now)

    def get(self, session: Session, job_id: str, owner: str) -> Job | None:
        """The job, if it exists and ``owner`` started it."""
        row = get_job(session, job_id)
        if row is None or row.owner != owner:
            return None
        return Job.of_row(row, datetime.now(UTC))

    def started_by(self, session: Session, owner: str) -> list[Job]:
        """The latest jobs ``owner`` started (on any worker), newest first."""
        now = datetime.now(UTC)
        return [Job.of_row(row, now) for row in jobs_of_owner(session, owner, _KEEP)]

    def cancel(self, session: Session, job: Job) -> Job | None:
        """Drop the job if queued, ask it to stop if running (written in ``session``).

        Returns:
            The job as it now is, if this call cancelled it or asked it to stop; ``None`` if it
            had already finished or been asked.
        """
        if job.state is JobState.QUEUED:
            state = JobState.CANCELLED
        elif job.state is JobState.RUNNING:
            state = JobState.CANCELLING
        else:
            return None
        moved = set_job_state(
            session, job.id, state.value, only_from=(job.state.value,), cancel_requested=True
        )
        if not moved:  # it moved on meanwhile (started, or finished): ask again
            fresh = self.get(session, job.id, job.owner)
            return self.cancel(session, fresh) if fresh is not None and fresh != job else None
        with self._lock:
            held = self._held.get(job.id)
        if held is not None:
            held.set()
        return replace(job, state=state)

    def shutdown(self) -> None:
        """Stop taking work: queued jobs are dropped, running ones asked to stop."""
        self._stopping.set()
        with self._lock:
            held = list(self._held.items())
        for _id, stop in held:
            stop.set()
        self._pool.shutdown(wait=False, cancel_futures=True)
        with self.store.session() as session, session.begin():
            for job_id, _stop in held:
                set_job_state(
                    session,
                    job_id,
                    JobState.CANCELLED.value,
                    only_from=[state.value for state in _ACTIVE],
                    cancel_requested=True,
                )

    def _start(self, job_id: str, work: Work) -> None:
        stop = threading.Event()
        with self._lock:
            if self._stopping.is_set():
                return
            self._held[job_id] = stop
            if self._renewer is None:
                self._renewer = threading.Thread(
                    target=self._renew, name="overflight-job-renewer", daemon=True
                )
                self._renewer.start()
        self._pool.submit(self._run, job_id, work, stop)

    def _run(self, job_id: str, work: Work, stop: threading.Event) -> None:
        try:
            with self.store.session(writing=True) as session, session.begin():
                claimed = set_job_state(
                    session,
                    job_id,
                    JobState.RUNNING.value,
                    only_from=(JobState.QUEUED.value,),
                    heartbeat_at=datetime.now(UTC),
                )
            if not claimed:  # cancelled while queued, or its request rolled back
                return
            outcome = self._outcome(job_id, work, stop)
            with self.store.session(writing=True) as session, session.begin():
                running = (JobState.RUNNING.value,)
                if not set_job_state(session, job_id, only_from=running, **outcome):
                    # asked to stop (on any worker) while it finished: it keeps nothing
                    set_job_state(
                        session,
                        job_id,
                        JobState.CANCELLED.value,
                        only_from=(JobState.CANCELLING.value,),
                    )
        finally:
            with self._lock:
                self._held.pop(job_id, None)

    def _outcome(self, job_id: str, work: Work, stop: threading.Event) -> dict[str, Any]:
        asked = [time.monotonic()]

        def is_cancelled() -> bool:
            if stop.is_set():
                return True
            if time.monotonic() - asked[0] >= _ASK_STORE_S:
                asked[0] = time.monotonic()
                with self.store.session() as session:
                    row = get_job(session, job_id)
                    if row is None or row.cancel_requested:
                        stop.set()
            return stop.is_set()

        try:
            result = work(is_cancelled)
        except Exception as error:  # a job's failure is its state, not a crash
            if is_cancelled():
                return {"state": JobState.CANCELLED.value}
            said = str(error) if isinstance(error, OverflightError) else type(error).__name__
            return {"state": JobState.FAILED.value, "error": said}
        return {"state": JobState.DONE.value, "result": result}

    def _renew(self) -> None:
        while not self._stopping.wait(RENEW_S):
            with self._lock:
                if not self._held:
                    continue
            try:
                with self.store.session() as session, session.begin():
                    renew_jobs(session, self.name, _ACTIVE, datetime.now(UTC))
            except Exception:  # a busy store: renew next time
                continue


def jobs_of(request: Request) -> JobRunner:
    """The app's job runner."""
    runner: JobRunner = request.app.state.jobs
    return runner


def _analyses(count: int) -> str:
    return "analysis" if count == 1 else "analyses"


def _are(count: int) -> str:
    return "is" if count == 1 else "are"
