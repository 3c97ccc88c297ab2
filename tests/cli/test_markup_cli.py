"""Data with square brackets is printed as typed: the commands never read it as Rich markup."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from overflight.cli import app

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


def _sdn(tmp_path: Path) -> Path:
    """An OFAC SDN CSV of one entity whose name holds what Rich would take for tags."""
    sdn = tmp_path / "sdn.csv"
    sdn.write_text(
        '20520,"AIR KORYO [PYONGYANG] [/]",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n',
        encoding="utf-8",
    )
    return sdn


def test_a_listed_name_with_brackets_is_shown_as_listed(tmp_path: Path) -> None:
    found = runner.invoke(
        app, ["lists", "search", "AIR KORYO PYONGYANG", "--list", str(_sdn(tmp_path))], env=WIDE
    )
    assert found.exit_code == 0, found.output
    assert "AIR KORYO [PYONGYANG] [/]" in found.output


def test_a_query_with_a_closing_tag_is_echoed_not_parsed(tmp_path: Path) -> None:
    result = runner.invoke(
        app, ["lists", "search", "[/] nobody [x]", "--list", str(_sdn(tmp_path))], env=WIDE
    )
    assert result.exit_code == 0, result.output
    assert "No match for '[/] nobody [x]' in 1 entities." in result.output


def test_a_file_named_with_brackets_is_named_in_the_error(tmp_path: Path) -> None:
    empty = tmp_path / "[red]list[b].csv"
    empty.write_text("", encoding="utf-8")
    result = runner.invoke(app, ["lists", "import", str(empty)], env=WIDE)
    assert result.exit_code != 0
    assert "[red]list[b].csv" in result.output + result.stderr
