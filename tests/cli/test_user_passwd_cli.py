"""``overflight user passwd`` and ``unlock``: the same services as the admin API."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app
from overflight.markings import ClassificationLevel
from overflight.services.accounts import (
    MAX_FAILED_LOGINS,
    AccountLockedError,
    authenticate,
    create_user,
)
from overflight.services.audit import (
    audit_trail,
)
from overflight.store import open_store

runner = CliRunner()
OLD = "the old password"
NEW = "the new password"


@pytest.fixture
def db(tmp_path: Path) -> str:
    """A store with one account, ``ayse``, whose password is ``OLD``."""
    path = str(tmp_path / "o.db")
    with open_store(path) as store, store.session() as session, session.begin():
        create_user(session, "ayse", OLD, clearance=ClassificationLevel.S, nationality="TUR")
    return path


def test_passwd_asks_twice_and_sets_the_password(db: str) -> None:
    result = runner.invoke(app, ["user", "passwd", "ayse", "--db", db], input=f"{NEW}\n{NEW}\n")
    assert result.exit_code == 0, result.output
    assert NEW not in result.output  # hidden
    assert "password of ayse set; 0 login(s) ended" in result.stdout
    with open_store(db) as store, store.session() as session:
        assert authenticate(session, "ayse", NEW) is not None
        assert authenticate(session, "ayse", OLD) is None
        rows = audit_trail(session, object_kind="user")  # newest first
        assert [(e.username, e.action) for e in rows] == [("ayse", "denied"), ("cli", "change")]


def test_passwd_refuses_a_short_password_or_an_unknown_user(db: str) -> None:
    short = runner.invoke(app, ["user", "passwd", "ayse", "--db", db], input="short\nshort\n")
    assert short.exit_code == 2
    assert "new_password: use at least 12 characters" in short.stderr
    ghost = runner.invoke(app, ["user", "passwd", "ghost", "--db", db], input=f"{NEW}\n{NEW}\n")
    assert ghost.exit_code == 2
    assert "user ghost not found" in ghost.stderr


def test_unlock_lifts_a_lockout(db: str) -> None:
    with open_store(db) as store, store.session() as session:
        for _ in range(MAX_FAILED_LOGINS - 1):
            assert authenticate(session, "ayse", "wrong") is None
        with pytest.raises(AccountLockedError):
            authenticate(session, "ayse", "wrong")
    result = runner.invoke(app, ["user", "unlock", "ayse", "--db", db])
    assert result.exit_code == 0, result.output
    assert "ayse unlocked" in result.stdout
    with open_store(db) as store, store.session() as session:
        assert authenticate(session, "ayse", OLD) is not None
