"""``overflight run`` killed mid-way, then run again: the store as a clean run leaves it, and a
draft on disk for a telegram exactly when the store holds it. On SQLite and PostgreSQL.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from overflight.store import Store
from overflight.store.schema import AtsMessageRow, CaseRow, EngagementRow, TelegramRow

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_backends import BACKENDS, opened_store

REPO = Path(__file__).resolve().parents[2]
PLAN = REPO / "src" / "overflight" / "story" / "01-fpl.txt"
FILES = 4  # two charters of concern in each: a case and a telegram apiece


def _aircraft(plan: str, n: int) -> str:
    """The plan flown by the ``n``th aircraft (callsign, registration, 24-bit address): its own
    case, not a refile of another's."""
    return (
        plan.replace("KOR7717", f"KOR{7100 + n}")
        .replace("REG/P912", f"REG/P{100 + n}")
        .replace("CODE/72100F", f"CODE/72{n:04X}")
    )


def _plans(folder: Path) -> list[Path]:
    plan = PLAN.read_text()
    folder.mkdir()
    paths = []
    for i in range(FILES):
        path = folder / f"plans-{i:02d}.txt"
        path.write_text("".join(_aircraft(plan, 2 * i + k) for k in (0, 1)))
        paths.append(path)
    return paths


def _run(store: Store, files: list[Path], drafts: Path, log: Path) -> subprocess.Popen[bytes]:
    """Start ``overflight run`` as a user would, its output going to ``log``."""
    command = [sys.executable, "-m", "overflight.cli", "run", *map(str, files), "--db", store.url,
               "--drafts", str(drafts), "--now", "2008-02-01T00:30Z"]  # fmt: skip
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    with log.open("ab") as output:
        return subprocess.Popen(command, env=env, stdout=output, stderr=subprocess.STDOUT)


def _kill_after_drafts(process: subprocess.Popen[bytes], drafts: Path, count: int) -> None:
    """SIGKILL the run once ``count`` drafts are published (or staged) in ``drafts``."""
    while process.poll() is None:
        if drafts.is_dir() and len(list(drafts.iterdir())) >= count:
            process.send_signal(signal.SIGKILL)
            break
        time.sleep(0.02)
    process.wait(timeout=120)


def _contents(store: Store) -> dict[str, Any]:
    """What the store holds, without the ids a backend may not give back after a rollback."""
    with store.session() as session:
        cases = session.scalars(select(CaseRow).order_by(CaseRow.title)).all()
        by_id = {case.id: case.title for case in cases}
        engagements = session.scalars(select(EngagementRow)).all()
        telegrams = session.scalars(select(TelegramRow)).all()
        return {
            "messages": sorted(m.raw_text for m in session.scalars(select(AtsMessageRow))),
            "cases": [(c.title, c.status, c.reason, c.classification, c.opened_at) for c in cases],
            "engagements": sorted(
                (by_id[e.case_id], e.state, e.post, e.telegram_ref, e.note) for e in engagements
            ),
            "telegrams": sorted((by_id[t.case_id], t.serial, t.text) for t in telegrams),
        }


def _drafts_match_the_store(store: Store, drafts: Path) -> None:
    with store.session() as session:
        stored = {
            f"case-{t.case_id}-{t.serial.replace(' ', '-')}.txt": t.text
            for t in session.scalars(select(TelegramRow))
        }
    on_disk = {path.name: path.read_text() for path in drafts.iterdir()}
    assert on_disk == stored


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
def test_a_run_killed_midway_then_rerun_leaves_what_a_clean_run_leaves(tmp_path, backend):
    files = _plans(tmp_path / "plans")
    (tmp_path / "clean").mkdir()
    (tmp_path / "killed").mkdir()
    with (
        opened_store(backend, tmp_path / "clean") as clean,
        opened_store(backend, tmp_path / "killed") as killed,
    ):
        killed_drafts = tmp_path / "killed" / "drafts"
        log = tmp_path / "runs.log"
        first = _run(killed, files, killed_drafts, log)
        _kill_after_drafts(first, killed_drafts, 3)
        assert first.returncode == -signal.SIGKILL, log.read_text()
        assert _contents(killed)["cases"]  # it got part of the way
        assert len(_contents(killed)["cases"]) < 2 * FILES

        again = _run(killed, files, killed_drafts, log)
        assert again.wait(timeout=300) == 0, log.read_text()
        whole = _run(clean, files, tmp_path / "clean" / "drafts", log)
        assert whole.wait(timeout=300) == 0, log.read_text()

        assert _contents(killed) == _contents(clean)
        serials = [serial for _, serial, _ in _contents(killed)["telegrams"]]
        assert len(serials) == len(set(serials)) == 2 * FILES
        _drafts_match_the_store(killed, killed_drafts)
        _drafts_match_the_store(clean, tmp_path / "clean" / "drafts")
