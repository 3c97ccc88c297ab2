"""``overflight demo``: the bundled example, end to end, on the embedded defaults."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from overflight import services
from overflight.cli import app, stderr
from overflight.cli.route import console, transit_table
from overflight.errors import InputError, ParseError
from overflight.geo import load_airspace
from overflight.geo.maps import MapLayer, draw_route_map

_REPO_EXAMPLES = Path(__file__).resolve().parents[3] / "examples"


@app.command()
def demo(
    examples: Annotated[
        Path, typer.Option(help="Folder of example files (the checkout's examples/).")
    ] = _REPO_EXAMPLES,
    out: Annotated[Path, typer.Option(help="Folder for the maps it draws.")] = Path("out/demo"),
) -> None:
    """Replay the bundled example: the seed's Pyongyang-Damascus charter and other routes."""
    routes_csv = examples / "routes.csv"
    if not routes_csv.is_file():
        raise InputError("--examples", f"no routes.csv in {examples}")
    requests, errors = services.read_route_batch(routes_csv)
    airspace = load_airspace()
    results: list[services.RouteTransits] = []
    for outcome in services.batch_transits(requests, routes_csv, airspace):
        if isinstance(outcome, ParseError):
            errors.append(outcome)
        else:
            results.append(outcome)
    summary = Table(title=f"Example routes ({routes_csv})", title_justify="left")
    for column in ("route", "km", "states crossed, in order"):
        summary.add_column(column, justify="right" if column == "km" else "left")
    for result in results:
        r = result.route
        summary.add_row(
            " → ".join(p.name for p in r.points),
            f"{r.distance_m / 1000:,.0f}",
            " ".join(t.state or "·" for t in result.transits),
        )
    console.print(summary)
    console.print("[dim]· = international airspace[/]")
    if results:
        console.print(transit_table(results[0]))
        seed = [r for r in results if r.route.points[0].name == results[0].route.points[0].name
                and r.route.points[-1].name == results[0].route.points[-1].name]  # fmt: skip
        layers = [
            MapLayer(r.route, r.transits, " → ".join(p.name for p in r.route.points)) for r in seed
        ]
        path = draw_route_map(layers, airspace, out / "zkpy-osdi.svg")
        console.print(f"map of the seed flight's route options: {path}")
    for error in errors:
        stderr.print(f"[red]bad line[/] {error}")
