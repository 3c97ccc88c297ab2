"""``overflight watch`` and ``overflight track``: observed flights, live or replayed."""

from __future__ import annotations

import json
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn
from rich.table import Table
from rich.text import Text

from overflight.cli import app, check_map_file, console, print_problem, stderr
from overflight.errors import InputError
from overflight.geo import MapLayer, draw_route_map, load_airspace, route_geojson
from overflight.model import to_jsonable
from overflight.observed import FeedOptions, open_feed
from overflight.services.alert_bus import NatsAlertBus
from overflight.services.partners import DEFAULT_PARTNERS, read_partners
from overflight.services.watch import (
    WatchProgress,
    WatchReport,
    WatchSetup,
    concern_index,
    load_watch_reference,
    run_watch,
)
from overflight.services.watch_track import ObservedTrack, observe_track, read_track_file
from overflight.store import open_store

Receiver = Annotated[
    str | None,
    typer.Option(help="Receiver position LAT,LON: decodes first fixes and surface positions."),
]


class TrackFormat(StrEnum):
    """How ``overflight track`` prints its answer."""

    TABLE = "table"
    JSON = "json"
    GEOJSON = "geojson"


@app.command()
def watch(
    feed: Annotated[
        str,
        typer.Option(
            help="sbs://HOST:PORT, beast://HOST:PORT, avr://HOST:PORT, an aircraft.json URL, "
            "or a file (SBS, AVR, Beast, aircraft.json, readsb trace, FR24, state vectors)."
        ),
    ],
    replay_speed: Annotated[
        float | None,
        typer.Option(help="Replay a file at N× real time (default: as fast as possible)."),
    ] = None,
    nats_url: Annotated[
        str | None, typer.Option("--nats", help="Publish alerts to NATS JetStream at URL.")
    ] = None,
    partners: Annotated[
        Path | None,
        typer.Option(
            help="YAML listing the partners alerts are released to (name, clearance, "
            "nationality, groups; docs/observed.md). Default: USA, GBR, TUR."
        ),
    ] = None,
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLite file or database URL (default: $OVERFLIGHT_DB)."),
    ] = None,
    lists: Annotated[
        list[Path] | None, typer.Option("--lists", help="Watch list file (repeat).")
    ] = None,
    policy: Annotated[Path | None, typer.Option(help="Screening policy YAML.")] = None,
    receiver: Receiver = None,
    start: Annotated[
        float | None, typer.Option(help="Unix time of a Beast/AVR file's first frame.")
    ] = None,
    connections: Annotated[
        int | None,
        typer.Option(help="Give up a TCP or URL feed after N connections (default: never)."),
    ] = None,
) -> None:
    """Watch aircraft of concern on a feed: entries, departures, landings, gaps → alerts."""
    if replay_speed is not None and replay_speed <= 0:
        raise InputError("--replay-speed", f"{replay_speed:g}: give a speed above 0")
    released_to = read_partners(partners) if partners else DEFAULT_PARTNERS
    the_policy, entities = load_watch_reference(list(lists or ()), policy)
    airspace = load_airspace()
    options = FeedOptions(receiver=_receiver(receiver), beast_start=start, attempts=connections)
    readings = open_feed(feed, options)
    bus = NatsAlertBus(nats_url, released_to) if nats_url else None
    try:
        with open_store(db) as store:
            setup = WatchSetup(
                airspace,
                concern_index(store, the_policy, airspace, entities),
                store=store,
                bus=bus,
                replay_speed=replay_speed,
            )
            with Progress(
                SpinnerColumn(), TextColumn("{task.description}"), console=stderr, transient=False
            ) as progress:
                task = progress.add_task("starting…")

                def show(p: WatchProgress) -> None:
                    progress.update(task, description=_progress_line(p))

                try:
                    report = run_watch(readings, setup, on_progress=show)
                except KeyboardInterrupt:
                    stderr.print("stopped")
                    raise typer.Exit(130) from None
    finally:
        if bus is not None:
            bus.close()
    _print_report(report)
    if report.positions == 0 and Path(feed).is_file():  # a file with nothing readable in it
        stderr.print(
            Text.assemble(
                ("nothing read from", "red"),
                f" {feed}: expected positions (SBS, Beast, AVR, "
                f"JSON, state vectors; {report.bad_input:,} bad input)",
            ),
            soft_wrap=True,
        )
        raise typer.Exit(1)


def _progress_line(p: WatchProgress) -> str:
    clock = f" feed {p.feed_time:%Y-%m-%d %H:%M:%SZ}" if p.feed_time else ""
    problem = f" | last problem: {p.last_problem[:80]}" if p.last_problem else ""
    return (
        f"{p.positions:,} positions ({p.positions_per_s:,.0f}/s), {p.aircraft:,} aircraft, "
        f"{p.alerts:,} alerts, {p.bad_input:,} bad{clock}{problem}"
    )


def _print_report(report: WatchReport) -> None:
    table = Table(title=f"{len(report.alerts)} alerts", title_justify="left")
    for column in ("time", "marking", "kind", "aircraft", "state", "case", "what"):
        table.add_column(column, overflow="fold")
    for alert in report.alerts[:200]:
        table.add_row(
            f"{alert.at:%Y-%m-%d %H:%MZ}",
            alert.marking.portion(),
            alert.kind.value,
            f"{alert.callsign or '?'} {alert.icao24}",
            alert.state or "—",
            str(alert.case_id or ""),
            alert.text,
        )
    console.print(table)
    p = report.published
    console.print(
        f"{report.positions:,} positions in {report.elapsed_s:.1f} s, "
        f"{report.aircraft_seen:,} aircraft, {report.rejected:,} positions rejected, "
        f"{report.bad_input:,} bad input; {report.filed} alerts filed, "
        f"{p.published} messages published ({p.duplicates} already sent, "
        f"{p.withheld} withheld by marking)"
    )
    for problem in report.problems[:5]:
        print_problem(problem)


@app.command()
def track(
    file: Annotated[Path, typer.Argument(help="Positions: any file `overflight watch` reads.")],
    aircraft: Annotated[
        str, typer.Option(help="ICAO 24-bit address (default: the aircraft seen most).")
    ] = "",
    output_format: Annotated[
        TrackFormat, typer.Option("--format", help="table, json or geojson.")
    ] = TrackFormat.TABLE,
    map_path: Annotated[
        Path | None, typer.Option("--map", help="Also draw the track to this .svg or .png file.")
    ] = None,
    receiver: Receiver = None,
) -> None:
    """Print one aircraft's observed transits (land + 12 NM), after the plausibility gate."""
    check_map_file(map_path)
    positions, problems, others = read_track_file(
        file, aircraft, FeedOptions(receiver=_receiver(receiver))
    )
    airspace = load_airspace()
    result = observe_track(positions, airspace, problems=problems, others=others)
    if output_format is TrackFormat.TABLE:
        console.print(_track_table(result))
        for problem in result.problems[:5]:
            print_problem(problem)
    elif output_format is TrackFormat.JSON:
        typer.echo(json.dumps(_track_json(result), indent=2))
    else:
        typer.echo(json.dumps(route_geojson(result.route, result.transits), indent=2))
    if map_path is not None:
        draw_route_map(
            [MapLayer(result.route, result.transits)],
            airspace,
            map_path,
            title=f"{result.callsign or result.icao24} ({result.icao24}), observed",
        )
        stderr.print(f"map written to {map_path}")


def _track_table(result: ObservedTrack) -> Table:
    states = {t.state for t in result.transits if t.state}
    table = Table(
        title=f"{result.callsign or '?'} ({result.icao24}): {result.positions:,} positions, "
        f"{result.rejected:,} rejected, {len(states)} states"
        + (f"; {result.others} other aircraft in the file" if result.others else ""),
        title_justify="left",
    )
    for column in ("#", "state", "entered", "left", "km"):
        table.add_column(column, justify="right" if column in ("#", "km") else "left")
    for i, t in enumerate(result.transits, start=1):
        table.add_row(
            str(i),
            f"{t.state} {t.name}" if t.state else "— international",
            f"{t.entered_at:%Y-%m-%d %H:%MZ}" if t.entered_at else "",
            f"{t.exited_at:%H:%MZ}" if t.exited_at else "",
            f"{t.distance_m / 1000:,.0f}",
        )
    return table


def _track_json(result: ObservedTrack) -> dict[str, Any]:
    return {
        "icao24": result.icao24,
        "callsign": result.callsign,
        "positions": result.positions,
        "rejected": result.rejected,
        "transits": [
            {**to_jsonable(t), "distance_m": round(t.distance_m, 1)} for t in result.transits
        ],
        "events": [to_jsonable(e) for e in result.events],
        "problems": list(result.problems),
    }


def _receiver(text: str | None) -> tuple[float, float] | None:
    if not text:
        return None
    try:
        lat, lon = (float(part) for part in text.split(","))
    except ValueError:
        raise InputError(
            "--receiver", f"{text!r}: give LAT,LON in degrees, e.g. 49.0,2.55"
        ) from None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise InputError("--receiver", f"{text!r}: latitude or longitude out of range")
    return lat, lon
