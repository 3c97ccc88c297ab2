"""Bad input through the commands: one clear line on stderr, a non-zero exit, never a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from overflight.cli import EXIT_INPUT, EXIT_SOFTWARE, app

runner = CliRunner()
STORY = Path(__file__).parents[2] / "src" / "overflight" / "story"
SRC = Path(__file__).parents[2] / "src"


def run(*args: str) -> Result:
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "300"})


def one_error_line(result: Result) -> str:
    """The one line a refused command printed on stderr."""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("error: "), result.stderr
    assert "Traceback" not in result.output
    return lines[0]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A store with the story's first case in it."""
    folder = tmp_path_factory.mktemp("store")
    db = str(folder / "o.db")
    made = run("run", str(STORY / "01-fpl.txt"), "--db", db, "--drafts", str(folder / "drafts"),
               "--now", "2008-02-01T00:30Z")  # fmt: skip
    assert made.exit_code == 0, made.output
    return db


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("mysql://user@host/db", "'mysql' is not supported"),
        ("nonsense://::::", "neither a file path nor a URL"),
        ("oracle+cx_oracle://u@h/d", "'oracle' is not supported"),
    ],
)
def test_a_store_url_of_another_backend_or_malformed_is_refused_up_front(url, said):
    result = run("case", "list", "--db", url)
    assert result.exit_code == EXIT_INPUT
    assert said in one_error_line(result)


def test_reading_commands_refuse_a_missing_store_and_make_none(tmp_path):
    typo = tmp_path / "typo.db"
    for args in (
        ("case", "list"),
        ("case", "show", "1"),
        ("user", "list"),
        ("cable", "compose", "1"),
    ):
        result = run(*args, "--db", str(typo))
        assert result.exit_code == EXIT_INPUT, args
        assert "no store at" in one_error_line(result)
    assert not typo.exists()


def test_run_makes_a_new_store_and_says_so(tmp_path):
    db = tmp_path / "new" / "o.db"
    result = run("run", str(STORY / "01-fpl.txt"), "--db", str(db), "--drafts",
                 str(tmp_path / "drafts"), "--now", "2008-02-01T00:30Z")  # fmt: skip
    assert result.exit_code == 0, result.output
    assert f"new store made at sqlite:///{db}" in result.stderr
    again = run("run", str(STORY / "01-fpl.txt"), "--db", str(db), "--drafts",
                str(tmp_path / "drafts"), "--now", "2008-02-01T00:31Z")  # fmt: skip
    assert "new store" not in again.stderr


@pytest.mark.parametrize(
    "args",
    [
        ("route", "KJFK", "EGLL", "--speed", "N0450", "--departure", "9999-12-31T23:00Z"),
        ("route", "KJFK", "EGLL", "--speed", "N0450", "--departure", "1066-10-14T09:00Z"),
        ("run", "--now", "9999-12-31T23:59Z", str(STORY / "01-fpl.txt")),
        ("cable", "compose", "1", "--now", "9999-12-31T23:59Z"),
        ("case", "list", "--now", "9999-12-31T23:59Z"),
    ],
)
def test_times_outside_1900_to_2199_are_refused(args, store, tmp_path):
    extra = ("--db", store) if args[0] in ("run", "cable", "case") else ()
    if args[0] == "run":
        extra += ("--drafts", str(tmp_path / "drafts"))
    result = run(*args, *extra)
    assert result.exit_code == EXIT_INPUT
    assert "is outside the years 1900–2199" in one_error_line(result)


def test_one_row_of_a_batch_far_in_the_future_costs_only_that_row(tmp_path):
    batch = tmp_path / "routes.csv"
    batch.write_text("KJFK,EGLL,,9999-12-31T23:00Z,N0450\nKJFK,EGLL,,2020-06-01T10:00Z,N0450\n")
    result = run("route", "--batch", str(batch))
    assert result.exit_code == 1
    assert "routes.csv:1: departure_time: '9999-12-31T23:00Z' is outside" in " ".join(
        result.stderr.split()
    )
    assert result.stdout.count("\n") == 1  # the good row's JSON line


def test_a_csv_field_over_the_csv_limit_is_a_bad_row(tmp_path):
    batch = tmp_path / "routes.csv"
    batch.write_text(f"KJFK,EGLL,{'A' * 200_000}\nKJFK,EGLL\n")
    result = run("route", "--batch", str(batch))
    assert result.exit_code == 1
    assert "routes.csv:1: not a CSV row: field larger than field limit" in " ".join(
        result.stderr.split()
    )
    assert result.stdout.count("\n") == 1


def test_a_route_from_an_aerodrome_to_itself_is_a_point(tmp_path):
    result = run("route", "KJFK", "KJFK", "--format", "json", "--map", str(tmp_path / "k.svg"))
    assert result.exit_code == 0, result.output
    assert (tmp_path / "k.svg").is_file()


@pytest.mark.parametrize("case_id", ["99999999999999999999", "2147483648", "0"])
def test_case_ids_beyond_the_stores_integers_are_no_case(case_id, store):
    for args in (("case", "show", case_id), ("case", "timeline", case_id),
                 ("cable", "compose", case_id)):  # fmt: skip
        result = run(*args, "--db", store)
        assert result.exit_code == EXIT_INPUT, args
        assert f"no case with id {case_id}" in one_error_line(result)


def test_output_paths_are_checked_before_any_work(tmp_path, store):
    folder = tmp_path / "a.svg"
    folder.mkdir()
    a_file = tmp_path / "file"
    a_file.write_text("")
    cases = [
        (("route", "KJFK", "EGLL", "--map", str(folder)), "is a folder"),
        (("route", "KJFK", "EGLL", "--map", str(a_file / "x.svg")), "cannot make the folder"),
        (("route", "KJFK", "EGLL", "--map", str(tmp_path / "x.pdf")), "write to a .svg or .png"),
        (("route", "--batch", str(a_file), "--out", str(folder)), "is a folder"),
        (("cable", "compose", "1", "--db", store, "--out", str(a_file / "t.txt")),
         "cannot make the folder"),
        (("chokepoints", "ZKPY", "OSDI", "--aircraft", "IL76", "--map", str(folder)),
         "is a folder"),
        (("track", str(a_file), "--map", str(a_file / "m.svg")), "cannot make the folder"),
    ]  # fmt: skip
    for args, said in cases:
        result = run(*args)
        assert result.exit_code == EXIT_INPUT, args
        line = one_error_line(result)
        assert said in line, args
        assert result.stdout == "", args  # refused before anything was printed


def test_an_unforeseen_error_is_one_line_and_exit_70(tmp_path, store):
    # A fault no user input causes (a bug), put in the command's way; the real command then runs
    # in a child process as a user runs it.
    code = (
        "import sys, overflight.cli.case as c\n"
        "def broken(*a, **k): raise ZeroDivisionError('a fault')\n"
        "c.cases.list_cases = broken\n"
        f"sys.argv = ['overflight', 'case', 'list', '--db', {store!r}]\n"
        "from overflight.cli import main; main()\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert child.returncode == EXIT_SOFTWARE
    assert child.stderr.strip() == (
        "error: unexpected ZeroDivisionError: a fault (OVERFLIGHT_DEBUG=1 shows where)"
    )
    env["OVERFLIGHT_DEBUG"] = "1"
    debug = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert debug.returncode == 1
    assert "Traceback" in debug.stderr


NOT_UTF8 = (
    b"(FPL-KOR7717-IN\n-IL76/H-S/C\n-ZKPY0400\n-N0450F330 DCT\n-OSDI0930\n-DOF/080601 \xff)\n"
)


def test_files_of_bad_bytes_are_refused_at_the_byte_by_every_reader_of_messages(tmp_path, store):
    path = tmp_path / "plan.txt"
    path.write_bytes(NOT_UTF8)
    said = f"{path}:6:13: not UTF-8 text (byte 0xff)"
    for args in (("ats", "parse", str(path)), ("route", "--fpl", str(path))):
        result = run(*args)
        assert result.exit_code == EXIT_INPUT, args
        assert one_error_line(result) == f"error: {said}"
    ran = run("run", str(path), "--db", store, "--drafts", str(tmp_path / "d"),
              "--now", "2008-02-01T00:30Z")  # fmt: skip
    assert ran.exit_code == 1
    assert said in " ".join(ran.stdout.split())
    assert "case 2 opened" not in ran.stdout


@pytest.mark.parametrize(
    ("name", "body"),
    [("empty.txt", b""), ("routes.csv", b"a,b\n1,2\n"), ("list.xml", b"<sdnList/>\n")],
)
def test_a_file_with_nothing_readable_is_an_error_saying_what_was_expected(
    tmp_path, store, name, body
):
    path = tmp_path / name
    path.write_bytes(body)
    for args in (("ats", "parse", str(path)), ("ats", "flights", str(path)),
                 ("route", "--fpl", str(path))):  # fmt: skip
        result = run(*args)
        assert result.exit_code == 1, args
        assert "no ATS message in it: expected messages in brackets" in " ".join(
            result.output.split()
        )
    ran = run("run", str(path), "--db", store, "--drafts", str(tmp_path / "d"),
              "--now", "2008-02-01T00:30Z")  # fmt: skip
    assert ran.exit_code == 1
    said = " ".join(ran.stdout.split())
    assert f"problem: {path}" in said  # a CSV is read as permit requests, and refused as such
    if name != "routes.csv":
        assert f"{name}: nothing to read: expected ATS messages" in said


def test_a_grid_too_fine_for_the_machine_is_refused_with_its_estimate():
    for command in ("chokepoints", "routes"):
        result = run(command, "ZKPY", "OSDI", "--aircraft", "IL76", "--grid-deg", "0.01")
        assert result.exit_code == EXIT_INPUT
        line = one_error_line(result)
        assert "0.01° would put about 106,110,000 waypoints in this flight's corridor" in line
        assert "use 0.6° or more" in line


@pytest.mark.parametrize("limit", [None, "7", "0"])
def test_errors_printed_are_capped_and_counted(tmp_path, limit):
    plans = tmp_path / "bad.txt"
    plans.write_text("(FPL-X\n" * 120)
    batch = tmp_path / "routes.csv"
    batch.write_text("KJFK\n" * 120)
    env = {"COLUMNS": "300"} | ({"OVERFLIGHT_MAX_ERRORS": limit} if limit else {})
    shown = {None: 50, "7": 7, "0": 120}[limit]
    parsed = runner.invoke(app, ["ats", "parse", str(plans)], env=env)
    assert parsed.exit_code == 1
    assert parsed.stdout.count("bad.txt") == shown
    assert ("120 in all; OVERFLIGHT_MAX_ERRORS=0 shows every one" in parsed.stdout) == (shown < 120)
    routed = runner.invoke(app, ["route", "--batch", str(batch)], env=env)
    assert routed.exit_code == 1
    assert routed.stderr.count("bad line /") == shown
    assert routed.stderr.strip().endswith("0 routes written, 120 bad lines")
    if shown < 120:
        assert f"… and {120 - shown} more (120 in all;" in routed.stderr
