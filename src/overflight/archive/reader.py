"""Reading one partition back, checked: a missing or malformed one is named, with its row.

Every file of a partition is read with the columns asked for and checked before use: the
columns are there with their types, addresses are six hex digits, times are finite, latitudes
and longitudes in range. The first bad value raises a ``PartitionError`` naming the file and its
row (from 1), so a run reports the partition instead of computing on garbage.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from overflight.archive.errors import PartitionError
from overflight.archive.layout import Partition
from overflight.archive.schema import message_schema, position_schema

__all__ = ["read_messages", "read_positions"]

ANALYSIS_COLUMNS = (
    "lastposupdate", "icao24", "lat", "lon", "velocity", "callsign", "onground",
    "baroaltitude", "registration", "flight_id",
)  # fmt: skip
"""The position columns the history needs."""


def read_positions(
    partition: Partition,
    columns: Sequence[str] = ANALYSIS_COLUMNS,
    aircraft: Iterable[str] | None = None,
) -> Any:
    """A positions partition as one pyarrow table (its files together), checked.

    ``aircraft`` keeps only those addresses (pushed down to the parquet reader).

    Raises:
        PartitionError: the partition has no file, a file is unreadable, lacks a column or holds
            a bad value (with its row).
    """
    import pyarrow as pa

    schema = position_schema()
    wanted = list(columns)
    filters = None if aircraft is None else [("icao24", "in", sorted(set(aircraft)))]
    tables = []
    for path in _files(partition):
        table = _read_file(partition, path, schema, wanted, filters)
        try:
            tables.append(_check_positions(partition, path.name, table))
        except PartitionError:
            if filters is None:
                raise
            # Rows were counted after the filter: find the bad row in the whole file.
            whole = _read_file(partition, path, schema, wanted, None)
            _check_positions(partition, path.name, whole)
            raise
    if not tables:
        return pa.table({name: pa.array([], schema.field(name).type) for name in wanted})
    return pa.concat_tables(tables)


def read_messages(partition: Partition) -> Any:
    """A messages partition as one pyarrow table, checked (see ``read_positions``).

    Raises:
        PartitionError: as ``read_positions``.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    schema = message_schema()
    tables = []
    for path in _files(partition):
        table = _read_file(partition, path, schema, [f.name for f in schema], None)
        for name in ("received", "text"):
            nulls = pc.is_null(table.column(name))
            if pc.any(nulls).as_py():
                row = int(np.flatnonzero(nulls.to_numpy(zero_copy_only=False))[0]) + 1
                raise PartitionError(partition.name, f"{path.name}: row {row}: {name}: empty")
        tables.append(table)
    return pa.concat_tables(tables) if tables else schema.empty_table()


def _files(partition: Partition) -> list[Any]:
    if not partition.path.is_dir():
        raise PartitionError(partition.name, "missing: the partition's folder is gone")
    files = partition.files()
    if not files:
        raise PartitionError(partition.name, "missing: no parquet file in the partition")
    return files


def _read_file(
    partition: Partition, path: Any, schema: Any, columns: list[str], filters: Any
) -> Any:
    import pyarrow.parquet as pq

    try:
        found = pq.read_schema(path)
    except Exception as err:  # pyarrow raises ArrowInvalid, OSError… for a damaged file
        raise PartitionError(
            partition.name, f"{path.name}: not a readable parquet file ({err})"
        ) from None
    for name in columns:
        if name not in found.names:
            raise PartitionError(partition.name, f"{path.name}: column {name!r} missing")
        if found.field(name).type != schema.field(name).type:
            raise PartitionError(
                partition.name,
                f"{path.name}: column {name!r} is {found.field(name).type}, "
                f"not {schema.field(name).type}",
            )
    try:
        return pq.read_table(path, columns=columns, filters=filters)
    except Exception as err:
        raise PartitionError(
            partition.name, f"{path.name}: not a readable parquet file ({err})"
        ) from None


def _check_positions(partition: Partition, file: str, table: Any) -> Any:
    """The table, unless a value is bad (then the first bad row is named)."""
    import pyarrow.compute as pc

    names = set(table.column_names)
    checks: list[tuple[str, Any, str]] = []
    if "icao24" in names:
        ok = pc.match_substring_regex(table.column("icao24"), "^[0-9a-f]{6}$")
        checks.append(("icao24", pc.fill_null(ok, False), "is not six lower-case hex digits"))
    if "lastposupdate" in names:
        t = table.column("lastposupdate")
        checks.append(("lastposupdate", pc.fill_null(pc.is_finite(t), False), "is not a time"))
    for name, limit in (("lat", 90.0), ("lon", 180.0)):
        if name in names:
            v = table.column(name)
            inside = pc.and_(pc.greater_equal(v, -limit), pc.less_equal(v, limit))
            checks.append((name, pc.fill_null(inside, False), f"is not within ±{limit:g}°"))
    if "flight_id" in names:
        ok = pc.greater(pc.utf8_length(table.column("flight_id")), 0)
        checks.append(("flight_id", pc.fill_null(ok, False), "is empty"))
    for name, ok, why in checks:
        bad = np.flatnonzero(~np.asarray(ok.to_numpy(zero_copy_only=False), dtype=bool))
        if len(bad):
            row = int(bad[0])
            value = table.column(name)[row].as_py()
            raise PartitionError(partition.name, f"{file}: row {row + 1}: {name} {value!r} {why}")
    return table
