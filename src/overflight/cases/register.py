"""The register of what each case is about (``case_traits``), case by case.

Written as cases open and change, read back as ``PastCase`` values for the memory scorer, and
rebuilt from the store. Closed cases stay in the register: a tail stopped in 2008 is still of
interest in 2009.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from overflight.cases.model import CaseStatus
from overflight.cases.records import now_or, stored_marking
from overflight.markings import Reader, may_read
from overflight.model import PastCase, Trait, TraitKind
from overflight.store import (
    Session,
    add_case_traits,
    delete_case_traits,
    get_case,
    register_entries,
)

__all__ = [
    "PERMIT_SOURCE",
    "clear_register",
    "past_cases",
    "readable_case_ids",
    "record_case_traits",
]

PERMIT_SOURCE = "permit "
"""Source prefix of traits a permit request gave: the store keeps no permit, so a rebuild keeps
these rows as they are."""


def record_case_traits(
    session: Session,
    case_id: int,
    traits: Iterable[Trait],
    *,
    source: str,
    at: datetime | None = None,
) -> int:
    """Add to a case's register the traits it does not hold yet; how many were new."""
    rows = ((t.kind.value, t.key, t.label) for t in sorted(traits))
    return add_case_traits(session, case_id, rows, source, now_or(at))


def clear_register(session: Session) -> int:
    """Empty the register before a rebuild, but for the traits permit requests gave."""
    return delete_case_traits(session, PERMIT_SOURCE)


def _visible(reader: Reader | None, classification: str, case_id: int) -> bool:
    if reader is None:
        return True
    return may_read(reader, stored_marking(classification, f"case {case_id}")).allowed


def past_cases(
    session: Session, reader: Reader | None, case_ids: Sequence[int] | None = None
) -> tuple[PastCase, ...]:
    """The cases of the register that ``reader`` may read, with their traits.

    ``reader`` ``None`` is the store's owner (every case); ``case_ids`` narrows to those cases.
    A case with no trait yet is left out: there is nothing to compare it by. A case the reader
    may not read is absent, as if it did not exist.
    """
    grouped: dict[int, tuple[str, bool, list[Trait]]] = {}
    hidden: set[int] = set()
    for case_id, title, status, classification, kind, key, label in register_entries(
        session, case_ids
    ):
        if case_id in hidden:
            continue
        if case_id not in grouped:
            if not _visible(reader, classification, case_id):
                hidden.add(case_id)
                continue
            grouped[case_id] = (title, status == CaseStatus.CLOSED.value, [])
        grouped[case_id][2].append(Trait(TraitKind(kind), key, label))
    return tuple(
        PastCase(case_id, title, closed, frozenset(traits))
        for case_id, (title, closed, traits) in sorted(grouped.items())
    )


def readable_case_ids(session: Session, reader: Reader | None, case_ids: Iterable[int]) -> set[int]:
    """Those of ``case_ids`` that exist and ``reader`` may read (``None``: every one)."""
    found = set()
    for case_id in set(case_ids):
        row = get_case(session, case_id)
        if row is not None and _visible(reader, row.classification, row.id):
            found.add(case_id)
    return found
