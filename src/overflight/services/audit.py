"""The audit log: who read or changed what, when; written by every interface, read by admins.

Every row carries the marking of what it is about: a case's marking, the banner of the copy of a
telegram a reader was given, or, for what a user typed themselves (a search, a probed id, a
submission), the author's ceiling (``markings.ceiling``). Admins read the log through the same
gate as everything else (``services.web.visible_audit_trail``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from overflight.markings import SYSTEM_HIGH, Marking, parse_portion
from overflight.store import Session, add
from overflight.store.accounts import audit_classifications, audit_events
from overflight.store.schema import AuditEventRow

__all__ = [
    "AUDIT_ROWS_DEFAULT",
    "AUDIT_ROWS_MAX",
    "AuditEntry",
    "audit_trail",
    "record_audit",
]

AUDIT_ROWS_DEFAULT = 200  # audit rows shown when no limit is asked
AUDIT_ROWS_MAX = 1000  # the most audit rows one request may ask for


def record_audit(
    session: Session,
    who: str,
    action: str,
    object_kind: str,
    object_id: object = "",
    detail: str = "",
    *,
    marking: Marking,
    at: datetime | None = None,
) -> None:
    """Add one audit row: who did what to which object, when, marked as what it is about."""
    add(
        session,
        AuditEventRow(
            at=at or datetime.now(UTC),
            username=who[:64],
            action=action[:16],
            object_kind=object_kind[:32],
            object_id=str(object_id)[:64],
            detail=detail,
            classification=marking.portion(),
        ),
    )


@dataclass(frozen=True, slots=True)
class AuditEntry:
    """One audit row as read back (a row from before markings reads as ``SYSTEM_HIGH``)."""

    at: datetime
    username: str
    action: str
    object_kind: str
    object_id: str
    detail: str
    marking: Marking


def audit_trail(
    session: Session,
    *,
    object_kind: str = "",
    object_id: object = "",
    username: str = "",
    action: str = "",
    shown: Callable[[Marking], bool] | None = None,
    limit: int = AUDIT_ROWS_DEFAULT,
) -> tuple[AuditEntry, ...]:
    """The latest audit rows, newest first, optionally for one object, one user or one action.

    ``shown`` keeps only rows whose marking it accepts (decided once per distinct marking, and
    filtered in the query, so ``limit`` rows come back whenever there are that many).
    """
    allowed = None
    if shown is not None:
        allowed = [c for c in audit_classifications(session) if shown(_marking(c))]
    found = audit_events(
        session,
        object_kind=object_kind,
        object_id=str(object_id),
        username=username,
        action=action,
        classifications=allowed,
        limit=limit,
    )
    return tuple(
        AuditEntry(
            r.at,
            r.username,
            r.action,
            r.object_kind,
            r.object_id,
            r.detail,
            _marking(r.classification),
        )
        for r in found
    )


def _marking(classification: str | None) -> Marking:
    return parse_portion(classification, source="audit log") if classification else SYSTEM_HIGH
