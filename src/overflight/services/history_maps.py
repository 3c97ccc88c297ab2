"""A map per aircraft of a history: its flights' observed tracks over the states they crossed.

Each flight's positions are read back from its partition (the day in its id, its aircraft's
bucket), filtered to the aircraft, and drawn as ``overflight track --map`` draws one flight.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

from overflight.archive import (
    Archive,
    Partition,
    PartitionKind,
    bucket_of,
    flight_columns,
    open_archive,
    partition_path,
    read_positions,
)
from overflight.errors import Param
from overflight.geo import Airspace, MapLayer, draw_route_map
from overflight.observed import ObservedPosition
from overflight.services.history_join import JoinedFlight
from overflight.services.watch_track import observe_track
from overflight.textfile import make_folder

__all__ = ["draw_aircraft_maps"]

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def draw_aircraft_maps(
    archive_root: Path,
    flights: Sequence[JoinedFlight],
    folder: Path,
    airspace: Airspace,
    limit: int = 50,
    suffix: str = ".svg",
) -> list[Path]:
    """One ``<icao24>.svg`` (or ``suffix``) per aircraft (the first ``limit``), all its flights."""
    archive = open_archive(archive_root)
    make_folder(folder, Param("maps"))
    by_aircraft: dict[str, list[JoinedFlight]] = {}
    for j in flights:
        by_aircraft.setdefault(j.flown.icao24, []).append(j)
    drawn = []
    for icao24, mine in list(by_aircraft.items())[:limit]:
        layers = []
        for j in mine:
            positions = _flight_positions(archive, j.flown.flight_id, icao24)
            if not positions:
                continue
            track = observe_track(positions, airspace)
            label = f"{j.flown.callsign or icao24} {j.flown.first_seen:%Y-%m-%d}"
            highlight = frozenset(j.denied_entered) | frozenset(j.unfiled)
            layers.append(MapLayer(track.route, track.transits, label, highlight))
        if layers:
            path = folder / f"{icao24}{suffix}"
            name = mine[0].flown.callsign or icao24
            flights_drawn = f"{len(layers)} flight{'s' if len(layers) != 1 else ''}"
            title = f"{name} ({icao24}): {flights_drawn}, observed"
            drawn.append(draw_route_map(layers, airspace, path, title=title))
    return drawn


def _flight_positions(archive: Archive, flight_id: str, icao24: str) -> list[ObservedPosition]:
    day = datetime.strptime(flight_id.rsplit("-", 1)[1], "%Y%m%dT%H%M%SZ").date()
    bucket = bucket_of(icao24, archive.manifest.buckets)
    path = partition_path(archive, PartitionKind.POSITIONS, day, bucket)
    table = read_positions(Partition(PartitionKind.POSITIONS, day, bucket, path), aircraft=[icao24])
    f = flight_columns(table)
    rows = np.flatnonzero(f.flight_id == flight_id)
    return [
        ObservedPosition(
            at=_EPOCH + timedelta(microseconds=int(f.time_us[i])),
            icao24=icao24,
            lat=float(f.lat[i]),
            lon=float(f.lon[i]),
            callsign=str(f.callsign[i]),
            altitude_ft=None if np.isnan(f.altitude_ft[i]) else float(f.altitude_ft[i]),
            ground_speed_kt=None if np.isnan(f.speed_kt[i]) else float(f.speed_kt[i]),
            on_ground=bool(f.on_ground[i]),
            registration=str(f.registration[i]),
        )
        for i in rows.tolist()
    ]
