"""Web accounts: users with a clearance, argon2 passwords, expiring logins, the audit log.

A login is a random secret handed to the client (a cookie for pages, a bearer token for the
API); the store keeps only its SHA-256, so a copy of the database cannot be replayed. Each login
carries its own CSRF token, which every form POST must echo.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from overflight.errors import InputError, OverflightError
from overflight.markings import Level, Reader
from overflight.store import Session, add
from overflight.store.accounts import (
    audit_events,
    count_users,
    delete_auth_session,
    get_user,
    session_by_token_hash,
    user_by_name,
)
from overflight.store.schema import AuditEventRow, AuthSessionRow, UserRow

__all__ = [
    "DEFAULT_SESSION_TTL",
    "Account",
    "AuditEntry",
    "IssuedLogin",
    "LoginKind",
    "NotAuthenticatedError",
    "Role",
    "audit_trail",
    "authenticate",
    "create_user",
    "end_login",
    "ensure_admin",
    "record_audit",
    "resolve_login",
    "start_login",
]

DEFAULT_SESSION_TTL = timedelta(hours=8)
_HASHER = PasswordHasher()
# Verified against when the user name is unknown, so both failures cost the same time.
_DUMMY_HASH = _HASHER.hash("overflight-not-a-password")


class Role(Enum):
    """What an account may do; each role includes the ones below it."""

    VIEWER = "viewer"  # read what their clearance allows
    ANALYST = "analyst"  # also screen and record, export non-papers
    ADMIN = "admin"  # also import lists and manage accounts

    @property
    def rank(self) -> int:
        """Order of the roles: viewer < analyst < admin."""
        return _RANKS[self]

    def includes(self, other: Role) -> bool:
        """Whether this role may do what ``other`` may."""
        return self.rank >= other.rank


_RANKS = {Role.VIEWER: 0, Role.ANALYST: 1, Role.ADMIN: 2}


class LoginKind(Enum):
    """How a login travels: a cookie for pages, a bearer token for the API."""

    COOKIE = "cookie"
    BEARER = "bearer"


class NotAuthenticatedError(OverflightError):
    """No valid login: unknown, expired, or the account is disabled."""


@dataclass(frozen=True, slots=True)
class Account:
    """A logged-in user as the web sees them."""

    id: int
    username: str
    clearance: Level
    nationality: str
    organisation: str
    role: Role

    @property
    def reader(self) -> Reader:
        """The reader the marking rules judge (organisation counts for REL TO and ORCON)."""
        organisations = frozenset({self.organisation}) if self.organisation else frozenset()
        return Reader(self.clearance, self.nationality, organisations)

    def may(self, role: Role) -> bool:
        """Whether the account's role includes ``role``."""
        return self.role.includes(role)


@dataclass(frozen=True, slots=True)
class IssuedLogin:
    """A new login: the secret for the client, its CSRF token, and when it expires."""

    token: str
    csrf_token: str
    expires_at: datetime
    account: Account


def _account(row: UserRow) -> Account:
    return Account(
        row.id,
        row.username,
        Level[row.clearance],
        row.nationality,
        row.organisation,
        Role(row.role),
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def create_user(
    session: Session,
    username: str,
    password: str,
    *,
    clearance: Level,
    nationality: str,
    organisation: str = "",
    role: Role = Role.VIEWER,
    now: datetime | None = None,
) -> Account:
    """Add an account with an argon2id password hash.

    Raises:
        InputError: empty or taken user name, short password, or a nationality that is not a
            trigraph.
    """
    name = username.strip()
    if not name or len(name) > 64:
        raise InputError("username", "give a user name of 1 to 64 characters")
    if len(password) < 8:
        raise InputError("password", "use at least 8 characters")
    Reader(clearance, nationality)  # raises InputError for a bad trigraph
    if user_by_name(session, name) is not None:
        raise InputError("username", f"{name!r} is taken")
    row = add(
        session,
        UserRow(
            username=name,
            password_hash=_HASHER.hash(password),
            clearance=clearance.name,
            nationality=nationality,
            organisation=organisation,
            role=role.value,
            active=True,
            created_at=now or datetime.now(UTC),
        ),
    )
    return _account(row)


def ensure_admin(session: Session, now: datetime | None = None) -> tuple[str, str] | None:
    """On a store with no account, create ``admin`` (TS, USA) with a random password.

    Returns:
        ``(username, password)`` when an account was created, else ``None``.
    """
    if count_users(session):
        return None
    password = secrets.token_urlsafe(18)
    create_user(
        session,
        "admin",
        password,
        clearance=Level.TS,
        nationality="USA",
        role=Role.ADMIN,
        now=now,
    )
    return "admin", password


def authenticate(session: Session, username: str, password: str) -> Account | None:
    """The account if the password is right and the account active, else ``None``."""
    row = user_by_name(session, username.strip())
    try:
        _HASHER.verify(row.password_hash if row is not None else _DUMMY_HASH, password)
    except (VerificationError, InvalidHashError):
        return None
    if row is None or not row.active:
        return None
    return _account(row)


def start_login(
    session: Session,
    account: Account,
    kind: LoginKind,
    *,
    now: datetime | None = None,
    ttl: timedelta = DEFAULT_SESSION_TTL,
) -> IssuedLogin:
    """Open a login for an authenticated account; the store keeps only the token's hash."""
    when = now or datetime.now(UTC)
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    expires = when + ttl
    add(
        session,
        AuthSessionRow(
            token_hash=_token_hash(token),
            user_id=account.id,
            kind=kind.value,
            csrf_token=csrf,
            created_at=when,
            expires_at=expires,
        ),
    )
    return IssuedLogin(token, csrf, expires, account)


def resolve_login(
    session: Session, token: str, kind: LoginKind, *, now: datetime | None = None
) -> IssuedLogin:
    """The login a client's token stands for.

    Raises:
        NotAuthenticatedError: unknown token, wrong kind, expired, or disabled account.
    """
    row = session_by_token_hash(session, _token_hash(token)) if token else None
    if row is None or row.kind != kind.value:
        raise NotAuthenticatedError("not logged in")
    if row.expires_at <= (now or datetime.now(UTC)):
        raise NotAuthenticatedError("the session has expired: log in again")
    user = get_user(session, row.user_id)
    if user is None or not user.active:
        raise NotAuthenticatedError("the account is disabled")
    return IssuedLogin(token, row.csrf_token, row.expires_at, _account(user))


def end_login(session: Session, token: str) -> None:
    """Log out: the token stops working."""
    delete_auth_session(session, _token_hash(token))


def record_audit(
    session: Session,
    who: str,
    action: str,
    object_kind: str,
    object_id: object = "",
    detail: str = "",
    *,
    at: datetime | None = None,
) -> None:
    """Add one audit row: who did what to which object, when."""
    add(
        session,
        AuditEventRow(
            at=at or datetime.now(UTC),
            username=who[:64],
            action=action[:16],
            object_kind=object_kind[:32],
            object_id=str(object_id)[:64],
            detail=detail,
        ),
    )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit row as read back."""

    at: datetime
    username: str
    action: str
    object_kind: str
    object_id: str
    detail: str


def audit_trail(
    session: Session, *, object_kind: str = "", object_id: object = "", limit: int = 200
) -> tuple[AuditEntry, ...]:
    """The latest audit rows, newest first, optionally for one object."""
    return tuple(
        AuditEntry(r.at, r.username, r.action, r.object_kind, r.object_id, r.detail)
        for r in audit_events(
            session, object_kind=object_kind, object_id=str(object_id), limit=limit
        )
    )
