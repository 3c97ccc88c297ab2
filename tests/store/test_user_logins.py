"""Counting failed logins, ending an account's logins, looking logins up; SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

from account_rows import NOW, login_row, user_row

from overflight.store import LoginLookup, Store, UserRow, add
from overflight.store.accounts import (
    add_failed_login,
    delete_user_sessions,
    list_users,
    login_by_token_hash,
    session_by_token_hash,
)


def test_failed_logins_count_up_in_the_store_and_on_the_loaded_row(store: Store) -> None:
    with store.session() as session, session.begin():
        zeynep = add(session, user_row("zeynep"))
        other = add(session, user_row("ali"))
        assert [add_failed_login(session, zeynep.id) for _ in range(3)] == [1, 2, 3]
        assert zeynep.failed_logins == 3  # the loaded row follows the UPDATE
        assert other.failed_logins == 0
    with store.session() as session:
        assert [(u.username, u.failed_logins) for u in list_users(session)] == [
            ("ali", 0),
            ("zeynep", 3),
        ]


def test_ending_an_accounts_logins_can_keep_one(store: Store) -> None:
    with store.session() as session, session.begin():
        zeynep = add(session, user_row("zeynep"))
        other = add(session, user_row("ali"))
        for token_hash in ("a" * 64, "b" * 64, "c" * 64):
            add(session, login_row(zeynep.id, token_hash))
        add(session, login_row(other.id, "d" * 64))
        assert delete_user_sessions(session, zeynep.id, keep_token_hash="a" * 64) == 2
        assert session_by_token_hash(session, "a" * 64) is not None
        assert session_by_token_hash(session, "b" * 64) is None
        assert delete_user_sessions(session, zeynep.id) == 1
        assert session_by_token_hash(session, "d" * 64) is not None  # another user's


def test_a_login_lookup_reads_as_a_session_does_and_sees_each_change_at_once(store: Store) -> None:
    lookup = LoginLookup(store.engine)
    try:
        with store.session() as session, session.begin():
            zeynep = add(session, user_row("zeynep"))
            add(session, login_row(zeynep.id, "a" * 64))
        found = lookup.find("a" * 64)
        with store.session() as session:
            assert found == login_by_token_hash(session, "a" * 64)
        assert found is not None
        assert found.account is not None
        assert (found.kind, found.expires_at) == ("bearer", NOW + timedelta(hours=1))
        assert (found.account.username, found.account.clearance, found.account.active) == (
            "zeynep",
            "S",
            True,
        )
        assert lookup.find("b" * 64) is None
        # Written on other connections while the lookup's stays open: it holds no transaction
        # (on SQLite a writer would wait for it) and keeps nothing.
        with store.session() as session, session.begin():
            user = session.get(UserRow, zeynep.id)
            assert user is not None
            user.active = False
        disabled = lookup.find("a" * 64)
        assert disabled is not None
        assert disabled.account is not None
        assert disabled.account.active is False
        with store.session() as session, session.begin():
            delete_user_sessions(session, zeynep.id)
        assert lookup.find("a" * 64) is None
        lookup.close()  # a closed lookup opens a connection again
        assert lookup.find("a" * 64) is None
    finally:
        lookup.close()
