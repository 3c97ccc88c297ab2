"""``overflight run`` and the web app write to one SQLite file at once, and both succeed.

SQLite takes turns (docs/architecture.md): a unit that reads then writes opens
``Store.session(writing=True)``, so it waits for the write lock instead of failing with
"database is locked" when the other process committed since its read began. Here the app runs
under uvicorn (a process of its own) while an analyst records screenings and case outcomes
through the API, and ``overflight run`` ingests the bundled story (a plan, a delay, a post's
reply, the cancellation) into the same file. Before the main job's ingest took turns, its
first file failed so.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import uvicorn
from web_personas import PASSWORD, US_ANALYST, add_personas
from web_server import free_port

from overflight.cases import CaseStatus, get_case, open_case, stored_flights
from overflight.markings import ClassificationLevel, Marking
from overflight.store import open_store
from overflight.web import WebSettings, create_app

REPO = Path(__file__).resolve().parents[2]
STORY = REPO / "src" / "overflight" / "story"
FILES = ("01-fpl.txt", "02-dla.txt", "04-ankara-780.txt", "07-cnl.txt")
FPL = (
    "(FPL-KOR{n:03d}-IN-IL76/H-SDGY/S-ZKPY0200-K0780S1010 DCT SANKO-OSDI1055 OSAP"
    "-DOF/260601 REG/P632 OPR/AIR KORYO)"
)
MIN_WRITES = 3  # rounds of writes the web makes, at least, whenever the run ends
PAUSE_S = 0.05  # between rounds: the run keeps a core
TIMEOUT_S = 60.0


@contextmanager
def _serving(database: str) -> Iterator[str]:
    """The app over ``database`` under uvicorn in a thread; yields its base address."""
    config = uvicorn.Config(
        create_app(WebSettings(database=database)),
        host="127.0.0.1",
        port=free_port(),
        log_level="warning",
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run)
    thread.start()
    try:
        for _ in range(600):
            if server.started or not thread.is_alive():
                break
            time.sleep(0.05)
        assert server.started, "uvicorn did not start"
        yield f"http://127.0.0.1:{config.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=TIMEOUT_S)


def _seed(database: str) -> int:
    """The analyst's account and one unclassified case they record outcomes on."""
    with open_store(database) as store, store.session() as session:
        add_personas(session, (US_ANALYST,))
        case = open_case(
            session, "outcomes written beside a run", marking=Marking(ClassificationLevel.U)
        )
        session.commit()
    return case.id


def _write_until(base: str, case_id: int, done: threading.Event, codes: list[int]) -> None:
    """Record screenings and outcomes through the API until ``done``, ``MIN_WRITES`` at least."""
    with httpx.Client(base_url=base, timeout=TIMEOUT_S) as client:
        login = {"username": US_ANALYST.username, "password": PASSWORD}
        token = client.post("/api/token", data=login).json()["access_token"]
        client.headers["Authorization"] = f"Bearer {token}"
        n = 0
        while n < MIN_WRITES or not done.is_set():
            n += 1
            plan = {"text": FPL.format(n=n), "record": "true", "marking": "(U)"}
            codes.append(client.post("/api/screen", data=plan).status_code)
            outcome = {"kind": "delayed", "note": f"write {n}"}
            codes.append(client.post(f"/api/cases/{case_id}/outcomes", data=outcome).status_code)
            time.sleep(PAUSE_S)


def _run(database: str, drafts: Path) -> subprocess.CompletedProcess[str]:
    """``overflight run`` on the story's files, as a user would start it."""
    command = [sys.executable, "-m", "overflight.cli", "run", *(str(STORY / f) for f in FILES)]
    command += ["--db", database, "--drafts", str(drafts)]
    command += ["--now", "2008-02-01T01:00Z", "--serial", "STATE 43804"]
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.run(command, capture_output=True, text=True, timeout=TIMEOUT_S, env=env)


@pytest.mark.slow
def test_run_and_the_web_write_one_sqlite_file_at_once(tmp_path: Path) -> None:
    database = str(tmp_path / "shared.db")
    case_id = _seed(database)
    codes: list[int] = []
    done = threading.Event()
    with _serving(database) as base:
        writer = threading.Thread(target=_write_until, args=(base, case_id, done, codes))
        writer.start()
        try:
            run = _run(database, tmp_path / "drafts")
        finally:
            done.set()
            writer.join(timeout=TIMEOUT_S)
    assert "locked" not in run.stdout + run.stderr
    assert run.returncode == 0, run.stdout + run.stderr
    assert "response: case" in run.stdout, run.stdout  # the post's reply was recorded
    assert "outcome: case" in run.stdout, run.stdout  # and the cancellation
    assert len(codes) >= 2 * MIN_WRITES, codes
    assert set(codes) <= {200, 201}, codes
    with open_store(database, create=False) as store, store.session() as session:
        aircraft = {flight.aircraft_id for flight in stored_flights(session)}
        assert "KOR7717" in aircraft  # the run's
        assert {f"KOR{n:03d}" for n in range(1, MIN_WRITES + 1)} <= aircraft  # the web's
        assert get_case(session, case_id).status is CaseStatus.DELAYED  # the web's outcomes
