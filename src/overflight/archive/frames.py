"""Between the archive's tables and the arrays the analysis works on, and back to a frame.

``flight_columns`` turns a positions table (pyarrow) into ``FlightColumns`` (knots, feet,
microseconds); ``transits_frame`` turns ``TransitColumns`` into the pandas frame a Dask
partition returns, with ``TRANSIT_COLUMNS`` in that order and times as UTC timestamps.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from overflight.archive.schema import FT_PER_M, KT_PER_MS
from overflight.archive.tracks import FlightColumns, TransitColumns

__all__ = ["TRANSIT_COLUMNS", "empty_transits_frame", "flight_columns", "transits_frame"]

TRANSIT_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("flight_id", "string", "the archive's flight id: <icao24>-<first position's time>"),
    ("icao24", "string", "ICAO 24-bit address"),
    ("callsign", "string", "the flight's last callsign seen ('' none)"),
    ("registration", "string", "the flight's last registration seen ('' none)"),
    ("first_seen", "timestamp[us, UTC]", "the flight's first accepted position"),
    ("last_seen", "timestamp[us, UTC]", "the flight's last accepted position"),
    ("positions", "int64", "the flight's positions (repeats and rejected ones included)"),
    ("rejected", "int64", "the flight's positions the plausibility gate dropped"),
    ("seq", "int64", "the transit's number within the flight, from 1"),
    ("state", "string", "ISO 3166-1 alpha-2 ('' international airspace)"),
    ("entered", "timestamp[us, UTC]", "entry: the first position of the debounced run"),
    ("exited", "timestamp[us, UTC]", "exit: the next entry, or the flight's last position"),
    ("entry_lat", "float64", "degrees"),
    ("entry_lon", "float64", "degrees"),
    ("exit_lat", "float64", "degrees"),
    ("exit_lon", "float64", "degrees"),
    ("distance_m", "float64", "along the accepted positions between entry and exit"),
)
"""(name, type, meaning) of each column of a history's transits."""

_TIMES = ("first_seen", "last_seen", "entered", "exited")


def flight_columns(table: Any) -> FlightColumns:
    """The analysis's arrays from a positions table (``reader.ANALYSIS_COLUMNS``)."""
    import pyarrow.compute as pc

    def strings(name: str) -> Any:
        return np.asarray(
            pc.fill_null(table.column(name), "").to_numpy(zero_copy_only=False), dtype=object
        )

    def floats(name: str) -> Any:
        return np.asarray(
            pc.fill_null(table.column(name), float("nan")).to_numpy(zero_copy_only=False),
            dtype=np.float64,
        )

    seconds = floats("lastposupdate")
    return FlightColumns(
        flight_id=strings("flight_id"),
        icao24=strings("icao24"),
        time_us=np.round(seconds * 1e6).astype(np.int64),
        lat=floats("lat"),
        lon=floats("lon"),
        on_ground=np.asarray(
            pc.fill_null(table.column("onground"), False).to_numpy(zero_copy_only=False),
            dtype=bool,
        ),
        speed_kt=floats("velocity") * KT_PER_MS,
        altitude_ft=floats("baroaltitude") * FT_PER_M,
        callsign=strings("callsign"),
        registration=strings("registration"),
    )


def transits_frame(found: TransitColumns) -> Any:
    """A pandas frame of ``TRANSIT_COLUMNS`` from the analysis's arrays."""
    import pandas as pd

    data: dict[str, Any] = {}
    for name, kind, _ in TRANSIT_COLUMNS:
        if name in _TIMES:
            source = {"entered": "entered_us", "exited": "exited_us"}.get(name, f"{name}_us")
            values = np.asarray(getattr(found, source), dtype=np.int64).astype("datetime64[us]")
            data[name] = pd.Series(values).dt.tz_localize("UTC")
        elif kind == "string":
            data[name] = pd.Series(getattr(found, name), dtype="string")
        else:
            data[name] = pd.Series(getattr(found, name), dtype=kind)
    return pd.DataFrame(data)


def empty_transits_frame() -> Any:
    """The frame with no row: Dask's ``meta`` for a history partition."""
    empty_text = np.zeros(0, dtype=object)
    empty_int = np.zeros(0, dtype=np.int64)
    empty_float = np.zeros(0, dtype=np.float64)
    return transits_frame(
        TransitColumns(
            empty_text, empty_text, empty_text, empty_text, empty_int, empty_int, empty_int,
            empty_int, empty_int, empty_text, empty_int, empty_int, empty_float, empty_float,
            empty_float, empty_float, empty_float,
        )
    )  # fmt: skip
