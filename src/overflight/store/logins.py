"""Failed logins kept in the store, so that every web worker counts the same ones.

Like every repository function here, these take the caller's ``Session`` and never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select

from overflight.store.schema import LoginFailureRow
from overflight.store.sql import Session

__all__ = [
    "add_login_failure",
    "forget_login_failures",
    "login_failures_since",
    "withdraw_login_failure",
]


def add_login_failure(
    session: Session, address: str, username: str, at: datetime
) -> LoginFailureRow:
    """Note one failed login from ``address`` for the typed ``username``."""
    row = LoginFailureRow(address=address[:64], username=username[:64], at=at)
    session.add(row)
    session.flush()
    return row


def withdraw_login_failure(session: Session, row: LoginFailureRow) -> None:
    """Take back a failure noted before the login was decided (it succeeded)."""
    session.delete(row)
    session.flush()


def login_failures_since(
    session: Session, address: str, since: datetime
) -> tuple[int, datetime | None]:
    """How many failures ``address`` made after ``since``, and when the oldest of them was."""
    query = select(func.count(), func.min(LoginFailureRow.at)).where(
        LoginFailureRow.address == address[:64], LoginFailureRow.at > since
    )
    count, oldest = session.execute(query).one()
    return int(count or 0), oldest


def forget_login_failures(session: Session, before: datetime) -> None:
    """Delete every failure at or before ``before`` (out of every window)."""
    session.execute(delete(LoginFailureRow).where(LoginFailureRow.at <= before))
