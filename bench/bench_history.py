"""History over an archive: positions/s per worker, 1 → 2 workers, against a pandas loop.

Run: ``.venv/bin/python bench/bench_history.py ARCHIVE [--naive 30000] [--workers 1 2]``
after ``bench/generate_archive.py ARCHIVE``. Figures are CPU seconds where the machine is
shared (``time.process_time`` here, and summed over the workers on the cluster), so that other
load on the machine does not count against us; wall times are printed beside them.

* airspace assignment: ``geo.states_at`` over every position of the archive, one call per
  partition as the task makes it (hot).
* one process: ``transits_of_partition`` (read, check, select, flight transits, frame) over
  every partition, with no Dask.
* Dask: the same task on a ``LocalCluster`` of 1, then 2 worker processes (one thread each);
  each run twice, the second (workers warm: airspace loaded, cell labels built) reported.
* pandas loop: the obvious code on one core: ``groupby`` flight, ``iterrows``, the airspace of
  each position by ``Airspace.state_at`` (STRtree + point-in-polygon), entries debounced
  position by position; on the first ``--naive`` positions (whole flights).
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import tempfile
import time
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from overflight.archive import PartitionKind, list_partitions, open_archive
from overflight.archive.engine import EngineOptions, open_engine
from overflight.archive.reader import read_positions
from overflight.geo import load_airspace, states_at
from overflight.services.history_select import Selection
from overflight.services.history_tasks import flights_meta, transits_of_partition

ALL = Selection(everything=True)


def airspace_assignment(partitions: list[Any]) -> tuple[int, float]:
    """``states_at`` as the task calls it: once per partition, every position at once."""
    airspace = load_airspace()
    states_at([0.0], [0.0], airspace)  # label the cells first (the cold call)
    count, cpu = 0, 0.0
    for partition in partitions:
        table = read_positions(partition, columns=("lat", "lon"))
        lon, lat = table.column("lon").to_numpy(), table.column("lat").to_numpy()
        started = time.process_time()
        states_at(lon, lat, airspace)
        cpu += time.process_time() - started
        count += len(lon)
    return count, cpu


def one_process(partitions: list[Any]) -> tuple[int, float, float]:
    transits_of_partition(partitions[0], ALL)  # warm: airspace loaded, cells labelled
    rows, cpu, wall = 0, time.process_time(), time.perf_counter()
    for partition in partitions:
        transits_of_partition(partition, ALL)
        rows += read_positions(partition, columns=("lat",)).num_rows
    return rows, time.process_time() - cpu, time.perf_counter() - wall


def on_dask(root: Path, partitions: list[Any], workers: int) -> tuple[float, float]:
    """(wall s, CPU s summed over the workers) of the second of two runs."""
    with open_engine(EngineOptions(workers=workers)) as engine:
        result = (0.0, 0.0)
        for _ in range(2):
            out = Path(tempfile.mkdtemp(prefix="bench-history-"))
            before = sum(engine.client.run(time.process_time).values())
            wall = time.perf_counter()
            report = engine.run(
                partial(transits_of_partition, selection=ALL),
                partitions, flights_meta(), out, "bench",
            )  # fmt: skip
            wall = time.perf_counter() - wall
            after = sum(engine.client.run(time.process_time).values())
            shutil.rmtree(out)
            if report.failed:
                raise SystemExit(f"failed partitions: {report.failed}")
            result = (wall, after - before)
    return result


def pandas_loop(partition: Any, limit: int) -> tuple[int, float, int]:
    frame = read_positions(partition).to_pandas()
    flights = frame["flight_id"].drop_duplicates()
    keep, count = [], 0
    for flight in flights:
        size = int((frame["flight_id"] == flight).sum())
        if count + size > limit and keep:
            break
        keep.append(flight)
        count += size
    frame = frame[frame["flight_id"].isin(keep)]
    airspace = load_airspace()
    started = time.process_time()
    transits = 0
    for _, rows in frame.sort_values("lastposupdate").groupby("flight_id"):
        current, candidate, run = None, None, 0
        for _, row in rows.iterrows():
            state = airspace.state_at(row["lon"], row["lat"])
            if current is None:
                current, transits = state, transits + 1
            elif state == current:
                run = 0
            else:
                run = run + 1 if state == candidate else 1
                candidate = state
                if run >= 2:
                    current, run, transits = state, 0, transits + 1
    return len(frame), time.process_time() - started, transits


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archive", type=Path)
    parser.add_argument("--naive", type=int, default=30_000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    args = parser.parse_args()
    partitions = list_partitions(open_archive(args.archive), PartitionKind.POSITIONS)
    machine = platform.processor() or platform.machine()
    print(f"{machine}, {os.cpu_count()} cores, Python {platform.python_version()}, "
          f"{date.today()}; {len(partitions)} partitions")  # fmt: skip

    n, cpu = airspace_assignment(partitions)
    print(f"airspace assignment (states_at, hot): {n:,} positions, "
          f"{n / cpu:,.0f} positions/s (CPU)")  # fmt: skip
    rows, cpu, wall = one_process(partitions)
    print(f"one process, no Dask: {rows:,} positions, {cpu:.1f} CPU s ({wall:.1f} s wall), "
          f"{rows / cpu:,.0f} positions/s (CPU)")  # fmt: skip
    walls = {}
    for workers in args.workers:
        wall, cpu = on_dask(args.archive, partitions, workers)
        walls[workers] = wall
        print(f"Dask, {workers} worker(s): {wall:.1f} s wall, {cpu:.1f} CPU s on the workers, "
              f"{rows / cpu:,.0f} positions/s per worker (CPU), {rows / wall:,.0f} positions/s "
              "(wall)")  # fmt: skip
    if 1 in walls and 2 in walls:
        print(f"speed-up 1 → 2 workers (wall): {walls[1] / walls[2]:.2f}x")
    count, cpu, transits = pandas_loop(partitions[0], args.naive)
    print(f"pandas loop, one core: {count:,} positions, {cpu:.1f} CPU s, "
          f"{count / cpu:,.0f} positions/s; {transits} transits")  # fmt: skip


if __name__ == "__main__":
    main()
