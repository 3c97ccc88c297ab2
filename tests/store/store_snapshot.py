"""Everything a store holds about some cases, as plain rows: to show a write left them alone.

The cases' rows, every row of a table with a ``case_id`` among them, the flights they follow and
those flights' messages. Two snapshots compare equal exactly when none of it changed.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from sqlalchemy import select

from overflight.store import Store
from overflight.store.schema import AtsMessageRow, Base, CaseMessageRow, CaseRow, FlightRow

Snapshot = dict[str, list[tuple[Any, ...]]]


def case_snapshot(store: Store, case_ids: Collection[int]) -> Snapshot:
    """The stored rows about ``case_ids``, table by table, in primary-key order."""
    ids = list(case_ids)
    found: Snapshot = {}
    with store.engine.connect() as connection:

        def rows(table: Any, condition: Any) -> list[tuple[Any, ...]]:
            query = select(table).where(condition).order_by(*table.primary_key.columns)
            return [tuple(row) for row in connection.execute(query)]

        found["cases"] = rows(CaseRow.__table__, CaseRow.id.in_(ids))
        for table in Base.metadata.sorted_tables:
            if "case_id" in table.c:
                found[table.name] = rows(table, table.c.case_id.in_(ids))
        followed = (
            select(AtsMessageRow.flight_id)
            .join(CaseMessageRow, CaseMessageRow.message_id == AtsMessageRow.id)
            .where(CaseMessageRow.case_id.in_(ids))
        )
        found["flights"] = rows(FlightRow.__table__, FlightRow.id.in_(followed))
        found["ats_messages"] = rows(AtsMessageRow.__table__, AtsMessageRow.flight_id.in_(followed))
    return found
