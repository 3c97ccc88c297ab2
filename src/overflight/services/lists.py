"""Sanctions lists imported through the web: read in full, stored with their bytes, shared.

An upload is read before anything is stored. A file with any unreadable record is refused, with
the first fault and its position: a partly read list would screen against fewer entities than
the admin meant to import. The newest stored file is the list every worker screens against.
Each process keeps the index built from it in a ``StoredReference``, rebuilt only when a newer
file id appears in the store.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
import threading
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from overflight.errors import InputError, ParseError
from overflight.screening import Policy, ReferenceData
from overflight.store import Session
from overflight.store.lists import (
    add_list_file,
    latest_list_file,
    latest_list_file_id,
    list_files_newest,
)
from overflight.store.schema import ListFileRow
from overflight.watchlist import Entity, WatchlistIndex, all_entities, load_lists

__all__ = [
    "ImportedList",
    "StoredReference",
    "import_list_file",
    "read_list_file",
    "reference_from_store",
    "stored_list_files",
    "with_stored_lists",
]

_NAME_CHARS = 200  # list_files.name is String(200)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ImportedList:
    """A stored list file, without its bytes."""

    id: int
    name: str
    sha256: str
    entities: int
    imported_by: str
    imported_at: datetime  # aware, UTC

    @property
    def label(self) -> str:
        """What verdicts and the audit log say was searched (the one place this text is made)."""
        when = self.imported_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return (
            f"{self.entities:,} entities from {self.name}, imported by {self.imported_by} at {when}"
        )


def _summary(row: ListFileRow) -> ImportedList:
    return ImportedList(
        row.id, row.name, row.sha256, row.entities, row.imported_by, row.imported_at
    )


def _file_name(name: str) -> str:
    """The upload's base name as shown and stored: no folders, no control characters."""
    base = _UNPRINTABLE.sub("", re.split(r"[\\/]", name)[-1]).strip()
    return base[:_NAME_CHARS] if base.strip(".") else "list"


def read_list_file(name: str, body: bytes) -> tuple[Entity, ...]:
    """Every entity of one list file given as bytes (the format is detected from its content).

    Raises:
        ParseError: a record or the file's structure is unreadable (the first fault, with the
            file name, line and field, and how many more there are).
        InputError: the bytes are no list format overflight reads, or hold no entity.
    """
    with tempfile.TemporaryDirectory(prefix="overflight-list-") as folder:
        path = Path(folder) / "list"
        path.write_bytes(body)
        try:
            loaded = load_lists([path])
        except InputError as err:  # it names the temporary path: name the upload instead
            raise InputError("file", f"{name}: {err.message}") from None
    problems = [problem for item in loaded for problem in item.problems]
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1:,} more unreadable records)" if problems[1:] else ""
        raise ParseError(
            f"{first.message}{more}; nothing was imported",
            source=name,
            line=first.line,
            column=first.column,
            field=first.field,
        )
    entities = all_entities(loaded)
    if not entities:
        raise InputError("file", f"no entity could be read from {name}")
    return entities


def _reference(policy: Policy, entities: tuple[Entity, ...], listed: ImportedList) -> ReferenceData:
    return ReferenceData(policy, WatchlistIndex.build(entities), listed.label)


def import_list_file(
    session: Session, username: str, name: str, body: bytes, policy: Policy, now: datetime
) -> tuple[ReferenceData, ImportedList]:
    """Read an uploaded list file and, only if it reads, store it (bytes, SHA-256, count, who).

    The caller commits. Returns the reference to screen against and what was stored.

    Raises:
        ParseError: a record is unreadable (nothing is stored).
        InputError: no list format, or no entity (nothing is stored).
    """
    shown = _file_name(name)
    entities = read_list_file(shown, body)
    row = add_list_file(
        session,
        name=shown,
        content=body,
        sha256=hashlib.sha256(body).hexdigest(),
        entities=len(entities),
        imported_by=username,
        imported_at=now,
    )
    listed = _summary(row)
    return _reference(policy, entities, listed), listed


def stored_list_files(session: Session, limit: int = 50) -> tuple[ImportedList, ...]:
    """The ``limit`` newest stored list files, newest first (their bytes are not read)."""
    return tuple(
        ImportedList(r.id, r.name, r.sha256, r.entities, r.imported_by, r.imported_at)
        for r in list_files_newest(session, limit)
    )


def reference_from_store(
    session: Session, policy: Policy, fallback: ReferenceData
) -> tuple[ReferenceData, int | None]:
    """The reference built from the newest stored list file and its id; ``fallback`` if none.

    Raises:
        ParseError, InputError: the stored file no longer reads (a reader changed since).
    """
    row = latest_list_file(session)
    if row is None:
        return fallback, None
    entities = read_list_file(row.name, row.content)
    listed = replace(_summary(row), entities=len(entities))
    return _reference(policy, entities, listed), row.id


def with_stored_lists(session: Session, reference: ReferenceData) -> ReferenceData:
    """``reference``, or, when it names no list files, the store's newest imported list.

    The CLI screens as the web does: a list an admin imported into the store is used by
    ``run`` and ``screen --db`` on that store unless ``--lists`` names other files.

    Raises:
        ParseError, InputError: the stored file no longer reads (a reader changed since).
    """
    if reference.lists is not None:
        return reference
    return reference_from_store(session, reference.policy, reference)[0]


class StoredReference:
    """The screening reference of one process, kept in step with the newest stored list file.

    ``current`` costs one query when nothing changed; when another worker (or process) stored a
    newer file, it rebuilds the index once, under a lock, while other threads wait for it.
    """

    def __init__(self, fallback: ReferenceData) -> None:
        self._fallback = fallback
        self._lock = threading.Lock()
        self._state: tuple[ReferenceData, int | None] = (fallback, None)

    @property
    def list_file_id(self) -> int | None:
        """The id of the list file the reference was built from (``None``: the fallback)."""
        return self._state[1]

    def current(self, session: Session) -> ReferenceData:
        """The reference to screen against now (rebuilt if a newer list file was stored)."""
        reference, built_from = self._state
        if latest_list_file_id(session) == built_from:
            return reference
        with self._lock:
            if latest_list_file_id(session) != self._state[1]:  # no other thread caught up
                self._state = reference_from_store(session, self._fallback.policy, self._fallback)
            return self._state[0]

    def replace(self, reference: ReferenceData, list_file_id: int) -> None:
        """Use a list this process just imported (and committed) without reading it again."""
        with self._lock:
            self._state = (reference, list_file_id)
