"""SBS-1 / BaseStation text (the port 30003 lines of dump1090, readsb and others).

Each ``MSG`` line carries part of what is known of an aircraft: type 1 its callsign, 3 (and 2, on
the surface) its position, 4 its speed and track, 5 to 8 its altitude and squawk. The reader
keeps the latest of each per aircraft and yields an ``ObservedPosition`` whenever a line gives a
position.
Times are the "generated" date and time of the line, read as UTC (set the feed to UTC).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from overflight.errors import ParseError
from overflight.observed.position import ObservedPosition, Reading, check_coordinates, parse_icao24

__all__ = ["SbsReader", "read_sbs"]

_FIELDS = 22


@dataclass(slots=True)
class _Known:
    """The latest non-position facts about one aircraft (updated in place, line by line)."""

    callsign: str = ""
    altitude_ft: float | None = None
    ground_speed_kt: float | None = None
    track_deg: float | None = None
    squawk: str = ""
    on_ground: bool = False


def read_sbs(lines: Iterable[str], source: str = "sbs") -> Iterator[Reading]:
    """Positions from SBS-1 lines; a bad line yields its ``ParseError`` and reading goes on.

    Lines that are not ``MSG`` records (``AIR``, ``ID``, ``STA``, ``CLK``, blank) are skipped.
    """
    return SbsReader(source).read(lines)


class SbsReader:
    """Reads SBS-1 lines in pieces (as a TCP feed delivers them), keeping facts per aircraft."""

    def __init__(self, source: str = "sbs") -> None:
        self.source = source
        self._known: dict[str, _Known] = {}
        self._line = 0

    def read(self, lines: Iterable[str]) -> Iterator[Reading]:
        """Positions from the next lines (numbered on from the previous call)."""
        for line in lines:
            self._line += 1
            text = line.strip()
            if not text.startswith("MSG"):
                continue
            try:
                found = _read_line(text, self.source, self._line, self._known)
            except ParseError as err:
                yield err
                continue
            if found is not None:
                yield found


def _read_line(
    text: str, source: str, number: int, known: dict[str, _Known]
) -> ObservedPosition | None:
    fields = text.split(",")
    if len(fields) < _FIELDS:
        raise ParseError(
            f"an SBS MSG line has {_FIELDS} fields, this one {len(fields)}",
            source=source,
            line=number,
        )
    raw = fields[4]
    facts = known.get(raw)
    if facts is None:
        address = parse_icao24(raw, source=source, line=number)
        facts = known.get(address) or _Known()
        known[address] = known[raw] = facts
    else:
        address = raw.strip().lower().lstrip("~")
    if fields[10]:
        facts.callsign = fields[10].strip() or facts.callsign
    if fields[11]:
        facts.altitude_ft = _number(fields[11], "altitude_ft", source, number, 11)
    if fields[12]:
        facts.ground_speed_kt = _number(fields[12], "ground_speed_kt", source, number, 12)
    if fields[13]:
        facts.track_deg = _number(fields[13], "track_deg", source, number, 13)
    if fields[17]:
        facts.squawk = fields[17].strip() or facts.squawk
    if fields[21]:
        facts.on_ground = fields[21].strip() in ("-1", "1")
    if not (fields[14] and fields[15]):
        return None
    lat = _number(fields[14], "latitude", source, number, 14)
    lon = _number(fields[15], "longitude", source, number, 15)
    check_coordinates(lat, lon, source=source, line=number)
    return ObservedPosition(
        at=_time(fields[6], fields[7], source, number),
        icao24=address,
        lat=lat,
        lon=lon,
        callsign=facts.callsign,
        altitude_ft=facts.altitude_ft,
        ground_speed_kt=facts.ground_speed_kt,
        track_deg=facts.track_deg,
        squawk=facts.squawk,
        on_ground=facts.on_ground,
        source="sbs",
    )


def _number(text: str, name: str, source: str, line: int, index: int) -> float:
    try:
        return float(text)
    except ValueError:
        raise ParseError(
            f"{text.strip()!r} is not a number",
            source=source,
            line=line,
            field=f"{name} (field {index + 1})",
        ) from None


_DAYS: dict[str, datetime] = {}
_YEARS = range(1900, 2200)  # the years any time given to overflight may fall in


def _time(day: str, clock: str, source: str, line: int) -> datetime:
    """``YYYY/MM/DD`` and ``HH:MM:SS[.fff]`` as an aware UTC time (days are parsed once)."""
    base = _DAYS.get(day)
    try:
        if base is None:
            year, month, date_ = day.strip().split("/")
            base = datetime(int(year), int(month), int(date_), tzinfo=UTC)
            if base.year not in _YEARS:
                raise ValueError(day)
            if len(_DAYS) < 10_000:
                _DAYS[day] = base
        hours, minutes, seconds = clock.strip().split(":")
        return base + timedelta(hours=int(hours), minutes=int(minutes), seconds=float(seconds))
    except (ValueError, OverflowError):  # OverflowError: a clock of huge or infinite numbers
        raise ParseError(
            f"{day.strip() + ' ' + clock.strip()!r} is not a date and time "
            "(YYYY/MM/DD HH:MM:SS.fff)",
            source=source,
            line=line,
            field="time generated (fields 7-8)",
        ) from None
