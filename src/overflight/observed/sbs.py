"""SBS-1 / BaseStation text (the port 30003 lines of dump1090, readsb and others).

Each ``MSG`` line carries part of what is known of an aircraft: type 1 its callsign, 3 (and 2, on
the surface) its position, 4 its speed and track, 5 to 8 its altitude and squawk. The reader
keeps the latest of each per aircraft and yields a ``Position`` whenever a line gives a position.
Times are the "generated" date and time of the line, read as UTC (set the feed to UTC).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime

from overflight.errors import ParseError
from overflight.observed.position import Position, Reading, check_coordinates, parse_icao24

__all__ = ["SbsReader", "read_sbs"]

_FIELDS = 22


@dataclass(frozen=True, slots=True)
class _Known:
    """The latest non-position facts about one aircraft."""

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


def _read_line(text: str, source: str, number: int, known: dict[str, _Known]) -> Position | None:
    fields = text.split(",")
    if len(fields) < _FIELDS:
        raise ParseError(
            f"an SBS MSG line has {_FIELDS} fields, this one {len(fields)}",
            source=source,
            line=number,
        )
    address = parse_icao24(fields[4], source=source, line=number)
    facts = known.get(address, _Known())
    callsign = fields[10].strip()
    updates: dict[str, object] = {}
    if callsign:
        updates["callsign"] = callsign
    for name, index in (("altitude_ft", 11), ("ground_speed_kt", 12), ("track_deg", 13)):
        if fields[index].strip():
            updates[name] = _number(fields[index], name, source, number, index)
    if fields[17].strip():
        updates["squawk"] = fields[17].strip()
    if fields[21].strip():
        updates["on_ground"] = fields[21].strip() in ("-1", "1")
    if updates:
        facts = replace(facts, **updates)  # type: ignore[arg-type]
        known[address] = facts
    if not (fields[14].strip() and fields[15].strip()):
        return None
    lat = _number(fields[14], "latitude", source, number, 14)
    lon = _number(fields[15], "longitude", source, number, 15)
    check_coordinates(lat, lon, source=source, line=number)
    return Position(
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


def _time(day: str, clock: str, source: str, line: int) -> datetime:
    text = f"{day.strip()} {clock.strip()}"
    for shape in ("%Y/%m/%d %H:%M:%S.%f", "%Y/%m/%d %H:%M:%S"):
        try:
            return datetime.strptime(text, shape).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ParseError(
        f"{text!r} is not a date and time (YYYY/MM/DD HH:MM:SS.fff)",
        source=source,
        line=line,
        field="time generated (fields 7-8)",
    )
