"""``JobRunner`` alone: limits per user and per worker, cancelling queued and running work, states.

The work functions are tiny and real: each runs in the runner's own thread, and those that must
stay busy wait on a gate the test opens (asking their cancellation check meanwhile).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from overflight.errors import InputError, OverflightError
from overflight.web.jobs import Job, JobRunner, JobState, TooManyJobsError

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
def runner() -> Iterator[JobRunner]:
    found = JobRunner(max_jobs=3, max_jobs_per_user=2)
    yield found
    found.shutdown()


def _until(job: Job, *states: JobState) -> JobState:
    deadline = time.monotonic() + DEADLINE_S
    while time.monotonic() < deadline:
        state = job.state
        if state in states:
            return state
        time.sleep(0.01)
    raise AssertionError(f"job {job.detail} still {job.state} after {DEADLINE_S} s")


def test_a_user_gets_two_jobs_and_the_third_is_refused_before_it_is_queued(
    runner: JobRunner, gate: Gate
) -> None:
    first = runner.submit("ann", "test", "first", gate.work("first"))
    second = runner.submit("ann", "test", "second", gate.work("second"))
    with pytest.raises(TooManyJobsError) as refused:
        runner.submit("ann", "test", "third", gate.work("third"))
    assert "2 analyses of yours are running or queued" in str(refused.value)
    assert "cancel" in str(refused.value)
    assert refused.value.retry_after > 0
    assert runner.started_by("ann") == [second, first]  # newest first; the third is nowhere
    assert runner.submit("bob", "test", "bob's", gate.work("bob")).owner == "bob"
    gate.opened.set()
    assert _until(first, JobState.DONE) is JobState.DONE
    assert _until(second, JobState.DONE) is JobState.DONE
    assert "third" not in gate.started
    assert runner.submit("ann", "test", "again", gate.work("again")).owner == "ann"


def test_the_worker_takes_so_many_jobs_in_all(runner: JobRunner, gate: Gate) -> None:
    runner.submit("ann", "test", "a1", gate.work("a1"))
    runner.submit("ann", "test", "a2", gate.work("a2"))
    runner.submit("bob", "test", "b1", gate.work("b1"))
    with pytest.raises(TooManyJobsError) as refused:
        runner.submit("carl", "test", "c1", gate.work("c1"))
    assert "3 analyses are running or queued on this server" in str(refused.value)
    assert runner.started_by("carl") == []


def test_a_queued_job_is_cancelled_at_once_and_never_runs(runner: JobRunner, gate: Gate) -> None:
    running = runner.submit("ann", "test", "running", gate.work("running"))
    _until(running, JobState.RUNNING)
    queued = runner.submit("ann", "test", "queued", gate.work("queued"))
    assert queued.state is JobState.QUEUED  # one thread, busy
    assert queued.request_cancel() is True
    assert queued.state is JobState.CANCELLED
    assert queued.status()["state"] == "cancelled"
    # Its place is free at once: ann may queue another while the first still runs.
    later = runner.submit("ann", "test", "later", gate.work("later"))
    gate.opened.set()
    assert _until(later, JobState.DONE) is JobState.DONE
    assert gate.started == ["running", "later"]
    assert running.status()["result"] == "running done"


def test_a_running_job_stops_at_its_check_and_reads_cancelled(
    runner: JobRunner, gate: Gate
) -> None:
    job = runner.submit("ann", "test", "long", gate.work("long"))
    _until(job, JobState.RUNNING)
    assert job.request_cancel() is True
    assert job.request_cancel() is False  # asked already
    assert _until(job, JobState.CANCELLED) is JobState.CANCELLED
    status = job.status()
    assert status["state"] == "cancelled"
    assert "result" not in status
    assert "error" not in status
    assert not job.active


def test_finished_jobs_are_not_cancelled(runner: JobRunner, gate: Gate) -> None:
    gate.opened.set()
    job = runner.submit("ann", "test", "quick", gate.work("quick"))
    _until(job, JobState.DONE)
    assert job.request_cancel() is False
    assert job.status() == {
        "id": job.id,
        "kind": "test",
        "detail": "quick",
        "case_id": None,
        "submitted_at": job.submitted_at.isoformat(),
        "state": "done",
        "result": "quick done",
    }
    assert "result" not in job.status(with_result=False)


def test_failures_say_why_only_for_our_own_errors(runner: JobRunner) -> None:
    def refuse(is_cancelled: Callable[[], bool]) -> None:
        raise OverflightError("dep: no such aerodrome ZZZZ")

    def crash(is_cancelled: Callable[[], bool]) -> None:
        raise KeyError("/secret/path")

    ours = runner.submit("ann", "test", "ours", refuse)
    theirs = runner.submit("ann", "test", "theirs", crash)
    _until(ours, JobState.FAILED)
    _until(theirs, JobState.FAILED)
    assert ours.status()["error"] == "dep: no such aerodrome ZZZZ"
    assert theirs.status()["error"] == "KeyError"  # no message: it may name what it should not


def test_a_job_is_its_starters_alone(runner: JobRunner, gate: Gate) -> None:
    job = runner.submit("ann", "test", "mine", gate.work("mine"), case_id=7)
    assert runner.get(job.id, "ann") is job
    assert runner.get(job.id, "bob") is None
    assert runner.get("no-such-job", "ann") is None
    assert runner.started_by("bob") == []
    assert job.status()["case_id"] == 7


def test_shutdown_stops_running_work_and_drops_queued_work(gate: Gate) -> None:
    runner = JobRunner()
    running = runner.submit("ann", "test", "running", gate.work("running"))
    _until(running, JobState.RUNNING)
    queued = runner.submit("ann", "test", "queued", gate.work("queued"))
    runner.shutdown()
    assert _until(running, JobState.CANCELLED) is JobState.CANCELLED
    assert queued.state is JobState.CANCELLED
    assert gate.started == ["running"]


@pytest.mark.parametrize(
    ("limits", "what"),
    [
        ({"max_jobs": 0}, "max_jobs"),
        ({"max_jobs_per_user": 0}, "max_jobs_per_user"),
        ({"workers": 0}, "workers"),
    ],
)
def test_limits_below_one_are_refused(limits: dict[str, int], what: str) -> None:
    with pytest.raises(InputError) as refused:
        JobRunner(**limits)
    assert refused.value.what == what
