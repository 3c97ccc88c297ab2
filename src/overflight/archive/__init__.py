"""Archives of observed positions and ATS messages: parquet partitions by day, for history.

An archive is a folder of parquet files (``layout.py``; columns in ``schema.py`` and
``docs/scale.md``): positions as OpenSky-style state vectors, cut into flights and filed whole
under the day each flight started and its aircraft's bucket; ATS messages as text with their
received time, by day. ``tracks.flight_transits`` turns the flights of a partition into the
sovereign airspaces entered and left, as the live watch would. Needs the ``scale`` extra
(pyarrow, pandas; Dask for the engine).
"""

from overflight.archive.engine import (
    Engine,
    EngineOptions,
    EngineProgress,
    EngineReport,
    open_engine,
)
from overflight.archive.extra import require_scale
from overflight.archive.frames import empty_transits_frame, flight_columns, transits_frame
from overflight.archive.layout import (
    Archive,
    ImportRecord,
    Manifest,
    Partition,
    PartitionKind,
    bucket_of,
    list_partitions,
    open_archive,
    partition_path,
    write_manifest,
)
from overflight.archive.messages import ArchivedMessage, write_messages
from overflight.archive.positions import positions_table, write_positions
from overflight.archive.reader import read_messages, read_positions
from overflight.archive.tracks import FlightColumns, flight_codes, flight_transits, last_nonempty

__all__ = [
    "Archive",
    "ArchivedMessage",
    "Engine",
    "EngineOptions",
    "EngineProgress",
    "EngineReport",
    "FlightColumns",
    "ImportRecord",
    "Manifest",
    "Partition",
    "PartitionKind",
    "bucket_of",
    "empty_transits_frame",
    "flight_codes",
    "flight_columns",
    "flight_transits",
    "last_nonempty",
    "list_partitions",
    "open_archive",
    "open_engine",
    "partition_path",
    "positions_table",
    "read_messages",
    "read_positions",
    "require_scale",
    "transits_frame",
    "write_manifest",
    "write_messages",
    "write_positions",
]
