"""Logins read from PostgreSQL without holding the event loop: those asked meanwhile, together.

A web worker resolves every request's login before anything else. Read in place, a round trip
to the server holds the worker's event loop until it answers; under load the server waits for a
core too, and the loop stood still for most of its time (64% of a worker's samples in the case
view's load). Here the loop serves other requests while the server answers, and the logins
asked meanwhile go in the next statement, one ``= ANY`` read for all of them.

Each answer comes from a statement sent after its login was asked for, so a login ended or an
account disabled a moment before a request arrived is seen by it, as with a read in place.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from functools import partial
from typing import TYPE_CHECKING, Any, TypeAlias

from sqlalchemy import Engine, Select

if TYPE_CHECKING:
    from psycopg import AsyncConnection

__all__ = ["LoginBatches"]

_Waiting: TypeAlias = dict[str, list[asyncio.Future[Any]]]


class LoginBatches:
    """Reads of logins by token hash on one psycopg async connection, batched while one runs.

    ``statement`` selects the token hash first, then the columns ``to_login`` turns into a
    login, for the hashes bound as ``token_hashes`` (a list). The connection is opened on first
    use, in autocommit, on the event loop that uses it; a failed read drops it (its callers get
    the error) and the next read opens another.
    """

    def __init__(
        self, engine: Engine, statement: Select[Any], to_login: Callable[[Sequence[Any]], Any]
    ) -> None:
        from psycopg import AsyncConnection  # only a PostgreSQL store needs the driver

        args, params = engine.dialect.create_connect_args(engine.url)
        self._connect = partial(AsyncConnection.connect, *args, autocommit=True, **params)
        compiled = statement.compile(dialect=engine.dialect)
        self._sql = compiled.string
        self._params = compiled.construct_params  # the statement's own literals bound too
        self._to_login = to_login
        self._asked: _Waiting = {}
        self._reader: asyncio.Task[None] | None = None
        self._connection: AsyncConnection[Any] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def find(self, token_hash: str) -> Any:
        """The login whose token hashes to ``token_hash`` (``to_login``'s value, or ``None``)."""
        loop = asyncio.get_running_loop()
        if loop is not self._loop:  # a server started again in this process: the old loop is gone
            self._reader, self._asked, self._loop = None, {}, loop
            self._drop()
        answer = loop.create_future()
        self._asked.setdefault(token_hash, []).append(answer)
        if self._reader is None:
            self._reader = loop.create_task(self._read())
        return await answer

    def close(self) -> None:
        """Close the connection now, on the loop that used it (a later read opens another).

        Reads still waiting fail.
        """
        reader, self._reader = self._reader, None
        if reader is not None:
            reader.cancel()
        _fail(self._asked, ConnectionError("the login lookup was closed"))
        self._asked = {}
        self._drop()

    async def _read(self) -> None:
        """Read what was asked, then what was asked meanwhile, until nothing is waiting."""
        try:
            while self._asked:
                asked, self._asked = self._asked, {}
                try:
                    rows = await self._rows(list(asked))
                except Exception as err:
                    self._drop()
                    _fail(asked, err)
                    continue
                found = {row[0]: self._to_login(row[1:]) for row in rows}
                for token_hash, answers in asked.items():
                    for answer in answers:
                        if not answer.done():  # a request that gave up (its client left)
                            answer.set_result(found.get(token_hash))
        finally:
            if self._reader is asyncio.current_task():
                self._reader = None

    async def _rows(self, token_hashes: list[str]) -> list[Any]:
        if self._connection is None or self._connection.closed:
            self._connection = await self._connect()
        async with self._connection.cursor() as cursor:
            await cursor.execute(self._sql, self._params({"token_hashes": token_hashes}))
            return await cursor.fetchall()

    def _drop(self) -> None:
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.pgconn.finish()  # at once, on whichever loop opened it


def _fail(asked: _Waiting, error: BaseException) -> None:
    for answers in asked.values():
        for answer in answers:
            if not answer.done():
                answer.set_exception(error)
