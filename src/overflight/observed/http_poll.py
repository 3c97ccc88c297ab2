"""Polling a receiver's ``aircraft.json`` over HTTP (readsb, dump1090, tar1090 serve one)."""

from __future__ import annotations

import time
import urllib.error
import urllib.request
from collections.abc import Iterator

from overflight.errors import ParseError

__all__ = ["poll_url"]


def poll_url(
    url: str, *, every_s: float = 1.0, attempts: int | None = None
) -> Iterator[bytes | ParseError]:
    """The body of ``url`` every ``every_s`` seconds; a failed fetch yields a ``ParseError``.

    ``attempts`` bounds the fetches (``None``: forever).
    """
    done = 0
    while attempts is None or done < attempts:
        done += 1
        started = time.monotonic()
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                yield bytes(response.read())
        except (urllib.error.URLError, OSError, ValueError) as err:
            yield ParseError(f"cannot fetch ({err})", source=url)
        time.sleep(max(0.0, every_s - (time.monotonic() - started)))
