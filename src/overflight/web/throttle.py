"""Failed logins counted per client address: past a limit, that address waits.

The account lockout (``services.accounts``) stops guessing one account's password; this stops
one address guessing across many user names. Counts live in the worker's memory, in a sliding
window. Behind a reverse proxy every client shares the proxy's address (forwarded headers are
not trusted).
"""

from __future__ import annotations

import math
import threading
from collections import deque
from datetime import datetime, timedelta

__all__ = ["LoginThrottle", "TooManyLoginsError"]

_ADDRESSES = 10_000  # addresses remembered before idle ones are forgotten


class TooManyLoginsError(Exception):
    """Too many failed logins from one address: try again after ``retry_after`` seconds."""

    def __init__(self, retry_after: int) -> None:
        minutes = max(1, math.ceil(retry_after / 60))
        super().__init__(
            f"too many failed logins from this address: try again in {minutes} minute"
            + ("s" if minutes > 1 else "")
        )
        self.retry_after = retry_after


class LoginThrottle:
    """At most ``limit`` failed logins per address within ``window``."""

    def __init__(self, limit: int, window: timedelta) -> None:
        self.limit = limit
        self.window = window
        self._failures: dict[str, deque[datetime]] = {}
        self._lock = threading.Lock()

    def check(self, address: str, now: datetime) -> None:
        """Refuse an address that has failed too often lately.

        Raises:
            TooManyLoginsError: ``limit`` failures within the window; says when to retry.
        """
        with self._lock:
            failures = self._recent(address, now) if address in self._failures else deque()
            if len(failures) >= self.limit:
                wait = failures[0] + self.window - now
                raise TooManyLoginsError(max(1, math.ceil(wait.total_seconds())))

    def failed(self, address: str, now: datetime) -> None:
        """Count one failed login from ``address``."""
        with self._lock:
            self._recent(address, now).append(now)
            if len(self._failures) > _ADDRESSES:  # forget addresses idle for a whole window
                for idle in [
                    a for a, f in self._failures.items() if not f or f[-1] <= now - self.window
                ]:
                    del self._failures[idle]

    def _recent(self, address: str, now: datetime) -> deque[datetime]:
        failures = self._failures.setdefault(address, deque())
        while failures and failures[0] <= now - self.window:
            failures.popleft()
        return failures
