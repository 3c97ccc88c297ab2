"""A TCP feed that reconnects: bytes as they arrive, ``None`` when it is quiet.

Receivers (dump1090, readsb) serve SBS on 30003, AVR on 30002 and Beast on 30005. A dropped or
refused connection is reported (as a ``ParseError`` naming the feed) and retried after a wait
that doubles up to ``MAX_WAIT_S``; the caller decides when to stop by closing the generator.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator

from overflight.errors import ParseError

__all__ = ["MAX_WAIT_S", "read_tcp"]

MAX_WAIT_S = 30.0


def read_tcp(
    host: str,
    port: int,
    *,
    idle_s: float = 1.0,
    first_wait_s: float = 1.0,
    attempts: int | None = None,
) -> Iterator[bytes | ParseError | None]:
    """Chunks of a TCP stream, reconnecting when it drops.

    Yields ``None`` after ``idle_s`` without data (so a watch can notice silence), and a
    ``ParseError`` each time the connection fails or drops. ``attempts`` bounds the
    connections tried (``None``: forever).
    """
    where = f"tcp://{host}:{port}"
    wait = first_wait_s
    tried = 0
    while attempts is None or tried < attempts:
        tried += 1
        try:
            connection = socket.create_connection((host, port), timeout=10)
        except OSError as err:
            yield ParseError(
                f"cannot connect ({err.strerror or err}); retrying in {wait:g} s", source=where
            )
            time.sleep(wait)
            wait = min(wait * 2, MAX_WAIT_S)
            continue
        wait = first_wait_s
        with connection:
            connection.settimeout(idle_s)
            while True:
                try:
                    chunk = connection.recv(65_536)
                except TimeoutError:
                    yield None
                    continue
                except OSError as err:
                    yield ParseError(f"feed dropped ({err}); reconnecting", source=where)
                    break
                if not chunk:
                    yield ParseError("feed closed by the sender; reconnecting", source=where)
                    break
                yield chunk
