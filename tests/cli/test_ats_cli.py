from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from overflight.cli import app

runner = CliRunner()
WIDE = {"COLUMNS": "250"}
FEED = Path(__file__).parents[1] / "ats" / "fixtures" / "feed.txt"
REFERENCE = Path(__file__).parents[1] / "ats" / "fixtures" / "reference_examples.txt"


def test_parse_json_lists_messages_and_the_rejected_one_with_its_place():
    result = runner.invoke(app, ["ats", "parse", str(FEED), "--format", "json"], env=WIDE)
    assert result.exit_code == 1
    document = json.loads(result.output)
    assert len(document["messages"]) == 11
    assert document["messages"][0]["message"]["aircraft"]["aircraft_id"] == "DAL18"
    assert document["messages"][0]["message"]["other"]["code"] == "A120F3"
    (error,) = document["errors"]
    assert error["file"] == str(FEED)
    assert error["message"] == 10
    assert error["field"] == "field 15"
    line = FEED.read_text(encoding="utf-8").splitlines()[error["line"] - 1]
    assert line[error["column"] - 1 :].startswith("N04X0F350")


def test_parse_clean_file_exits_zero_and_shows_a_table():
    result = runner.invoke(app, ["ats", "parse", str(REFERENCE)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "17 messages" in result.output
    assert "QFA8" in result.output
    assert "rejected" not in result.output


def test_strict_rejects_what_lenient_only_warns(tmp_path: Path):
    path = tmp_path / "zzzz.txt"
    path.write_text("(FPL-ABC-IS-ZZZZ/L-S/C-EGLL0900-N0450F350 DCT-LFPG0100-DOF/260301)\n")
    lenient = runner.invoke(app, ["ats", "parse", str(path)], env=WIDE)
    strict = runner.invoke(app, ["ats", "parse", str(path), "--strict"], env=WIDE)
    assert lenient.exit_code == 0
    assert "1 warnings" in lenient.output
    assert strict.exit_code == 1
    assert "1 rejected" in strict.output
    assert "TYP/" in strict.output


def test_flights_links_the_feed():
    result = runner.invoke(app, ["ats", "flights", str(FEED)], env=WIDE)
    assert result.exit_code == 1  # one message of the feed does not read
    assert "KOR151" in result.output
    assert "arrived" in result.output
    assert "2026-05-29 0330" in result.output
    assert "unmatched" in result.output
    assert "1 rejected" in result.output


def test_flights_on_clean_input_exits_zero(tmp_path: Path):
    path = tmp_path / "ok.txt"
    path.write_text(
        "(FPL-RAQ-VG-C172/L-V/C-YBSU0540-N0115A035 DCT-YRED0021-DOF/160502)\n"
        "(ARR-RAQ-YBSU-YRED-ZZZZ0622 CABOOLTURE)\n"
    )
    result = runner.invoke(app, ["ats", "flights", str(path)], env=WIDE)
    assert result.exit_code == 0, result.output
    assert "diverted from YRED" in result.output


def test_missing_file_is_an_input_error():
    result = runner.invoke(app, ["ats", "parse", "/nonexistent/feed.txt"], env=WIDE)
    assert result.exit_code == 2
