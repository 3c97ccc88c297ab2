from pathlib import Path

from typer.testing import CliRunner

from overflight.cli import app
from overflight.store import open_store

runner = CliRunner()
STORY = Path(__file__).parents[2] / "src" / "overflight" / "story"


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False, env={"COLUMNS": "160"})


def test_run_opens_a_case_drafts_an_action_request_and_keeps_it(tmp_path):
    db, drafts = str(tmp_path / "o.db"), tmp_path / "drafts"
    common = ("--db", db, "--drafts", str(drafts), "--serial", "STATE 43804")
    result = run("run", str(STORY / "01-fpl.txt"), *common, "--now", "2008-02-01T00:30Z")
    assert result.exit_code == 0, result.output
    assert "case 1 opened" in result.stdout
    assert (drafts / "case-1-STATE-043804.txt").is_file()

    again = run("run", str(STORY / "01-fpl.txt"), *common, "--now", "2008-02-01T00:31Z")
    assert "0 messages stored, 1 already known" in again.stdout
    assert "opened" not in again.stdout

    board = run("case", "list", "--db", db, "--now", "2008-02-20T00:00Z")
    assert "KOR7717 ZKPY-OSDI" in board.stdout
    assert "overdue" in board.stdout  # nobody reported before the aircraft entered

    shown = run("case", "show", "1", "--db", db)
    assert "AMEMBASSY ANKARA" in shown.stdout
    assert "no_response" in shown.stdout

    timeline = run("case", "timeline", "1", "--db", db)
    assert "opened" in timeline.stdout
    assert "demarche" in timeline.stdout


def test_plain_run_signs_and_names_a_point_of_contact_from_the_environment(tmp_path):
    drafts = tmp_path / "drafts"
    result = runner.invoke(
        app,
        ["run", str(STORY / "01-fpl.txt"), "--db", str(tmp_path / "o.db"), "--drafts",
         str(drafts), "--now", "2008-02-01T00:30Z"],
        env={"COLUMNS": "160", "OVERFLIGHT_POINT_OF_CONTACT": "Desk officer, ISN/CPI",
             "OVERFLIGHT_SIGNATURE": "RICE", "OVERFLIGHT_SLUGS": "ISN,EUR"},
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (drafts / "case-1-STATE-000001.txt").read_text()
    assert "Washington point of contact for follow-up is Desk officer, ISN/CPI." in text
    assert "Please slug responses for ISN and EUR." in text
    assert text.rstrip().endswith("RICE")


def test_run_takes_its_desk_from_a_file(tmp_path):
    desk = tmp_path / "desk.yaml"
    desk.write_text(
        "drafting: {signature: CLINTON, serial: STATE 2000}\nasks: {default: monitor}\n"
    )
    drafts = tmp_path / "drafts"
    result = run("run", str(STORY / "01-fpl.txt"), "--db", str(tmp_path / "o.db"), "--drafts",
                 str(drafts), "--now", "2008-02-01T00:30Z", "--desk", str(desk))  # fmt: skip
    assert result.exit_code == 0, result.output
    text = (drafts / "case-1-STATE-002000.txt").read_text()
    assert "REQUEST TO MONITOR AND REPORT" in text
    assert text.rstrip().endswith("CLINTON")
    bad = tmp_path / "bad.yaml"
    bad.write_text("asks: {default: seize}\n")
    refused = run("run", str(STORY / "01-fpl.txt"), "--db", str(tmp_path / "o.db"), "--desk",
                  str(bad))  # fmt: skip
    assert refused.exit_code == 2
    assert "'seize' is not an ask" in refused.stderr


def test_run_reports_problems_and_exits_1(tmp_path):
    result = run(
        "run", str(tmp_path / "none.txt"), "--db", str(tmp_path / "o.db"), "--drafts", str(tmp_path)
    )
    assert result.exit_code == 1
    assert "cannot read" in result.stdout


def test_case_show_unknown_id_is_one_clear_line(tmp_path):
    open_store(tmp_path / "o.db").close()
    result = run("case", "show", "42", "--db", str(tmp_path / "o.db"))
    assert result.exit_code == 2
    assert "42" in result.stderr
    assert "Traceback" not in result.output


def test_demo_replays_the_story_to_the_thank_you(demo_run):
    out, result = demo_run  # the session's one demo run (tests/cli/conftest.py)
    assert result.exit_code == 0, result.output
    assert "case 1 opened" in result.stdout
    assert "outcome: case 1: cancelled" in result.stdout
    thanks = (out / "drafts" / "case-1-STATE-056778.txt").read_text()
    assert "thanks to your efforts the flight had to be canceled" in thanks
    assert (out / "zkpy-osdi.svg").is_file()
    assert (out / "non-paper-TUR.txt").read_text().startswith("SECRET//REL TO USA")
    assert "in a browser: overflight serve --db" in result.stdout


def test_cable_compose_drafts_from_the_store(tmp_path):
    db = str(tmp_path / "o.db")
    run(
        "run",
        str(STORY / "01-fpl.txt"),
        "--db",
        db,
        "--drafts",
        str(tmp_path),
        "--now",
        "2008-02-01T00:30Z",
    )
    action = run(
        "cable", "compose", "1", "--db", db, "--serial", "STATE 43810", "--now", "2008-02-02T09:00Z"
    )
    assert action.exit_code == 0, action.output
    assert "S E C R E T STATE 043810" in action.stdout
    # Redrafted after the flight's entry times: every post gets it NIACT, to report at once.
    assert "AMEMBASSY ANKARA NIACT IMMEDIATE" in action.stdout
    assert "Please report host government responses immediately" in action.stdout
    signed = runner.invoke(
        app,
        ["cable", "compose", "1", "--db", db, "--serial", "STATE 43811", "--now",
         "2008-02-02T09:00Z"],
        env={"OVERFLIGHT_SIGNATURE": "RICE", "OVERFLIGHT_POINT_OF_CONTACT": "ISN/CPI"},
    )  # fmt: skip
    assert signed.stdout.rstrip().endswith("RICE")
    assert "Washington point of contact for follow-up is ISN/CPI." in signed.stdout
    # Nobody has answered yet: there is no one to thank.
    thanks = run("cable", "compose", "1", "--db", db, "--kind", "thanks")
    assert thanks.exit_code == 2
    assert "no state to address" in thanks.stderr
    unknown = run("cable", "compose", "1", "--db", db, "--kind", "memo")
    assert "--kind: 'memo'" in unknown.stderr


def test_cases_a_run_opens_are_secret_noforn_unless_told_otherwise(tmp_path):
    fpl = str(STORY / "01-fpl.txt")
    default = tmp_path / "a.db"
    run("run", fpl, "--db", str(default), "--drafts", str(tmp_path), "--now", "2008-02-01T00:30Z")
    assert "SECRET//NOFORN" in run("case", "list", "--db", str(default)).stdout
    partner = tmp_path / "b.db"
    run(
        "run",
        fpl,
        "--db",
        str(partner),
        "--drafts",
        str(tmp_path),
        "--now",
        "2008-02-01T00:30Z",
        "--case-marking",
        "(S//REL TO USA, TUR)",
    )
    assert "SECRET//REL TO USA, TUR" in run("case", "list", "--db", str(partner)).stdout
    bad = run("run", fpl, "--db", str(partner), "--case-marking", "(S//REL TO XXX)")
    assert bad.exit_code == 2
    assert "Traceback" not in bad.output
