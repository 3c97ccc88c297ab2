"""Work that outlasts a request (a chokepoint analysis): background threads, bounded, cancellable.

A job belongs to the user who started it; anyone else asking after it, or cancelling it, gets the
same 404 as for a job that does not exist. A worker holds at most ``max_jobs`` jobs queued or
running, and at most ``max_jobs_per_user`` of one user's: beyond either, ``submit`` refuses with
:class:`TooManyJobsError` (429) before anything is queued.

A job's work is given a check (``threading.Event.is_set``) to ask between its steps. Cancelling a
queued job drops it at once; a running one is asked to stop and reads ``cancelling`` until its
work has seen the check and raised, then ``cancelled``. Jobs live in the worker process that
took them; what they produce goes to the store, so every worker shows it once it is done.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from fastapi import Request

from overflight.errors import InputError, OverflightError

__all__ = ["Job", "JobRunner", "JobState", "TooManyJobsError", "Work", "jobs_of"]

_KEEP = 200  # finished jobs remembered per worker
RETRY_AFTER_S = 30  # what a refused client is told to wait: analyses take seconds to minutes

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


class TooManyJobsError(Exception):
    """A job refused because its starter, or the worker, has as many as it may (429).

    ``retry_after`` is in seconds.
    """

    def __init__(self, message: str, retry_after: int = RETRY_AFTER_S) -> None:
        super().__init__(message)
        self.retry_after = retry_after


@dataclass(frozen=True, slots=True)
class Job:
    """One piece of background work: who started it, what it is about, its future."""

    id: str
    owner: str
    kind: str
    detail: str
    submitted_at: datetime
    case_id: int | None
    future: Future[Any]
    cancel_requested: threading.Event

    @property
    def state(self) -> JobState:
        """The job's state now (a finished future never changes, so it is read first)."""
        if self.future.done():
            if self.future.cancelled():
                return JobState.CANCELLED
            if self.future.exception() is None:
                return JobState.DONE
            # Work stopped by its check raises: asked to stop and failed means cancelled.
            return JobState.CANCELLED if self.cancel_requested.is_set() else JobState.FAILED
        if self.cancel_requested.is_set():
            return JobState.CANCELLING
        return JobState.RUNNING if self.future.running() else JobState.QUEUED

    @property
    def active(self) -> bool:
        """Whether the job still holds a place in the worker (queued, running or cancelling)."""
        return not self.future.done()

    def status(self, *, with_result: bool = True) -> dict[str, Any]:
        """The job as JSON: ``state``, ``result`` when done (if wanted), ``error`` when failed."""
        state = self.state
        found: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "detail": self.detail,
            "case_id": self.case_id,
            "submitted_at": self.submitted_at.isoformat(),
            "state": state.value,
        }
        if state is JobState.DONE and with_result:
            found["result"] = self.future.result()
        elif state is JobState.FAILED:
            error = self.future.exception()
            found["error"] = (
                str(error) if isinstance(error, OverflightError) else type(error).__name__
            )
        return found

    def request_cancel(self) -> bool:
        """Drop the job if queued, ask it to stop if running.

        Returns:
            True if this call cancelled it or asked it to stop; False if it had already finished
            or been asked.
        """
        if self.future.done() or self.cancel_requested.is_set():
            return False
        self.cancel_requested.set()
        self.future.cancel()  # succeeds only while queued; a running job stops at its next check
        return True


class JobRunner:
    """A small pool of background threads (one by default: analyses are CPU-bound), bounded.

    Raises:
        InputError: a limit or the thread count below 1.
    """

    def __init__(self, max_jobs: int = 16, max_jobs_per_user: int = 2, workers: int = 1) -> None:
        for what, value in (
            ("max_jobs", max_jobs),
            ("max_jobs_per_user", max_jobs_per_user),
            ("workers", workers),
        ):
            if value < 1:
                raise InputError(what, f"must be at least 1, not {value}")
        self.max_jobs = max_jobs
        self.max_jobs_per_user = max_jobs_per_user
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="overflight-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(
        self, owner: str, kind: str, detail: str, work: Work, *, case_id: int | None = None
    ) -> Job:
        """Queue ``work``, called with its cancellation check; returns the job to ask after.

        Raises:
            TooManyJobsError: ``owner`` has ``max_jobs_per_user`` jobs queued or running, or the
                worker ``max_jobs``; nothing was queued.
        """
        with self._lock:
            active = [job for job in self._jobs.values() if job.active]
            own = sum(1 for job in active if job.owner == owner)
            if own >= self.max_jobs_per_user:
                raise TooManyJobsError(
                    f"{own} {_analyses(own)} of yours {_are(own)} running or queued, the most "
                    "one user may have: wait for one to finish or cancel it (DELETE /api/jobs/ID)"
                )
            if len(active) >= self.max_jobs:
                raise TooManyJobsError(
                    f"{len(active)} analyses are running or queued on this server, the most it "
                    "takes: try again later"
                )
            stop = threading.Event()
            job = Job(
                secrets.token_urlsafe(12),
                owner,
                kind,
                detail,
                datetime.now(UTC),
                case_id,
                self._pool.submit(work, stop.is_set),
                stop,
            )
            self._forget_finished()
            self._jobs[job.id] = job
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if it exists and ``owner`` started it."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def started_by(self, owner: str) -> list[Job]:
        """The jobs ``owner`` started that this worker remembers, newest first."""
        with self._lock:
            found = [job for job in self._jobs.values() if job.owner == owner]
        return sorted(found, key=lambda job: job.submitted_at, reverse=True)

    def shutdown(self) -> None:
        """Stop taking work: queued jobs are dropped, running ones asked to stop."""
        with self._lock:
            jobs = list(self._jobs.values())
        for job in jobs:
            job.request_cancel()
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _forget_finished(self) -> None:
        finished = [key for key, job in self._jobs.items() if not job.active]
        for key in finished[: max(0, len(finished) - _KEEP)]:
            del self._jobs[key]


def jobs_of(request: Request) -> JobRunner:
    """The app's job runner."""
    runner: JobRunner = request.app.state.jobs
    return runner


def _analyses(count: int) -> str:
    return "analysis" if count == 1 else "analyses"


def _are(count: int) -> str:
    return "is" if count == 1 else "are"
