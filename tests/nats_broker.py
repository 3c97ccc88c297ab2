"""The shared NATS broker of the alert tests, left as each test found it.

The broker is ``OVERFLIGHT_NATS`` (default 127.0.0.1:4222). A test names the durable consumers
it makes; afterwards they are deleted, and the alerts stream too if the test made it (it was
not there before) and no one else's consumer is left on it. Without a broker nothing is done:
the tests skip on their own.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Awaitable, Callable, Iterator
from typing import TypeVar

import nats
from nats.js import JetStreamContext
from nats.js.errors import NotFoundError

from overflight.services.alert_bus import STREAM

NATS_URL = os.environ.get("OVERFLIGHT_NATS", "nats://127.0.0.1:4222")
Done = TypeVar("Done")


@contextlib.contextmanager
def left_as_found() -> Iterator[list[str]]:
    """A list for the consumers made inside; they (and a stream made inside) go on leaving."""
    made: list[str] = []
    had_stream = on_broker(stream_exists)
    try:
        yield made
    finally:
        if had_stream is not None:
            on_broker(lambda js: _remove(js, made, keep_stream=had_stream))


def on_broker(act: Callable[[JetStreamContext], Awaitable[Done]]) -> Done | None:
    """``act(jetstream)`` on the broker, or ``None`` when none answers."""

    async def run() -> Done | None:
        try:
            client = await nats.connect(
                NATS_URL,
                connect_timeout=2,
                allow_reconnect=False,
                max_reconnect_attempts=1,  # else it tries again for two minutes
                reconnect_time_wait=0,
                error_cb=_quiet,
            )
        except Exception:  # nats-py raises its own errors and OSError: no broker
            return None
        try:
            return await act(client.jetstream())
        finally:
            await client.close()

    return asyncio.run(run())


async def consumers(js: JetStreamContext) -> set[str]:
    """The durable consumers on the alerts stream (none without the stream)."""
    try:
        return {info.name for info in await js.consumers_info(STREAM)}
    except NotFoundError:
        return set()


async def _quiet(_error: Exception) -> None:
    """A connection's errors are its answer here (nats-py prints them otherwise)."""


async def stream_exists(js: JetStreamContext) -> bool:
    """Whether the alerts stream is on the broker."""
    try:
        await js.stream_info(STREAM)
    except NotFoundError:
        return False
    return True


async def _remove(js: JetStreamContext, names: list[str], *, keep_stream: bool) -> None:
    with contextlib.suppress(NotFoundError):  # the stream is gone, and its consumers with it
        for name in names:
            with contextlib.suppress(NotFoundError):
                await js.delete_consumer(STREAM, name)
        if not keep_stream and not await js.consumers_info(STREAM):  # others' keep it
            await js.delete_stream(STREAM)
