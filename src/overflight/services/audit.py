"""The audit log: who read or changed what, when; written by every interface, read by admins."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from overflight.store import Session, add
from overflight.store.accounts import audit_events
from overflight.store.schema import AuditEventRow

__all__ = ["AUDIT_ROWS_DEFAULT", "AUDIT_ROWS_MAX", "AuditEntry", "audit_trail", "record_audit"]

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
    session: Session,
    *,
    object_kind: str = "",
    object_id: object = "",
    username: str = "",
    action: str = "",
    limit: int = AUDIT_ROWS_DEFAULT,
) -> tuple[AuditEntry, ...]:
    """The latest audit rows, newest first, optionally for one object, one user or one action."""
    found = audit_events(
        session,
        object_kind=object_kind,
        object_id=str(object_id),
        username=username,
        action=action,
        limit=limit,
    )
    return tuple(
        AuditEntry(r.at, r.username, r.action, r.object_kind, r.object_id, r.detail) for r in found
    )
