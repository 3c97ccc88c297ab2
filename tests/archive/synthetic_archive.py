"""A small synthetic archive: great-circle flights between real aerodromes, as state vectors.

Eight aircraft over two days (one flight over midnight, imported in two files so that the
second import continues it; one flight with a spoofed stretch; an Iranian-block address), and
ATS messages filing some of them.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from pyproj import Geod

from overflight.geo import find_aerodrome

_GEOD = Geod(ellps="WGS84")
DAY1 = datetime(2025, 3, 1, tzinfo=UTC)


@dataclass(frozen=True)
class PlannedFlight:
    icao24: str
    callsign: str
    departure: str
    destination: str
    start: datetime
    speed_kt: float = 450.0
    step_s: float = 20.0
    spoof: bool = False  # a stretch of positions far away, crawling at cruise level


FLIGHTS = (
    PlannedFlight("730a01", "IRM701", "OIII", "UAAA", DAY1 + timedelta(hours=6)),
    PlannedFlight("730a01", "IRM702", "UAAA", "OIII", DAY1 + timedelta(hours=14)),
    PlannedFlight("730a02", "IRA455", "OIII", "LTFM", DAY1 + timedelta(hours=22), spoof=True),
    PlannedFlight("4b1801", "SWR8", "LSZH", "KJFK", DAY1 + timedelta(hours=20, minutes=30)),
    PlannedFlight("3c6444", "DLH400", "EDDF", "OMDB", DAY1 + timedelta(hours=9)),
    PlannedFlight("406a11", "BAW15", "EGLL", "VHHH", DAY1 + timedelta(hours=12)),
    PlannedFlight("a0b1c2", "UAL90", "KSFO", "RJTT", DAY1 + timedelta(days=1, hours=1)),
    PlannedFlight("76cd01", "SIA321", "WSSS", "EGLL", DAY1 + timedelta(days=1, hours=3)),
    PlannedFlight("730a03", "IRM710", "OIII", "ZBAA", DAY1 + timedelta(days=1, hours=5)),
)

HEADER = ["time", "icao24", "lat", "lon", "velocity", "heading", "callsign", "onground",
          "squawk", "baroaltitude", "lastposupdate"]  # fmt: skip


def flight_rows(f: PlannedFlight) -> list[dict[str, object]]:
    """State-vector rows of one flight: 3 on the ground at each end, airborne between."""
    a, b = find_aerodrome(f.departure).position, find_aerodrome(f.destination).position
    _, _, distance_m = _GEOD.inv(a.lon, a.lat, b.lon, b.lat)
    seconds = distance_m / (f.speed_kt * 1852 / 3600)
    n = max(int(seconds / f.step_s), 2)
    points = [(a.lon, a.lat), *_GEOD.npts(a.lon, a.lat, b.lon, b.lat, n - 2), (b.lon, b.lat)]
    rows: list[dict[str, object]] = []
    for i in range(-3, n + 3):
        k = min(max(i, 0), n - 1)
        lon, lat = points[k]
        ground = i < 0 or i >= n
        if f.spoof and n // 3 <= i < n // 3 + 20:
            lat, lon = 50.0, 30.5  # Kyiv, at FL380, "moving" slowly
        t = f.start.timestamp() + (i + 3) * f.step_s + 0.25
        rows.append(
            {
                "time": int(t), "icao24": f.icao24, "lat": round(lat, 6), "lon": round(lon, 6),
                "velocity": 0.0 if ground else f.speed_kt * 1852 / 3600,
                "heading": 90.0, "callsign": f.callsign, "onground": ground, "squawk": "",
                "baroaltitude": 0.0 if ground else 11_582.4, "lastposupdate": t,
            }
        )  # fmt: skip
    return rows


def write_state_vectors(path: Path, flights: tuple[PlannedFlight, ...], until: datetime) -> Path:
    """The flights' rows before ``until``."""
    return _write(path, [r for f in flights for r in flight_rows(f) if _before(r, until)])


def write_state_vectors_after(
    path: Path, flights: tuple[PlannedFlight, ...], since: datetime
) -> Path:
    return _write(path, [r for f in flights for r in flight_rows(f) if not _before(r, since)])


def _before(row: dict[str, object], until: datetime) -> bool:
    return float(row["lastposupdate"]) < until.timestamp()  # type: ignore[arg-type]


def _write(path: Path, rows: list[dict[str, object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, HEADER)
        writer.writeheader()
        writer.writerows(rows)
    return path


MESSAGES = """\
FF UAAAZQZX
010500 OIIIZQZX
(FPL-IRM701-IS
-A332/H-SDE3FGHIJ1RWY/LB1
-OIII0600
-N0450F350 DCT
-UAAA0400
-REG/EPMNA DOF/250301)

FF OIIIZQZX
011300 UAAAZQZX
(FPL-IRM702-IS
-A332/H-SDE3FGHIJ1RWY/LB1
-UAAA1400
-N0450F350 DCT
-OIII0400
-REG/EPMNA DOF/250301)

FF LTFMZQZX
012100 OIIIZQZX
(FPL-IRA455-IS
-A320/M-SDE3FGHIJ1RWY/LB1
-OIII2200
-N0450F350 DCT
-LTFM0400
-DOF/250301)
"""


def write_messages(path: Path) -> Path:
    path.write_text(MESSAGES, encoding="utf-8")
    return path
