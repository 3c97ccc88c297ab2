"""Sanctions lists kept in the store as versions: read in full, stored with their bytes, shared.

A version is the list files imported together (an OFAC ``sdn.csv`` with its ``alt.csv`` and
``add.csv``, beside the UN consolidated XML); the web imports one file per version. A version is
read before anything is stored: any unreadable record refuses the whole version, with the first
fault and its position, since a partly read list would screen against fewer entities than meant.
The newest version is what every worker screens against. Each process keeps the index built
from it in a ``StoredReference``, rebuilt only when a newer version appears in the store.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
import threading
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from overflight.errors import InputError, ParseError
from overflight.screening import Policy, ReferenceData
from overflight.store import (
    ListVersionRow,
    NewListFile,
    Session,
    add_list_version,
    database_url,
    latest_list_version_id,
    list_version,
    list_version_files,
    list_versions_newest,
    open_store,
    version_file_summaries,
)
from overflight.watchlist import (
    Entity,
    LoadedFile,
    SourceList,
    WatchlistIndex,
    all_entities,
    load_lists,
)

__all__ = [
    "ListFileBody",
    "ListVersion",
    "StoredListFile",
    "StoredReference",
    "check_list_version",
    "import_list_version",
    "list_file_bodies",
    "newest_store_entities",
    "read_list_version",
    "reference_from_store",
    "stored_list_versions",
    "stored_version_entities",
    "with_store_lists",
    "with_stored_lists",
]

_NAME_CHARS = 200  # list_files.name is String(200)
_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True, slots=True)
class ListFileBody:
    """A list file to import: its name (the base name is kept), bytes, and where it came from."""

    name: str
    body: bytes
    source_url: str = ""


@dataclass(frozen=True, slots=True)
class StoredListFile:
    """A stored file of a version, without its bytes."""

    id: int
    name: str
    sha256: str
    size_bytes: int
    entities: int  # 0 for an OFAC alt.csv/add.csv: their rows join the sdn.csv's entities
    source_url: str


@dataclass(frozen=True, slots=True)
class ListVersion:
    """A stored list version: who imported which files when, and how many entities they gave."""

    id: int
    entities: int
    imported_by: str
    imported_at: datetime  # aware, UTC
    files: tuple[StoredListFile, ...]

    @property
    def names(self) -> str:
        """The version's file names, joined."""
        return " + ".join(item.name for item in self.files)

    @property
    def label(self) -> str:
        """What verdicts and the audit log say was searched (the one place this text is made)."""
        when = self.imported_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
        return (
            f"{self.entities:,} entities from {self.names}, imported by {self.imported_by} at "
            f"{when} (list version {self.id})"
        )


def _file_name(name: str) -> str:
    """The file's base name as shown and stored: no folders, no control characters."""
    base = _UNPRINTABLE.sub("", re.split(r"[\\/]", name)[-1]).strip()
    return base[:_NAME_CHARS] if base.strip(".") else "list"


def _named(path: str, folder: Path) -> str:
    """A path in the reading folder as the file's own name (other text unchanged)."""
    return path[len(str(folder)) + 1 :] if path.startswith(f"{folder}/") else path


def _load(files: Sequence[ListFileBody]) -> tuple[LoadedFile, ...]:
    with tempfile.TemporaryDirectory(prefix="overflight-list-") as name:
        folder = Path(name).resolve()
        paths = []
        for item in files:  # one folder: an sdn.csv finds its alt.csv and add.csv beside it
            path = folder / item.name
            path.write_bytes(item.body)
            paths.append(path)
        try:
            loaded = load_lists(paths)
        except InputError as err:  # it names the temporary path: name the file instead
            raise InputError("file", f"{_named(err.what, folder)}: {err.message}") from None
        return tuple(
            LoadedFile(
                tuple(Path(path.name) for path in item.paths),
                item.format,
                item.entities,
                tuple(_renamed(problem, folder) for problem in item.problems),
            )
            for item in loaded
        )


def _renamed(problem: ParseError, folder: Path) -> ParseError:
    return ParseError(
        problem.message,
        source=Path(_named(problem.source, folder)).name if problem.source else "",
        line=problem.line,
        column=problem.column,
        field=problem.field,
    )


def _refuse_ofac_twice(loaded: Sequence[LoadedFile]) -> None:
    """Refuse two files of one version that hold the same OFAC SDN entries (CSV and XML forms).

    Raises:
        InputError: two files share OFAC ids; their entities would be listed twice.
    """
    seen: list[tuple[str, set[str]]] = []
    for item in loaded:
        refs = {e.source_ref for e in item.entities if e.source is SourceList.OFAC_SDN}
        for name, earlier in seen:
            both = refs & earlier
            if both:
                raise InputError(
                    "file",
                    f"{name} and {item.paths[0].name} both hold the OFAC SDN list ({len(both):,} "
                    f"ids in both, e.g. {min(both)}): import the SDN CSVs or sdn_advanced.xml, "
                    "not both",
                )
        if refs:
            seen.append((item.paths[0].name, refs))


def check_list_version(loaded: Sequence[LoadedFile]) -> None:
    """Refuse lists read from files unless they can be stored together as one version.

    Raises:
        ParseError: a record or a file's structure is unreadable (the first fault, with the
            file's name, line and field, and how many more there are).
        InputError: two files with the same OFAC SDN entries, or no entity at all.
    """
    problems = [problem for item in loaded for problem in item.problems]
    if problems:
        first = problems[0]
        more = f" (and {len(problems) - 1:,} more unreadable records)" if problems[1:] else ""
        raise ParseError(
            f"{first.message}{more}; nothing was imported",
            source=first.source,
            line=first.line,
            column=first.column,
            field=first.field,
        )
    _refuse_ofac_twice(loaded)
    if not all_entities(loaded):
        names = " + ".join(path.name for item in loaded for path in item.paths)
        raise InputError("file", f"no entity could be read from {names}")


def read_list_version(files: Sequence[ListFileBody]) -> tuple[LoadedFile, ...]:
    """Every list the files give, read together (an ``sdn.csv`` joined by its companions).

    Each ``LoadedFile``'s paths are the files' names.

    Raises:
        ParseError: a record or a file's structure is unreadable (the first fault, with the
            file's name, line and field, and how many more there are).
        InputError: no files, two with the same name, bytes of no list format overflight reads,
            two files with the same OFAC SDN entries, or no entity at all.
    """
    if not files:
        raise InputError("file", "give at least one list file")
    names = [item.name for item in files]
    twice = sorted({name for name in names if names.count(name) > 1})
    if twice:
        raise InputError("file", f"two files named {twice[0]}: a version's names must differ")
    loaded = _load(files)
    check_list_version(loaded)
    return loaded


def list_file_bodies(loaded: Sequence[LoadedFile]) -> tuple[ListFileBody, ...]:
    """The bytes of every file the lists were read from (an ``sdn.csv``'s companions too).

    Raises:
        InputError: a file can no longer be read.
    """
    bodies = []
    for path in dict.fromkeys(path for item in loaded for path in item.paths):
        try:
            bodies.append(ListFileBody(path.name, path.read_bytes()))
        except OSError as err:
            raise InputError(str(path), f"cannot read the file: {err.strerror or err}") from err
    return tuple(bodies)


def _version(row: ListVersionRow, files: Sequence[StoredListFile]) -> ListVersion:
    return ListVersion(row.id, row.entities, row.imported_by, row.imported_at, tuple(files))


def _reference(policy: Policy, entities: tuple[Entity, ...], version: ListVersion) -> ReferenceData:
    return ReferenceData(policy, WatchlistIndex.build(entities), version.label)


def _counts(loaded: tuple[LoadedFile, ...]) -> dict[str, int]:
    """Entities per file name: a list's count goes to its first file (an OFAC sdn.csv)."""
    return {item.paths[0].name: len(item.entities) for item in loaded}


def import_list_version(
    session: Session,
    username: str,
    files: Sequence[ListFileBody],
    policy: Policy,
    now: datetime,
) -> tuple[ReferenceData, ListVersion]:
    """Read list files and, only if all of them read, store them as one version.

    Each file is kept with its bytes, SHA-256, size, source URL and the entities it gave. The
    caller commits. Returns the reference to screen against and what was stored.

    Raises:
        ParseError: a record is unreadable (nothing is stored).
        InputError: as ``read_list_version`` (nothing is stored).
    """
    named = [ListFileBody(_file_name(item.name), item.body, item.source_url) for item in files]
    loaded = read_list_version(named)
    counts = _counts(loaded)
    version, rows = add_list_version(
        session,
        [
            NewListFile(
                item.name,
                item.body,
                hashlib.sha256(item.body).hexdigest(),
                counts.get(item.name, 0),
                item.source_url,
            )
            for item in named
        ],
        imported_by=username,
        imported_at=now,
    )
    stored = [
        StoredListFile(r.id, r.name, r.sha256, r.size_bytes, r.entities, r.source_url) for r in rows
    ]
    listed = _version(version, stored)
    return _reference(policy, all_entities(loaded), listed), listed


def stored_list_versions(session: Session, limit: int = 50) -> tuple[ListVersion, ...]:
    """The ``limit`` newest stored versions, newest first (their bytes are not read)."""
    versions = list_versions_newest(session, limit)
    files: dict[int, list[StoredListFile]] = {}
    for r in version_file_summaries(session, [v.id for v in versions]):
        files.setdefault(r.version_id, []).append(
            StoredListFile(r.id, r.name, r.sha256, r.size_bytes, r.entities, r.source_url)
        )
    return tuple(_version(v, files.get(v.id, [])) for v in versions)


def stored_version_entities(
    session: Session, version_id: int
) -> tuple[ListVersion, tuple[Entity, ...]]:
    """A stored version and the entities its files give when read again now.

    Raises:
        InputError: there is no such version.
        ParseError, InputError: a stored file no longer reads (a reader changed since).
    """
    row = list_version(session, version_id)
    if row is None:
        raise InputError("version", f"no list version {version_id} in the store")
    stored = list_version_files(session, version_id)
    loaded = read_list_version([ListFileBody(f.name, f.content, f.source_url) for f in stored])
    entities = all_entities(loaded)
    counts = _counts(loaded)
    files = [
        StoredListFile(f.id, f.name, f.sha256, f.size_bytes, counts.get(f.name, 0), f.source_url)
        for f in stored
    ]
    version = _version(row, files)
    return ListVersion(
        version.id, len(entities), version.imported_by, version.imported_at, version.files
    ), entities


def reference_from_store(
    session: Session, policy: Policy, fallback: ReferenceData
) -> tuple[ReferenceData, int | None]:
    """The reference built from the newest stored version and its id; ``fallback`` if none.

    Raises:
        ParseError, InputError: a stored file no longer reads (a reader changed since).
    """
    version_id = latest_list_version_id(session)
    if version_id is None:
        return fallback, None
    version, entities = stored_version_entities(session, version_id)
    return _reference(policy, entities, version), version_id


def with_stored_lists(session: Session, reference: ReferenceData) -> ReferenceData:
    """``reference``, or, when it names no list files, the store's newest list version.

    The CLI screens as the web does: a version imported into the store is used by ``run``
    and ``screen --db`` on that store unless ``--lists`` names other files.

    Raises:
        ParseError, InputError: a stored file no longer reads (a reader changed since).
    """
    if reference.lists is not None:
        return reference
    return reference_from_store(session, reference.policy, reference)[0]


def _default_store_absent() -> bool:
    """Whether the default store ($OVERFLIGHT_DB, else the default file) is a missing file."""
    url = database_url(None)
    if os.environ.get("OVERFLIGHT_DB") and not url.startswith("sqlite:///"):
        return False  # a database URL: opening it says whether there is a store
    return not Path(url.removeprefix("sqlite:///")).exists()


def with_store_lists(reference: ReferenceData, db: str | None) -> tuple[ReferenceData, str]:
    """``reference``, or the newest list version of store ``db`` (``None``: the default store).

    The store is never made: where ``db`` is ``None`` and the default SQLite file does not
    exist, ``reference`` is kept. Returns the reference and the store its lists came from
    (shown without its password), ``""`` when they did not come from a store.

    Raises:
        InputError: ``db`` (or ``$OVERFLIGHT_DB``) names no store or cannot be opened.
        ParseError, InputError: a stored file no longer reads (a reader changed since).
    """
    if reference.lists is not None or (db is None and _default_store_absent()):
        return reference, ""
    with open_store(db, create=False) as store, store.session() as session:
        stored = with_stored_lists(session, reference)
        return stored, store.shown_url if stored is not reference else ""


def newest_store_entities(db: str | None) -> tuple[ListVersion, tuple[Entity, ...]] | None:
    """The newest list version of store ``db`` (``None``: the default store) and its entities.

    ``None`` when the store holds no version, or ``db`` is ``None`` and the default SQLite
    file does not exist (it is never made).

    Raises:
        InputError: ``db`` (or ``$OVERFLIGHT_DB``) names no store or cannot be opened.
        ParseError, InputError: a stored file no longer reads (a reader changed since).
    """
    if db is None and _default_store_absent():
        return None
    with open_store(db, create=False) as store, store.session() as session:
        version_id = latest_list_version_id(session)
        return None if version_id is None else stored_version_entities(session, version_id)


class StoredReference:
    """The screening reference of one process, kept in step with the newest stored list version.

    ``current`` costs one query when nothing changed; when another worker (or process) stored a
    newer version, it rebuilds the index once, under a lock, while other threads wait for it.
    """

    def __init__(self, fallback: ReferenceData) -> None:
        self._fallback = fallback
        self._lock = threading.Lock()
        self._state: tuple[ReferenceData, int | None] = (fallback, None)

    @property
    def list_version_id(self) -> int | None:
        """The id of the list version the reference was built from (``None``: the fallback)."""
        return self._state[1]

    def current(self, session: Session) -> ReferenceData:
        """The reference to screen against now (rebuilt if a newer list version was stored)."""
        reference, built_from = self._state
        if latest_list_version_id(session) == built_from:
            return reference
        with self._lock:
            if latest_list_version_id(session) != self._state[1]:  # no other thread caught up
                self._state = reference_from_store(session, self._fallback.policy, self._fallback)
            return self._state[0]

    def replace(self, reference: ReferenceData, list_version_id: int) -> None:
        """Use a list this process just imported (and committed) without reading it again."""
        with self._lock:
            self._state = (reference, list_version_id)
