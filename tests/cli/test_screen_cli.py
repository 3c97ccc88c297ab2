from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app
from overflight.screening import load_policy
from overflight.services.lists import ListFileBody, import_list_version
from overflight.store import open_store

REPO = Path(__file__).resolve().parents[2]
SEED = REPO / "examples" / "permits" / "air-koryo-p912.yaml"
AFR = REPO / "examples" / "permits" / "air-france-cdg-kix.yaml"
KOR_FPL = REPO / "tests" / "screening" / "fixtures" / "kor151.txt"

runner = CliRunner()


@pytest.fixture(autouse=True)
def default_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A default store location of the test's own, empty: ``screen`` finds no list there."""
    home = tmp_path / "home"
    monkeypatch.setenv("OVERFLIGHT_HOME", str(home))
    monkeypatch.delenv("OVERFLIGHT_DB", raising=False)
    return home


def _lists(shared_dir: Path) -> list[str]:
    lists = shared_dir / "data" / "lists"
    return [
        "--lists",
        str(lists / "ofac-sdn-2021-07" / "sdn.csv"),
        "--lists",
        str(lists / "un-consolidated-2026-02" / "UN_consolidated.xml"),
    ]


def test_screen_json_with_lists(shared_dir):
    result = runner.invoke(
        app, ["screen", str(SEED), str(AFR), *_lists(shared_dir), "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    seed, afr = payload["verdicts"]
    assert seed["level"] == "high"
    assert {"listed-aircraft", "listed-operator"} <= {f["indicator"] for f in seed["findings"]}
    assert afr["level"] == "clear"
    assert payload["problems"] == []


def test_screen_report_without_lists_says_what_did_not_run():
    result = runner.invoke(app, ["screen", str(SEED), str(KOR_FPL)])
    assert result.exit_code == 0, result.output
    assert "HIGH" in result.stdout
    assert "not run: listed-aircraft" in result.stdout
    assert "require-landing" in result.stdout
    assert "repeated-changes" in result.stdout


def test_bad_files_get_one_line_each_and_good_ones_are_screened(tmp_path):
    bad_permit = tmp_path / "bad.yaml"
    bad_permit.write_text(SEED.read_text().replace("mtow_kg: 190000", "mtow_kg: heavy"))
    bad_fpl = tmp_path / "bad.txt"
    bad_fpl.write_text("(FPL-KOR152-IN\n-IL76/H-S/S\n-ZKPY0100\n-N04X0F330 DCT\n-OSDI1130\n-0)\n")
    result = runner.invoke(
        app, ["screen", str(bad_permit), str(bad_fpl), str(AFR), "--format", "json"]
    )
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    assert [v["aircraft_id"] for v in payload["verdicts"]] == ["AFR292"]
    problems = payload["problems"]
    assert any(p.startswith(f"{bad_permit}:") and "aircraft.mtow_kg" in p for p in problems)
    assert any(str(bad_fpl) in p and "field 15" in p for p in problems)
    assert len(result.stderr.strip().splitlines()) == len(problems)


def test_policy_file_is_used(tmp_path):
    text = (REPO / "src" / "overflight" / "screening" / "policy.yaml").read_text()
    policy = tmp_path / "strict.yaml"
    policy.write_text(re.sub(r"(?m)^version: .*$", 'version: "strict-1"', text))
    result = runner.invoke(app, ["screen", str(AFR), "--policy", str(policy), "--format", "json"])
    assert result.exit_code == 0
    assert json.loads(result.stdout)["verdicts"][0]["policy"] == "overflight default strict-1"


def test_unreadable_policy_is_one_error_line(tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("name: x\nversion: 1\nthresholds: {review: 1}\n")
    result = runner.invoke(app, ["screen", str(AFR), "--policy", str(policy)])
    assert result.exit_code == 2
    assert "thresholds" in result.stderr


def _store_sdn(shared_dir: Path, db: Path) -> None:
    sdn = shared_dir / "data" / "lists" / "ofac-sdn-2021-07" / "sdn.csv"
    with open_store(db) as store, store.session() as session, session.begin():
        body = ListFileBody("sdn.csv", sdn.read_bytes())
        import_list_version(session, "admin", [body], load_policy(), datetime.now(UTC))


def test_screen_on_a_store_uses_the_lists_imported_into_it(shared_dir, tmp_path):
    db = tmp_path / "lists.db"
    _store_sdn(shared_dir, db)
    on_store = runner.invoke(app, ["screen", str(SEED), "--db", str(db), "--format", "json"])
    assert on_store.exit_code == 0, on_store.output
    (verdict,) = json.loads(on_store.stdout)["verdicts"]
    assert "sdn.csv" in verdict["lists"]
    assert "listed-operator" in {f["indicator"] for f in verdict["findings"]}
    alone = runner.invoke(app, ["screen", str(SEED), "--format", "json"])
    (verdict,) = json.loads(alone.stdout)["verdicts"]
    assert not any(f["indicator"].startswith("listed-") for f in verdict["findings"])
    missing = runner.invoke(app, ["screen", str(SEED), "--db", str(tmp_path / "typo.db")])
    assert missing.exit_code == 2  # a mistyped store is refused, not made


def test_screen_without_db_uses_the_default_store_lists(shared_dir, tmp_path, default_home):
    un = shared_dir / "data" / "lists" / "un-consolidated-2026-02" / "UN_consolidated.xml"
    _store_sdn(shared_dir, default_home / "overflight.db")
    report = runner.invoke(app, ["screen", str(SEED)], env={"COLUMNS": "250"})
    assert report.exit_code == 0, report.output
    assert "sdn.csv" in report.stdout
    assert "(list version 1), the newest in" in report.stdout
    assert "listed-operator" in report.stdout
    given = runner.invoke(app, ["screen", str(SEED), "--lists", str(un), "--format", "json"])
    (verdict,) = json.loads(given.stdout)["verdicts"]
    assert "UN_consolidated.xml" in verdict["lists"]
    assert "sdn.csv" not in verdict["lists"]


def test_screen_without_db_never_makes_the_default_store(default_home):
    result = runner.invoke(app, ["screen", str(SEED)])
    assert result.exit_code == 0, result.output
    assert "not run: listed-aircraft" in result.stdout
    assert not default_home.exists()
