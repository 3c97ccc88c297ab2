"""The error a partition that cannot be used raises: it names the partition, file and row."""

from __future__ import annotations

from overflight.errors import OverflightError

__all__ = ["PartitionError"]


class PartitionError(OverflightError):
    """A partition is missing or malformed.

    ``str(err)`` reads ``positions/day=2025-03-01/bucket=07/part-x.parquet: row 18: lat: …``.
    It survives pickling whole (Dask sends it from the worker that met it).

    Args:
        partition: the partition's name (``Partition.name``).
        message: what is wrong, with the file and row where known.
    """

    def __init__(self, partition: str, message: str) -> None:
        super().__init__(f"{partition}: {message}")
        self.partition = partition
        self.message = message

    def __reduce__(self) -> tuple[type[PartitionError], tuple[str, str]]:
        return (PartitionError, (self.partition, self.message))
