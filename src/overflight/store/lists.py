"""Repository functions for sanctions-list versions (``list_versions``) and their files.

A version is the list files imported together; the newest version (highest id) is what every
worker screens against. Like every repository function here, these take the caller's
``Session`` and never commit.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Row, func, select

from overflight.store.casefile import read_rows
from overflight.store.schema import ListFileRow, ListVersionRow
from overflight.store.sql import Session

__all__ = [
    "NewListFile",
    "add_list_version",
    "latest_list_version_id",
    "list_version",
    "list_version_files",
    "list_version_ids",
    "list_versions_newest",
    "version_file_summaries",
]


@dataclass(frozen=True, slots=True)
class NewListFile:
    """A file to store in a version: its name (unique in the version) and bytes."""

    name: str
    content: bytes
    sha256: str
    entities: int
    source_url: str = ""


def add_list_version(
    session: Session,
    files: Sequence[NewListFile],
    *,
    imported_by: str,
    imported_at: datetime,
) -> tuple[ListVersionRow, tuple[ListFileRow, ...]]:
    """Store a version and its files; flushed, so the ids are known."""
    version = ListVersionRow(
        entities=sum(item.entities for item in files),
        imported_by=imported_by,
        imported_at=imported_at,
    )
    session.add(version)
    session.flush()
    rows = tuple(
        ListFileRow(
            version_id=version.id,
            name=item.name,
            content=item.content,
            sha256=item.sha256,
            size_bytes=len(item.content),
            source_url=item.source_url,
            entities=item.entities,
            imported_by=imported_by,
            imported_at=imported_at,
        )
        for item in files
    )
    session.add_all(rows)
    session.flush()
    return version, rows


_LATEST = select(func.max(ListVersionRow.__table__.c.id))  # built once: every screening asks


def latest_list_version_id(session: Session) -> int | None:
    """The id of the newest version (one cheap query, no content read), or ``None``."""
    found = read_rows(session, _LATEST)[0][0]
    return int(found) if found is not None else None


def list_version(session: Session, version_id: int) -> ListVersionRow | None:
    """The version ``version_id``, or ``None`` when there is none."""
    return session.get(ListVersionRow, version_id)


def list_version_ids(session: Session) -> tuple[int, ...]:
    """Every version's id, oldest first."""
    return tuple(session.scalars(select(ListVersionRow.id).order_by(ListVersionRow.id)))


def list_version_files(session: Session, version_id: int) -> Sequence[ListFileRow]:
    """The files of a version, with their bytes, in the order they were stored."""
    query = select(ListFileRow).where(ListFileRow.version_id == version_id)
    return session.scalars(query.order_by(ListFileRow.id)).all()


def list_versions_newest(session: Session, limit: int) -> Sequence[ListVersionRow]:
    """The ``limit`` newest versions, newest first."""
    query = select(ListVersionRow).order_by(ListVersionRow.id.desc()).limit(limit)
    return session.scalars(query).all()


def version_file_summaries(
    session: Session, version_ids: Sequence[int]
) -> Sequence[Row[int, int, str, str, int, int, str]]:
    """The files of these versions without their bytes, by version then file id.

    Each row has ``id``, ``version_id``, ``name``, ``sha256``, ``size_bytes``, ``entities`` and
    ``source_url``; ``content`` is not selected, so a listing never reads the stored files.
    """
    query = select(
        ListFileRow.id,
        ListFileRow.version_id,
        ListFileRow.name,
        ListFileRow.sha256,
        ListFileRow.size_bytes,
        ListFileRow.entities,
        ListFileRow.source_url,
    ).where(ListFileRow.version_id.in_(list(version_ids)))
    return session.execute(query.order_by(ListFileRow.version_id, ListFileRow.id)).all()
