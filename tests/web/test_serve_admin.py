"""``overflight serve`` creates the local admin once, on a store with no account."""

from __future__ import annotations

from pathlib import Path

from overflight.cli.serve import first_admin
from overflight.services.accounts import Role, authenticate
from overflight.store import open_store


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
