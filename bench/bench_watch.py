"""The watch end to end: positions/s and alert latency, against the obvious per-point lookup.

Run: ``.venv/bin/python bench/bench_watch.py [--aircraft 2000] [--minutes 30] [--nats URL]``.

Traffic: seeded great circles between international airports, one aircraft per route, a
position every 10 s, all aircraft interleaved in time (the order a feed delivers them); one
aircraft in fifty has an address in the Iranian block, so it is of concern and raises alerts.

* decode: the real recorded flight in ``traffic``'s samples (57,793 Mode S frames), through
  ``ModeSDecoder`` (frames/s, positions/s), when the samples are installed.
* parse: the traffic written as SBS-1 lines, read by ``read_sbs``.
* watch: ``Watch.observe`` in batches (vectorised ``states_at``) — ours; the same state machine
  fed by a per-point shapely lookup (``Airspace.state_at``) — the obvious way.
* end to end: ``run_watch`` from SBS lines to alerts (filed in a SQLite store, and published to
  NATS JetStream when ``--nats`` answers), with each alert's latency from its position being
  read to its alert being published (replay at full speed).
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import statistics
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from overflight.geo import load_airspace, plan_route, sample_route
from overflight.geo.aerodromes import _index
from overflight.geo.airspace import _regions_at
from overflight.model.geo import RoutePoint
from overflight.observed import ObservedPosition, Watch
from overflight.observed.decoder import ModeSDecoder
from overflight.observed.feeds import read_frames_jsonl
from overflight.observed.sbs import read_sbs
from overflight.screening import load_policy
from overflight.services.alert_bus import NatsAlertBus
from overflight.services.watch import WatchSetup, concern_index, run_watch
from overflight.store import open_store

T0 = datetime(2026, 5, 1, 12, 0, tzinfo=UTC)


def traffic(aircraft: int, minutes: int, seed: int = 21) -> list[ObservedPosition]:
    airports = sorted(
        (a for a in _index().by_icao.values() if a.iata and "International" in a.name),
        key=lambda a: a.icao,
    )
    rng = random.Random(seed)
    steps = minutes * 6
    positions: list[ObservedPosition] = []
    for n in range(aircraft):
        a, b = rng.sample(airports, 2)
        route = plan_route([RoutePoint(a.icao, a.position), RoutePoint(b.icao, b.position)])
        lon, lat, _ = sample_route(route, spacing_m=2_300.0)  # 450 kt for 10 s
        start = rng.randrange(max(1, len(lon) - steps))
        address = f"{0x730000 + n:06x}" if n % 50 == 0 else f"{0x400000 + n:06x}"
        for i in range(min(steps, len(lon) - start)):
            positions.append(
                ObservedPosition(
                    at=T0 + timedelta(seconds=10 * i + rng.random()),
                    icao24=address,
                    lat=float(lat[start + i]),
                    lon=float(lon[start + i]),
                    callsign=f"TST{n:04d}",
                    altitude_ft=35_000.0,
                    ground_speed_kt=450.0,
                    source="bench",
                )
            )
    positions.sort(key=lambda p: p.at)
    return positions


def sbs_lines(positions: list[ObservedPosition]) -> list[str]:
    return [
        f"MSG,3,1,1,{p.icao24.upper()},1,{p.at:%Y/%m/%d},{p.at:%H:%M:%S.%f},"
        f"{p.at:%Y/%m/%d},{p.at:%H:%M:%S.%f},{p.callsign},35000,450,90,{p.lat:.5f},{p.lon:.5f},"
        ",,0,0,0,0"
        for p in positions
    ]


class PerPointWatch(Watch):
    """The same state machine, each position looked up on its own with shapely."""

    def observe(self, positions):  # type: ignore[no-untyped-def]
        events = []
        for p in positions:
            self._step(p, self.airspace.state_at(p.lon, p.lat), events)
        self.positions += len(positions)
        return events


def rate(count: int, seconds: float) -> str:
    return f"{count / seconds:>12,.0f}/s"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--aircraft", type=int, default=2_000)
    parser.add_argument("--minutes", type=int, default=30)
    parser.add_argument("--naive", type=int, default=60_000, help="positions for the slow way")
    parser.add_argument(
        "--nats", default=os.environ.get("OVERFLIGHT_NATS", "nats://127.0.0.1:4222")
    )
    args = parser.parse_args()
    print(
        f"{platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {date.today()}"
    )
    airspace = load_airspace()
    _decode_sample()

    positions = traffic(args.aircraft, args.minutes)
    lines = sbs_lines(positions)
    print(f"{len(positions):,} positions of {args.aircraft:,} aircraft over {args.minutes} min")

    started = time.perf_counter()
    parsed = [p for p in read_sbs(lines) if isinstance(p, ObservedPosition)]
    print(f"parse SBS lines:                 {rate(len(parsed), time.perf_counter() - started)}")

    watch = Watch(airspace)
    watch.observe(positions[:1000])  # cells near the first positions looked up (warm)
    watch = Watch(airspace)
    started = time.perf_counter()
    for k in range(0, len(parsed), 2_000):
        watch.observe(parsed[k : k + 2_000])
    ours = time.perf_counter() - started
    print(
        f"watch, batched states_at:        {rate(len(parsed), ours)}  ({watch.rejected} rejected)"
    )
    m = min(args.naive, len(parsed))
    _regions_at.cache_clear()  # the per-point lookup caches exact points: start cold
    naive = PerPointWatch(airspace)
    started = time.perf_counter()
    naive.observe(parsed[:m])
    slow = time.perf_counter() - started
    print(
        f"watch, per-point shapely:        {rate(m, slow)}  "
        f"-> ours {(len(parsed) / ours) / (m / slow):,.1f}x"
    )

    started = time.perf_counter()
    _regions_at.cache_clear()
    PerPointWatch(airspace).observe(
        [p for p in read_sbs(lines[:m]) if isinstance(p, ObservedPosition)]
    )
    obvious = m / (time.perf_counter() - started)
    print(f"obvious end to end (parse, per-point shapely, watch): {obvious:>10,.0f}/s")

    policy = load_policy(None)
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "bench.db")
        try:
            bus = NatsAlertBus(args.nats)
        except Exception as err:
            print(f"no NATS ({err}): alerts stored, not published")
            bus = None
        setup = WatchSetup(airspace, concern_index(store, policy, airspace), store=store, bus=bus)
        started = time.perf_counter()
        report = run_watch(read_sbs(lines), setup)
        elapsed = time.perf_counter() - started
        if bus is not None:
            bus.close()
        store.close()
    print(
        f"end to end, SBS → alerts:        {rate(report.positions, elapsed)}  "
        f"({len(report.alerts)} alerts, {report.filed} filed, "
        f"{report.published.published} published, {report.published.duplicates} duplicates)"
    )
    _live_picture_cost(airspace, policy, lines)
    pairs = list(zip(report.alerts, report.latencies_s, strict=True))
    for label, chosen in (
        ("all alerts", [latency for _, latency in pairs]),
        ("after the first batch", [lat for a, lat in pairs if a.kind.value != "observed"]),
    ):
        if chosen:
            chosen.sort()
            p99 = chosen[min(len(chosen) - 1, int(0.99 * len(chosen)))]
            print(
                f"alert latency, {label} ({len(chosen)}): "
                f"p50 {statistics.median(chosen) * 1000:,.0f} ms, p99 {p99 * 1000:,.0f} ms, "
                f"max {chosen[-1] * 1000:,.0f} ms"
            )


def _live_picture_cost(airspace, policy, lines: list[str]) -> None:
    """The same run with and without the live picture (``watched_aircraft``), side by side."""
    cpu: dict[bool, float] = {}
    for live in (False, True, False, True):
        with tempfile.TemporaryDirectory() as folder:
            store = open_store(Path(folder) / "bench.db")
            setup = WatchSetup(
                airspace, concern_index(store, policy, airspace), store=store, live=live
            )
            started = time.process_time()
            run_watch(read_sbs(lines), setup)
            spent = time.process_time() - started
            cpu[live] = min(cpu.get(live, spent), spent)
            store.close()
    print(
        f"live picture kept: {cpu[True]:.2f} CPU s, without: {cpu[False]:.2f} CPU s "
        f"(costs {cpu[True] / cpu[False] - 1:+.0%})"
    )


def _decode_sample() -> None:
    try:
        import traffic
    except ImportError:
        print("decode: traffic's samples not installed (pip install 'traffic==2.13')")
        return
    path = Path(traffic.__file__).parent / "data" / "samples" / "rs1090" / "full_flight_short.jsonl"
    lines = path.read_text().splitlines()
    frames = list(read_frames_jsonl(lines, str(path)))
    started = time.perf_counter()
    found = [
        p
        for p in ModeSDecoder(receiver=(49.0, 2.55)).decode(frames)
        if isinstance(p, ObservedPosition)
    ]
    elapsed = time.perf_counter() - started
    print(
        f"decode Mode S (rs1090), {len(frames):,} frames: {rate(len(frames), elapsed)} frames, "
        f"{rate(len(found), elapsed)} positions"
    )


if __name__ == "__main__":
    main()
