"""The audit log: who read or changed what, when; written by every interface, read by admins.

Every row carries the marking of what it is about: a case's marking, the banner of the copy of a
telegram a reader was given, or, for what a user typed themselves (a search, a probed id, a
submission), the author's ceiling (``markings.ceiling``). Admins read the log through the same
gate as everything else (``services.web.visible_audit_trail``).
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from queue import Empty, SimpleQueue

from overflight.markings import SYSTEM_HIGH, Marking, parse_portion
from overflight.store import (
    AuditEventRow,
    Session,
    Store,
    add,
    add_audit_rows,
    audit_classifications,
    audit_events,
)

__all__ = [
    "AUDIT_ROWS_DEFAULT",
    "AUDIT_ROWS_MAX",
    "AuditEntry",
    "AuditRecord",
    "AuditWriter",
    "audit_trail",
    "record_audit",
]

AUDIT_ROWS_DEFAULT = 200  # audit rows shown when no limit is asked
AUDIT_ROWS_MAX = 1000  # the most audit rows one request may ask for


@dataclass(frozen=True, slots=True)
class AuditRecord:
    """One audit row to write: who did what to which object, when, marked as what it is about."""

    who: str
    action: str
    object_kind: str
    object_id: object = ""
    detail: str = ""
    marking: Marking = SYSTEM_HIGH
    at: datetime = field(default_factory=lambda: datetime.now(UTC))

    def row(self) -> AuditEventRow:
        """The record as a row of ``audit_log`` (fields cut to their columns)."""
        return AuditEventRow(**self.values())

    def values(self) -> dict[str, object]:
        """The record as ``audit_log``'s column values (fields cut to their columns)."""
        return {
            "at": self.at,
            "username": self.who[:64],
            "action": self.action[:16],
            "object_kind": self.object_kind[:32],
            "object_id": str(self.object_id)[:64],
            "detail": self.detail,
            "classification": self.marking.portion(),
        }


def record_audit(
    session: Session,
    who: str,
    action: str,
    object_kind: str,
    object_id: object = "",
    detail: str = "",
    *,
    marking: Marking,
    at: datetime | None = None,
) -> None:
    """Add one audit row: who did what to which object, when, marked as what it is about."""
    record = AuditRecord(who, action, object_kind, object_id, detail, marking, at or _now())
    add(session, record.row())


def _now() -> datetime:
    return datetime.now(UTC)


class AuditWriter:
    """Audit rows of many requests written together by one thread, each caller waiting for its own.

    ``write`` returns once the caller's rows are committed (or raises the store's error), so a
    reader is answered only after the read is in the log; what the writer saves is the turn each
    request would take for a write transaction of its own: the rows that arrive while one batch
    is being committed go together in the next (one transaction, one sync to disk), and no batch
    waits for company. If the process dies, rows not yet committed belong to requests that have
    not been answered.
    """

    def __init__(self, store: Store) -> None:
        self._store = store
        self._queue: SimpleQueue[_Batch | None] = SimpleQueue()
        self._lock = threading.Lock()
        self._closed = False
        self._thread = threading.Thread(target=self._loop, name="overflight-audit", daemon=True)
        self._thread.start()

    def write(self, records: Sequence[AuditRecord]) -> None:
        """Write ``records`` in one of the writer's batches; returns once they are committed.

        After ``close`` they are written at once, in a transaction of their own.

        Raises:
            Exception: whatever the store raised for the batch (nothing of it was written).
        """
        if records:
            batch = _Batch(tuple(records))
            if not self._queued(batch):
                self._commit([batch])
            batch.done.wait()
            batch.check()

    async def write_async(self, records: Sequence[AuditRecord]) -> None:
        """``write`` for the event loop: it waits for the batch without holding a thread.

        After ``close`` the records are written in a worker thread, in a transaction of their own.

        Raises:
            Exception: whatever the store raised for the batch (nothing of it was written).
        """
        if not records:
            return
        loop = asyncio.get_running_loop()
        settled = loop.create_future()

        def settle() -> None:
            if not settled.done():
                settled.set_result(None)

        def wake() -> None:  # in the writer's thread
            with contextlib.suppress(RuntimeError):  # a closed loop: no one waits any more
                loop.call_soon_threadsafe(settle)

        batch = _Batch(tuple(records), wake)
        if not self._queued(batch):
            await asyncio.to_thread(self._commit, [batch])
        await settled
        batch.check()

    def _queued(self, batch: _Batch) -> bool:
        """Queue ``batch`` for the writer's thread; ``False`` once closed (the caller commits)."""
        with self._lock:
            if not self._closed:
                self._queue.put(batch)
                return True
        return False

    def close(self) -> None:
        """Write what is queued, then stop the thread (later writes go straight to the store)."""
        with self._lock:
            if self._closed:
                return
            self._closed = True
            self._queue.put(None)
        self._thread.join()

    def _loop(self) -> None:
        while True:
            first = self._queue.get()
            if first is None:
                return
            batches, stop = [first], False
            while True:
                try:
                    more = self._queue.get_nowait()
                except Empty:
                    break
                if more is None:
                    stop = True
                    break
                batches.append(more)
            self._commit(batches)
            if stop:
                return

    def _commit(self, batches: list[_Batch]) -> None:
        try:  # the writers' turn first: the workers' audit writers take it in turn, promptly
            with (
                self._store.writers_turn(),
                self._store.session(writing=True) as session,
                session.begin(),
            ):
                values = [record.values() for batch in batches for record in batch.records]
                add_audit_rows(session, values)  # one INSERT, no ORM objects to flush
        except Exception as error:  # every waiter is told: none of its rows was written
            for batch in batches:
                batch.error = error
        for batch in batches:
            batch.done.set()
            if batch.wake is not None:
                batch.wake()


@dataclass(slots=True)
class _Batch:
    records: tuple[AuditRecord, ...]
    wake: Callable[[], None] | None = None  # told in the writer's thread once it is done
    done: threading.Event = field(default_factory=threading.Event)
    error: Exception | None = None

    def check(self) -> None:
        if self.error is not None:
            raise self.error


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit row as read back (a row from before markings reads as ``SYSTEM_HIGH``)."""

    at: datetime
    username: str
    action: str
    object_kind: str
    object_id: str
    detail: str
    marking: Marking


def audit_trail(
    session: Session,
    *,
    object_kind: str = "",
    object_id: object = "",
    username: str = "",
    action: str = "",
    shown: Callable[[Marking], bool] | None = None,
    limit: int = AUDIT_ROWS_DEFAULT,
) -> tuple[AuditEntry, ...]:
    """The latest audit rows, newest first, optionally for one object, one user or one action.

    ``shown`` keeps only rows whose marking it accepts (decided once per distinct marking, and
    filtered in the query, so ``limit`` rows come back whenever there are that many).
    """
    allowed = None
    if shown is not None:
        allowed = [c for c in audit_classifications(session) if shown(_marking(c))]
    found = audit_events(
        session,
        object_kind=object_kind,
        object_id=str(object_id),
        username=username,
        action=action,
        classifications=allowed,
        limit=limit,
    )
    return tuple(
        AuditEntry(
            r.at,
            r.username,
            r.action,
            r.object_kind,
            r.object_id,
            r.detail,
            _marking(r.classification),
        )
        for r in found
    )


def _marking(classification: str | None) -> Marking:
    return parse_portion(classification, source="audit log") if classification else SYSTEM_HIGH
