"""A realistic synthetic archive of observed flights, for benchmarks: 10^7 positions and more.

Run: ``.venv/bin/python bench/generate_archive.py OUT [--positions 10_000_000] [--days 3]``.

Flights between real airports with an IATA code (``airportsdata``), 300 to 11,000 km apart
(seeded): half fly the great circle, half a filed-style route of DCT legs through one to three
airports near the way (doglegs that cross other states). A state vector every ``--step`` seconds
(10 s: OpenSky's rate) at 420–490 kt, with GNSS-like noise, three positions on the ground at
each end, and one flight in fifty with a spoofed stretch (positions frozen far away at cruise
level). Departures are spread over the days; flights over midnight are written whole to the day
they started. Written through ``archive.positions.write_positions``, a day per import, so the
archive is laid out exactly as ``overflight archive import`` lays it out.
"""

from __future__ import annotations

import argparse
import itertools
import time
from datetime import UTC, datetime
from pathlib import Path

import airportsdata
import numpy as np
import pyarrow as pa
from pyproj import Geod

from overflight.archive import Manifest, open_archive
from overflight.archive.positions import write_positions
from overflight.archive.schema import position_schema

GEOD = Geod(ellps="WGS84")
START = datetime(2025, 3, 1, tzinfo=UTC)


def airports(rng: np.random.Generator) -> np.ndarray:
    found = [(v["lat"], v["lon"]) for v in airportsdata.load("ICAO").values() if v["iata"]]
    return np.array(found)


def flight_track(
    a: np.ndarray, b: np.ndarray, vias: list[np.ndarray], step_s: float, speed_kt: float
) -> tuple[np.ndarray, np.ndarray]:
    """Points every ``step_s`` along great-circle legs a → vias → b."""
    corners = [a, *vias, b]
    lats, lons = [], []
    for p, q in itertools.pairwise(corners):
        _, _, distance_m = GEOD.inv(p[1], p[0], q[1], q[0])
        n = max(int(distance_m / (speed_kt * 1852 / 3600) / step_s), 3)
        inner = GEOD.npts(p[1], p[0], q[1], q[0], n - 2)
        lons += [p[1], *(x for x, _ in inner)]
        lats += [p[0], *(y for _, y in inner)]
    lons.append(b[1])
    lats.append(b[0])
    return np.array(lats), np.array(lons)


def _free_address(
    free_at: dict[str, float], departure: float, landing: float, rng: np.random.Generator
) -> str:
    """An aircraft on the ground at ``departure`` (one of the fleet, or a new one)."""
    idle = [a for a, t in free_at.items() if t < departure]
    if idle and rng.random() < 0.7:
        address = idle[int(rng.integers(len(idle)))]
    else:
        address = f"{int(rng.integers(0x010000, 0xFFFFFF)):06x}"
        while address in free_at:
            address = f"{int(rng.integers(0x010000, 0xFFFFFF)):06x}"
    free_at[address] = landing + 9000  # 2.5 h on the ground, unseen: a new flight
    return address


def generate(out: Path, positions: int, days: int, step_s: float, buckets: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    places = airports(rng)
    archive = open_archive(out, create=Manifest(buckets=buckets))
    per_day = positions // days
    free_at: dict[str, float] = {}  # address → when it may fly again
    total = 0
    started = time.perf_counter()
    for day in range(days):
        columns: dict[str, list[np.ndarray]] = {name: [] for name in position_schema().names}
        made = 0
        while made < per_day:
            a, b = places[rng.integers(len(places), size=2)]
            _, _, distance_m = GEOD.inv(a[1], a[0], b[1], b[0])
            if not 300e3 < distance_m < 11_000e3:
                continue
            vias = []
            if rng.random() < 0.5:  # a filed-style route: DCT legs through airports near the way
                mid_lon, mid_lat = GEOD.npts(a[1], a[0], b[1], b[0], 1)[0]
                offset = np.hypot(places[:, 0] - mid_lat, places[:, 1] - mid_lon)
                near = places[np.argsort(offset)[:40]]
                picked = rng.choice(len(near), size=rng.integers(1, 4), replace=False)
                vias = sorted((near[i] for i in picked), key=lambda v: abs(v - a).sum())
            speed = float(rng.uniform(420, 490))
            lat, lon = flight_track(a, b, vias, step_s, speed)
            n = len(lat) + 6
            lat = np.concatenate([[lat[0]] * 3, lat, [lat[-1]] * 3]) + rng.normal(0, 0.0003, n)
            lon = np.concatenate([[lon[0]] * 3, lon, [lon[-1]] * 3]) + rng.normal(0, 0.0003, n)
            ground = np.zeros(n, dtype=bool)
            ground[:3] = ground[-3:] = True
            if rng.random() < 0.02:  # spoofed: frozen far away for a few minutes at cruise
                k = n // 3
                lat[k : k + 30], lon[k : k + 30] = rng.uniform(-40, 60), rng.uniform(-120, 150)
            departure = START.timestamp() + day * 86400 + rng.uniform(0, 86400)
            t = departure + np.arange(n) * step_s + rng.uniform(0, 1, n)
            address = _free_address(free_at, departure, t[-1], rng)
            columns["time"].append(np.floor(t).astype(np.int64))
            columns["lastposupdate"].append(t)
            columns["icao24"].append(np.full(n, address, dtype=object))
            columns["lat"].append(np.clip(lat, -90, 90))
            columns["lon"].append((lon + 180) % 360 - 180)
            columns["velocity"].append(np.where(ground, 5.0, speed * 1852 / 3600))
            columns["heading"].append(np.full(n, np.nan))
            columns["callsign"].append(np.full(n, f"SYN{rng.integers(1, 9999)}", dtype=object))
            columns["onground"].append(ground)
            columns["squawk"].append(np.full(n, "", dtype=object))
            columns["baroaltitude"].append(np.where(ground, 0.0, 11_000.0))
            columns["registration"].append(np.full(n, "", dtype=object))
            columns["source"].append(np.full(n, "synthetic", dtype=object))
            columns["flight_id"].append(np.full(n, "", dtype=object))
            made += n
        table = pa.table(
            {name: pa.array(np.concatenate(parts), position_schema().field(name).type)
             for name, parts in columns.items()},
            schema=position_schema(),
        )  # fmt: skip
        written = write_positions(open_archive(out), table, f"synthetic-{day}")
        total += written.rows
        print(
            f"day {day + 1}: {written.rows:,} positions, {written.flights:,} flights, "
            f"{len(written.partitions)} partitions ({time.perf_counter() - started:.0f} s)"
        )
    del archive
    print(f"{total:,} positions in {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--positions", type=int, default=10_000_000)
    parser.add_argument("--days", type=int, default=3)
    parser.add_argument("--step", type=float, default=10.0, help="seconds between positions")
    parser.add_argument("--buckets", type=int, default=4)
    parser.add_argument("--seed", type=int, default=20)
    args = parser.parse_args()
    generate(args.out, args.positions, args.days, args.step, args.buckets, args.seed)


if __name__ == "__main__":
    main()
