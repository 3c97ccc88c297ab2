"""Work that outlasts a request (a chokepoint analysis): a background thread, asked after by id.

A job belongs to the user who started it; anyone else asking gets the same 404 as for a job
that does not exist. Jobs live in the worker process that took them; what they produce goes to
the store, so every worker shows it once it is done.
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from overflight.errors import OverflightError

__all__ = ["Job", "JobRunner"]

_KEEP = 200  # finished jobs remembered per worker


@dataclass(frozen=True, slots=True)
class Job:
    """One piece of background work: who started it, what it does, and its future."""

    id: str
    owner: str
    kind: str
    detail: str
    started_at: datetime
    future: Future[Any]

    def status(self) -> dict[str, Any]:
        """``state`` is running, done or failed; ``result`` when done, ``error`` when failed."""
        found: dict[str, Any] = {
            "id": self.id,
            "kind": self.kind,
            "detail": self.detail,
            "started_at": self.started_at.isoformat(),
        }
        if not self.future.done():
            return {**found, "state": "running"}
        error = self.future.exception()
        if error is None:
            return {**found, "state": "done", "result": self.future.result()}
        message = str(error) if isinstance(error, OverflightError) else type(error).__name__
        return {**found, "state": "failed", "error": message}


class JobRunner:
    """A small pool of background threads (one by default: analyses are CPU-bound)."""

    def __init__(self, workers: int = 1) -> None:
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="overflight-job")
        self._jobs: dict[str, Job] = {}
        self._lock = threading.Lock()

    def submit(self, owner: str, kind: str, detail: str, work: Callable[[], Any]) -> Job:
        """Start ``work`` in the background; returns the job to ask after."""
        job = Job(
            secrets.token_urlsafe(12),
            owner,
            kind,
            detail,
            datetime.now(UTC),
            self._pool.submit(work),
        )
        with self._lock:
            self._forget_finished()
            self._jobs[job.id] = job
        return job

    def get(self, job_id: str, owner: str) -> Job | None:
        """The job, if it exists and ``owner`` started it."""
        with self._lock:
            job = self._jobs.get(job_id)
        return job if job is not None and job.owner == owner else None

    def shutdown(self) -> None:
        """Stop taking work; queued jobs are dropped, running ones finish in the background."""
        self._pool.shutdown(wait=False, cancel_futures=True)

    def _forget_finished(self) -> None:
        finished = [key for key, job in self._jobs.items() if job.future.done()]
        for key in finished[: max(0, len(finished) - _KEEP)]:
            del self._jobs[key]
