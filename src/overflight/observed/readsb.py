"""readsb and dump1090 JSON: ``aircraft.json`` snapshots and readsb trace files.

A snapshot lists every aircraft the receiver holds at ``now``; a position is ``seen_pos``
seconds old, so its time is ``now - seen_pos``. dump1090-fa and readsb name the fields
``alt_baro``/``gs``, dump1090-mutability ``altitude``/``speed``: both are read. A trace
(``trace_full_<hex>.json``, possibly gzipped) holds one aircraft's positions as rows of
``[seconds after timestamp, lat, lon, altitude or "ground", ground speed, track, flags, …,
details]``; the callsign comes from the details rows and is carried forward.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator, Mapping
from typing import Any

from overflight.errors import ParseError
from overflight.observed.position import (
    ObservedPosition,
    Reading,
    check_coordinates,
    parse_icao24,
    utc_from_epoch,
)

__all__ = ["STALE_POSITION_S", "decode_json_bytes", "read_aircraft_json", "read_trace"]

STALE_POSITION_S = 60.0
"""A snapshot's position older than this is left out (the receiver has lost the aircraft)."""


def decode_json_bytes(raw: bytes, source: str) -> Any:
    """JSON from bytes that may be gzipped; a ``ParseError`` naming ``source`` otherwise."""
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as err:
            raise ParseError(f"not a whole gzip file ({err})", source=source) from None
    try:
        return json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as err:
        line = getattr(err, "lineno", None)
        raise ParseError(f"not JSON ({err})", source=source, line=line) from None


def read_aircraft_json(document: Any, source: str = "aircraft.json") -> Iterator[Reading]:
    """Positions of one ``aircraft.json`` snapshot (parsed JSON); bad entries yield errors."""
    if not isinstance(document, Mapping) or not isinstance(document.get("aircraft"), list):
        yield ParseError("an aircraft.json snapshot has an 'aircraft' list", source=source)
        return
    now = document.get("now")
    if not isinstance(now, int | float):
        yield ParseError("an aircraft.json snapshot has a numeric 'now'", source=source)
        return
    for number, entry in enumerate(document["aircraft"], start=1):
        try:
            found = _snapshot_entry(entry, float(now), source, number)
        except ParseError as err:
            yield err
            continue
        if found is not None:
            yield found


def _snapshot_entry(entry: Any, now: float, source: str, number: int) -> ObservedPosition | None:
    if not isinstance(entry, Mapping):
        raise ParseError("an aircraft entry is an object", source=source, line=number)
    if entry.get("lat") is None or entry.get("lon") is None:
        return None
    age = _float(entry.get("seen_pos", 0.0), "seen_pos", source, number) or 0.0
    if age > STALE_POSITION_S:
        return None
    lat = _float(entry["lat"], "lat", source, number)
    lon = _float(entry["lon"], "lon", source, number)
    check_coordinates(lat or 0.0, lon or 0.0, source=source, line=number)
    altitude = entry.get("alt_baro", entry.get("altitude"))
    return ObservedPosition(
        at=utc_from_epoch(now - age),
        icao24=parse_icao24(str(entry.get("hex", "")), source=source, line=number),
        lat=lat or 0.0,
        lon=lon or 0.0,
        callsign=str(entry.get("flight", "")).strip(),
        altitude_ft=None if altitude == "ground" else _float(altitude, "alt_baro", source, number),
        ground_speed_kt=_float(entry.get("gs", entry.get("speed")), "gs", source, number),
        track_deg=_float(entry.get("track"), "track", source, number),
        squawk=str(entry.get("squawk", "")).strip(),
        on_ground=altitude == "ground",
        registration=str(entry.get("r", "")).strip(),
        source="aircraft.json",
    )


def read_trace(document: Any, source: str = "trace") -> Iterator[Reading]:
    """Positions of one readsb trace file (parsed JSON); bad rows yield errors."""
    if not isinstance(document, Mapping) or not isinstance(document.get("trace"), list):
        yield ParseError("a readsb trace has a 'trace' list", source=source)
        return
    try:
        address = parse_icao24(str(document.get("icao", "")), source=source)
        start = float(document["timestamp"])
    except (ParseError, KeyError, TypeError, ValueError) as err:
        yield (
            err
            if isinstance(err, ParseError)
            else ParseError("a readsb trace has a numeric 'timestamp'", source=source)
        )
        return
    registration = str(document.get("r", "")).strip()
    callsign = ""
    for number, row in enumerate(document["trace"], start=1):
        if not isinstance(row, list) or len(row) < 6:
            yield ParseError(
                "a trace row is a list of at least 6 values", source=source, line=number
            )
            continue
        details = row[8] if len(row) > 8 and isinstance(row[8], Mapping) else {}
        callsign = str(details.get("flight", callsign)).strip() or callsign
        try:
            offset = _float(row[0], "time", source, number) or 0.0
            lat = _float(row[1], "lat", source, number)
            lon = _float(row[2], "lon", source, number)
            if lat is None or lon is None:
                continue
            check_coordinates(lat, lon, source=source, line=number)
            altitude = None if row[3] == "ground" else _float(row[3], "altitude", source, number)
            yield ObservedPosition(
                at=utc_from_epoch(start + offset),
                icao24=address,
                lat=lat,
                lon=lon,
                callsign=callsign,
                altitude_ft=altitude,
                ground_speed_kt=_float(row[4], "ground speed", source, number),
                track_deg=_float(row[5], "track", source, number),
                squawk=str(details.get("squawk", "")).strip(),
                on_ground=row[3] == "ground",
                registration=registration,
                source="trace",
            )
        except ParseError as err:
            yield err


def _float(value: Any, name: str, source: str, line: int) -> float | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise ParseError(f"{value!r} is not a number", source=source, line=line, field=name)
    try:
        return float(value)
    except ValueError:
        raise ParseError(
            f"{value!r} is not a number", source=source, line=line, field=name
        ) from None
