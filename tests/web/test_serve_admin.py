"""``overflight serve`` creates the local admin once, on a store with no account."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from overflight.cli import app
from overflight.cli.serve import first_admin, serve_settings
from overflight.errors import OverflightError
from overflight.services.accounts import Role, authenticate
from overflight.store import open_store
from overflight.web import create_app


def test_first_admin_is_created_once_and_can_log_in(tmp_path: Path) -> None:
    database = str(tmp_path / "fresh.db")
    created = first_admin(database)
    assert created is not None
    user, password = created
    assert len(password) >= 16
    assert first_admin(database) is None  # a second start creates nothing
    with open_store(database) as store, store.session() as session:
        account = authenticate(session, user, password)
        assert account is not None
        assert account.role is Role.ADMIN
        assert authenticate(session, user, password + "x") is None


def test_serve_screens_against_the_lists_given_until_an_admin_imports_one(
    tmp_path: Path, shared_dir: Path
) -> None:
    un = shared_dir / "data" / "lists" / "un-consolidated-2026-02" / "UN_consolidated.xml"
    settings = serve_settings(str(tmp_path / "s.db"), [un], None, secure_cookies=True)
    assert settings.reference.lists is not None
    assert "UN_consolidated.xml" in settings.reference.lists_label
    assert settings.secure_cookies
    app = create_app(settings)
    assert app.state.screening_lists.list_file_id is None  # nothing imported: the start-up lists
    app.state.store.close()


def test_serve_refuses_a_list_file_with_no_entity(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("")
    with pytest.raises(OverflightError):
        serve_settings(None, [empty], None, secure_cookies=False)


def test_serve_refuses_a_port_out_of_range_before_starting(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["serve", "--port", "99999", "--db", str(tmp_path / "p.db")])
    assert result.exit_code == 2
    assert "--port" in result.output
    assert "65535" in result.output
    assert not (tmp_path / "p.db").exists()  # refused before the store was touched
