"""What an administrator may grant: access they hold themselves, and no more.

``services.users`` asks these before adding or changing an account. An admin manages an account
only if they dominate it (``markings.dominates``: clearance at most theirs, a foreign admin's own
nationality only, organisations among theirs), before and after the change. An account beyond
them is, to them, no account (``NotVisibleError``, as for a missing name); a change or a new
account beyond them is an ``InputError`` naming the field. Every refusal is audited as ``denied``
(object ``user``) and committed at once, so it stays when the request then fails. The command
line (``actor`` ``None``) is the store's owner and may grant anything.

Audit rows about an account are marked at the account's ceiling (``account_marking``): only an
admin who may read everything the account may reads them, so the log does not show an admin
the accounts that are, to them, no account.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from overflight.errors import InputError
from overflight.markings import (
    ClassificationLevel,
    Marking,
    Overreach,
    Reader,
    ceiling,
    compute_banner,
    overreaches,
)
from overflight.services.accounts import Account
from overflight.services.audit import record_audit
from overflight.services.web import NotVisibleError
from overflight.store import Session

__all__ = [
    "Grants",
    "account_marking",
    "check_grant",
    "check_managed",
    "grants_of",
    "manages",
    "refuse",
]

_FIELDS = {"organisations": "organisation"}  # the account's field for each part of a reader


@dataclass(frozen=True, slots=True)
class Grants:
    """What an actor may give an account; the forms offer these, the checks enforce them.

    Attributes:
        clearances: the levels up to the actor's own.
        nationality: the one nationality a foreign actor may give; ``None``: any.
        organisations: the organisations the actor may give (``""``: none); ``None``: any.
    """

    clearances: tuple[ClassificationLevel, ...]
    nationality: str | None
    organisations: tuple[str, ...] | None


def grants_of(actor: Account | None) -> Grants:
    """What ``actor`` may grant (``None``, the command line: anything)."""
    if actor is None:
        return Grants(tuple(ClassificationLevel), None, None)
    clearances = tuple(level for level in ClassificationLevel if level <= actor.clearance)
    nationality = actor.nationality if actor.reader.foreign else None
    organisations = ("", actor.organisation) if actor.organisation else ("",)
    return Grants(clearances, nationality, organisations)


def account_marking(*readers: Reader) -> Marking:
    """How to mark an audit row about accounts that read as ``readers`` (before and after).

    Each reader's ceiling (``markings.ceiling``), or the banner of them all: a row reaches only
    admins who may read everything each of the readers may.
    """
    ceilings = {ceiling(reader) for reader in readers}
    if len(ceilings) == 1:
        (only,) = ceilings
        return only
    return compute_banner(ceilings)


def manages(actor: Account | None, reader: Reader) -> bool:
    """Whether ``actor`` may manage an account that reads as ``reader``."""
    return actor is None or not overreaches(actor.reader, reader)


def check_managed(
    session: Session,
    actor: Account | None,
    reader: Reader,
    *,
    object_id: object,
    name: str,
    typed: str,
    doing: str,
    when: datetime,
) -> None:
    """Refuse an account beyond ``actor`` as if it did not exist.

    Args:
        session: where the refusal is audited.
        actor: the admin (``None``: the command line, never refused).
        reader: the account's reader.
        object_id: the account's id, for the audit.
        name: the account's user name, for the audit.
        typed: the name as the admin gave it, for the 404.
        doing: what was tried (``change``), for the audit.
        when: the time of the audit row.

    Raises:
        NotVisibleError: the account is beyond the actor (``user NAME not found``).
    """
    if actor is None:
        return
    beyond = overreaches(actor.reader, reader)
    if beyond:
        reasons = "; ".join(o.reason for o in beyond)
        why = f"the account is beyond your access ({reasons})"
        detail = f"{name}: {doing} refused: {why}"
        refuse(session, actor, object_id, detail, account_marking(reader), when)
        raise NotVisibleError("user", typed)


def check_grant(
    session: Session,
    actor: Account | None,
    grantee: Reader,
    *,
    current: Reader | None = None,
    object_id: object,
    name: str,
    doing: str,
    when: datetime,
) -> None:
    """Refuse access ``actor`` would give but does not hold (an account's new state).

    Args:
        session: where the refusal is audited.
        actor: the admin (``None``: the command line, never refused).
        grantee: the account's reader after the change, or the new account's.
        current: the account's reader now (``None``: a new account), for the audit's marking.
        object_id: the account's id (``""`` for a new one), for the audit.
        name: the account's user name, for the audit.
        doing: what was tried (``add``, ``change``), for the audit.
        when: the time of the audit row.

    Raises:
        InputError: naming the first field that grants too much, and why; every reason is
            audited.
    """
    if actor is None:
        return
    beyond = overreaches(actor.reader, grantee)
    if not beyond:
        return
    why = [_refusal(actor, grantee, o) for o in beyond]
    detail = f"{name}: {doing} refused: {'; '.join(why)}"
    about = (actor.reader,) if current is None else (actor.reader, current)
    refuse(session, actor, object_id, detail, account_marking(*about), when)
    raise InputError(_FIELDS.get(beyond[0].part, beyond[0].part), why[0])


def _refusal(actor: Account, grantee: Reader, overreach: Overreach) -> str:
    if overreach.part == "clearance":
        return f"you may not grant a clearance above your own ({actor.clearance.word})"
    if overreach.part == "nationality":
        return (
            f"you may grant your own nationality ({actor.nationality}) only, "
            f"not {grantee.nationality}"
        )
    extra = ", ".join(sorted(grantee.organisations - actor.reader.organisations))
    return (
        f"you may not grant an organisation you do not belong to ({extra}); "
        f"yours: {actor.organisation or 'none'}"
    )


def refuse(
    session: Session,
    actor: Account,
    object_id: object,
    detail: str,
    marking: Marking,
    when: datetime,
) -> None:
    """Audit a refused attempt on an account (``denied``, marked ``marking``) and commit it.

    The caller raises next and its request rolls back; the refusal must stay. Nothing else may
    be pending in the session (the checks come before any change).
    """
    record_audit(
        session, actor.username, "denied", "user", object_id, detail, marking=marking, at=when
    )
    session.commit()
