from __future__ import annotations

import socket
from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app

runner = CliRunner()
WIDE = {"COLUMNS": "250"}


@pytest.fixture(autouse=True)
def default_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A default store location of the test's own, empty until a test imports into it."""
    home = tmp_path / "home"
    monkeypatch.setenv("OVERFLIGHT_HOME", str(home))
    monkeypatch.delenv("OVERFLIGHT_DB", raising=False)
    return home


def _lists(shared_dir: Path) -> Path:
    return shared_dir / "data" / "lists"


def test_import_counts_schemas_programmes_and_reports_bad_rows_then_exits_1(
    shared_dir: Path, tmp_path: Path
) -> None:
    bad = tmp_path / "sdn.csv"
    bad.write_text(
        '20520,"AIR KORYO",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n'
        'oops,"BROKEN",-0- ,"DPRK3",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n',
        encoding="utf-8",
    )
    un = _lists(shared_dir) / "un-consolidated-2026-02" / "UN_consolidated.xml"
    result = runner.invoke(app, ["lists", "import", str(un), str(bad)], env=WIDE)
    assert result.exit_code == 1, result.output  # a report with an unreadable row is no clean read
    assert "un-xml" in result.output
    assert "ofac-sdn-csv" in result.output
    assert "person" in result.output
    assert "730" in result.output
    assert "DPRK3" in result.output
    assert "Al-Qaida" in result.output
    line = next(row for row in result.output.splitlines() if "'oops'" in row)
    assert "sdn.csv" in line
    assert " 2 " in line
    assert "ent_num" in line


def test_import_rejects_unknown_files_with_one_line(tmp_path: Path) -> None:
    odd = tmp_path / "notes.txt"
    odd.write_text("hello\n", encoding="utf-8")
    result = runner.invoke(app, ["lists", "import", str(odd)])
    assert result.exit_code == 2
    assert "notes.txt" in result.output
    assert "not a list format" in result.output


def test_search_finds_cross_list_spelling_with_reasons(shared_dir: Path) -> None:
    lists = _lists(shared_dir)
    result = runner.invoke(
        app,
        [
            "lists", "search", "SAEINGP'IL COMPANY",
            "--list", str(lists / "ofac-sdn-2021-07" / "sdn.csv"),
            "--list", str(lists / "un-consolidated-2026-02" / "UN_consolidated.xml"),
        ],
        env=WIDE,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "12212" in result.output
    assert "KPe.010" in result.output
    assert "token_sort_ratio" in result.output


def test_search_mahan_airlines_finds_mahan_air_first(shared_dir: Path) -> None:
    sdn = _lists(shared_dir) / "ofac-sdn-2021-07" / "sdn.csv"
    result = runner.invoke(app, ["lists", "search", "Mahan Airlines", "--list", str(sdn)], env=WIDE)
    assert result.exit_code == 0, result.output
    first = next(line for line in result.output.splitlines() if "AIR" in line)
    assert "MAHAN AIR" in first
    assert "CASPIAN" not in first


def test_search_by_tail_number(shared_dir: Path) -> None:
    sdn = _lists(shared_dir) / "ofac-sdn-2021-07" / "sdn.csv"
    result = runner.invoke(
        app,
        ["lists", "search", "P 913", "--identifier", "registration", "--list", str(sdn)],
        env=WIDE,
    )
    assert result.exit_code == 0, result.output
    assert "20555" in result.output
    assert "20554" not in result.output


def test_search_needs_a_list_or_a_stored_version(default_home: Path) -> None:
    result = runner.invoke(app, ["lists", "search", "AIR KORYO"])
    assert result.exit_code == 2
    assert "--list" in result.output
    assert not default_home.exists()  # never made by a search


def test_search_reads_the_stored_newest_version_and_weighs_birth_and_nationality(
    shared_dir: Path, default_home: Path
) -> None:
    un = _lists(shared_dir) / "un-consolidated-2026-02" / "UN_consolidated.xml"
    db = str(default_home / "overflight.db")
    stored = runner.invoke(app, ["lists", "import", str(un), "--db", db, "--by", "admin"])
    assert stored.exit_code == 0, stored.output
    search = ["lists", "search", "Yoon Ho-jin", "--schema", "person", "--threshold", "0.9"]
    plain = runner.invoke(app, search, env=WIDE)
    assert plain.exit_code == 0, plain.output
    assert "Searching" in plain.output
    assert "(list version 1)" in plain.output
    assert "KPi.001" in plain.output
    born = runner.invoke(app, [*search, "--born", "1944", "--nationality", "KP"], env=WIDE)
    assert born.exit_code == 0, born.output
    assert "birth_year_match" in born.output
    assert "nationality_match" in born.output
    other = runner.invoke(app, [*search, "--born", "1971-03-02", "--db", db], env=WIDE)
    assert other.exit_code == 0, other.output
    assert "KPi.001" not in other.output  # 0.9 x 0.80: below the threshold
    bad = runner.invoke(app, [*search, "--nationality", "Atlantis"])
    assert bad.exit_code == 2
    assert "--nationality" in bad.output


def _closed_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_fetch_without_network_fails_clearly_and_leaves_no_file(tmp_path: Path) -> None:
    url = f"http://127.0.0.1:{_closed_port()}/SDN.CSV"
    result = runner.invoke(
        app, ["lists", "fetch", str(tmp_path), "--source", f"ofac-sdn={url}", "--timeout-s", "2"]
    )
    assert result.exit_code == 2
    assert "ofac-sdn" in result.output
    assert "cannot reach" in result.output
    assert url in result.output
    assert list(tmp_path.iterdir()) == []


def test_fetch_rejects_a_malformed_source(tmp_path: Path) -> None:
    for source in ("ofac-sdn=ftp://127.0.0.1/SDN.CSV", "nonsense"):
        result = runner.invoke(app, ["lists", "fetch", str(tmp_path), "--source", source])
        assert result.exit_code == 2
        assert "NAME=URL" in result.output
    assert list(tmp_path.iterdir()) == []
