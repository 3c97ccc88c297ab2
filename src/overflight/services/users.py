"""Account management: list, add and change accounts, reset and change passwords.

The web API, the admin page and ``overflight user`` call these. Who may call them is the
interface's check (admin role); what no admin may do is checked here:

* **grant access they do not hold** (``services.grants``): an account beyond the admin is, for
  them, no account (404, left out of their list); giving more than they hold is refused (422);
* **change themselves**: their own clearance, nationality, organisation, role, active flag or
  lock, or reset their own password here (``change_own_password`` needs the current one).

The command line (``actor`` ``None``, audited as ``cli``) acts for the store's owner and may do
anything: it is how an account with a clearance or an organisation beyond every admin is made.
Every change is audited (``change``, ``user``: an added account's whole state, each changed
field before and after) and every refusal above as ``denied``, committed at once so it stays
when the request then fails. A change to what a user may read, or disabling them, ends their
logins, so it takes effect at once and they log in again under the new terms.

Who an account is (its reader, the parsing of typed fields, the organisation's width) is
``services.accounts``'; these only manage accounts on top of it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from overflight.errors import InputError
from overflight.markings import ClassificationLevel
from overflight.services.accounts import (
    Account,
    IssuedLogin,
    Role,
    authenticate,
    check_organisation,
    create_user,
    end_logins,
    find_user,
    hash_password,
    reader_of,
    reader_of_row,
)
from overflight.services.audit import (
    record_audit,
)
from overflight.services.grants import (
    account_marking,
    check_grant,
    check_managed,
    manages,
    refuse,
)
from overflight.services.web import NotVisibleError
from overflight.store import Session, UserRow, list_users

__all__ = [
    "AccountChange",
    "AccountRecord",
    "add_account",
    "change_account",
    "change_own_password",
    "list_accounts",
    "reset_password",
]

CONSOLE = "cli"  # who the audit names when the command line, not an account, made a change


@dataclass(frozen=True, slots=True)
class AccountRecord:
    """An account as an administrator sees it (never the password hash)."""

    username: str
    clearance: ClassificationLevel
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
    clearance: ClassificationLevel | None = None
    nationality: str | None = None
    organisation: str | None = None
    active: bool | None = None
    unlock: bool = False  # clear the lock and the count of failed logins


def list_accounts(
    session: Session, actor: Account | None, *, now: datetime | None = None
) -> tuple[AccountRecord, ...]:
    """Every account ``actor`` may manage (``None``: every account), by user name."""
    when = now or datetime.now(UTC)
    rows = list_users(session)
    return tuple(_record(row, when) for row in rows if manages(actor, reader_of_row(row)))


def add_account(
    session: Session,
    actor: Account | None,
    username: str,
    password: str,
    *,
    clearance: ClassificationLevel,
    nationality: str,
    organisation: str = "",
    role: Role = Role.VIEWER,
    now: datetime | None = None,
) -> AccountRecord:
    """Add an account (``actor`` ``None``: the command line, which may grant anything).

    Raises:
        UserExistsError: the user name is taken.
        InputError: a bad user name, a short password or a bad nationality; or access the actor
            does not hold, naming the field (audited as ``denied``, committed).
    """
    when = now or datetime.now(UTC)
    organisation = organisation.strip()
    new = reader_of(clearance, nationality, organisation)  # raises for a bad trigraph
    check_grant(session, actor, new, object_id="", name=username.strip(), doing="add", when=when)
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
        f"added {account.username}: clearance {clearance.name}, nationality {nationality}, "
        f"organisation {organisation or '-'}, role {role.value}, active yes"
    )
    marking = account_marking(new)
    record_audit(
        session, _who(actor), "change", "user", account.id, detail, marking=marking, at=when
    )
    return _record(_row(session, None, account.username), when)


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
        NotVisibleError: no such user, or one beyond the actor's access (404).
        InputError: nothing to change, a bad nationality; or, audited as ``denied`` and
            committed, access the actor does not hold or an admin changing their own access,
            role, active flag or lock.
    """
    when = now or datetime.now(UTC)
    row = _row(session, actor, username, "change", when)
    before = reader_of_row(row)
    if actor is not None and actor.id == row.id:
        _refuse_self_change(session, actor, row, change, when)
    organisation = _stripped(change.organisation)
    after = reader_of(  # raises InputError for a bad trigraph
        ClassificationLevel[row.clearance]
        if change.clearance is None
        else change.clearance,  # U is falsy
        row.nationality if change.nationality is None else change.nationality,
        row.organisation if organisation is None else organisation,
    )
    check_organisation(organisation or "")
    check_grant(
        session,
        actor,
        after,
        current=before,
        object_id=row.id,
        name=row.username,
        doing="change",
        when=when,
    )
    done, ends_logins = _apply(row, change, when)
    if not done:
        raise InputError(
            "change",
            "nothing to change: give role, clearance, nationality, organisation, active or unlock",
        )
    if ends_logins:
        done.append(f"ended {end_logins(session, row.id)} login(s)")
    detail = f"{row.username}: {'; '.join(done)}"
    marking = account_marking(before, after)  # what it was and what it is now
    record_audit(session, _who(actor), "change", "user", row.id, detail, marking=marking, at=when)
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
        NotVisibleError: no such user, or one beyond the actor's access (404).
        InputError: the password is too short, or the actor's own account (audited as
            ``denied``, committed): their own password needs the current one.
    """
    when = now or datetime.now(UTC)
    row = _row(session, actor, username, "password reset", when)
    if actor is not None and actor.id == row.id:
        why = (
            "you cannot reset your own password here: change it with your current password "
            "(/api/me/password or /account/password)"
        )
        detail = f"{row.username}: password reset refused: {why}"
        refuse(session, actor, row.id, detail, account_marking(actor.reader), when)
        raise InputError("username", why)
    row.password_hash = hash_password(new_password, "new_password")
    locked = _lock_state(row, when)
    row.failed_logins = 0
    row.locked_until = None
    ended = end_logins(session, row.id)
    detail = f"{row.username}: password reset{locked}; ended {ended} login(s)"
    marking = account_marking(reader_of_row(row))
    record_audit(session, _who(actor), "change", "user", row.id, detail, marking=marking, at=when)
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
    row = _row(session, None, account.username)
    row.password_hash = password_hash
    ended = end_logins(session, row.id, keep_token=login.token)
    detail = f"{row.username}: own password changed; ended {ended} other login(s)"
    marking = account_marking(account.reader)
    record_audit(
        session, account.username, "change", "user", row.id, detail, marking=marking, at=when
    )
    return ended


def _who(actor: Account | None) -> str:
    return actor.username if actor is not None else CONSOLE


def _row(
    session: Session,
    actor: Account | None,
    username: str,
    doing: str = "",
    when: datetime | None = None,
) -> UserRow:
    """The account named, if ``actor`` may manage it; a refusal is audited as ``doing``.

    Raises:
        NotVisibleError: no such user, or one beyond the actor (the same answer).
    """
    row = find_user(session, username)
    if row is None:
        raise NotVisibleError("user", username.strip())
    check_managed(
        session,
        actor,
        reader_of_row(row),
        object_id=row.id,
        name=row.username,
        typed=username.strip(),
        doing=doing,
        when=when or datetime.now(UTC),
    )
    return row


def _refuse_self_change(
    session: Session, actor: Account, row: UserRow, change: AccountChange, when: datetime
) -> None:
    """Refuse (audited, committed) an admin's change to their own access, role, state or lock.

    Raises:
        InputError: naming the field.
    """
    refusal = _own_change(row, change)
    if refusal is not None:
        field, why = refusal
        detail = f"{row.username}: change refused: {why}"
        refuse(session, actor, row.id, detail, account_marking(actor.reader), when)
        raise InputError(field, why)


def _own_change(row: UserRow, change: AccountChange) -> tuple[str, str] | None:
    """The first field an admin may not change on their own account, and why; else ``None``."""
    asked = (
        ("clearance", None if change.clearance is None else change.clearance.name, row.clearance),
        ("nationality", change.nationality, row.nationality),
        ("organisation", _stripped(change.organisation), row.organisation),
        ("role", None if change.role is None else change.role.value, row.role),
    )
    for field, new, current in asked:
        if new is not None and new != current:
            return field, f"you cannot change your own {field}"
    if change.active is False:
        return "active", "you cannot disable your own account"
    if change.unlock:  # a stolen session must not clear its own count of wrong passwords
        return "unlock", "you cannot unlock your own account"
    return None


def _stripped(text: str | None) -> str | None:
    return text.strip() if text is not None else None


def _apply(row: UserRow, change: AccountChange, when: datetime) -> tuple[list[str], bool]:
    """Set what differs: a line per change, before and after, and whether logins must end.

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
    new = _stripped(change.organisation)
    if new is not None and new != row.organisation:
        done.append(f"organisation {row.organisation or '-'} -> {new or '-'}")
        row.organisation = new
    if change.role is not None and change.role.value != row.role:
        done.append(f"role {row.role} -> {change.role.value}")
        row.role = change.role.value
    if change.active is False and row.active:
        done.append("active yes -> no (disabled)")
        row.active = False
    ends_logins = bool(done)
    if change.active is True and not row.active:
        done.append("active no -> yes (enabled)")
        row.active = True
    if change.unlock:
        done.append(f"unlocked{_lock_state(row, when)}")
        row.failed_logins = 0
        row.locked_until = None
    return done, ends_logins


def _lock_state(row: UserRow, when: datetime) -> str:
    """What a reset or an unlock clears: `` (had 2 failed login(s), locked until 09:15 UTC)``."""
    lock = ""
    if row.locked_until is not None and row.locked_until > when:
        lock = f", locked until {row.locked_until.astimezone(UTC):%H:%M} UTC"
    return f" (had {row.failed_logins} failed login(s){lock})"


def _record(row: UserRow, now: datetime) -> AccountRecord:
    locked = row.locked_until if row.locked_until is not None and row.locked_until > now else None
    return AccountRecord(
        row.username,
        ClassificationLevel[row.clearance],
        row.nationality,
        row.organisation,
        Role(row.role),
        row.active,
        row.failed_logins,
        locked,
        row.created_at,
    )
