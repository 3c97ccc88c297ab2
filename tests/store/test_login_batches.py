"""Logins read on the event loop (``LoginLookup.find_async``); on PostgreSQL, asked ones together.

Both backends answer as ``find`` does; on PostgreSQL the logins asked for while a read is out
go together in the next statement, each answer from a statement sent after it was asked.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest
from account_rows import login_row, user_row
from sqlalchemy import text

from overflight.store import LoginLookup, Store, add
from overflight.store.accounts import delete_user_sessions


def _logins(store: Store, count: int) -> list[str]:
    """``count`` users, each with one login; their token hashes."""
    hashes = [f"{i:064x}" for i in range(count)]
    with store.session() as session, session.begin():
        for i, token_hash in enumerate(hashes):
            user = add(session, user_row(f"user{i}"))
            add(session, login_row(user.id, token_hash))
    return hashes


def test_find_async_answers_as_find_does(store: Store) -> None:
    hashes = _logins(store, 3)
    lookup = LoginLookup(store.engine)
    try:

        async def both() -> list[Any]:
            return list(await asyncio.gather(*(lookup.find_async(h) for h in [*hashes, "f" * 64])))

        found = asyncio.run(both())
        assert found == [lookup.find(h) for h in hashes] + [None]
        assert [login.account.username for login in found[:3]] == ["user0", "user1", "user2"]
    finally:
        lookup.close()


def test_logins_asked_while_a_read_is_out_go_together(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite reads each login in place, in the process itself")
    hashes = _logins(store, 40)
    lookup = LoginLookup(store.engine)
    batches = lookup._batches
    assert batches is not None
    sizes: list[int] = []  # how many hashes each statement read
    later: list[asyncio.Task[Any]] = []
    rows = batches._rows

    async def read_and_meanwhile_ask(token_hashes: list[str]) -> list[Any]:
        sizes.append(len(token_hashes))
        if not later:  # the other requests arrive while the first read is out
            asked = hashes[1:] + hashes[1:6]  # five asked twice
            later.extend(asyncio.create_task(lookup.find_async(h)) for h in asked)
            await asyncio.sleep(0)  # each has asked
        return await rows(token_hashes)

    batches._rows = read_and_meanwhile_ask  # type: ignore[method-assign]
    try:

        async def first_then_the_rest() -> list[Any]:
            first = await lookup.find_async(hashes[0])
            return [first, *await asyncio.gather(*later)]

        found = asyncio.run(first_then_the_rest())
        assert [login.account.username for login in found] == [
            f"user{i}" for i in [*range(40), *range(1, 6)]
        ]
        assert sizes == [1, 39]  # one statement for those asked meanwhile, each hash once
    finally:
        lookup.close()


def test_a_login_ended_before_it_is_asked_for_is_not_found(store: Store) -> None:
    [token_hash] = _logins(store, 1)
    lookup = LoginLookup(store.engine)
    try:

        async def ask_after_ending() -> tuple[Any, Any]:
            before = await lookup.find_async(token_hash)
            assert before is not None
            assert before.account is not None
            with store.session() as session, session.begin():
                delete_user_sessions(session, before.account.id)
            return before, await lookup.find_async(token_hash)

        before, after = asyncio.run(ask_after_ending())
        assert before is not None
        assert after is None
    finally:
        lookup.close()


def test_a_lost_connection_fails_its_reads_and_the_next_read_opens_another(store: Store) -> None:
    if store.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no server connection to lose")
    [token_hash] = _logins(store, 1)
    lookup = LoginLookup(store.engine)
    try:

        async def across_a_lost_connection() -> tuple[Any, BaseException | None, Any]:
            first = await lookup.find_async(token_hash)
            batches = lookup._batches
            assert batches is not None
            assert batches._connection is not None
            pid = batches._connection.info.backend_pid
            with store.session() as session, session.begin():
                session.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid})
            error = None
            try:
                await lookup.find_async(token_hash)
            except Exception as err:  # the driver's own error, as a read in place raises
                error = err
            return first, error, await lookup.find_async(token_hash)

        first, error, again = asyncio.run(across_a_lost_connection())
        assert error is not None
        assert first == again
    finally:
        lookup.close()


def test_a_lookup_serves_a_second_event_loop(store: Store) -> None:
    """A server started again in one process (as tests do) reads on its own loop's connection."""
    [token_hash] = _logins(store, 1)
    lookup = LoginLookup(store.engine)
    try:
        first = asyncio.run(lookup.find_async(token_hash))
        assert first is not None
        assert asyncio.run(lookup.find_async(token_hash)) == first
    finally:
        lookup.close()
