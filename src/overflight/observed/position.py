"""One observed position of one aircraft: the value every reader produces."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from overflight.errors import ParseError

__all__ = ["ObservedPosition", "Reading", "check_coordinates", "parse_icao24", "utc_from_epoch"]

_HEX6 = re.compile(r"[0-9a-f]{6}")


@dataclass(frozen=True, slots=True)
class ObservedPosition:
    """Where one aircraft was at one time, as a receiver or a feed reported it.

    ``icao24`` is the ICAO 24-bit address as six lower-case hex digits. Optional fields are
    ``None`` when the source did not say. ``source`` names where it came from (``sbs``,
    ``beast``, ``avr``, ``aircraft.json``, ``trace``, ``opensky``), for counting and display.
    """

    at: datetime  # aware, UTC: when the position was measured (not when it was relayed)
    icao24: str
    lat: float
    lon: float
    callsign: str = ""
    altitude_ft: float | None = None  # barometric where given, else geometric
    ground_speed_kt: float | None = None
    track_deg: float | None = None
    squawk: str = ""
    on_ground: bool = False
    registration: str = ""  # where the source names the tail (readsb traces, some feeds)
    source: str = ""


Reading = ObservedPosition | ParseError
"""What a reader yields for each record: a position, or the error that record made."""


def parse_icao24(text: str, *, source: str = "", line: int | None = None) -> str:
    """An ICAO 24-bit address as six lower-case hex digits (a leading ``~`` is a non-ICAO id).

    Raises:
        ParseError: the text is not six hex digits.
    """
    address = text.strip().lower().lstrip("~")
    if not _HEX6.fullmatch(address):
        raise ParseError(
            f"{text.strip()!r} is not an ICAO 24-bit address (6 hex digits)",
            source=source,
            line=line,
            field="icao24",
        )
    return address


def utc_from_epoch(seconds: float) -> datetime:
    """An aware UTC time from Unix seconds."""
    return datetime.fromtimestamp(seconds, tz=UTC)


def check_coordinates(lat: float, lon: float, *, source: str, line: int | None) -> None:
    """Raise a ``ParseError`` unless lat/lon are finite degrees in range."""
    if not (-90.0 <= lat <= 90.0 and -180.0 <= lon <= 180.0):  # NaN fails both
        raise ParseError(
            f"({lat}, {lon}) is not a latitude/longitude in range",
            source=source,
            line=line,
            field="position",
        )
