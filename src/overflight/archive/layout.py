"""Where an archive keeps what: a manifest, and parquet partitions by day (and aircraft bucket).

```
ARCHIVE/archive.json                                 the manifest (format, buckets, imports)
ARCHIVE/positions/day=2025-03-01/bucket=07/part-<import>.parquet
ARCHIVE/messages/day=2025-03-01/part-<import>.parquet
ARCHIVE/state/aircraft.parquet                       each aircraft's last flight (continuity)
```

A positions partition is one day and one bucket of aircraft (``crc32(icao24) % buckets``); it
holds every flight that *started* that day, whole, so a flight over midnight stays in one
partition and every partition can be analysed alone. Each import adds one file per partition
it touches; a partition's files are read together.
"""

from __future__ import annotations

import json
import zlib
from dataclasses import asdict, dataclass, field
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Any

from overflight.errors import InputError

__all__ = [
    "FORMAT",
    "Archive",
    "Manifest",
    "Partition",
    "PartitionKind",
    "bucket_of",
    "list_partitions",
    "open_archive",
]

FORMAT = "overflight-archive"
VERSION = 1
_MANIFEST = "archive.json"


class PartitionKind(StrEnum):
    """What a partition holds."""

    POSITIONS = "positions"
    MESSAGES = "messages"


@dataclass(frozen=True, slots=True)
class ImportRecord:
    """One import: its id (a digest of the files' names, sizes and times) and what it added."""

    id: str
    kind: str
    files: tuple[str, ...]
    rows: int
    at: str  # ISO 8601 UTC, when the import finished


@dataclass(frozen=True, slots=True)
class Manifest:
    """An archive's settings, fixed when it is created, and the imports it holds.

    ``flight_gap_s``: silence after which an aircraft's next position starts a new flight (the
    live watch forgets an aircraft after as long); ``turnaround_s``: a take-off after at least
    this long on the ground starts a new flight too.
    """

    buckets: int = 8
    flight_gap_s: float = 7200.0
    turnaround_s: float = 600.0
    imports: tuple[ImportRecord, ...] = field(default_factory=tuple)


@dataclass(frozen=True, slots=True)
class Archive:
    """An archive folder and its manifest."""

    root: Path
    manifest: Manifest

    def folder(self, kind: PartitionKind) -> Path:
        """The folder of one kind of partition."""
        return self.root / kind.value

    @property
    def state_file(self) -> Path:
        """Each aircraft's last archived flight, for continuing it on the next import."""
        return self.root / "state" / "aircraft.parquet"


@dataclass(frozen=True, slots=True, order=True)
class Partition:
    """One unit of work: a day (and, for positions, a bucket of aircraft) of an archive."""

    kind: PartitionKind
    day: date
    bucket: int  # -1 for messages
    path: Path = field(compare=False)

    @property
    def name(self) -> str:
        """``positions/day=2025-03-01/bucket=07``: how errors and results name it."""
        day = f"{self.kind.value}/day={self.day.isoformat()}"
        return day if self.bucket < 0 else f"{day}/bucket={self.bucket:02d}"

    def files(self) -> list[Path]:
        """The partition's parquet files, in name order."""
        return sorted(self.path.glob("*.parquet"))


def partition_path(archive: Archive, kind: PartitionKind, day: date, bucket: int = -1) -> Path:
    """The folder of a partition (made by the writer when it first writes there)."""
    folder = archive.folder(kind) / f"day={day.isoformat()}"
    return folder if bucket < 0 else folder / f"bucket={bucket:02d}"


def bucket_of(icao24: str, buckets: int) -> int:
    """The bucket of an aircraft: stable across runs and machines (crc32, not ``hash``)."""
    return zlib.crc32(icao24.encode("ascii")) % buckets


def open_archive(root: Path, *, create: Manifest | None = None) -> Archive:
    """The archive at ``root``; with ``create``, a new one is made there when none is.

    Raises:
        InputError: no archive is there (and none is to be made), or its manifest is unreadable.
    """
    manifest_path = root / _MANIFEST
    if not manifest_path.exists():
        if create is None:
            raise InputError(
                str(root),
                f"no archive here (no {_MANIFEST}); make one with `overflight archive import`",
            )
        if root.exists() and not root.is_dir():
            raise InputError(str(root), "is a file, not an archive folder")
        archive = Archive(root, create)
        write_manifest(archive)
        return archive
    try:
        raw = json.loads(manifest_path.read_text(encoding="utf-8"))
        if raw.get("format") != FORMAT:
            raise ValueError(f"format is {raw.get('format')!r}, not {FORMAT!r}")
        if raw.get("version") != VERSION:
            raise ValueError(f"version {raw.get('version')!r}; this overflight reads {VERSION}")
        manifest = Manifest(
            buckets=int(raw["buckets"]),
            flight_gap_s=float(raw["flight_gap_s"]),
            turnaround_s=float(raw["turnaround_s"]),
            imports=tuple(
                ImportRecord(i["id"], i["kind"], tuple(i["files"]), int(i["rows"]), i["at"])
                for i in raw.get("imports", [])
            ),
        )
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise InputError(str(manifest_path), f"not a readable archive manifest ({err})") from None
    if manifest.buckets < 1:
        raise InputError(str(manifest_path), f"buckets is {manifest.buckets}; give 1 or more")
    return Archive(root, manifest)


def write_manifest(archive: Archive) -> None:
    """Write the manifest (to a temporary file first, so a crash never leaves half of one)."""
    archive.root.mkdir(parents=True, exist_ok=True)
    body: dict[str, Any] = {"format": FORMAT, "version": VERSION, **asdict(archive.manifest)}
    target = archive.root / _MANIFEST
    temporary = target.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(body, indent=2) + "\n", encoding="utf-8")
    temporary.replace(target)


def list_partitions(
    archive: Archive,
    kind: PartitionKind,
    first: date | None = None,
    last: date | None = None,
) -> list[Partition]:
    """The archive's partitions of one kind, in day then bucket order, within [first, last].

    A folder whose name is not ``day=YYYY-MM-DD`` (or ``bucket=NN``) is not a partition and is
    left alone; an empty partition (no parquet file) is listed, and reading it says so.
    """
    found: list[Partition] = []
    for day_folder in sorted(archive.folder(kind).glob("day=*")):
        try:
            day = date.fromisoformat(day_folder.name.removeprefix("day="))
        except ValueError:
            continue
        if (first and day < first) or (last and day > last):
            continue
        if kind is PartitionKind.MESSAGES:
            found.append(Partition(kind, day, -1, day_folder))
            continue
        for bucket_folder in sorted(day_folder.glob("bucket=*")):
            number = bucket_folder.name.removeprefix("bucket=")
            if number.isdigit():
                found.append(Partition(kind, day, int(number), bucket_folder))
    return found
