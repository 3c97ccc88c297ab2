"""Account repository functions: users, logins by token hash, expiry clean-up, audit order."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from account_rows import NOW, login_row, user_row

from overflight.store import (
    add,
    get_telegram,
    latest_transit_snapshot,
    open_store,
    use_write_ahead_log,
)
from overflight.store.accounts import (
    audit_events,
    count_users,
    delete_auth_session,
    delete_expired_sessions,
    session_by_token_hash,
    user_by_name,
)
from overflight.store.schema import AuditEventRow


def test_accounts_round_trip_and_logins_expire(tmp_path: Path) -> None:
    with open_store(tmp_path / "a.db") as store, store.session() as session, session.begin():
        assert count_users(session) == 0
        user = add(session, user_row("ayse"))
        assert count_users(session) == 1
        assert user_by_name(session, "ayse") is user
        assert user_by_name(session, "AYSE") is None  # user names are exact
        assert user_by_name(session, "AYSE", any_case=True) is user  # unless asked
        add(session, user_row("Ayse"))  # a store from before names were lower case
        assert user_by_name(session, "aYSE", any_case=True) is user  # the oldest first
        for token, hours in (("a" * 64, 1), ("b" * 64, -1)):
            add(session, login_row(user.id, token, hours))
        assert delete_expired_sessions(session, NOW) == 1
        assert session_by_token_hash(session, "b" * 64) is None
        found = session_by_token_hash(session, "a" * 64)
        assert found is not None
        assert found.expires_at == NOW + timedelta(hours=1)  # aware UTC back
        delete_auth_session(session, "a" * 64)
        assert session_by_token_hash(session, "a" * 64) is None


def test_audit_events_newest_first_and_by_object(tmp_path: Path) -> None:
    with open_store(tmp_path / "b.db") as store, store.session() as session, session.begin():
        for i, kind in enumerate(("case", "telegram", "case")):
            add(
                session,
                AuditEventRow(
                    at=NOW + timedelta(minutes=i),
                    username="u",
                    action="read",
                    object_kind=kind,
                    object_id=str(i),
                    detail="",
                ),
            )
        assert [r.object_id for r in audit_events(session)] == ["2", "1", "0"]
        assert [r.object_id for r in audit_events(session, object_kind="case")] == ["2", "0"]
        assert [r.object_id for r in audit_events(session, object_id="1")] == ["1"]
        assert get_telegram(session, 1) is None
        assert latest_transit_snapshot(session, 1) is None


def test_write_ahead_log_is_set_on_a_sqlite_file_only(tmp_path: Path) -> None:
    with open_store(tmp_path / "c.db") as store:
        assert use_write_ahead_log(store.engine)
        assert (tmp_path / "c.db").exists()
    with open_store("sqlite://") as memory:
        assert not use_write_ahead_log(memory.engine)
