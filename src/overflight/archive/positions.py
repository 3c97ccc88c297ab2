"""Writing positions into an archive: flights cut, one file per (day, bucket) partition touched.

``positions_table`` turns ``ObservedPosition`` values (what every reader of ``overflight.observed``
yields) into the archive's columns; ``write_positions`` cuts them into flights (``flights.py``),
files each flight under the day it started and its aircraft's bucket, and remembers where each
aircraft's last flight stands so that the next import continues it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np

from overflight.archive.flights import AircraftState, cut_flights
from overflight.archive.layout import Archive, PartitionKind, bucket_of, partition_path
from overflight.archive.schema import FT_PER_M, KT_PER_MS, position_schema
from overflight.errors import InputError
from overflight.observed import ObservedPosition

__all__ = ["WrittenPositions", "positions_table", "write_positions"]


@dataclass(frozen=True, slots=True)
class WrittenPositions:
    """What one write added."""

    rows: int
    flights: int
    aircraft: int
    partitions: tuple[str, ...]  # the partitions written to (their names)


def positions_table(positions: Iterable[ObservedPosition]) -> Any:
    """A pyarrow table of the archive's position columns (``flight_id`` still empty)."""
    import pyarrow as pa

    rows = list(positions)
    seconds = [p.at.timestamp() for p in rows]
    columns: dict[str, Any] = {
        "time": [math.floor(s) for s in seconds],
        "lastposupdate": seconds,
        "icao24": [p.icao24 for p in rows],
        "lat": [p.lat for p in rows],
        "lon": [p.lon for p in rows],
        "velocity": [_times(p.ground_speed_kt, 1 / KT_PER_MS) for p in rows],
        "heading": [p.track_deg for p in rows],
        "callsign": [p.callsign for p in rows],
        "onground": [p.on_ground for p in rows],
        "squawk": [p.squawk for p in rows],
        "baroaltitude": [_times(p.altitude_ft, 1 / FT_PER_M) for p in rows],
        "registration": [p.registration for p in rows],
        "source": [p.source for p in rows],
        "flight_id": [""] * len(rows),
    }
    return pa.table(columns, schema=position_schema())


def _times(value: float | None, factor: float) -> float | None:
    return None if value is None else value * factor


def write_positions(archive: Archive, table: Any, name: str) -> WrittenPositions:
    """Cut ``table``'s positions into flights and write them into the archive as ``name``.

    ``table`` has the archive's position columns (``positions_table``); its ``flight_id`` is
    replaced. Each partition touched gets one file ``part-<name>.parquet``.

    Raises:
        InputError: a file of that name is already in a partition (an import done twice).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if table.num_rows == 0:
        return WrittenPositions(0, 0, 0, ())
    table = table.select([f.name for f in position_schema()]).cast(position_schema())
    icao24 = np.asarray(table.column("icao24").to_numpy(zero_copy_only=False), dtype=object)
    before = read_aircraft_states(archive)
    cut = cut_flights(
        icao24,
        table.column("lastposupdate").to_numpy(),
        np.asarray(pc.fill_null(table.column("onground"), False).to_numpy(zero_copy_only=False)),
        before,
        flight_gap_s=archive.manifest.flight_gap_s,
        turnaround_s=archive.manifest.turnaround_s,
    )
    ordered = table.take(pa.array(cut.order))
    flight_ids = pa.array(cut.flight_id, pa.string())
    ordered = ordered.set_column(
        ordered.schema.get_field_index("flight_id"), "flight_id", flight_ids
    )
    aircraft, inverse = np.unique(icao24[cut.order], return_inverse=True)
    buckets = archive.manifest.buckets
    bucket = np.array([bucket_of(a, buckets) for a in aircraft], dtype=np.int64)[inverse]
    key = cut.day * buckets + bucket
    by_key = np.argsort(key, kind="stable")  # keeps (icao24, time) order inside a partition
    ordered, key = ordered.take(pa.array(by_key)), key[by_key]
    bounds = np.flatnonzero(np.diff(key)) + 1
    starts, ends = np.concatenate([[0], bounds]), np.concatenate([bounds, [len(key)]])
    written: list[str] = []
    pending: list[tuple[Path, Any]] = []
    for start, end in zip(starts.tolist(), ends.tolist(), strict=True):
        day, part = divmod(int(key[start]), buckets)
        folder = partition_path(archive, PartitionKind.POSITIONS, date.fromordinal(day), part)
        target = folder / f"part-{name}.parquet"
        if target.exists():
            raise InputError(str(target), "already in the archive: this import was done before")
        pending.append((target, ordered.slice(start, end - start)))
    for target, piece in pending:
        _write_table(piece, target)
        written.append(str(target.parent.relative_to(archive.root)))
    write_aircraft_states(archive, cut.states)
    return WrittenPositions(
        rows=table.num_rows,
        flights=len(set(cut.flight_id.tolist())),
        aircraft=len(aircraft),
        partitions=tuple(written),
    )


def _write_table(table: Any, target: Path) -> None:
    """Write a parquet file under a temporary name, then rename it: no half-written partition."""
    import pyarrow.parquet as pq

    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.tmp")
    pq.write_table(table, temporary, compression="zstd")
    temporary.replace(target)


def read_aircraft_states(archive: Archive) -> dict[str, AircraftState]:
    """Each aircraft's last archived flight ({} for a new archive)."""
    import pyarrow.parquet as pq

    if not archive.state_file.exists():
        return {}
    rows = pq.read_table(archive.state_file).to_pylist()
    return {
        r["icao24"]: AircraftState(
            r["last_s"], r["on_ground"], r["ground_since_s"], r["flight_id"], r["flight_day"]
        )
        for r in rows
    }


def write_aircraft_states(archive: Archive, states: dict[str, AircraftState]) -> None:
    """Store each aircraft's last archived flight (read by the next import)."""
    import pyarrow as pa

    items = sorted(states.items())
    table = pa.table(
        {
            "icao24": [a for a, _ in items],
            "last_s": [s.last_s for _, s in items],
            "on_ground": [s.on_ground for _, s in items],
            "ground_since_s": [s.ground_since_s for _, s in items],
            "flight_id": [s.flight_id for _, s in items],
            "flight_day": pa.array([s.flight_day for _, s in items], pa.date32()),
        }
    )
    _write_table(table, archive.state_file)
