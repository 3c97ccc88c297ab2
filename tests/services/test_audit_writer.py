"""``AuditWriter``: many callers' rows committed together, each caller back once its rows are in."""

from __future__ import annotations

import asyncio
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from sqlalchemy import text

from overflight.markings import UNCLASSIFIED
from overflight.services.audit import AuditRecord, AuditWriter, audit_trail
from overflight.store import Store, open_store, use_write_ahead_log

CALLERS = 20
ROWS_EACH = 5


@pytest.fixture
def store(tmp_path: Path) -> Store:
    found = open_store(tmp_path / "audit.db")
    use_write_ahead_log(found.engine)
    return found


def _record(who: str, n: int) -> AuditRecord:
    return AuditRecord(who, "read", "case", n, f"row {n}", UNCLASSIFIED)


def test_every_caller_finds_its_rows_committed_when_write_returns(store: Store) -> None:
    writer = AuditWriter(store)
    missing: list[str] = []

    def caller(who: str) -> None:
        writer.write([_record(who, n) for n in range(ROWS_EACH)])
        with store.session() as session:  # another connection: committed, not just flushed
            if len(audit_trail(session, username=who)) != ROWS_EACH:
                missing.append(who)

    threads = [threading.Thread(target=caller, args=(f"user{i}",)) for i in range(CALLERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    writer.close()
    assert missing == []
    with store.session() as session:
        assert len(audit_trail(session, limit=1000)) == CALLERS * ROWS_EACH
    store.close()


def test_a_failed_batch_is_raised_to_its_callers(store: Store) -> None:
    writer = AuditWriter(store)
    with store.engine.begin() as connection:
        connection.execute(text("DROP TABLE audit_log"))
    with pytest.raises(Exception, match="audit_log"):
        writer.write([_record("ann", 1)])  # never answered as if it were written
    writer.close()
    store.close()


def test_after_close_rows_are_written_at_once(store: Store) -> None:
    writer = AuditWriter(store)
    writer.close()
    writer.write([_record("late", 1)])
    writer.write([])  # nothing to write: returns at once
    with store.session() as session:
        assert [e.detail for e in audit_trail(session, username="late")] == ["row 1"]
    store.close()


def test_async_callers_on_one_loop_find_their_rows_committed_when_they_resume(
    store: Store,
) -> None:
    writer = AuditWriter(store)

    async def caller(who: str) -> int:
        await writer.write_async([_record(who, n) for n in range(ROWS_EACH)])
        with store.session() as session:
            return len(audit_trail(session, username=who))

    async def callers() -> list[int]:
        return await asyncio.gather(*(caller(f"user{i}") for i in range(CALLERS)))

    assert asyncio.run(callers()) == [ROWS_EACH] * CALLERS
    writer.close()
    store.close()


def test_an_async_caller_is_raised_a_failed_batch_and_writes_at_once_after_close(
    store: Store,
) -> None:
    writer = AuditWriter(store)
    with store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit_log RENAME TO audit_log_gone"))
    with pytest.raises(Exception, match="audit_log"):
        asyncio.run(writer.write_async([_record("ann", 1)]))
    with store.engine.begin() as connection:
        connection.execute(text("ALTER TABLE audit_log_gone RENAME TO audit_log"))
    writer.close()
    asyncio.run(writer.write_async([_record("late", 1)]))
    asyncio.run(writer.write_async([]))
    with store.session() as session:
        assert [e.detail for e in audit_trail(session, username="late")] == ["row 1"]
    store.close()


def test_the_writer_commits_in_the_writers_turn_another_process_holds(store: Store) -> None:
    """Another worker's writer holds the turn: this one's rows wait for it, then go in."""
    writer = AuditWriter(store)
    done = threading.Event()
    command = [sys.executable, "-c", _HOLD_THE_TURN, str(store.engine.url.database)]
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE) as holder:
        assert holder.stdout is not None
        assert holder.stdin is not None
        assert holder.stdout.readline() == b"held\n"
        thread = threading.Thread(target=lambda: (writer.write([_record("ann", 1)]), done.set()))
        thread.start()
        assert not done.wait(1.0)  # a commit takes milliseconds: this one is waiting its turn
        with store.session() as session:
            assert audit_trail(session, username="ann") == ()
        holder.stdin.close()  # the holder ends, and its turn with it
    thread.join()
    writer.close()
    with store.session() as session:
        assert len(audit_trail(session, username="ann")) == 1
    store.close()


_HOLD_THE_TURN = """
import sys
from overflight.store import open_store
with open_store(sys.argv[1], create=False) as store, store.writers_turn():
    print("held", flush=True)
    sys.stdin.read()
"""
