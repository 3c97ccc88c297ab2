"""Counting failed logins and ending an account's logins, on SQLite and PostgreSQL."""

from __future__ import annotations

from account_rows import login_row, user_row

from overflight.store import Store, add
from overflight.store.accounts import (
    add_failed_login,
    delete_user_sessions,
    list_users,
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
