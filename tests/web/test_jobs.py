"""``JobRunner`` on a real store: limits per user and per server, cancelling, states, workers.

The work functions are tiny and real: each runs in the runner's own thread, and those that must
stay busy wait on a gate the test opens (asking their cancellation check meanwhile). Two runners
on one store stand for two workers: a job started on one is polled and cancelled on the other.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from overflight.errors import InputError, OverflightError
from overflight.store import Store, open_store, use_write_ahead_log
from overflight.store.jobs import set_job_state
from overflight.web.jobs import (
    KEEP_ENDED,
    STALE_AFTER,
    Job,
    JobRunner,
    JobState,
    TooManyJobsError,
    Work,
)

DEADLINE_S = 60.0  # generous: the machine is shared; nothing here asserts how long anything takes


class StoppedError(OverflightError):
    """What the fake work raises when its check says it was cancelled."""


class Gate:
    """Work that stays busy until the gate opens, stopping if its check says so."""

    def __init__(self) -> None:
        self.opened = threading.Event()
        self.started: list[str] = []

    def work(self, name: str) -> Callable[[Callable[[], bool]], Any]:
        def run(is_cancelled: Callable[[], bool]) -> str:
            self.started.append(name)
            while not self.opened.wait(0.01):
                if is_cancelled():
                    raise StoppedError(f"{name} stopped")
            return f"{name} done"

        return run


@pytest.fixture
def gate() -> Iterator[Gate]:
    found = Gate()
    yield found
    found.opened.set()


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    with open_store(tmp_path / "jobs.db") as found:
        use_write_ahead_log(found.engine)  # as the app does
        yield found


@pytest.fixture
def runner(store: Store) -> Iterator[JobRunner]:
    found = JobRunner(store, max_jobs=3, max_jobs_per_user=2)
    yield found
    found.shutdown()


def _submit(
    runner: JobRunner, owner: str, detail: str, work: Work, *, case_id: int | None = None
) -> Job:
    """Submit in a transaction of its own, as a request does: the work starts on commit."""
    with runner.store.session(writing=True) as session, session.begin():
        return runner.submit(session, owner, "test", detail, work, case_id=case_id)


def _get(runner: JobRunner, job: Job) -> Job:
    with runner.store.session() as session:
        found = runner.get(session, job.id, job.owner)
    assert found is not None
    return found


def _started_by(runner: JobRunner, owner: str) -> list[str]:
    with runner.store.session() as session:
        return [job.detail for job in runner.started_by(session, owner)]


def _cancel(runner: JobRunner, job: Job) -> Job | None:
    with runner.store.session(writing=True) as session, session.begin():
        return runner.cancel(session, _get(runner, job))


def _until(runner: JobRunner, job: Job, *states: JobState) -> Job:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        found = _get(runner, job)
        if found.state in states:
            return found
        time.sleep(0.01)
    raise AssertionError(f"job {job.detail} still {found.state} after {DEADLINE_S} s")


def test_a_user_gets_two_jobs_and_the_third_is_refused_before_it_is_queued(
    runner: JobRunner, gate: Gate
) -> None:
    first = _submit(runner, "ann", "first", gate.work("first"))
    second = _submit(runner, "ann", "second", gate.work("second"))
    with pytest.raises(TooManyJobsError) as refused:
        _submit(runner, "ann", "third", gate.work("third"))
    assert "2 analyses of yours are running or queued" in str(refused.value)
    assert "cancel" in str(refused.value)
    assert refused.value.retry_after > 0
    assert _started_by(runner, "ann") == ["second", "first"]  # newest first; no third
    assert _submit(runner, "bob", "bob's", gate.work("bob")).owner == "bob"
    gate.opened.set()
    assert _until(runner, first, JobState.DONE).status()["result"] == "first done"
    assert _until(runner, second, JobState.DONE).state is JobState.DONE
    assert "third" not in gate.started
    assert _submit(runner, "ann", "again", gate.work("again")).owner == "ann"


def test_the_server_takes_so_many_jobs_in_all(runner: JobRunner, gate: Gate) -> None:
    _submit(runner, "ann", "a1", gate.work("a1"))
    _submit(runner, "ann", "a2", gate.work("a2"))
    _submit(runner, "bob", "b1", gate.work("b1"))
    with pytest.raises(TooManyJobsError) as refused:
        _submit(runner, "carl", "c1", gate.work("c1"))
    assert "3 analyses are running or queued on this server" in str(refused.value)
    assert _started_by(runner, "carl") == []


def test_a_queued_job_is_cancelled_at_once_and_never_runs(runner: JobRunner, gate: Gate) -> None:
    running = _submit(runner, "ann", "running", gate.work("running"))
    _until(runner, running, JobState.RUNNING)
    queued = _submit(runner, "ann", "queued", gate.work("queued"))
    assert _get(runner, queued).state is JobState.QUEUED  # one thread, busy
    cancelled = _cancel(runner, queued)
    assert cancelled is not None
    assert cancelled.state is JobState.CANCELLED
    assert _get(runner, queued).status()["state"] == "cancelled"
    # Its place is free at once: ann may queue another while the first still runs.
    later = _submit(runner, "ann", "later", gate.work("later"))
    gate.opened.set()
    _until(runner, later, JobState.DONE)
    assert gate.started == ["running", "later"]
    assert _get(runner, running).status()["result"] == "running done"


def test_a_running_job_stops_at_its_check_and_reads_cancelled(
    runner: JobRunner, gate: Gate
) -> None:
    job = _submit(runner, "ann", "long", gate.work("long"))
    _until(runner, job, JobState.RUNNING)
    asked = _cancel(runner, job)
    assert asked is not None
    assert asked.state is JobState.CANCELLING
    assert _cancel(runner, job) is None  # asked already
    status = _until(runner, job, JobState.CANCELLED).status()
    assert status["state"] == "cancelled"
    assert "result" not in status
    assert "error" not in status
    assert not _get(runner, job).active


def test_finished_jobs_are_not_cancelled(runner: JobRunner, gate: Gate) -> None:
    gate.opened.set()
    job = _submit(runner, "ann", "quick", gate.work("quick"))
    _until(runner, job, JobState.DONE)
    assert _cancel(runner, job) is None
    done = _get(runner, job)
    assert done.status() == {
        "id": job.id,
        "kind": "test",
        "detail": "quick",
        "case_id": None,
        "submitted_at": job.submitted_at.isoformat(),
        "state": "done",
        "result": "quick done",
    }
    assert "result" not in done.status(with_result=False)


def test_failures_say_why_only_for_our_own_errors(runner: JobRunner) -> None:
    def refuse(is_cancelled: Callable[[], bool]) -> None:
        raise OverflightError("dep: no such aerodrome ZZZZ")

    def crash(is_cancelled: Callable[[], bool]) -> None:
        raise KeyError("/secret/path")

    ours = _submit(runner, "ann", "ours", refuse)
    theirs = _submit(runner, "ann", "theirs", crash)
    assert _until(runner, ours, JobState.FAILED).status()["error"] == (
        "dep: no such aerodrome ZZZZ"
    )
    # No message: it may name what it should not.
    assert _until(runner, theirs, JobState.FAILED).status()["error"] == "KeyError"


def test_a_job_is_its_starters_alone(runner: JobRunner, gate: Gate) -> None:
    job = _submit(runner, "ann", "mine", gate.work("mine"), case_id=7)
    with runner.store.session() as session:
        mine = runner.get(session, job.id, "ann")
        # The same job, whatever its state by now (its thread may have started it: queued or
        # running, as the gate holds it).
        assert mine is not None
        assert replace(mine, state=job.state) == job
        assert mine.state in (JobState.QUEUED, JobState.RUNNING)
        assert runner.get(session, job.id, "bob") is None
        assert runner.get(session, "no-such-job", "ann") is None
    assert _started_by(runner, "bob") == []
    assert job.status()["case_id"] == 7


def test_a_job_rolled_back_with_its_request_never_runs(runner: JobRunner, gate: Gate) -> None:
    with runner.store.session() as session:
        runner.submit(session, "ann", "test", "dropped", gate.work("dropped"))
        session.rollback()
    gate.opened.set()
    done = _submit(runner, "ann", "kept", gate.work("kept"))
    _until(runner, done, JobState.DONE)
    assert gate.started == ["kept"]
    assert _started_by(runner, "ann") == ["kept"]


def test_two_workers_share_jobs_through_the_store(store: Store, gate: Gate) -> None:
    """A job started on one worker is listed, polled and cancelled on another."""
    first, second = JobRunner(store), JobRunner(store)
    try:
        job = _submit(first, "ann", "on first", gate.work("on first"))
        _until(second, job, JobState.RUNNING)
        assert _started_by(second, "ann") == ["on first"]
        _submit(second, "ann", "on second", gate.work("on second"))
        with pytest.raises(TooManyJobsError):  # ann's two count on both workers
            _submit(first, "ann", "third", gate.work("third"))
        asked = _cancel(second, job)  # the first worker's thread sees it in the store
        assert asked is not None
        assert asked.state is JobState.CANCELLING
        assert _until(first, job, JobState.CANCELLED).state is JobState.CANCELLED
    finally:
        gate.opened.set()
        first.shutdown()
        second.shutdown()


def test_a_job_that_finishes_after_another_worker_asked_it_to_stop_keeps_nothing(
    store: Store,
) -> None:
    """Work that never looks at its check, asked to stop from another worker, ends cancelled.

    The stop is only in the store, and the first worker reads the store every second or so:
    work that ends before that must not overwrite the ask with ``done`` and a result.
    """
    release = threading.Event()

    def heedless(is_cancelled: Callable[[], bool]) -> str:
        release.wait(DEADLINE_S)
        return "a result nobody may keep"

    first, second = JobRunner(store), JobRunner(store)
    try:
        job = _submit(first, "ann", "heedless", heedless)
        _until(second, job, JobState.RUNNING)
        asked = _cancel(second, job)
        assert asked is not None
        assert asked.state is JobState.CANCELLING
        release.set()
        ended = _until(first, job, JobState.CANCELLED, JobState.DONE)
        assert ended.state is JobState.CANCELLED
        assert "result" not in ended.status()
    finally:
        release.set()
        first.shutdown()
        second.shutdown()


def test_a_job_whose_worker_went_quiet_reads_failed(runner: JobRunner, gate: Gate) -> None:
    job = _submit(runner, "ann", "orphan", gate.work("orphan"))
    _until(runner, job, JobState.RUNNING)
    quiet = datetime.now(UTC) - STALE_AFTER - timedelta(seconds=1)
    with runner.store.session() as session, session.begin():  # as if its worker were killed
        set_job_state(session, job.id, JobState.RUNNING.value, heartbeat_at=quiet)
    lost = _get(runner, job)
    assert lost.status()["state"] == "failed"
    assert lost.status()["error"] == "the worker running it stopped"
    _submit(runner, "ann", "next", gate.work("next"))  # it holds no place any more
    _submit(runner, "ann", "and next", gate.work("and next"))


def test_a_new_job_deletes_the_jobs_that_ended_a_week_before(runner: JobRunner) -> None:
    old = _submit(runner, "ann", "old", lambda _: "old done")
    recent = _submit(runner, "bob", "recent", lambda _: "recent done")
    _until(runner, old, JobState.DONE)
    _until(runner, recent, JobState.DONE)
    ended = datetime.now(UTC) - KEEP_ENDED - timedelta(minutes=1)
    with runner.store.session() as session, session.begin():  # as if it had ended a week ago
        set_job_state(session, old.id, JobState.DONE.value, heartbeat_at=ended)
    assert _started_by(runner, "ann") == ["old"]
    _submit(runner, "bob", "new", lambda _: "new done")
    assert _started_by(runner, "ann") == []
    assert _started_by(runner, "bob") == ["new", "recent"]


def test_shutdown_stops_running_work_and_drops_queued_work(store: Store, gate: Gate) -> None:
    runner = JobRunner(store)
    running = _submit(runner, "ann", "running", gate.work("running"))
    _until(runner, running, JobState.RUNNING)
    queued = _submit(runner, "ann", "queued", gate.work("queued"))
    runner.shutdown()
    assert _until(runner, running, JobState.CANCELLED).state is JobState.CANCELLED
    assert _get(runner, queued).state is JobState.CANCELLED
    assert gate.started == ["running"]


@pytest.mark.parametrize(
    ("limits", "what"),
    [
        ({"max_jobs": 0}, "max_jobs"),
        ({"max_jobs_per_user": 0}, "max_jobs_per_user"),
        ({"workers": 0}, "workers"),
    ],
)
def test_limits_below_one_are_refused(store: Store, limits: dict[str, int], what: str) -> None:
    with pytest.raises(InputError) as refused:
        JobRunner(store, **limits)
    assert refused.value.what == what
