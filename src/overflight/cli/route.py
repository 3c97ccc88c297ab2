"""``overflight route``: the sovereign airspaces a route crosses, where and when."""

from __future__ import annotations

import gc
import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table
from rich.text import Text

from overflight import services
from overflight.cli import app, check_map_file, console, first_errors, stderr
from overflight.errors import InputError, ParseError
from overflight.geo import load_airspace, route_geojson
from overflight.model import GeoPoint, json_line
from overflight.services.routes import route_rows
from overflight.textfile import check_output_file


class RouteFormat(StrEnum):
    """How ``overflight route`` prints its answer."""

    TABLE = "table"
    JSON = "json"
    GEOJSON = "geojson"


@app.command()
def route(
    departure: Annotated[
        str | None, typer.Argument(help="Departure: aerodrome (ZKPY, FNJ) or coordinates.")
    ] = None,
    destination: Annotated[str | None, typer.Argument(help="Destination, likewise.")] = None,
    via: Annotated[
        list[str] | None, typer.Option("--via", help="A point on the way (repeat in order).")
    ] = None,
    departure_time: Annotated[
        str | None, typer.Option("--departure", help="Off-blocks time, e.g. 2008-06-01T01:00Z.")
    ] = None,
    speed: Annotated[
        str | None, typer.Option(help="Cruising speed: N0450 knots, K0830 km/h, M082 Mach.")
    ] = None,
    output_format: Annotated[
        RouteFormat, typer.Option("--format", help="table, json or geojson.")
    ] = RouteFormat.TABLE,
    map_path: Annotated[
        Path | None, typer.Option("--map", help="Also draw the route to this .svg or .png file.")
    ] = None,
    batch: Annotated[
        Path | None,
        typer.Option(help="CSV of routes: departure, destination, via, departure_time, speed."),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="With --batch: write JSON lines here, not to stdout.")
    ] = None,
    fpl: Annotated[
        Path | None,
        typer.Option(help="ATS messages: route each FPL and check its EET/ FIRs."),
    ] = None,
) -> None:
    """Print the sovereign airspaces (land + 12 NM) a route crosses, in order, with times."""
    check_map_file(map_path)
    check_output_file(out, "--out")
    if batch is not None:
        raise typer.Exit(_run_batch(batch, out, speed or "", departure_time or ""))
    if fpl is not None:
        raise typer.Exit(_run_fpl(fpl, output_format, map_path))
    if departure is None or destination is None:
        raise InputError("route", "give DEPARTURE and DESTINATION, or --batch FILE")
    request = services.RouteRequest(
        (departure, *(via or ()), destination), departure_time or "", speed or ""
    )
    result = services.route_transits(request)
    if output_format is RouteFormat.TABLE:
        console.print(transit_table(result))
    elif output_format is RouteFormat.JSON:
        typer.echo(json.dumps(route_json(result), indent=2))
    else:
        typer.echo(json.dumps(route_geojson(result.route, result.transits), indent=2))
    if map_path is not None:
        from overflight.geo import MapLayer, draw_route_map

        draw_route_map([MapLayer(result.route, result.transits)], load_airspace(), map_path)
        stderr.print(f"map written to {map_path}")


def route_json(result: services.RouteTransits) -> dict[str, Any]:
    """A route and its transits as JSON data (``distance_m`` included for each transit)."""
    return route_rows([result])[0]


def transit_table(result: services.RouteTransits) -> Table:
    """The transits as a Rich table, one row per airspace in flight order."""
    r = result.route
    states = [t.state for t in result.transits if t.state]
    departed = f", off blocks {r.departure.time:%Y-%m-%d %H:%MZ}" if r.departure.time else ""
    table = Table(
        title=f"{r.departure.name} → {r.destination.name}: {r.distance_m / 1000:,.0f} km, "
        f"{len(set(states))} states{departed}",
        title_justify="left",
    )
    timed = r.departure.time is not None
    table.add_column("#", justify="right")
    table.add_column("state", no_wrap=True, max_width=24, overflow="ellipsis")
    table.add_column("entry", no_wrap=True)
    if timed:
        table.add_column("in", no_wrap=True, min_width=12)
        table.add_column("out", no_wrap=True, min_width=12)
    table.add_column("km", justify="right", no_wrap=True)
    table.add_column("sea only")
    for i, t in enumerate(result.transits, start=1):
        # times carry their date: a long flight crosses midnight UTC
        times = [f"{t.entered_at:%m-%d %H:%MZ}", f"{t.exited_at:%m-%d %H:%MZ}"] if timed else []
        table.add_row(
            str(i),
            f"{t.state} {t.name}" if t.state else "— international",
            _short(t.entry),
            *times,
            f"{t.distance_m / 1000:,.1f}",
            "12 NM" if t.territorial_sea_only else "",
            style="dim" if not t.state else None,
        )
    return table


def _short(position: GeoPoint) -> str:
    """A position to about 1 km, as ``41.44N 127.61E``."""
    return (
        f"{abs(position.lat):.2f}{'N' if position.lat >= 0 else 'S'} "
        f"{abs(position.lon):.2f}{'E' if position.lon >= 0 else 'W'}"
    )


def _run_fpl(path: Path, output_format: RouteFormat, map_path: Path | None) -> int:
    """Transits of each filed plan, checked against the FIRs declared in EET/."""
    filed, errors = services.filed_routes(path)
    for plan in filed:
        aircraft = plan.message.aircraft.aircraft_id if plan.message.aircraft else "?"
        if output_format is RouteFormat.JSON:
            row = {
                "aircraft_id": aircraft,
                **route_json(plan.result),
                "problems": [str(p) for p in plan.resolved.problems],
                "declared_eet": [
                    {"location": loc, "state": state, "eet_min": minutes}
                    for loc, state, minutes in plan.declared
                ],
                "crossed_undeclared": list(plan.crossed_undeclared),
                "declared_uncrossed": list(plan.declared_uncrossed),
            }
            typer.echo(json.dumps(row, indent=2))
        elif output_format is RouteFormat.GEOJSON:
            typer.echo(json.dumps(route_geojson(plan.result.route, plan.result.transits)))
        else:
            console.print(Text.assemble((aircraft, "bold"), " as filed"))
            console.print(transit_table(plan.result))
            for problem in plan.resolved.problems:
                console.print(Text.assemble(("route:", "yellow"), f" {problem}"))
            declared = " ".join(f"{loc}({state or '?'})" for loc, state, _ in plan.declared)
            console.print(f"EET/ declares: {declared or 'nothing'}")
            if plan.crossed_undeclared:
                console.print(
                    Text.assemble(
                        ("crossed but not declared in EET/:", "red"),
                        " " + ", ".join(plan.crossed_undeclared),
                    )
                )
            if plan.declared_uncrossed:
                console.print(
                    Text.assemble(
                        ("declared in EET/ but sovereign airspace not entered:", "yellow"),
                        " " + ", ".join(plan.declared_uncrossed),
                    )
                )
        if map_path is not None:
            from overflight.geo import MapLayer, draw_route_map

            draw_route_map(
                [MapLayer(plan.result.route, plan.result.transits, aircraft)],
                load_airspace(),
                map_path,
            )
    shown, more = first_errors(errors)
    for error in shown:
        stderr.print(Text.assemble(("not routed", "red"), f" {error}"))
    if more:
        stderr.print(more)
    stderr.print(f"{len(filed)} flight plans routed, {len(errors)} problems")
    return 1 if errors else 0


def _run_batch(path: Path, out: Path | None, speed: str, departure_time: str) -> int:
    """Transits of every route in a CSV as JSON lines; bad lines are reported at the end."""
    requests, errors = services.read_route_batch(path)
    requests = [
        services.RouteRequest(
            r.points, r.departure_time or departure_time, r.speed or speed, r.line
        )
        for r in requests
    ]
    sink = out.open("wb") if out else sys.stdout.buffer
    written = 0
    progress = Progress(
        TextColumn("routes"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=stderr,
        disable=not stderr.is_terminal,
    )
    sys.stdout.flush()
    # A batch leaves no reference cycles behind a route (its peak memory is the same either
    # way), so the cyclic collector only rescans the process's ~770,000 objects: paused.
    collecting = gc.isenabled()
    gc.disable()
    try:
        with progress:
            task = progress.add_task("routes", total=len(requests))
            for outcome in services.batch_rows(requests, path):
                progress.advance(task)
                if isinstance(outcome, ParseError):
                    errors.append(outcome)
                    continue
                sink.write(json_line(outcome))
                written += 1
    finally:
        if collecting:
            gc.enable()
        if out:
            sink.close()
        else:
            sink.flush()
    errors.sort(key=lambda e: e.line or 0)
    shown, more = first_errors(errors)
    for error in shown:
        stderr.print(Text.assemble(("bad line", "red"), f" {error}"))
    if more:
        stderr.print(more)
    stderr.print(f"{written} routes written, {len(errors)} bad lines")
    return 1 if errors else 0
