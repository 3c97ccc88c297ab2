"""Repository functions for the case register (``case_traits``); each takes the caller's session."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import bindparam, delete, select
from sqlalchemy.orm import Session

from overflight.store.casefile import StoredRow, read_rows
from overflight.store.schema import CaseRow, CaseTraitRow

_TRAITS = CaseTraitRow.__table__.c
_ALL_TRAITS = select(CaseTraitRow.__table__).order_by(_TRAITS.case_id, _TRAITS.id)
_TRAITS_OF = _ALL_TRAITS.where(_TRAITS.case_id.in_(bindparam("case_ids", expanding=True)))

__all__ = [
    "RegisterEntry",
    "add_case_traits",
    "case_trait_rows",
    "cases_with_trait",
    "delete_case_traits",
    "register_entries",
]

RegisterEntry = tuple[int, str, str, str, str, str, str]
"""A trait with its case: case id, title, status, classification, kind, key, label."""


def case_trait_rows(session: Session, case_ids: Sequence[int] | None = None) -> Sequence[StoredRow]:
    """The register's rows, of the cases given (all when ``None``), by case then id (read-only)."""
    if case_ids is None:
        return read_rows(session, _ALL_TRAITS)
    return read_rows(session, _TRAITS_OF, {"case_ids": list(case_ids)})


_CASES = CaseRow.__table__.c
# Built once, read on the connection (no ORM): a screening reads the register every time.
_REGISTER = (
    select(
        _CASES.id,
        _CASES.title,
        _CASES.status,
        _CASES.classification,
        _TRAITS.kind,
        _TRAITS.key,
        _TRAITS.label,
    )
    .join_from(CaseTraitRow.__table__, CaseRow.__table__, _CASES.id == _TRAITS.case_id)
    .order_by(_TRAITS.case_id, _TRAITS.id)
)
_REGISTER_OF = _REGISTER.where(_TRAITS.case_id.in_(bindparam("case_ids", expanding=True)))


def register_entries(
    session: Session, case_ids: Sequence[int] | None = None
) -> list[RegisterEntry]:
    """The register's traits with their cases (all when ``None``), by case then trait: one query.

    Only the columns read: a register of thousands of cases costs tuples, not ORM rows.
    """
    if case_ids is None:
        rows = read_rows(session, _REGISTER)
    else:
        rows = read_rows(session, _REGISTER_OF, {"case_ids": list(case_ids)})
    return [tuple(row) for row in rows]


def cases_with_trait(session: Session, kind: str, key: str) -> list[CaseRow]:
    """The cases whose register holds the trait ``kind`` ``key`` (an index lookup), by id."""
    ids = select(CaseTraitRow.case_id).where(CaseTraitRow.kind == kind, CaseTraitRow.key == key)
    return list(session.scalars(select(CaseRow).where(CaseRow.id.in_(ids)).order_by(CaseRow.id)))


def add_case_traits(
    session: Session,
    case_id: int,
    traits: Iterable[tuple[str, str, str]],
    source: str,
    at: datetime,
) -> int:
    """Add the ``(kind, key, label)`` traits a case does not hold yet; how many were added."""
    known = {
        (row.kind, row.key)
        for row in session.scalars(select(CaseTraitRow).where(CaseTraitRow.case_id == case_id))
    }
    added = 0
    for kind, key, label in traits:
        if (kind, key) in known:
            continue
        known.add((kind, key))
        session.add(
            CaseTraitRow(
                case_id=case_id, kind=kind, key=key, label=label, source=source, recorded_at=at
            )
        )
        added += 1
    session.flush()
    return added


def delete_case_traits(session: Session, keep_source_prefix: str = "permit ") -> int:
    """Empty the register but for rows whose source starts with ``keep_source_prefix``."""
    result = session.execute(
        delete(CaseTraitRow).where(~CaseTraitRow.source.startswith(keep_source_prefix))
    )
    return int(getattr(result, "rowcount", 0) or 0)
