"""``overflight chokepoints`` and ``overflight routes``: who can stop a flight, and how it can fly.

Both parse the options, call the use cases in ``services.interdiction`` (which build an
:class:`~overflight.interdiction.AirspaceRouteOracle` for the flight and take the stances) and
render what they find, with the U.S. posts covering each state.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from overflight.cli import app, check_map_file, console, stderr
from overflight.errors import InputError
from overflight.geo import find_transits, load_airspace, parse_state, state_name
from overflight.interdiction import (
    AirspaceRouteOracle,
    ChokepointAnalysis,
    FeasibleRoute,
    FlownRoute,
    StanceSnapshot,
)
from overflight.services.interdiction import (
    chokepoint_analysis,
    parse_stance_overrides,
    posts_for,
    route_options,
)

_POSTS_SHOWN = 3
_RANGE_SOURCE = "given on the command line"


class InterdictionOutputFormat(StrEnum):
    """How the interdiction commands print their answer."""

    TABLE = "table"
    JSON = "json"


Aircraft = Annotated[str, typer.Option(help="ICAO type designator, e.g. IL76 or IL76/TD.")]
RangeKm = Annotated[
    float | None, typer.Option("--range-km", help="Leg range in km (overrides the table).")
]
GridDeg = Annotated[float, typer.Option("--grid-deg", help="Waypoint grid spacing, degrees.")]
Detour = Annotated[float, typer.Option(help="Longest route looked for, times the direct distance.")]
Format = Annotated[InterdictionOutputFormat, typer.Option("--format", help="table or json.")]
MapPath = Annotated[Path | None, typer.Option("--map", help="Also draw to this .svg or .png.")]


@app.command()
def chokepoints(
    departure: Annotated[str, typer.Argument(help="Departure aerodrome (ZKPY, FNJ).")],
    destination: Annotated[str, typer.Argument(help="Destination aerodrome.")],
    aircraft: Aircraft,
    range_km: RangeKm = None,
    stance: Annotated[
        list[str] | None, typer.Option(help="A state's stance: TR=cooperating (repeat).")
    ] = None,
    include: Annotated[
        list[str] | None, typer.Option(help="Also try this state (a permissive one, an end).")
    ] = None,
    exclude: Annotated[list[str] | None, typer.Option(help="Never ask this state.")] = None,
    max_size: Annotated[int, typer.Option("--max-size", help="Largest set of states.")] = 4,
    as_of: Annotated[
        str | None, typer.Option("--as-of", help="Stances on this day (default today).")
    ] = None,
    grid_deg: GridDeg = 1.5,
    detour: Detour = 1.5,
    output_format: Format = InterdictionOutputFormat.TABLE,
    map_path: MapPath = None,
) -> None:
    """Minimal sets of states whose denial leaves the flight no feasible route, with proofs."""
    check_map_file(map_path)
    study = chokepoint_analysis(
        departure,
        destination,
        aircraft,
        range_km=range_km,
        stances=parse_stance_overrides(stance or ()),
        max_size=max_size,
        include=[parse_state(s, "--include") for s in include or ()],
        exclude=[parse_state(s, "--exclude") for s in exclude or ()],
        grid_deg=grid_deg,
        detour=detour,
        day=_day(as_of),
        range_source=_RANGE_SOURCE,
        stance_basis="command line",
    )
    oracle, stances, analysis = study.oracle, study.stances, study.analysis
    if output_format is InterdictionOutputFormat.JSON:
        typer.echo(json.dumps(chokepoints_json(oracle, analysis, stances), indent=2))
    else:
        for part in chokepoints_tables(oracle, analysis):
            console.print(part)
    if map_path is not None and analysis.route is not None:
        routes: list[tuple[FeasibleRoute, str]] = [(analysis.route, "shortest route")]
        highlight: frozenset[str] = frozenset()
        if analysis.answers:
            top = analysis.answers[0]
            highlight = frozenset(top.states)
            routes += [(r.route, f"{r.state} re-opened") for r in top.blocking.reopened]
        _draw(routes, highlight, map_path)


@app.command()
def routes(
    departure: Annotated[str, typer.Argument(help="Departure aerodrome (ZKPY, FNJ).")],
    destination: Annotated[str, typer.Argument(help="Destination aerodrome.")],
    aircraft: Aircraft,
    range_km: RangeKm = None,
    deny: Annotated[list[str] | None, typer.Option(help="A state that denies (repeat).")] = None,
    count: Annotated[int, typer.Option(help="How many options.")] = 3,
    grid_deg: GridDeg = 1.5,
    detour: Detour = 1.5,
    output_format: Format = InterdictionOutputFormat.TABLE,
    map_path: MapPath = None,
) -> None:
    """The shortest few feasible routes that differ in the states they touch."""
    check_map_file(map_path)
    denied = frozenset(parse_state(s, "--deny") for s in deny or ())
    if count < 1:
        raise InputError("--count", f"must be at least 1, not {count}")
    study = route_options(
        departure,
        destination,
        aircraft,
        range_km=range_km,
        deny=denied,
        count=count,
        grid_deg=grid_deg,
        detour=detour,
        range_source=_RANGE_SOURCE,
    )
    oracle, options, reason = study.oracle, study.options, study.no_route_reason
    if output_format is InterdictionOutputFormat.JSON:
        typer.echo(json.dumps(routes_json(oracle, options, denied, reason), indent=2))
    elif options:
        console.print(_header(oracle))
        console.print(routes_table(options, denied))
    else:
        console.print(_header(oracle))
        console.print(Text.assemble(("no route", "bold"), f": {reason}"))
    if map_path is not None and options:
        _draw([(o, f"option {i}") for i, o in enumerate(options, 1)], denied, map_path)


# -- parsing ---------------------------------------------------------------------------------


def _day(as_of: str | None) -> date | None:
    if as_of is None:
        return None
    try:
        return date.fromisoformat(as_of.strip())
    except ValueError:
        raise InputError("--as-of", f"{as_of!r} is not a date like 2026-11-29") from None


# -- rendering ------------------------------------------------------------------------------


def _header(oracle: AirspaceRouteOracle) -> str:
    s = oracle.settings
    return (
        f"{oracle.departure.icao} → {oracle.destination.icao}: legs up to "
        f"{oracle.range_km:,.0f} km; routes up to {oracle.graph.corridor.limit_km:,.0f} km "
        f"({s.detour:g}× direct {oracle.graph.corridor.direct_km:,.0f} km); grid {s.grid_deg:g}°; "
        f"{oracle.stop_count} candidate stops"
    )


def _describe(route: FeasibleRoute) -> str:
    via = " → ".join(route.stops)
    crossed = ", ".join(sorted(route.overflown_states)) or "none"
    return f"{via} ({route.distance_km:,.0f} km; over {crossed})"


def chokepoints_tables(oracle: AirspaceRouteOracle, analysis: ChokepointAnalysis) -> list[Any]:
    """The analysis as printable parts: a header, the answers table, the unavoidable states."""
    parts: list[Any] = [_header(oracle)]
    if analysis.denying:
        parts.append(f"already denying: {', '.join(sorted(analysis.denying))}")
    if analysis.route is None:
        parts.append(Text.assemble(("no route", "bold"), f" even now: {analysis.no_route_reason}"))
        return parts
    parts.append(f"shortest route: {_describe(analysis.route)}")
    table = Table(
        title=f"minimal blocking sets (up to {analysis.max_size} states, "
        f"{analysis.oracle_calls} route searches)",
        title_justify="left",
        show_lines=True,
    )
    for column in ("#", "states", "stances", "U.S. posts", "proof: route re-opened per member"):
        table.add_column(column)
    for rank, answer in enumerate(analysis.answers, 1):
        names = "\n".join(f"{s} {state_name(s)}" for s in answer.states)
        stances = f"cooperating: {', '.join(answer.cooperating) or '—'}\n" + (
            f"unknown: {', '.join(answer.unknown) or '—'}"
        )
        posts = "\n".join(
            f"{s}: {', '.join(posts_for(s)[:_POSTS_SHOWN]) or 'none listed'}" for s in answer.states
        )
        proof = "\n".join(f"{r.state}: {_describe(r.route)}" for r in answer.blocking.reopened)
        table.add_row(str(rank), names, stances, posts, proof)
    if analysis.answers:
        parts.append(table)
    else:
        parts.append(f"no set of at most {analysis.max_size} candidate states blocks every route")
    unavoidable = analysis.unavoidable_states
    parts.append(
        "every route must cross or land in: "
        + (", ".join(f"{s} {state_name(s)}" for s in unavoidable) or "no single candidate state")
    )
    return parts


def routes_table(options: Sequence[FeasibleRoute], denied: frozenset[str]) -> Table:
    """Route options as a Rich table, shortest first."""
    closed = f", {', '.join(sorted(denied))} denied" if denied else ""
    table = Table(title=f"{len(options)} route options{closed}", title_justify="left")
    for column in ("#", "km", "stops", "overflown", "landing"):
        table.add_column(column, justify="right" if column == "km" else "left")
    for i, option in enumerate(options, 1):
        table.add_row(
            str(i),
            f"{option.distance_km:,.0f}",
            " → ".join(option.stops),
            ", ".join(sorted(option.overflown_states)),
            ", ".join(sorted(option.landing_states)),
        )
    return table


def _route_json(route: FeasibleRoute) -> dict[str, Any]:
    return {
        "stops": list(route.stops),
        "distance_km": round(route.distance_km, 1),
        "overflown_states": sorted(route.overflown_states),
        "landing_states": sorted(route.landing_states),
        "legs": [
            {
                "origin": leg.origin,
                "destination": leg.destination,
                "distance_km": round(leg.distance_km, 1),
                "states": sorted(leg.states),
            }
            for leg in route.legs
        ],
    }


def _settings_json(oracle: AirspaceRouteOracle) -> dict[str, Any]:
    return {
        "departure": oracle.departure.icao,
        "destination": oracle.destination.icao,
        "range_km": oracle.range_km,
        "route_limit_km": round(oracle.graph.corridor.limit_km, 1),
        "grid_deg": oracle.settings.grid_deg,
        "detour": oracle.settings.detour,
        "candidate_stops": oracle.stop_count,
    }


def chokepoints_json(
    oracle: AirspaceRouteOracle, analysis: ChokepointAnalysis, stances: StanceSnapshot
) -> dict[str, Any]:
    """The analysis as JSON data, with posts and proofs."""
    return {
        **_settings_json(oracle),
        "stances_as_of": stances.day.isoformat(),
        "denying": sorted(analysis.denying),
        "route": _route_json(analysis.route) if analysis.route else None,
        "no_route_reason": analysis.no_route_reason,
        "max_size": analysis.max_size,
        "oracle_calls": analysis.oracle_calls,
        "unavoidable_states": list(analysis.unavoidable_states),
        "answers": [
            {
                "states": list(answer.states),
                "cooperating": list(answer.cooperating),
                "unknown": list(answer.unknown),
                "posts": {s: list(posts_for(s)) for s in answer.states},
                "proof": [
                    {"reopened": r.state, "route": _route_json(r.route)}
                    for r in answer.blocking.reopened
                ],
            }
            for answer in analysis.answers
        ],
    }


def routes_json(
    oracle: AirspaceRouteOracle,
    options: Sequence[FeasibleRoute],
    denied: frozenset[str],
    reason: str,
) -> dict[str, Any]:
    """Route options as JSON data."""
    return {
        **_settings_json(oracle),
        "denied": sorted(denied),
        "options": [_route_json(o) for o in options],
        "no_route_reason": reason,
    }


def _draw(
    routes: Sequence[tuple[FeasibleRoute, str]], highlight: frozenset[str], path: Path
) -> None:
    from overflight.geo import MapLayer, draw_route_map

    airspace = load_airspace()
    layers = []
    for route, label in routes:
        if isinstance(route, FlownRoute):
            flown = route.flight_path()
            layers.append(MapLayer(flown, find_transits(flown, airspace), label, highlight))
    draw_route_map(layers, airspace, path)
    stderr.print(f"map written to {path}")
