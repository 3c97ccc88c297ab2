"""Account management: list, add and change accounts, reset and change passwords.

The web API, the admin page and ``overflight user`` call these. Who may call them is the
interface's check (admin role); what no one may do is checked here: an admin cannot disable or
demote themselves, so the store keeps an admin. Every change is audited (``change``, ``user``).
A change to what a user may read, or disabling them, ends their logins, so it takes effect at
once and they log in again under the new terms.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from overflight.errors import InputError
from overflight.markings import UNCLASSIFIED, Level, Reader, to_trigraph
from overflight.services.accounts import (
    MAX_ORGANISATION_LENGTH,
    Account,
    IssuedLogin,
    Role,
    authenticate,
    create_user,
    end_logins,
    hash_password,
)
from overflight.services.audit import (
    record_audit,
)
from overflight.services.web import NotVisibleError
from overflight.store import Session
from overflight.store.accounts import list_users, user_by_name
from overflight.store.schema import UserRow

__all__ = [
    "AccountChange",
    "AccountRecord",
    "add_account",
    "change_account",
    "change_own_password",
    "list_accounts",
    "parse_clearance",
    "parse_nationality",
    "parse_role",
    "reset_password",
]

CONSOLE = "cli"  # who the audit names when the command line, not an account, made a change


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """An account as an administrator sees it (never the password hash)."""

    username: str
    clearance: Level
    nationality: str
    organisation: str
    role: Role
    active: bool
    failed_logins: int
    locked_until: datetime | None  # set only while the lock lasts
    created_at: datetime


@dataclass(frozen=True, slots=True)
class AccountChange:
    """What to change on an account; ``None`` leaves a field as it is."""

    role: Role | None = None
    clearance: Level | None = None
    nationality: str | None = None
    organisation: str | None = None
    active: bool | None = None
    unlock: bool = False  # clear the lock and the count of failed logins


def parse_clearance(text: str, what: str = "clearance") -> Level:
    """A clearance from ``U``, ``C``, ``S`` or ``TS`` (any case).

    Raises:
        InputError: anything else, naming ``what``.
    """
    try:
        return Level[text.strip().upper()]
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


def list_accounts(session: Session, *, now: datetime | None = None) -> tuple[AccountRecord, ...]:
    """Every account, by user name."""
    when = now or datetime.now(UTC)
    return tuple(_record(row, when) for row in list_users(session))


def add_account(
    session: Session,
    actor: Account | None,
    username: str,
    password: str,
    *,
    clearance: Level,
    nationality: str,
    organisation: str = "",
    role: Role = Role.VIEWER,
    now: datetime | None = None,
) -> AccountRecord:
    """Add an account (``actor`` ``None``: the command line).

    Raises:
        UserExistsError: the user name is taken.
        InputError: a bad user name, a short password or a bad nationality.
    """
    when = now or datetime.now(UTC)
    account = create_user(
        session,
        username,
        password,
        clearance=clearance,
        nationality=nationality,
        organisation=organisation,
        role=role,
        now=when,
    )
    detail = (
        f"added {account.username}: {clearance.name}, {nationality}, "
        f"{organisation or '-'}, {role.value}"
    )
    record_audit(
        session, _who(actor), "change", "user", account.id, detail, marking=UNCLASSIFIED, at=when
    )
    return _record(_row(session, account.username), when)


def change_account(
    session: Session,
    actor: Account | None,
    username: str,
    change: AccountChange,
    *,
    now: datetime | None = None,
) -> AccountRecord:
    """Change an account's role, clearance, nationality, organisation, active flag or lock.

    Disabling, or a new clearance, nationality, organisation or role, ends the user's logins.

    Raises:
        NotVisibleError: no such user (404).
        InputError: nothing to change, a bad nationality, or an admin disabling or demoting
            themselves.
    """
    when = now or datetime.now(UTC)
    row = _row(session, username)
    if actor is not None and actor.id == row.id:
        if change.active is False:
            raise InputError("active", "you cannot disable your own account")
        if change.role is not None and change.role is not Role.ADMIN:
            raise InputError("role", "you cannot take the admin role from yourself")
    if change.nationality is not None:
        Reader(Level.U, change.nationality)  # raises InputError for a bad trigraph
    if change.organisation is not None and len(change.organisation) > MAX_ORGANISATION_LENGTH:
        raise InputError("organisation", f"use at most {MAX_ORGANISATION_LENGTH} characters")
    done, ends_logins = _apply(row, change)
    if not done:
        raise InputError(
            "change",
            "nothing to change: give role, clearance, nationality, organisation, active or unlock",
        )
    if ends_logins:
        done.append(f"ended {end_logins(session, row.id)} login(s)")
    detail = f"{row.username}: {'; '.join(done)}"
    record_audit(
        session, _who(actor), "change", "user", row.id, detail, marking=UNCLASSIFIED, at=when
    )
    return _record(row, when)


def reset_password(
    session: Session,
    actor: Account | None,
    username: str,
    new_password: str,
    *,
    now: datetime | None = None,
) -> int:
    """Give an account a new password, clear its lock and end its logins.

    Returns:
        How many logins were ended.

    Raises:
        NotVisibleError: no such user (404).
        InputError: the password is too short.
    """
    when = now or datetime.now(UTC)
    row = _row(session, username)
    row.password_hash = hash_password(new_password, "new_password")
    row.failed_logins = 0
    row.locked_until = None
    ended = end_logins(session, row.id)
    detail = f"{row.username}: password reset; ended {ended} login(s)"
    record_audit(
        session, _who(actor), "change", "user", row.id, detail, marking=UNCLASSIFIED, at=when
    )
    return ended


def change_own_password(
    session: Session,
    login: IssuedLogin,
    current_password: str,
    new_password: str,
    *,
    now: datetime | None = None,
) -> int:
    """Change the logged-in user's password; ends their other logins, keeps this one.

    A wrong current password counts toward the lockout like a failed login (a stolen session
    must not give unlimited guesses).

    Returns:
        How many other logins were ended.

    Raises:
        InputError: the current password is wrong, or the new one is too short or the same.
        AccountLockedError: too many wrong passwords (401).
    """
    when = now or datetime.now(UTC)
    account = login.account
    password_hash = hash_password(new_password, "new_password")
    if new_password == current_password:
        raise InputError("new_password", "the new password is the current one")
    if authenticate(session, account.username, current_password, now=when) is None:
        raise InputError("current_password", "wrong password")
    row = _row(session, account.username)
    row.password_hash = password_hash
    ended = end_logins(session, row.id, keep_token=login.token)
    detail = f"{row.username}: own password changed; ended {ended} other login(s)"
    record_audit(
        session, account.username, "change", "user", row.id, detail, marking=UNCLASSIFIED, at=when
    )
    return ended


def _who(actor: Account | None) -> str:
    return actor.username if actor is not None else CONSOLE


def _row(session: Session, username: str) -> UserRow:
    row = user_by_name(session, username.strip())
    if row is None:
        raise NotVisibleError("user", username.strip())
    return row


def _apply(row: UserRow, change: AccountChange) -> tuple[list[str], bool]:
    """Set what differs: a line per change, and whether the user's logins must end.

    Only enabling and unlocking leave logins alone (there is none to end, or nothing about what
    the user may read changed).
    """
    done: list[str] = []
    if change.clearance is not None and change.clearance.name != row.clearance:
        done.append(f"clearance {row.clearance} -> {change.clearance.name}")
        row.clearance = change.clearance.name
    if change.nationality is not None and change.nationality != row.nationality:
        done.append(f"nationality {row.nationality} -> {change.nationality}")
        row.nationality = change.nationality
    if change.organisation is not None and change.organisation.strip() != row.organisation:
        done.append(f"organisation {row.organisation or '-'} -> {change.organisation.strip()}")
        row.organisation = change.organisation.strip()
    if change.role is not None and change.role.value != row.role:
        done.append(f"role {row.role} -> {change.role.value}")
        row.role = change.role.value
    if change.active is False and row.active:
        done.append("disabled")
        row.active = False
    ends_logins = bool(done)
    if change.active is True and not row.active:
        done.append("enabled")
        row.active = True
    if change.unlock:
        done.append(f"unlocked (had {row.failed_logins} failed login(s))")
        row.failed_logins = 0
        row.locked_until = None
    return done, ends_logins


def _record(row: UserRow, now: datetime) -> AccountRecord:
    locked = row.locked_until if row.locked_until is not None and row.locked_until > now else None
    return AccountRecord(
        row.username,
        Level[row.clearance],
        row.nationality,
        row.organisation,
        Role(row.role),
        row.active,
        row.failed_logins,
        locked,
        row.created_at,
    )
