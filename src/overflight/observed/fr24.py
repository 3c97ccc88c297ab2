"""Flightradar24 flight files (the JSON of one flight's trail, as traffic's samples hold).

The file names the aircraft (``aircraft.identification.modes``, ``registration``), the callsign
and a ``track`` of points with latitude, longitude, altitude (feet), speed (knots), heading,
squawk and a Unix timestamp. Altitude 0 is read as on the ground.
"""

from __future__ import annotations

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

__all__ = ["read_fr24"]


def read_fr24(document: Any, source: str = "fr24") -> Iterator[Reading]:
    """Positions of one FR24 flight file (parsed JSON); bad points yield errors."""
    try:
        flight = document["result"]["response"]["data"]["flight"]
        identity = flight["aircraft"]["identification"]
        address = parse_icao24(str(identity.get("modes") or ""), source=source)
        track = flight["track"]
    except ParseError as err:
        yield err
        return
    except (KeyError, TypeError) as err:
        yield ParseError(f"not an FR24 flight file (no {err})", source=source)
        return
    callsign = str((flight.get("identification") or {}).get("callsign") or "").strip()
    registration = str(identity.get("registration") or "").strip()
    for number, point in enumerate(track, start=1):
        try:
            yield _point(point, address, callsign, registration, source, number)
        except ParseError as err:
            yield err


def _point(
    point: Any, address: str, callsign: str, registration: str, source: str, number: int
) -> ObservedPosition:
    if not isinstance(point, Mapping):
        raise ParseError("a track point is an object", source=source, line=number)
    try:
        lat, lon = float(point["latitude"]), float(point["longitude"])
        altitude = float((point.get("altitude") or {}).get("feet", 0.0))
        speed = (point.get("speed") or {}).get("kts")
        heading = point.get("heading")
        at = utc_from_epoch(float(point["timestamp"]))
    except (KeyError, TypeError, ValueError) as err:
        raise ParseError(
            f"a track point lacks a usable {err}", source=source, line=number
        ) from None
    check_coordinates(lat, lon, source=source, line=number)
    squawk = str(point.get("squawk") or "").strip()
    return ObservedPosition(
        at=at,
        icao24=address,
        lat=lat,
        lon=lon,
        callsign=callsign,
        altitude_ft=altitude,
        ground_speed_kt=None if speed is None else float(speed),
        track_deg=None if heading is None else float(heading),
        squawk="" if squawk == "0" else squawk,
        on_ground=altitude <= 0.0,
        registration=registration,
        source="fr24",
    )
