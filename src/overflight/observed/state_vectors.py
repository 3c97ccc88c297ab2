"""OpenSky-style state vectors: CSV (and parquet, where pyarrow is installed).

Two column sets are read, chosen by the header:

* OpenSky's (``time, icao24, lat, lon, velocity, heading, callsign, onground, squawk,
  baroaltitude, geoaltitude, lastposupdate, …``): metres and metres per second;
* traffic's (``timestamp, icao24, latitude, longitude, altitude, groundspeed, track, callsign,
  squawk, last_position``): feet and knots.

A row's time is when its position was last updated (``lastposupdate``/``last_position``) where
given, else the row's time; times are Unix seconds (milliseconds when above 10^11) or ISO 8601.
Rows without a position are skipped; a bad row yields its ``ParseError`` with its line.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from overflight.errors import InputError, ParseError
from overflight.observed.position import (
    ObservedPosition,
    Reading,
    check_coordinates,
    parse_icao24,
    utc_from_epoch,
)

__all__ = ["read_state_vector_csv", "read_state_vector_parquet", "read_state_vectors"]

_FT_PER_M = 1 / 0.3048
_KT_PER_MS = 3600 / 1852


@dataclass(frozen=True, slots=True)
class _Columns:
    """Which column holds what, and the factors to feet and knots."""

    time: str
    position_time: str
    lat: str
    lon: str
    altitude: str
    speed: str
    track: str
    on_ground: str
    feet: float
    knots: float


_OPENSKY = _Columns(
    "time", "lastposupdate", "lat", "lon", "baroaltitude", "velocity", "heading", "onground",
    _FT_PER_M, _KT_PER_MS,
)  # fmt: skip
_TRAFFIC = _Columns(
    "timestamp", "last_position", "latitude", "longitude", "altitude", "groundspeed", "track",
    "onground", 1.0, 1.0,
)  # fmt: skip


def read_state_vectors(rows: Iterable[Mapping[str, Any]], source: str) -> Iterator[Reading]:
    """Positions from state-vector rows (header → value mappings), in the rows' order."""
    columns: _Columns | None = None
    for number, row in enumerate(rows, start=2):  # line 1 is the header
        if columns is None:
            try:
                columns = _columns_of(row.keys(), source)
            except ParseError as err:
                yield err
                return
        try:
            found = _position(row, columns, source, number)
        except ParseError as err:
            yield err
            continue
        if found is not None:
            yield found


def read_state_vector_csv(lines: Iterable[str], source: str = "state vectors") -> Iterator[Reading]:
    """Positions from state-vector CSV text.

    A row the ``csv`` module refuses (a field over its size limit) ends the reading with a
    ``ParseError`` at its line.
    """
    reader = csv.DictReader(iter(lines))
    try:
        yield from read_state_vectors(reader, source)
    except csv.Error as err:
        yield ParseError(f"not a CSV row: {err}", source=source, line=reader.line_num)


def read_state_vector_parquet(path: Path) -> Iterator[Reading]:
    """Positions from a state-vector parquet file.

    Raises:
        InputError: pyarrow is not installed (``pip install pyarrow``), or the file is no parquet.
    """
    try:
        import pyarrow.parquet as parquet  # type: ignore[import-not-found, import-untyped, unused-ignore]
    except ImportError:
        raise InputError(
            str(path), "reading parquet needs pyarrow (pip install pyarrow); CSV needs nothing"
        ) from None
    try:
        table = parquet.read_table(path)
    except Exception as err:  # pyarrow raises its own ArrowInvalid and OSError
        raise InputError(str(path), f"not a readable parquet file ({err})") from None
    return read_state_vectors(table.to_pylist(), str(path))


def _columns_of(header: Iterable[str], source: str) -> _Columns:
    names = set(header)
    for columns in (_OPENSKY, _TRAFFIC):
        if {columns.lat, columns.lon, "icao24"} <= names and (
            columns.time in names or columns.position_time in names
        ):
            return columns
    raise ParseError(
        "the header names neither OpenSky's columns (time, icao24, lat, lon, …) nor traffic's "
        "(timestamp, icao24, latitude, longitude, …)",
        source=source,
        line=1,
    )


def _position(
    row: Mapping[str, Any], c: _Columns, source: str, line: int
) -> ObservedPosition | None:
    lat, lon = (
        _number(row.get(c.lat), c.lat, source, line),
        _number(row.get(c.lon), c.lon, source, line),
    )
    if lat is None or lon is None:
        return None
    check_coordinates(lat, lon, source=source, line=line)
    when = _time(row.get(c.position_time), c.position_time, source, line) or _time(
        row.get(c.time), c.time, source, line
    )
    if when is None:
        raise ParseError("the row has no time", source=source, line=line, field=c.time)
    altitude = _number(row.get(c.altitude), c.altitude, source, line)
    speed = _number(row.get(c.speed), c.speed, source, line)
    return ObservedPosition(
        at=when,
        icao24=parse_icao24(str(row.get("icao24", "")), source=source, line=line),
        lat=lat,
        lon=lon,
        callsign=str(row.get("callsign") or "").strip(),
        altitude_ft=None if altitude is None else altitude * c.feet,
        ground_speed_kt=None if speed is None else speed * c.knots,
        track_deg=_number(row.get(c.track), c.track, source, line),
        squawk=str(row.get("squawk") or "").strip(),
        on_ground=str(row.get(c.on_ground, "")).strip().lower() in ("true", "1"),
        source="opensky",
    )


def _number(value: Any, name: str, source: str, line: int) -> float | None:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        raise ParseError(
            f"{value!r} is not a number", source=source, line=line, field=name
        ) from None


def _time(value: Any, name: str, source: str, line: int) -> datetime | None:
    if value is None or value == "" or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    try:
        seconds = float(value)
    except (TypeError, ValueError):
        try:
            parsed = datetime.fromisoformat(str(value).strip().replace("Z", "+00:00"))
        except ValueError:
            raise ParseError(
                f"{value!r} is not a time (Unix seconds or ISO 8601)",
                source=source,
                line=line,
                field=name,
            ) from None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    if seconds > 1e11:
        seconds /= 1000  # milliseconds
    if not _EPOCH_S[0] <= seconds <= _EPOCH_S[1]:  # NaN and infinities too
        raise ParseError(
            f"{value!r} is not a time of the years 1900–2199 (Unix seconds)",
            source=source,
            line=line,
            field=name,
        )
    return utc_from_epoch(seconds)


_EPOCH_S = (-2_208_988_800.0, 7_258_118_399.0)  # 1900-01-01 to 2199-12-31T23:59:59Z
