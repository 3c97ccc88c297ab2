"""Filling an archive: observed positions from any reader, ATS messages from text files.

Positions come through ``observed.open_feed`` (SBS-1, AVR, Beast, frames JSON, aircraft.json,
readsb traces, FR24 flights, state-vector CSV or parquet); a record that does not read is
counted and its first problems kept, never fatal. ATS messages are cut out of their files as
``( … )`` messages; each is received at the filing time of the AFTN header before it (its day
found near the file's date), else at ``received`` (default: the file's modification time).

An import is named by a digest of its files' names, sizes and times: the same files imported
twice are refused, not archived twice.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path

from overflight.archive import (
    Archive,
    ArchivedMessage,
    ImportRecord,
    Manifest,
    open_archive,
    positions_table,
    require_scale,
    write_manifest,
    write_messages,
    write_positions,
)
from overflight.ats import find_messages, read_aftn_header
from overflight.errors import InputError, ParseError
from overflight.observed import FeedOptions, ObservedPosition, open_feed
from overflight.textfile import read_text_file

__all__ = ["ImportReport", "import_messages", "import_positions"]

_KEEP_PROBLEMS = 20


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import added to the archive."""

    id: str
    rows: int
    flights: int  # positions: flights written to (new or continued)
    aircraft: int
    partitions: tuple[str, ...]
    bad_input: int
    problems: tuple[str, ...]  # the first ones, with file and line


def import_positions(
    root: Path,
    files: Sequence[Path],
    options: FeedOptions | None = None,
    create: Manifest | None = None,
) -> ImportReport:
    """Read the files' positions and add them to the archive at ``root`` (made if absent).

    Raises:
        InputError: no file given, a file cannot be read, no position was read, the same files
            were imported before, or pyarrow is missing.
    """
    require_scale("archive import")
    archive = open_archive(root, create=create or Manifest())
    name = _import_id("positions", files)
    _check_new(archive, name)
    positions: list[ObservedPosition] = []
    problems: list[str] = []
    bad = 0
    for path in files:
        for item in open_feed(str(path), options or FeedOptions()):
            if isinstance(item, ObservedPosition):
                positions.append(item)
            elif isinstance(item, ParseError):
                bad += 1
                if len(problems) < _KEEP_PROBLEMS:
                    problems.append(str(item))
    if not positions:
        raise InputError(", ".join(map(str, files)), f"no position could be read ({bad} problems)")
    written = write_positions(archive, positions_table(positions), name)
    _record(archive, ImportRecord(name, "positions", _names(files), written.rows, _now()))
    return ImportReport(
        name, written.rows, written.flights, written.aircraft, written.partitions, bad,
        tuple(problems),
    )  # fmt: skip


def import_messages(
    root: Path,
    files: Sequence[Path],
    received: datetime | None = None,
    create: Manifest | None = None,
) -> ImportReport:
    """Cut the files into ATS messages and add them to the archive, by received day.

    Raises:
        InputError: as ``import_positions`` (no message found instead of no position).
    """
    require_scale("archive import")
    archive = open_archive(root, create=create or Manifest())
    name = _import_id("messages", files)
    _check_new(archive, name)
    messages: list[ArchivedMessage] = []
    for path in files:
        messages += _messages_of(path, received)
    if not messages:
        raise InputError(", ".join(map(str, files)), "no ATS message found")
    written = write_messages(archive, messages, name)
    _record(archive, ImportRecord(name, "messages", _names(files), len(messages), _now()))
    return ImportReport(name, len(messages), 0, 0, tuple(written), 0, ())


def _messages_of(path: Path, received: datetime | None) -> list[ArchivedMessage]:
    text = read_text_file(path)
    file_time = received or datetime.fromtimestamp(path.stat().st_mtime, tz=UTC)
    found = []
    end = 0
    for number, raw in enumerate(find_messages(text), start=1):
        header = read_aftn_header(text[end : raw.start])
        at = file_time
        if header is not None and received is None:
            try:
                at = header.filed_at(file_time.date())
            except ValueError:
                at = file_time
        stop = raw.end + 1 if raw.closed else raw.end
        found.append(ArchivedMessage(at, text[raw.start : stop].strip(), str(path), number))
        end = stop
    return found


def _import_id(kind: str, files: Sequence[Path]) -> str:
    if not files:
        raise InputError("FILES", "give at least one file to import")
    digest = hashlib.sha256(kind.encode())
    for path in sorted(files):
        try:
            stat = path.stat()
        except OSError as err:
            raise InputError(str(path), f"cannot be read ({err.strerror})") from None
        digest.update(f"{path.resolve()}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:12]


def _check_new(archive: Archive, name: str) -> None:
    for done in archive.manifest.imports:
        if done.id == name:
            raise InputError(
                ", ".join(done.files), f"already imported into this archive on {done.at}"
            )


def _record(archive: Archive, record: ImportRecord) -> None:
    manifest = replace(archive.manifest, imports=(*archive.manifest.imports, record))
    write_manifest(replace(archive, manifest=manifest))


def _names(files: Sequence[Path]) -> tuple[str, ...]:
    return tuple(str(p) for p in files)


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
