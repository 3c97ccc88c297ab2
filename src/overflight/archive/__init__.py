"""Archives of observed positions and ATS messages: parquet partitions by day, for history.

An archive is a folder of parquet files (``layout.py``; columns in ``schema.py`` and
``docs/scale.md``): positions as OpenSky-style state vectors, cut into flights and filed whole
under the day each flight started and its aircraft's bucket; ATS messages as text with their
received time, by day. ``tracks.flight_transits`` turns the flights of a partition into the
sovereign airspaces entered and left, as the live watch would. Needs the ``scale`` extra
(pyarrow, pandas; Dask for the engine).
"""

from overflight.archive.errors import PartitionError
from overflight.archive.extra import INSTALL_HINT, require_scale
from overflight.archive.flights import AircraftState, FlightCut, cut_flights
from overflight.archive.layout import (
    Archive,
    Manifest,
    Partition,
    PartitionKind,
    bucket_of,
    list_partitions,
    open_archive,
)
from overflight.archive.tracks import FlightColumns, TransitColumns, flight_transits

__all__ = [
    "INSTALL_HINT",
    "AircraftState",
    "Archive",
    "FlightColumns",
    "FlightCut",
    "Manifest",
    "Partition",
    "PartitionError",
    "PartitionKind",
    "TransitColumns",
    "bucket_of",
    "cut_flights",
    "flight_transits",
    "list_partitions",
    "open_archive",
    "require_scale",
]
