"""``overflight history``: which states an archive's aircraft entered, when, against filed."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from overflight.cli import app, console, stderr
from overflight.cli.engine_options import (
    Days,
    Scheduler,
    SingleProcess,
    Workers,
    engine_options,
    engine_progress,
    parse_day,
    print_engine_report,
)
from overflight.errors import InputError
from overflight.geo import check_maps_installed, load_airspace
from overflight.services.history import HistoryReport, HistoryRequest, run_history
from overflight.services.history_maps import draw_aircraft_maps
from overflight.services.history_select import select_aircraft
from overflight.services.history_tasks import PlanSettings
from overflight.services.watch import load_watch_reference
from overflight.services.watch_flights import WatchedFlight, load_watched_flights
from overflight.store import open_store


class HistoryFormat(StrEnum):
    """How ``overflight history`` prints its answer (the files are written either way)."""

    TABLE = "table"
    JSON = "json"


@app.command()
def history(
    archive: Annotated[Path, typer.Argument(help="The archive folder.")],
    out: Annotated[Path, typer.Option(help="Folder for results (parquet, JSON, maps).")],
    aircraft: Annotated[
        list[str] | None, typer.Option("--aircraft", help="ICAO 24-bit address (repeat).")
    ] = None,
    registration: Annotated[
        list[str] | None, typer.Option("--registration", help="Registration (repeat).")
    ] = None,
    operator: Annotated[
        list[str] | None, typer.Option("--operator", help="ICAO operator designator (repeat).")
    ] = None,
    block: Annotated[
        list[str] | None,
        typer.Option("--block", help="Every address in this state's block (repeat): KP, Iran…"),
    ] = None,
    lists: Annotated[
        list[Path] | None,
        typer.Option("--lists", help="Watch list file (repeat): addresses, tails, designators."),
    ] = None,
    concern: Annotated[
        bool, typer.Option("--concern", help="The policy's: blocks of states and designators.")
    ] = False,
    cases: Annotated[
        bool, typer.Option("--cases", help="The aircraft of the store's open and past cases.")
    ] = False,
    everything: Annotated[bool, typer.Option("--all", help="Every aircraft.")] = False,
    db: Annotated[
        str | None,
        typer.Option("--db", help="SQLite file or database URL (default: $OVERFLIGHT_DB)."),
    ] = None,
    policy: Annotated[Path | None, typer.Option(help="Screening policy YAML.")] = None,
    plans: Annotated[
        bool, typer.Option(help="Join the archive's ATS messages (screened) as filed plans.")
    ] = True,
    first: Days = None,
    last: Days = None,
    maps: Annotated[
        int, typer.Option(help="Draw a map for each of the first N aircraft (0: none).")
    ] = 0,
    output_format: Annotated[
        HistoryFormat, typer.Option("--format", help="table or json.")
    ] = HistoryFormat.TABLE,
    scheduler: Scheduler = None,
    workers: Workers = None,
    single_process: SingleProcess = False,
) -> None:
    """Sovereign airspaces the selected aircraft entered and left, when, against filed plans."""
    if maps:
        check_maps_installed("--maps")
    engine = engine_options(scheduler, workers, single_process)
    the_policy, entities = load_watch_reference(list(lists or ()), policy)
    airspace = load_airspace()
    case_flights: tuple[WatchedFlight, ...] = ()
    if cases or db:
        with open_store(db, create=False) as store, store.session() as session:
            case_flights = load_watched_flights(session, airspace)
    selection = select_aircraft(
        everything=everything,
        addresses=aircraft or (),
        registrations=registration or (),
        operators=operator or (),
        blocks=block or (),
        entities=entities,
        policy=the_policy if concern else None,
        case_flights=case_flights if cases else (),
    )
    if cases and not case_flights and selection.is_empty():
        raise InputError("--cases", "no case in the store follows a filed flight")
    request = HistoryRequest(
        archive=archive,
        out=out,
        selection=selection,
        first=parse_day(first, "--first"),
        last=parse_day(last, "--last"),
        engine=engine,
        plans=PlanSettings(tuple(p.resolve() for p in lists or ()), policy) if plans else None,
        case_flights=case_flights,
    )
    with engine_progress() as show:
        report = run_history(request, show)
    print_engine_report("positions", report.observed)
    if report.plans is not None:
        print_engine_report("messages", report.plans)
    if output_format is HistoryFormat.JSON:
        typer.echo((out / "history.json").read_text(encoding="utf-8"))
    else:
        console.print(_summary(report))
    if maps:
        drawn = draw_aircraft_maps(archive, report.flights, out / "maps", airspace, maps)
        stderr.print(f"{len(drawn)} maps written to {out / 'maps'}")
    stderr.print(f"results in {out}: " + ", ".join(p.name for p in report.files))
    if report.observed.failed or (report.plans and report.plans.failed):
        raise typer.Exit(1)


def _summary(report: HistoryReport) -> Table:
    table = Table(
        title=f"{report.banner.banner()}\n{len(report.flights):,} flights of "
        f"{len({j.flown.icao24 for j in report.flights}):,} aircraft",
        title_justify="left",
    )
    for column in ("aircraft", "first seen", "last seen", "states entered", "filed plan",
                   "unfiled", "denied entered", "marking"):  # fmt: skip
        table.add_column(column, overflow="fold")
    for j in report.flights[:500]:
        f = j.flown
        table.add_row(
            f"{f.callsign or '?'} {f.icao24}" + (f" {f.registration}" if f.registration else ""),
            f"{f.first_seen:%Y-%m-%d %H:%MZ}",
            f"{f.last_seen:%Y-%m-%d %H:%MZ}",
            " ".join(f.states) or "—",
            j.plan.source if j.plan else "—",
            " ".join(j.unfiled),
            Text(" ".join(j.denied_entered), style="bold red"),
            j.marking.portion(),
        )
    return table
