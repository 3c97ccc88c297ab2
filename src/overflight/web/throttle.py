"""Failed logins counted per client address: past a limit, that address waits.

The account lockout (``services.accounts``) stops guessing one account's password; this stops
one address guessing across many user names. Failures are rows in the store
(``login_failures``, with the name typed), counted in a sliding window, so every worker of
``overflight serve --workers N`` sees the failures made on the others; rows out of the window
are deleted as new failures come. Behind a reverse proxy every client shares the proxy's
address (forwarded headers are not trusted).
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from overflight.store import (
    LoginFailureRow,
    Session,
    add_login_failure,
    forget_login_failures,
    login_failures_since,
    withdraw_login_failure,
)

__all__ = ["Attempt", "LoginThrottle", "TooManyLoginsError"]


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
    """At most ``limit`` failed logins per address within ``window``, counted in the store."""

    def __init__(self, limit: int, window: timedelta) -> None:
        self.limit = limit
        self.window = window

    def check(self, session: Session, address: str, now: datetime) -> None:
        """Refuse an address that has failed too often lately.

        Raises:
            TooManyLoginsError: ``limit`` failures within the window; says when to retry.
        """
        count, oldest = login_failures_since(session, address, now - self.window)
        if count >= self.limit and oldest is not None:
            wait = oldest + self.window - now
            raise TooManyLoginsError(max(1, math.ceil(wait.total_seconds())))

    def attempt(self, session: Session, address: str, username: str, now: datetime) -> Attempt:
        """Count a login from ``address`` (for ``username``) as failed until it succeeds.

        The failure is written first, so that it is committed with the refusal that
        ``authenticate`` commits at once (a request answering 401 rolls back the rest); a login
        that succeeds calls ``Attempt.succeeded`` to take it back. Failures out of the window
        are deleted here.
        """
        forget_login_failures(session, now - self.window)
        return Attempt(session, add_login_failure(session, address, username, now))


class Attempt:
    """A login being decided, counted as failed unless ``succeeded`` is called."""

    def __init__(self, session: Session, row: LoginFailureRow) -> None:
        self._session = session
        self._row = row

    def succeeded(self) -> None:
        """The login succeeded: it counts for nothing."""
        withdraw_login_failure(self._session, self._row)
