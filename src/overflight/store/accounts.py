"""Repository functions for web accounts: users, login sessions, the audit log.

Also two reads the web needs that the case layer does not offer yet: one telegram by id and a
case's latest transit snapshot. Like every repository function here, these take the caller's
``Session`` and never commit.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.engine import Engine

from overflight.store.schema import (
    AuditEventRow,
    AuthSessionRow,
    TelegramRow,
    TransitSnapshotRow,
    UserRow,
)
from overflight.store.sql import Session

__all__ = [
    "audit_events",
    "count_users",
    "delete_auth_session",
    "delete_expired_sessions",
    "get_telegram",
    "get_user",
    "latest_transit_snapshot",
    "session_by_token_hash",
    "use_write_ahead_log",
    "user_by_name",
]


def count_users(session: Session) -> int:
    """How many accounts exist."""
    return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)


def get_user(session: Session, user_id: int) -> UserRow | None:
    """One account by id."""
    return session.get(UserRow, user_id)


def user_by_name(session: Session, username: str) -> UserRow | None:
    """One account by user name (exact)."""
    return session.scalar(select(UserRow).where(UserRow.username == username))


def session_by_token_hash(session: Session, token_hash: str) -> AuthSessionRow | None:
    """The login whose secret token hashes to ``token_hash``."""
    return session.scalar(select(AuthSessionRow).where(AuthSessionRow.token_hash == token_hash))


def delete_auth_session(session: Session, token_hash: str) -> None:
    """End a login (log out)."""
    session.execute(delete(AuthSessionRow).where(AuthSessionRow.token_hash == token_hash))


def delete_expired_sessions(session: Session, now: datetime) -> int:
    """Remove logins that expired before ``now``; returns how many."""
    result = session.execute(delete(AuthSessionRow).where(AuthSessionRow.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


def audit_events(
    session: Session, *, object_kind: str = "", object_id: str = "", limit: int = 200
) -> list[AuditEventRow]:
    """Audit rows, newest first, optionally for one object."""
    query = select(AuditEventRow)
    if object_kind:
        query = query.where(AuditEventRow.object_kind == object_kind)
    if object_id:
        query = query.where(AuditEventRow.object_id == object_id)
    return list(session.scalars(query.order_by(AuditEventRow.id.desc()).limit(limit)))


def get_telegram(session: Session, telegram_id: int) -> TelegramRow | None:
    """One stored telegram by id."""
    return session.get(TelegramRow, telegram_id)


def latest_transit_snapshot(session: Session, case_id: int) -> TransitSnapshotRow | None:
    """The most recent transit snapshot recorded for a case."""
    return session.scalar(
        select(TransitSnapshotRow)
        .where(TransitSnapshotRow.case_id == case_id)
        .order_by(TransitSnapshotRow.id.desc())
        .limit(1)
    )


def use_write_ahead_log(engine: Engine) -> bool:
    """Put a SQLite file in WAL mode, so readers never block the writer (the web's audit rows).

    Persistent for the file; a no-op on other backends and on in-memory SQLite. Returns whether
    the file is now in WAL mode.
    """
    if engine.dialect.name != "sqlite" or engine.url.database in (None, "", ":memory:"):
        return False
    # On the driver connection: the store's engine opens a transaction on every SQLAlchemy
    # connection, and SQLite refuses to change the journal inside one.
    connection = engine.raw_connection()
    try:
        cursor = connection.cursor()
        mode = cursor.execute("PRAGMA journal_mode=WAL").fetchone()
        cursor.close()
    finally:
        connection.close()
    return bool(mode) and str(mode[0]).lower() == "wal"
