"""Answers a worker keeps: the case view's JSON and the board's page, while the store is unchanged.

An answer is kept under what was asked (the case, the board's query and page), the reader's
view key (every attribute of the login the answer depends on), the UTC day it was built for and
the store's revision. The revision (``store.StoreRevisionRow``) is bumped by database triggers
on every write to a table these views read, whoever writes (API, page, CLI, another worker), and
is read with the request's login, before anything else: an answer built after that read is at
least as new as the revision it is kept under, so no answer is served after a write it misses.
The views change with time only through the day (a deadline is overdue the day after it is
due), so an answer built on one day is never given on the next.

Each worker keeps its own (no shared memory), at most ``WebSettings.kept_answers`` answers and
``MAX_KEPT_BYTES`` of bodies, least recently used first out; a newer revision empties it.
Every read is audited, kept or not.
"""

from __future__ import annotations

import asyncio
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from starlette.concurrency import run_in_threadpool

from overflight.markings import Marking
from overflight.services.accounts import Account, IssuedLogin
from overflight.store import Session, Store

__all__ = ["MAX_KEPT_BYTES", "AnswerCache", "KeptAnswer", "reader_view_key"]

MAX_KEPT_BYTES = 64 * 1024 * 1024
"""The bodies one worker keeps at most, summed (a board page of 100 cases is ~50 kB)."""


@dataclass(frozen=True, slots=True)
class KeptAnswer:
    """A built answer: its body, and the marking each read of it is audited with."""

    body: bytes
    marking: Marking


def reader_view_key(account: Account) -> Hashable:
    """What of an account a view filtered by ``may_see`` depends on: the reader, and the role.

    Not the user: two accounts with the same clearance, nationality and organisation are given
    the same answer (the role is there in case a view ever shows more to one role).
    """
    return (account.clearance, account.nationality, account.organisation, account.role)


class AnswerCache:
    """One worker's kept answers (thread-safe): see the module's docstring for why it is safe."""

    def __init__(self, max_answers: int, max_bytes: int = MAX_KEPT_BYTES) -> None:
        self._answers: OrderedDict[Hashable, KeptAnswer] = OrderedDict()
        self._revision = 0
        self._max = max_answers
        self._max_bytes = max_bytes
        self._bytes = 0  # the kept bodies' sizes, summed
        self._lock = threading.Lock()
        self._building: dict[Hashable, asyncio.Future[KeptAnswer]] = {}  # on the event loop
        self.hits = 0  # answers given without a build of their own
        self.misses = 0  # builds

    async def answer(
        self,
        key: Hashable,
        login: IssuedLogin,
        now: datetime,
        store: Store,
        build: Callable[[Session], KeptAnswer],
    ) -> KeptAnswer:
        """The answer kept for ``key`` (which names the view key), else ``build``'s, kept.

        On the event loop: a kept answer is given in place; ``build`` runs in a handler thread
        with a reading session of its own, opened after ``login`` was read. It must depend on
        the time only through ``now``'s UTC day. An error it raises is not kept. A login whose
        revision is unknown is always answered afresh.

        Requests for the same answer at the same revision while it is being built wait for
        that build (its error too) rather than each building it: after a write, the 50 clients
        of a busy worker would otherwise all miss at once. Sharing is as safe as keeping: a
        login read at the same revision saw no write the build may miss.
        """
        revision = login.store_revision
        full = (key, _utc_day(now))
        with self._lock:
            kept = self._find(full, revision)
            if kept is not None:
                self.hits += 1
                return kept
        if revision is None or self._max <= 0:
            return await self._build(store, build)
        flight = (full, revision)
        pending = self._building.get(flight)
        if pending is not None:
            await asyncio.wait([pending])
            if not pending.cancelled():
                with self._lock:
                    self.hits += 1
                return pending.result()  # or its error
        future: asyncio.Future[KeptAnswer] = asyncio.get_running_loop().create_future()
        self._building[flight] = future
        try:
            built = await self._build(store, build)
        except Exception as error:
            future.set_exception(error)
            future.exception()  # retrieved here: the waiters, if any, raise it too
            raise
        except BaseException:
            future.cancel()  # this request was cancelled: a waiter builds its own
            raise
        finally:
            del self._building[flight]
        future.set_result(built)
        with self._lock:
            self._keep(full, revision, built)
        return built

    async def _build(self, store: Store, build: Callable[[Session], KeptAnswer]) -> KeptAnswer:
        with self._lock:
            self.misses += 1
        return await run_in_threadpool(_build_in_session, store, build)

    def _find(self, full: Hashable, revision: int | None) -> KeptAnswer | None:
        if revision is None or self._max <= 0:
            return None
        if revision > self._revision:
            self._answers.clear()  # every kept answer is from an older revision
            self._bytes = 0
            self._revision = revision
            return None
        if revision < self._revision:  # this login was read before the latest write
            return None
        kept = self._answers.get(full)
        if kept is not None:
            self._answers.move_to_end(full)
        return kept

    def _keep(self, full: Hashable, revision: int, built: KeptAnswer) -> None:
        if revision != self._revision or self._max <= 0:  # a newer revision came in meanwhile
            return
        replaced = self._answers.pop(full, None)
        self._bytes -= 0 if replaced is None else len(replaced.body)
        self._answers[full] = built
        self._bytes += len(built.body)
        while len(self._answers) > self._max or self._bytes > self._max_bytes:
            _, dropped = self._answers.popitem(last=False)
            self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        """How many answers are kept."""
        return len(self._answers)


def _build_in_session(store: Store, build: Callable[[Session], KeptAnswer]) -> KeptAnswer:
    with store.session() as session, session.begin():
        return build(session)


def _utc_day(now: datetime) -> date:
    return (now if now.tzinfo is None else now.astimezone(UTC)).date()
