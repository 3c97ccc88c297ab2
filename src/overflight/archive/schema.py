"""The archive's columns: positions as OpenSky-style state vectors, ATS messages as text.

Positions keep OpenSky's names and units (metres, metres per second, Unix seconds), so a
partition file is also a state-vector file that ``overflight track`` and ``overflight watch``
read; overflight adds ``registration``, ``source`` and ``flight_id``. ``docs/scale.md`` is the
reference for both tables.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "FT_PER_M",
    "KT_PER_MS",
    "MESSAGE_COLUMNS",
    "POSITION_COLUMNS",
    "message_schema",
    "position_schema",
]

FT_PER_M = 1 / 0.3048
KT_PER_MS = 3600 / 1852

POSITION_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("time", "int64", "Unix seconds of the state vector (the position's second)"),
    ("lastposupdate", "float64", "Unix seconds when the position was measured (to the µs)"),
    ("icao24", "string", "ICAO 24-bit address, six lower-case hex digits"),
    ("lat", "float64", "degrees north, WGS84"),
    ("lon", "float64", "degrees east, WGS84"),
    ("velocity", "float64", "ground speed, m/s (null: not reported)"),
    ("heading", "float64", "track over ground, degrees clockwise from north (null: not reported)"),
    ("callsign", "string", "callsign as transmitted, trimmed ('' unknown)"),
    ("onground", "bool", "the aircraft reports being on the ground"),
    ("squawk", "string", "Mode A code ('' unknown)"),
    ("baroaltitude", "float64", "barometric altitude, m (null: not reported)"),
    ("registration", "string", "tail number where the source names it ('' unknown)"),
    ("source", "string", "its reader: sbs, beast, avr, aircraft.json, trace, opensky…"),
    ("flight_id", "string", "<icao24>-<first position's time, YYYYMMDDTHHMMSSZ>: one flight"),
)
"""(name, type, meaning) of every position column, in file order."""

MESSAGE_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("received", "timestamp[us, UTC]", "when it was received (AFTN filing time, or file's)"),
    ("text", "string", "the message as received, from its opening '(' to its closing ')'"),
    ("source", "string", "the file it was imported from"),
    ("number", "int32", "its order in that file, from 1"),
)  # fmt: skip
"""(name, type, meaning) of every ATS message column, in file order."""


def _arrow_type(name: str) -> Any:
    import pyarrow as pa

    return {
        "int64": pa.int64(),
        "int32": pa.int32(),
        "float64": pa.float64(),
        "string": pa.string(),
        "bool": pa.bool_(),
        "timestamp[us, UTC]": pa.timestamp("us", tz="UTC"),
    }[name]


def position_schema() -> Any:
    """The pyarrow schema of a positions partition file."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(kind)) for name, kind, _ in POSITION_COLUMNS])


def message_schema() -> Any:
    """The pyarrow schema of an ATS messages partition file."""
    import pyarrow as pa

    return pa.schema([(name, _arrow_type(kind)) for name, kind, _ in MESSAGE_COLUMNS])
