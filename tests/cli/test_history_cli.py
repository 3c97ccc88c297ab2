"""``overflight archive`` and ``overflight history`` through the command line."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

pytest.importorskip("pyarrow", reason="archives need the scale extra: pip install '.[scale]'")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "archive"))

import archive_fixtures

from overflight.cli import app
from overflight.store import open_store

runner = CliRunner()
source_files = archive_fixtures.source_files


def run(*args: str):
    """Run the command on a wide terminal, so that Rich wraps no line the tests read."""
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "400"})


@pytest.fixture
def imported(tmp_path, source_files) -> Path:
    day1, day2, messages = source_files
    archive = tmp_path / "arc"
    first = run("archive", "import", str(archive), str(day1), "--buckets", "4")
    assert first.exit_code == 0, first.output
    assert "positions: 6 flights of 5 aircraft into 4 partitions" in first.output
    assert run("archive", "import", str(archive), str(day2)).exit_code == 0
    third = run("archive", "import", str(archive), str(messages), "--kind", "messages")
    assert "imported 3 ATS messages into 1 partitions" in third.output
    return archive


def test_import_then_info(imported):
    result = run("archive", "info", str(imported))
    assert result.exit_code == 0
    assert "4 buckets per day" in result.output
    assert "positions │ 2    │ 2025-03-01 │ 2025-03-02 │ 7" in result.output


def test_history_of_an_aircraft_as_a_table_json_and_a_map(imported, tmp_path):
    out = tmp_path / "out"
    result = run(
        "history", str(imported), "--out", str(out), "--aircraft", "730a01", "--single-process",
        "--maps", "1",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "2 flights of 1 aircraft" in result.output
    assert "IR TM UZ KZ KG" in result.output
    assert "messages/day=2025-03-01#1" in result.output
    assert "positions: 7 partitions computed, 0 found from an earlier run, 0 failed" in (
        result.output
    )
    assert (out / "maps" / "730a01.svg").read_text().startswith("<?xml")
    again = run(
        "history", str(imported), "--out", str(out), "--aircraft", "730a01", "--single-process",
        "--format", "json",
    )  # fmt: skip
    assert "0 partitions computed, 7 found from an earlier run" in again.output
    document = json.loads(again.output[again.output.index("{") : again.output.rindex("}") + 1])
    assert [f["callsign"] for f in document["aircraft"][0]["flights"]] == ["IRM701", "IRM702"]


def test_a_failed_partition_is_named_and_the_exit_code_says_so(imported, tmp_path):
    damaged = next((imported / "positions" / "day=2025-03-02").glob("bucket=*/*.parquet"))
    damaged.write_bytes(b"not parquet")
    out = tmp_path / "o"
    result = run("history", str(imported), "--out", str(out), "--all", "--single-process")
    assert result.exit_code == 1
    bucket = damaged.parent.name
    assert f"failed: positions/day=2025-03-02/{bucket}: {damaged.name}: not a" in result.output
    assert "run the same command again to retry the failed partitions only" in result.output


def test_archive_screen(imported, tmp_path):
    out = tmp_path / "s"
    result = run("archive", "screen", str(imported), "--out", str(out), "--single-process")
    assert result.exit_code == 0, result.output
    assert "3 plans screened" in result.output
    assert (tmp_path / "s" / "plans.parquet").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--all", "--scheduler", "host:8786"], "--scheduler: 'host:8786': give tcp://HOST:PORT"),
        (["--all", "--workers", "0"], "--workers: 0: give 1 or more"),
        ([], "selection: name aircraft"),
        (["--aircraft", "zz"], "--aircraft"),
        (["--operator", "IR1"], "--operator: 'IR1': give an ICAO designator of three letters"),
        (["--all", "--first", "March"], "--first: 'March': give a day as YYYY-MM-DD"),
    ],
)
def test_bad_options_are_one_line_and_exit_code_2(imported, tmp_path, args, message):
    result = run("history", str(imported), "--out", str(tmp_path / "o"), *args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_cases_from_a_store_without_cases(imported, tmp_path):
    db = f"sqlite:///{tmp_path / 'empty.db'}"
    open_store(db).close()  # a store made, with no case in it
    result = run("history", str(imported), "--out", str(tmp_path / "o"), "--cases", "--db", db)
    assert result.exit_code == 2
    assert "--cases: no case in the store follows a filed flight" in result.output


def test_cases_from_a_missing_store_is_refused_and_makes_none(imported, tmp_path):
    db = tmp_path / "typo.db"
    result = run("history", str(imported), "--out", str(tmp_path / "o"), "--cases", "--db", str(db))
    assert result.exit_code == 2
    assert "no store at" in result.output
    assert not db.exists()


def test_history_of_a_folder_that_is_no_archive(tmp_path):
    result = run("history", str(tmp_path), "--out", str(tmp_path / "o"), "--all")
    assert result.exit_code == 2
    assert "no archive here" in result.output
