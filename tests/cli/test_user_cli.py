from typer.testing import CliRunner

from overflight.cli import app
from overflight.services.accounts import authenticate
from overflight.services.audit import audit_trail
from overflight.store import open_store

runner = CliRunner()


def test_user_add_creates_an_account_that_can_log_in(tmp_path):
    db = str(tmp_path / "o.db")
    result = runner.invoke(
        app,
        [
            "user",
            "add",
            "tr_partner",
            "--clearance",
            "S",
            "--nationality",
            "tur",
            "--role",
            "viewer",
            "--db",
            db,
        ],
    )
    assert result.exit_code == 0, result.output
    password = result.stdout.split("password ")[1].split(" ")[0]
    with open_store(db) as store, store.session() as session:
        account = authenticate(session, "tr_partner", password)
    assert account is not None
    assert (account.clearance.name, account.nationality) == ("S", "TUR")
    again = runner.invoke(
        app, ["user", "add", "tr_partner", "--clearance", "S", "--nationality", "TUR", "--db", db]
    )
    assert again.exit_code == 2
    assert "taken" in again.stderr


def test_user_add_names_a_bad_clearance_role_or_nationality(tmp_path):
    db = str(tmp_path / "o.db")
    for args, what in (
        (["--clearance", "X", "--nationality", "USA"], "--clearance"),
        (["--clearance", "S", "--nationality", "USA", "--role", "boss"], "--role"),
        (["--clearance", "S", "--nationality", "ZZZ"], "ZZZ"),
    ):
        result = runner.invoke(app, ["user", "add", "someone", *args, "--db", db])
        assert result.exit_code == 2
        assert what in result.stderr


def test_user_list_shows_each_account_and_whether_it_may_log_in(tmp_path):
    db = str(tmp_path / "o.db")
    accounts = (("tr_partner", "S", "TUR", "viewer"), ("us_analyst", "TS", "USA", "analyst"))
    for name, clearance, nationality, role in accounts:
        options = ["--clearance", clearance, "--nationality", nationality, "--role", role]
        added = runner.invoke(app, ["user", "add", name, *options, "--db", db])
        assert added.exit_code == 0, added.output
    result = runner.invoke(app, ["user", "list", "--db", db])
    assert result.exit_code == 0, result.output
    assert "2 account(s)" in result.stdout
    rows = {line.split("│")[1].strip(): line for line in result.stdout.splitlines() if "│" in line}
    assert "TUR" in rows["tr_partner"]
    assert "viewer" in rows["tr_partner"]
    assert "active" in rows["tr_partner"]
    assert "analyst" in rows["us_analyst"]
    assert "TS" in rows["us_analyst"]


def test_user_add_acts_as_the_owner_and_normalises_the_name(tmp_path):
    # No admin may grant TS with an organisation of their own choosing; the store's owner may.
    db = str(tmp_path / "o.db")
    options = ["--clearance", "TS", "--nationality", "NOR", "--organisation", "NATO"]
    result = runner.invoke(app, ["user", "add", "NATO.Liaison", *options, "--db", db])
    assert result.exit_code == 0, result.output
    assert "added nato.liaison (TS, NOR, viewer)" in result.stdout
    password = result.stdout.split("password ")[1].split(" ")[0]
    with open_store(db) as store, store.session() as session:
        account = authenticate(session, "NATO.Liaison", password)
        assert account is not None
        assert (account.username, account.organisation) == ("nato.liaison", "NATO")
        (added,) = audit_trail(session, action="change")
    assert (added.username, added.detail) == (
        "cli",
        "added nato.liaison: clearance TS, nationality NOR, organisation NATO, role viewer, "
        "active yes",
    )


def test_user_add_refuses_a_look_alike_name(tmp_path):
    db = str(tmp_path / "o.db")
    args = ["user", "add", "\u0430dmin", "--clearance", "U", "--nationality", "USA", "--db", db]
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert "username:" in result.stderr
    assert "U+0430 CYRILLIC SMALL LETTER A" in result.stderr
