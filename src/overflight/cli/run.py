"""``overflight run``: the main job — ingest, screen, keep cases, draft telegrams."""

from __future__ import annotations

import os
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from overflight import services
from overflight.cli import app, console, first_errors, stderr
from overflight.geo import parse_time
from overflight.markings import parse_portion
from overflight.services.casework import RunReport
from overflight.services.desk import read_desk
from overflight.services.lists import with_stored_lists
from overflight.store import open_store
from overflight.textfile import make_folder

Db = Annotated[
    str | None,
    typer.Option(
        "--db",
        help="SQLite file or database URL (default: $OVERFLIGHT_DB, else the user data folder).",
    ),
]


@app.command()
def run(
    files: Annotated[
        list[Path], typer.Argument(help="ATS messages, permit requests, posts' replies.")
    ],
    db: Db = None,
    lists: Annotated[
        list[Path] | None, typer.Option("--lists", help="Watch list file (repeat).")
    ] = None,
    policy: Annotated[Path | None, typer.Option(help="Screening policy YAML.")] = None,
    drafts: Annotated[Path, typer.Option(help="Folder for drafted telegrams.")] = Path(
        "out/drafts"
    ),
    now: Annotated[str | None, typer.Option(help="The moment of the run (default: now).")] = None,
    serial: Annotated[
        str | None,
        typer.Option(help="Serial of the first telegram drafted (STATE 43804; default STATE 1)."),
    ] = None,
    desk: Annotated[
        Path | None,
        typer.Option(
            help="YAML with 'drafting:' (classified_by, point_of_contact, slugs, signature, "
            "serial) and 'asks:' (default, unknown, min_crossing_km…); else $OVERFLIGHT_* "
            "variables."
        ),
    ] = None,
    chokepoints: Annotated[
        bool, typer.Option(help="Also find the states whose denial blocks a new case's flight.")
    ] = False,
    case_marking: Annotated[
        str, typer.Option(help="Portion mark for cases the run opens, e.g. (S//REL TO USA, TUR).")
    ] = "(S//NF)",
) -> None:
    """Ingest files in order, screen the flights they touch, open and update cases."""
    at = parse_time(now, "--now") if now else datetime.now(UTC)
    settings = read_desk(desk, os.environ)
    drafting = replace(settings.drafting, serial=serial) if serial else settings.drafting
    reference = services.load_reference(list(lists or ()), policy)
    make_folder(drafts, "--drafts")  # before anything is stored: a run never stops half-way for it
    with open_store(db) as store:
        if store.created:
            stderr.print(f"new store made at {store.shown_url}")
        with store.session() as session:
            reference = with_stored_lists(session, reference)
        report, _ = services.run_files(
            store,
            files,
            reference,
            drafts=drafts,
            drafting=drafting,
            now=at,
            chokepoints=chokepoints,
            case_marking=parse_portion(case_marking, source="--case-marking"),
            asks=settings.asks,
        )
    print_run(report)
    if report.problems:
        raise typer.Exit(1)


def print_run(report: RunReport, title: str = "") -> None:
    """A run's summary: verdicts, cases, drafts, responses, outcomes, problems."""
    console.print(
        Text.assemble(
            (title or "run", "bold"),
            f" at {report.now:%Y-%m-%d %H:%MZ}: {report.messages_added} messages stored, "
            f"{report.duplicates} already known",
        )
    )
    if report.verdicts:
        table = Table(show_header=True, box=None, padding=(0, 2))
        for column in ("flight", "verdict", "score", "case"):
            table.add_column(column)
        for label, level, score, case_id in report.verdicts:
            style = {"high": "bold red", "review": "yellow"}.get(level, "green")
            table.add_row(label, Text(level, style=style), f"{score:g}", str(case_id or ""))
        console.print(table)
    for case_id in report.cases_opened:
        console.print(f"  case {case_id} opened", style="bold")
    for line in report.refiles:
        console.print(f"  refiled: {line}")
    for line in report.responses:
        console.print(f"  response: {line}")
    for line in report.outcomes:
        console.print(f"  outcome: {line}")
    for path in report.drafts:
        console.print(f"  telegram drafted: {path}")
    shown, more = first_errors(report.problems)
    for problem in shown:
        console.print(Text.assemble("  ", ("problem:", "red"), f" {problem}"))
    if more:
        console.print(f"  {more}")
