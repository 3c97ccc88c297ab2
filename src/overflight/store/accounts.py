"""Repository functions for web accounts: users, login sessions, the audit log.

Also two reads the web needs that the case layer does not offer yet: one telegram by id and a
case's latest transit snapshot. Like every repository function here, these take the caller's
``Session`` and never commit.
"""

from __future__ import annotations

import threading
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, Select, any_, bindparam, delete, func, insert, or_, select, update

from overflight.store.login_batches import LoginBatches
from overflight.store.schema import (
    AuditEventRow,
    AuthSessionRow,
    StoreRevisionRow,
    UserRow,
)
from overflight.store.sql import Session

__all__ = [
    "LoginLookup",
    "StoredAccount",
    "StoredLogin",
    "add_audit_rows",
    "add_failed_login",
    "audit_classifications",
    "audit_events",
    "count_users",
    "delete_auth_session",
    "delete_expired_sessions",
    "delete_user_sessions",
    "get_user",
    "list_users",
    "login_by_token_hash",
    "session_by_token_hash",
    "user_by_name",
]


def count_users(session: Session) -> int:
    """How many accounts exist."""
    return int(session.scalar(select(func.count()).select_from(UserRow)) or 0)


def get_user(session: Session, user_id: int) -> UserRow | None:
    """One account by id."""
    return session.get(UserRow, user_id)


def user_by_name(session: Session, username: str, *, any_case: bool = False) -> UserRow | None:
    """One account by user name: exact, or with ``any_case`` ignoring case (the oldest such)."""
    if not any_case:
        return session.scalar(select(UserRow).where(UserRow.username == username))
    query = select(UserRow).where(func.lower(UserRow.username) == username.lower())
    return session.scalar(query.order_by(UserRow.id).limit(1))


def list_users(session: Session) -> list[UserRow]:
    """Every account, by user name."""
    return list(session.scalars(select(UserRow).order_by(UserRow.username)))


def add_failed_login(session: Session, user_id: int) -> int:
    """Count one more wrong password for an account; returns the new count.

    One ``UPDATE ... SET failed_logins = failed_logins + 1``, so two concurrent failures both
    count; a loaded row is refreshed from the store.
    """
    session.execute(
        update(UserRow)
        .where(UserRow.id == user_id)
        .values(failed_logins=UserRow.failed_logins + 1)
        .execution_options(synchronize_session="fetch")
    )
    count = session.scalar(select(UserRow.failed_logins).where(UserRow.id == user_id))
    return int(count or 0)


def session_by_token_hash(session: Session, token_hash: str) -> AuthSessionRow | None:
    """The login whose secret token hashes to ``token_hash``."""
    return session.scalar(select(AuthSessionRow).where(AuthSessionRow.token_hash == token_hash))


@dataclass(frozen=True, slots=True)
class StoredAccount:
    """The fields of an account a login needs (``users``)."""

    id: int
    username: str
    clearance: str
    nationality: str
    organisation: str
    role: str
    active: bool


@dataclass(frozen=True, slots=True)
class StoredLogin:
    """A login as stored, and its account (``None``: the account is gone).

    ``store_revision``: the store's revision (``StoreRevisionRow``) read in the same statement,
    before anything the request then reads, so what it reads is at least that current.
    """

    kind: str
    csrf_token: str
    expires_at: datetime
    account: StoredAccount | None
    store_revision: int | None = None


def login_by_token_hash(source: Session | LoginLookup, token_hash: str) -> StoredLogin | None:
    """The login whose token hashes to ``token_hash`` and its account, in one query.

    ``source``: the caller's session (read in its transaction), or a ``LoginLookup``.
    """
    if isinstance(source, LoginLookup):
        return source.find(token_hash)
    return _stored_login(source.execute(_LOGIN_BY_TOKEN_HASH, {"token_hash": token_hash}).first())


class LoginLookup:
    """Logins read on a driver connection of its own, in autocommit: one statement, no transaction.

    For a caller that must not wait for a pooled connection, such as the web's event loop,
    which reads each request's login in place (a thread hop and a transaction cost more than
    the read). The statement is compiled once and run on the driver's cursor, its columns
    converted by their types' own processors: ~10 µs of CPU, where a SQLAlchemy ``execute``
    costs ~90 µs. A lock gives the connection to one caller at a time; a connection that
    failed is dropped and the next lookup opens another.
    """

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        compiled = _LOGIN_BY_TOKEN_HASH.compile(dialect=engine.dialect)
        self._sql = compiled.string
        self._positional = compiled.positiontup if compiled.positional else None
        self._params = compiled.construct_params
        self._convert = tuple(
            column.type.dialect_impl(engine.dialect).result_processor(engine.dialect, None)
            for column in _LOGIN_BY_TOKEN_HASH.selected_columns
        )
        self._connection: Any = None  # the pool's proxy of a driver connection
        self._lock = threading.Lock()
        on_psycopg = engine.dialect.name == "postgresql" and engine.dialect.driver == "psycopg"
        self._batches = (
            LoginBatches(engine, _LOGINS_BY_TOKEN_HASHES, self._login) if on_psycopg else None
        )

    def find(self, token_hash: str) -> StoredLogin | None:
        """The login whose token hashes to ``token_hash``, read now."""
        params = self._params({"token_hash": token_hash})
        bound = params if self._positional is None else [params[k] for k in self._positional]
        with self._lock:
            try:
                if self._connection is None:
                    connection = self._engine.raw_connection()
                    self._connection = connection
                    driver = connection.dbapi_connection
                    if driver is not None:  # None only once invalidated
                        self._engine.dialect.set_isolation_level(driver, "AUTOCOMMIT")
                cursor = self._connection.cursor()
                try:
                    cursor.execute(self._sql, bound)
                    row = cursor.fetchone()
                finally:
                    cursor.close()
            except Exception:
                self.close_now()
                raise
        return None if row is None else self._login(row)

    async def find_async(self, token_hash: str) -> StoredLogin | None:
        """``find`` for the event loop, which it does not hold while a server answers.

        On PostgreSQL (psycopg) the read is awaited, and the logins asked for meanwhile are
        read together in the next statement (``LoginBatches``). On SQLite, a read in the
        process itself, it is read in place, as ``find`` does.
        """
        if self._batches is None:
            return self.find(token_hash)
        found: StoredLogin | None = await self._batches.find(token_hash)
        return found

    def _login(self, row: Sequence[Any]) -> StoredLogin | None:
        values = [v if f is None else f(v) for f, v in zip(self._convert, row, strict=True)]
        return _stored_login(values)

    def close(self) -> None:
        """Close the connections (a later lookup opens another)."""
        with self._lock:
            self.close_now()
        if self._batches is not None:
            self._batches.close()

    def close_now(self) -> None:
        """Close the connection, the lock held: never given back to the pool, in autocommit."""
        connection, self._connection = self._connection, None
        if connection is not None:
            connection.invalidate()


def _stored_login(row: Sequence[Any] | None) -> StoredLogin | None:
    """A row of ``_LOGIN_BY_TOKEN_HASH`` (its columns in order) as a login."""
    if row is None:
        return None
    kind, csrf_token, expires_at, store_revision, user_id, *user = row
    account = None
    if user_id is not None:
        username, clearance, nationality, organisation, role, active = user
        account = StoredAccount(
            user_id, username, clearance, nationality, organisation, role, bool(active)
        )
    revision = None if store_revision is None else int(store_revision)
    return StoredLogin(kind, csrf_token, expires_at, account, revision)


def _logins_where(condition: Any, *first: Any) -> Select[Any]:
    """Logins with their accounts and the store's revision (``_stored_login``'s columns)."""
    return (
        select(
            *first,
            AuthSessionRow.kind,
            AuthSessionRow.csrf_token,
            AuthSessionRow.expires_at,
            select(StoreRevisionRow.revision)
            .where(StoreRevisionRow.id == 1)
            .scalar_subquery()
            .label("store_revision"),
            UserRow.id.label("user_id"),
            UserRow.username,
            UserRow.clearance,
            UserRow.nationality,
            UserRow.organisation,
            UserRow.role,
            UserRow.active,
        )
        .outerjoin(UserRow, UserRow.id == AuthSessionRow.user_id)
        .where(condition)
    )


# Built once: every request resolves its login with one of them.
_LOGIN_BY_TOKEN_HASH = _logins_where(AuthSessionRow.token_hash == bindparam("token_hash"))
_LOGINS_BY_TOKEN_HASHES = _logins_where(  # the hashes as one array: ``= ANY``, indexed
    AuthSessionRow.token_hash == any_(bindparam("token_hashes")), AuthSessionRow.token_hash
)


def delete_auth_session(session: Session, token_hash: str) -> None:
    """End a login (log out)."""
    session.execute(delete(AuthSessionRow).where(AuthSessionRow.token_hash == token_hash))


def delete_user_sessions(session: Session, user_id: int, *, keep_token_hash: str = "") -> int:
    """End every login of an account, except the one whose token hashes to ``keep_token_hash``.

    Returns:
        How many logins were ended.
    """
    query = delete(AuthSessionRow).where(AuthSessionRow.user_id == user_id)
    if keep_token_hash:
        query = query.where(AuthSessionRow.token_hash != keep_token_hash)
    result = session.execute(query)
    return int(getattr(result, "rowcount", 0) or 0)


def delete_expired_sessions(session: Session, now: datetime) -> int:
    """Remove logins that expired before ``now``; returns how many."""
    result = session.execute(delete(AuthSessionRow).where(AuthSessionRow.expires_at <= now))
    return int(getattr(result, "rowcount", 0) or 0)


def add_audit_rows(session: Session, rows: Sequence[Mapping[str, object]]) -> None:
    """Insert ``audit_log`` rows given as column values, in one statement (no ORM objects)."""
    if rows:
        session.execute(insert(AuditEventRow), list(rows))


def audit_events(
    session: Session,
    *,
    object_kind: str = "",
    object_id: str = "",
    username: str = "",
    action: str = "",
    classifications: Collection[str | None] | None = None,
    limit: int = 200,
) -> list[AuditEventRow]:
    """Audit rows, newest first, optionally for one object, one user, one action.

    ``classifications``: only rows marked with one of these (``None`` in it: unmarked rows).
    """
    query = select(AuditEventRow)
    if classifications is not None:
        marked = [c for c in classifications if c is not None]
        allowed = AuditEventRow.classification.in_(marked)
        if None in classifications:
            query = query.where(or_(allowed, AuditEventRow.classification.is_(None)))
        else:
            query = query.where(allowed)
    if username:
        query = query.where(AuditEventRow.username == username)
    if action:
        query = query.where(AuditEventRow.action == action)
    if object_kind:
        query = query.where(AuditEventRow.object_kind == object_kind)
    if object_id:
        query = query.where(AuditEventRow.object_id == object_id)
    return list(session.scalars(query.order_by(AuditEventRow.id.desc()).limit(limit)))


def audit_classifications(session: Session) -> list[str | None]:
    """The distinct markings audit rows carry (``None``: rows from before markings)."""
    return list(session.scalars(select(AuditEventRow.classification).distinct()))
