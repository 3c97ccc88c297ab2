"""Repository functions for imported sanctions-list files (``list_files``).

The newest row (highest id) is the list every worker screens against. Like every repository
function here, these take the caller's ``Session`` and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Row, func, select

from overflight.store.schema import ListFileRow
from overflight.store.sql import Session

__all__ = ["add_list_file", "latest_list_file", "latest_list_file_id", "list_files_newest"]


def add_list_file(
    session: Session,
    *,
    name: str,
    content: bytes,
    sha256: str,
    entities: int,
    imported_by: str,
    imported_at: datetime,
) -> ListFileRow:
    """Store an imported list file; flushed, so its id is known."""
    row = ListFileRow(
        name=name,
        content=content,
        sha256=sha256,
        entities=entities,
        imported_by=imported_by,
        imported_at=imported_at,
    )
    session.add(row)
    session.flush()
    return row


def latest_list_file(session: Session) -> ListFileRow | None:
    """The most recently imported list file, or ``None`` when none was imported."""
    return session.scalars(select(ListFileRow).order_by(ListFileRow.id.desc()).limit(1)).first()


def latest_list_file_id(session: Session) -> int | None:
    """The id of the most recent list file (one cheap query, no content read), or ``None``."""
    found = session.scalar(select(func.max(ListFileRow.id)))
    return int(found) if found is not None else None


def list_files_newest(
    session: Session, limit: int
) -> Sequence[Row[int, str, str, int, str, datetime]]:
    """The ``limit`` newest list files, newest first, without their bytes.

    Each row has ``id``, ``name``, ``sha256``, ``entities``, ``imported_by`` and ``imported_at``;
    ``content`` is not selected, so a listing never reads the stored files.
    """
    query = select(
        ListFileRow.id,
        ListFileRow.name,
        ListFileRow.sha256,
        ListFileRow.entities,
        ListFileRow.imported_by,
        ListFileRow.imported_at,
    )
    return session.execute(query.order_by(ListFileRow.id.desc()).limit(limit)).all()
