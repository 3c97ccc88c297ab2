"""``overflight case similar``, ``case rebuild-register`` and ``screen --db`` on the seed story."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from overflight.cli import app

runner = CliRunner()
STORY = Path(__file__).parents[2] / "src" / "overflight" / "story"
P913 = """(FPL-KOR7719-IN
-IL76/H-SDFGRY/S
-ZKPY0100
-N0430F330 DCT 4000N12000E DCT 3700N03800E DCT
-OSDI1100 OSDI
-DOF/080701 REG/P913 CODE/72100A OPR/AIR KORYO)
"""
KOR161 = P913.replace("KOR7719", "KOR161").replace("REG/P913 CODE/72100A", "REG/P912")


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "200"})


def test_similar_cases_rebuild_and_screen_against_the_store(tmp_path):
    db, drafts = str(tmp_path / "o.db"), tmp_path / "drafts"
    common = ("--db", db, "--drafts", str(drafts))
    assert (
        run("run", str(STORY / "01-fpl.txt"), *common, "--now", "2008-02-01T00:30Z").exit_code == 0
    )
    assert (
        run("run", str(STORY / "07-cnl.txt"), *common, "--now", "2008-05-28T00:30Z").exit_code == 0
    )
    new_tail = tmp_path / "p913.txt"
    new_tail.write_text(P913)
    opened = run("run", str(new_tail), *common, "--now", "2008-06-20T00:30Z")
    assert "case 2 opened" in opened.stdout

    similar = run("case", "similar", "2", "--db", db)
    assert similar.exit_code == 0
    assert "KOR7717 ZKPY-OSDI (closed)" in similar.stdout
    assert "operator-name" in similar.stdout
    assert "past" in similar.stdout
    assert "newer" in run("case", "similar", "1", "--db", db).stdout

    rebuilt = run("case", "rebuild-register", "--db", db)
    assert "register rebuilt: 2 cases" in rebuilt.stdout

    same_tail = tmp_path / "kor161.txt"
    same_tail.write_text(KOR161)
    screened = run("screen", str(same_tail), "--db", db, "--format", "json")
    (verdict,) = json.loads(screened.stdout)["verdicts"]
    summaries = [f["summary"] for f in verdict["findings"] if f["indicator"] == "resembles-case"]
    assert summaries[0].startswith("resembles case 1 (KOR7717 ZKPY-OSDI, closed)")
    without = json.loads(run("screen", str(same_tail), "--format", "json").stdout)
    runs = {r["indicator"]: r for r in without["verdicts"][0]["runs"]}
    assert runs["resembles-case"]["status"] == "not-run"

    refiled = run("run", str(same_tail), *common, "--now", "2008-06-21T00:30Z")
    assert "refiled: KOR161 ZKPY-OSDI" in refiled.stdout
    assert "case 3 opened" not in refiled.stdout


def test_similar_for_an_unknown_case_is_one_line(tmp_path):
    result = runner.invoke(app, ["case", "similar", "9", "--db", str(tmp_path / "o.db")])
    assert result.exit_code == 2
    assert "9" in result.stderr
    assert "Traceback" not in result.output
