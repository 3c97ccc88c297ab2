"""The user, in one place: who an account is, what it may read and write, and its logins.

Who: an ``Account`` (user name, role, clearance, nationality, organisation), read from the store
or parsed from what an admin typed (``parse_clearance``, ``parse_role``, ``parse_nationality``).
What they may read: ``Account.reader`` is the ``markings.Reader`` the marking rules judge, and
``may_see`` is the one gate every case, telegram portion, audit row and map track passes (no
bypass for admins). What they may write: ``require`` refuses a role too low (``ForbiddenError``);
a write that reaches a case passes ``cases.check_reach`` with the same ``Account.reader``. The web
and the command line ask these; ``services.users`` manages accounts on top of them.

Logins: users with a clearance, argon2 passwords, expiring logins, the audit log.

A login is a random secret handed to the client (a cookie for pages, a bearer token for the
API); the store keeps only its SHA-256, so a copy of the database cannot be replayed. Each login
carries its own CSRF token, which every form POST must echo.

Lockout: ``MAX_FAILED_LOGINS`` wrong passwords in a row lock an account for ``LOCKOUT_DURATION``;
while it is locked even the right password is refused. An unknown user name never locks (there is
no row to count on), so the lock message tells a guesser that the name exists: the price of
telling a real user why they cannot log in.

User names: a new name is NFKC-normalised, stripped and lower-cased, and must then be 1 to 64 of
``a-z``, ``0-9``, ``.``, ``_``, ``-``, starting with a letter or digit (``normalise_username``);
anything else (a control character, a space inside, a look-alike such as Cyrillic ``а``) is
refused. A login or a lookup finds the name as typed first (a store may hold names from before
the rule: they keep working), then its normalised form (``Admin`` finds ``admin``).
"""

from __future__ import annotations

import hashlib
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import Enum
from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from overflight.errors import InputError, OverflightError, Param
from overflight.markings import (
    UNCLASSIFIED,
    ClassificationLevel,
    Marking,
    Reader,
    may_read,
    to_trigraph,
)
from overflight.services.audit import record_audit
from overflight.store import (
    AuthSessionRow,
    LoginLookup,
    Session,
    StoredLogin,
    UserRow,
    add,
    add_failed_login,
    count_users,
    delete_auth_session,
    delete_user_sessions,
    login_by_token_hash,
    user_by_name,
)

__all__ = [
    "DEFAULT_SESSION_TTL",
    "LOCKOUT_DURATION",
    "MAX_FAILED_LOGINS",
    "MAX_ORGANISATION_LENGTH",
    "MAX_USERNAME_LENGTH",
    "MIN_PASSWORD_LENGTH",
    "Account",
    "AccountLockedError",
    "ExpiredLoginError",
    "ForbiddenError",
    "IssuedLogin",
    "LoginKind",
    "NotAuthenticatedError",
    "Role",
    "UserExistsError",
    "account_named",
    "authenticate",
    "check_organisation",
    "create_user",
    "end_login",
    "end_logins",
    "ensure_admin",
    "find_user",
    "hash_password",
    "may_see",
    "normalise_username",
    "parse_clearance",
    "parse_nationality",
    "parse_role",
    "read_login",
    "reader_of",
    "reader_of_row",
    "require",
    "resolve_login",
    "start_login",
]

DEFAULT_SESSION_TTL = timedelta(hours=8)
MIN_PASSWORD_LENGTH = 12
MAX_ORGANISATION_LENGTH = 100  # the column's width
MAX_USERNAME_LENGTH = 64  # the column's width
MAX_FAILED_LOGINS = 5  # wrong passwords in a row before the account is locked
LOCKOUT_DURATION = timedelta(minutes=15)
_HASHER = PasswordHasher()
_DUMMY_PASSWORD = "overflight-not-a-password"
# Its hash at argon2-cffi 25.1's default parameters, made once and kept here: hashing at import
# cost every command ~0.6 s of CPU.
_DUMMY_HASH = (
    "$argon2id$v=19$m=65536,t=3,p=4$SUtACdJhLF3X2l60H7oOYg"
    "$RhexWhdH8czWGtI4lL9qfeo6arf9eagQfoOe7J1NsUI"
)


@cache
def _dummy_hash() -> str:
    """A hash verified against when the user name is unknown, so both failures cost the same.

    The stored one, unless the hasher's parameters have changed since (a new argon2-cffi): then
    one made now, once, so that verifying it still costs what verifying a real hash costs.
    """
    if _HASHER.check_needs_rehash(_DUMMY_HASH):
        return _HASHER.hash(_DUMMY_PASSWORD)
    return _DUMMY_HASH


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


class ExpiredLoginError(NotAuthenticatedError):
    """The login was good and has expired: log in again."""


class UserExistsError(InputError):
    """The user name is taken (the API answers 409)."""


class ForbiddenError(Exception):
    """The account's role does not allow this action (the object itself is not at stake)."""


class AccountLockedError(NotAuthenticatedError):
    """Too many wrong passwords in a row: no login until the lock ends or an admin unlocks."""

    def __init__(self) -> None:
        super().__init__("too many failed logins: try again later")


@dataclass(frozen=True, slots=True)
class Account:
    """A logged-in user as the web sees them."""

    id: int
    username: str
    clearance: ClassificationLevel
    nationality: str
    organisation: str
    role: Role

    @property
    def reader(self) -> Reader:
        """The reader the marking rules judge (organisation counts for REL TO and ORCON)."""
        return reader_of(self.clearance, self.nationality, self.organisation)

    def may(self, role: Role) -> bool:
        """Whether the account's role includes ``role``."""
        return self.role.includes(role)


@dataclass(frozen=True, slots=True)
class IssuedLogin:
    """A new login: the secret for the client, its CSRF token, and when it expires.

    ``store_revision``: for a login read back from the store, the store's revision read with
    it (before anything else the request reads); ``None`` when unknown.
    """

    token: str
    csrf_token: str
    expires_at: datetime
    account: Account
    store_revision: int | None = None


def reader_of(clearance: ClassificationLevel, nationality: str, organisation: str) -> Reader:
    """The reader an account with these fields is (no organisation: none; the marking rules).

    Raises:
        InputError: the nationality is not a trigraph.
    """
    organisations = frozenset({organisation}) if organisation else frozenset[str]()
    return Reader(clearance, nationality, organisations)


def reader_of_row(row: UserRow) -> Reader:
    """The reader a stored account is."""
    return reader_of(ClassificationLevel[row.clearance], row.nationality, row.organisation)


def may_see(account: Account, marking: Marking | None) -> bool:
    """Whether an account may receive something with this marking (unknown marking: no).

    Every marking must be satisfied (``markings.may_read``): clearance, NOFORN, REL TO, ORCON.
    Administrators get no bypass; an admin reads what their clearance and nationality allow.
    """
    if marking is None:
        return False
    return may_read(account.reader, marking).allowed


def require(account: Account, role: Role) -> None:
    """Refuse an action the account's role does not include.

    Raises:
        ForbiddenError: the role is too low.
    """
    if not account.may(role):
        raise ForbiddenError(f"this needs the {role.value} role")


def parse_clearance(text: str, what: str = "clearance") -> ClassificationLevel:
    """A clearance from ``U``, ``C``, ``S`` or ``TS`` (any case).

    Raises:
        InputError: anything else, naming ``what``.
    """
    try:
        return ClassificationLevel[text.strip().upper()]
    except KeyError:
        raise InputError(what, f"{text!r}: give U, C, S or TS") from None


def parse_role(text: str, what: str = "role") -> Role:
    """A role from ``viewer``, ``analyst`` or ``admin`` (any case).

    Raises:
        InputError: anything else, naming ``what``.
    """
    try:
        return Role(text.strip().lower())
    except ValueError:
        raise InputError(what, f"{text!r}: give viewer, analyst or admin") from None


def parse_nationality(text: str, what: str = "nationality") -> str:
    """A nationality trigraph from a trigraph or a country name (``tur``, ``Kazakhstan``).

    Raises:
        InputError: no country, or a group (``NATO``) rather than a country; naming ``what``.
    """
    try:
        trigraph = to_trigraph(text)
    except ValueError as err:
        raise InputError(what, str(err)) from None
    if len(trigraph) != 3:
        raise InputError(what, f"{text!r} is a group, not a country: give a trigraph like USA")
    return trigraph


def check_organisation(organisation: str) -> None:
    """Refuse an organisation wider than its column.

    Raises:
        InputError: (``organisation``) over ``MAX_ORGANISATION_LENGTH`` characters.
    """
    if len(organisation) > MAX_ORGANISATION_LENGTH:
        raise InputError("organisation", f"use at most {MAX_ORGANISATION_LENGTH} characters")


def _account(row: UserRow) -> Account:
    return Account(
        row.id,
        row.username,
        ClassificationLevel[row.clearance],
        row.nationality,
        row.organisation,
        Role(row.role),
    )


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def hash_password(password: str, what: str = "password") -> str:
    """The argon2id hash of a new password.

    Raises:
        InputError: shorter than ``MIN_PASSWORD_LENGTH`` characters (``what`` names the field).
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise InputError(what, f"use at least {MIN_PASSWORD_LENGTH} characters")
    return _HASHER.hash(password)


_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]*")
_USERNAME_RULE = "use letters a-z, digits, '.', '_' and '-'"


def normalise_username(text: str) -> str:
    """A new user name as stored: NFKC, stripped, lower case, then checked.

    Example:
        >>> normalise_username(" Ayse.Demir ")
        'ayse.demir'

    Raises:
        InputError: (``username``) empty or over 64 characters, a control or invisible
            character, a space inside, a character that is not ASCII after NFKC (a look-alike
            such as Cyrillic ``а``), any other character but ``.``, ``_`` and ``-``, or a first
            character that is not a letter or digit.
    """
    name = unicodedata.normalize("NFKC", text).strip()
    for char in name:
        if unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            raise InputError(
                "username", f"{name!r} holds a control or invisible character, {_code(char)}"
            )
    if not name or len(name) > MAX_USERNAME_LENGTH:
        raise InputError("username", f"give a user name of 1 to {MAX_USERNAME_LENGTH} characters")
    for char in name:
        if char.isspace():
            raise InputError("username", f"{name!r} holds a space: a user name is one word")
        if not char.isascii():
            raise InputError(
                "username",
                f"{name!r} holds {char!r}, {_code(char)}, which is not ASCII (a look-alike of a "
                f"letter?): {_USERNAME_RULE}",
            )
    name = name.lower()
    if _USERNAME.fullmatch(name) is None:
        odd = next((c for c in name if not (c.isalnum() or c in "._-")), "")
        if odd:
            raise InputError("username", f"{name!r} holds {odd!r}: {_USERNAME_RULE}")
        raise InputError("username", f"{name!r}: start with a letter or a digit")
    return name


def _code(char: str) -> str:
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed')}"


def find_user(session: Session, username: str) -> UserRow | None:
    """The account a typed user name stands for, or ``None``.

    The name as typed (stripped) first, so a name stored before the rules of
    ``normalise_username`` still works; then its NFKC, lower-case form (``Admin`` finds
    ``admin``). A look-alike is never mapped to ASCII: Cyrillic ``аdmin`` finds no ``admin``.
    """
    typed = username.strip()
    row = user_by_name(session, typed)
    if row is not None:
        return row
    folded = unicodedata.normalize("NFKC", typed).strip().lower()
    return user_by_name(session, folded) if folded != typed else None


_USERNAME_PARAM = Param("username")


def account_named(session: Session, username: str, what: Param = _USERNAME_PARAM) -> Account:
    """The active account a typed user name stands for (``find_user``), to act as it.

    Raises:
        InputError: no active account of that name (naming ``what``).
    """
    row = find_user(session, username)
    if row is None or not row.active:
        raise InputError(what, f"no active account {username.strip()!r}")
    return _account(row)


def create_user(
    session: Session,
    username: str,
    password: str,
    *,
    clearance: ClassificationLevel,
    nationality: str,
    organisation: str = "",
    role: Role = Role.VIEWER,
    now: datetime | None = None,
) -> Account:
    """Add an account with an argon2id password hash.

    The user name is stored as ``normalise_username`` gives it; it is taken if an account has
    it in any case (a store from before the rules may hold ``Admin``).

    Raises:
        UserExistsError: the user name is taken.
        InputError: a user name ``normalise_username`` refuses, a password shorter than
            ``MIN_PASSWORD_LENGTH``, a nationality that is not a trigraph, or an organisation
            over 100 characters.
    """
    name = normalise_username(username)
    if user_by_name(session, name, any_case=True) is not None:  # before the (slow) hash
        raise UserExistsError("username", f"{name!r} is taken")
    password_hash = hash_password(password)
    Reader(clearance, nationality)  # raises InputError for a bad trigraph
    check_organisation(organisation)
    row = add(
        session,
        UserRow(
            username=name,
            password_hash=password_hash,
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
        clearance=ClassificationLevel.TS,
        nationality="USA",
        role=Role.ADMIN,
        now=now,
    )
    return "admin", password


def authenticate(
    session: Session, username: str, password: str, *, now: datetime | None = None
) -> Account | None:
    """The account if the password is right, the account active and not locked, else ``None``.

    A right password resets the count of failures. A refusal is audited (``denied``; the lock
    itself as ``locked``) and **committed at once**, with whatever else the session holds, so
    the count survives a caller that answers 401 by raising (and so rolls back).

    Raises:
        AccountLockedError: the account is locked, or this failure locked it.
    """
    when = now or datetime.now(UTC)
    row = find_user(session, username)
    if row is not None and row.locked_until is not None and row.locked_until > when:
        # The password is not checked: a locked account must not tell a guesser it was right.
        detail = f"account locked until {_hhmm(row.locked_until)}"
        _refuse(session, row.username, row.id, detail, when)
        raise AccountLockedError
    right = _verifies(row.password_hash if row is not None else _dummy_hash(), password)
    if row is None:
        _refuse(session, _printable(username.strip()), "", "unknown user name", when)
        return None
    if not right:
        _count_failure(session, row, when)
        return None
    if not row.active:
        _refuse(session, row.username, row.id, "account disabled", when)
        return None
    if row.failed_logins or row.locked_until is not None:
        row.failed_logins = 0
        row.locked_until = None
    return _account(row)


def _printable(name: str) -> str:
    """A typed name fit for the audit log: control characters escaped, not written raw."""
    return name if name.isprintable() else ascii(name)[1:-1]


def _verifies(password_hash: str, password: str) -> bool:
    try:
        return _HASHER.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def _hhmm(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%H:%M UTC")


def _count_failure(session: Session, row: UserRow, when: datetime) -> None:
    failures = add_failed_login(session, row.id)
    detail = f"wrong password ({failures} of {MAX_FAILED_LOGINS})"
    if failures < MAX_FAILED_LOGINS:
        _refuse(session, row.username, row.id, detail, when)
        return
    until = when + LOCKOUT_DURATION
    row.failed_logins = 0  # after the lock, counting starts again
    row.locked_until = until
    record_audit(
        session, row.username, "denied", "user", row.id, detail, marking=UNCLASSIFIED, at=when
    )
    _refuse(
        session,
        row.username,
        row.id,
        f"locked until {_hhmm(until)} after {failures} failed logins",
        when,
        action="locked",
    )
    raise AccountLockedError


def _refuse(
    session: Session,
    who: str,
    user_id: object,
    detail: str,
    when: datetime,
    *,
    action: str = "denied",
) -> None:
    record_audit(session, who, action, "user", user_id, detail, marking=UNCLASSIFIED, at=when)
    session.commit()  # a refusal must count even if the caller's transaction is rolled back


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
    source: Session | LoginLookup, token: str, kind: LoginKind, *, now: datetime | None = None
) -> IssuedLogin:
    """The login a client's token stands for, read from a session or a ``LoginLookup``.

    Read afresh every time (never cached): a login ended, or an account disabled, on any
    worker stops working at once.

    Raises:
        NotAuthenticatedError: unknown token, wrong kind, expired, or disabled account.
    """
    found = login_by_token_hash(source, _token_hash(token)) if token else None
    return _issued(found, token, kind, now or datetime.now(UTC))


async def read_login(lookup: LoginLookup, token: str, kind: LoginKind) -> IssuedLogin:
    """``resolve_login`` on the event loop, through ``LoginLookup.find_async``.

    Raises:
        NotAuthenticatedError: unknown token, wrong kind, expired, or disabled account.
    """
    found = await lookup.find_async(_token_hash(token)) if token else None
    return _issued(found, token, kind, datetime.now(UTC))


def _issued(found: StoredLogin | None, token: str, kind: LoginKind, now: datetime) -> IssuedLogin:
    """The login ``found`` for ``token``, if it is one of ``kind``, current, of an active account.

    Raises:
        NotAuthenticatedError: no such login, wrong kind, expired, or disabled account.
    """
    if found is None or found.kind != kind.value:
        raise NotAuthenticatedError("not logged in")
    if found.expires_at <= now:
        raise ExpiredLoginError("the session has expired: log in again")
    user = found.account
    if user is None or not user.active:
        raise NotAuthenticatedError("the account is disabled")
    account = Account(
        user.id,
        user.username,
        ClassificationLevel[user.clearance],
        user.nationality,
        user.organisation,
        Role(user.role),
    )
    return IssuedLogin(token, found.csrf_token, found.expires_at, account, found.store_revision)


def end_login(session: Session, token: str) -> None:
    """Log out: the token stops working."""
    delete_auth_session(session, _token_hash(token))


def end_logins(session: Session, user_id: int, *, keep_token: str = "") -> int:
    """End every login of an account (but the one of ``keep_token``); returns how many."""
    keep = _token_hash(keep_token) if keep_token else ""
    return delete_user_sessions(session, user_id, keep_token_hash=keep)
