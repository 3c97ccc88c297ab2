"""Writing ATS messages into an archive: one file per received day an import touches."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from overflight.archive.layout import Archive, PartitionKind, partition_path
from overflight.archive.schema import message_schema
from overflight.errors import InputError

__all__ = ["ArchivedMessage", "write_messages"]


@dataclass(frozen=True, slots=True)
class ArchivedMessage:
    """One ATS message as archived: its text, when it was received, where it came from."""

    received: datetime  # aware, UTC
    text: str
    source: str
    number: int  # its order in the source, from 1


def write_messages(archive: Archive, messages: Sequence[ArchivedMessage], name: str) -> list[str]:
    """File each message under the day it was received; return the partitions written.

    Raises:
        InputError: a file of that name is already in a partition (an import done twice).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    by_day: dict[date, list[ArchivedMessage]] = {}
    for message in messages:
        by_day.setdefault(message.received.date(), []).append(message)
    targets = []
    for day, found in sorted(by_day.items()):
        folder = partition_path(archive, PartitionKind.MESSAGES, day)
        target = folder / f"part-{name}.parquet"
        if target.exists():
            raise InputError(str(target), "already in the archive: this import was done before")
        targets.append((target, found))
    written = []
    for target, found in targets:
        table = pa.table(
            {
                "received": [m.received for m in found],
                "text": [m.text for m in found],
                "source": [m.source for m in found],
                "number": [m.number for m in found],
            },
            schema=message_schema(),
        )
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.tmp")
        pq.write_table(table, temporary, compression="zstd")
        temporary.replace(target)
        written.append(str(target.parent.relative_to(archive.root)))
    return written
