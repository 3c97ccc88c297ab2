"""``overflight archive``: fill an archive of positions and ATS messages; list it; screen it."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from overflight.archive import Manifest, PartitionKind, list_partitions, open_archive
from overflight.cli import app, console, print_problem
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
from overflight.observed import FeedOptions
from overflight.services.archive_import import ImportReport, import_messages, import_positions
from overflight.services.history import screen_archive
from overflight.services.history_tasks import PlanSettings

archive_app = typer.Typer(
    help="Archives of observed positions and ATS messages (parquet by day; docs/scale.md).",
    no_args_is_help=True,
)
app.add_typer(archive_app, name="archive")


class ImportKind(StrEnum):
    """What the files hold."""

    POSITIONS = "positions"
    MESSAGES = "messages"


@archive_app.command("import")
def import_files(
    archive: Annotated[Path, typer.Argument(help="The archive folder (made if absent).")],
    files: Annotated[list[Path], typer.Argument(help="Files to import.")],
    kind: Annotated[
        ImportKind,
        typer.Option(help="positions (any file `overflight watch` reads) or messages (ATS)."),
    ] = ImportKind.POSITIONS,
    buckets: Annotated[
        int, typer.Option(help="A new archive's buckets of aircraft per day (docs/scale.md).")
    ] = 8,
    start: Annotated[
        float | None, typer.Option(help="Unix time of a Beast/AVR file's first frame.")
    ] = None,
    received: Annotated[
        str | None,
        typer.Option(help="Messages: received at this ISO time (default: AFTN header, file)."),
    ] = None,
) -> None:
    """Add positions or ATS messages to an archive, flights kept whole per partition."""
    if buckets < 1:
        raise InputError("--buckets", f"{buckets}: give 1 or more")
    create = Manifest(buckets=buckets)
    if kind is ImportKind.POSITIONS:
        report = import_positions(archive, files, FeedOptions(beast_start=start), create)
    else:
        report = import_messages(archive, files, _received(received), create)
    _print_import(kind, report)


def _received(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        at = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise InputError("--received", f"{text!r}: give an ISO 8601 time") from None
    return at if at.tzinfo else at.replace(tzinfo=UTC)


def _print_import(kind: ImportKind, report: ImportReport) -> None:
    if kind is ImportKind.POSITIONS:
        console.print(
            f"imported {report.rows:,} positions: {report.flights:,} flights of "
            f"{report.aircraft:,} aircraft into {len(report.partitions)} partitions "
            f"(import {report.id}); {report.bad_input:,} records not read"
        )
    else:
        console.print(
            f"imported {report.rows:,} ATS messages into {len(report.partitions)} partitions "
            f"(import {report.id})"
        )
    for problem in report.problems[:5]:
        print_problem(problem)


@archive_app.command("info")
def info(archive: Annotated[Path, typer.Argument(help="The archive folder.")]) -> None:
    """List an archive: its settings, days, partitions and imports."""
    found = open_archive(archive)
    m = found.manifest
    console.print(
        f"{archive}: {m.buckets} buckets per day; a flight ends after {m.flight_gap_s:g} s "
        f"of silence or a turnaround of {m.turnaround_s:g} s; {len(m.imports)} imports"
    )
    table = Table(title_justify="left")
    for column in ("kind", "days", "first", "last", "partitions", "files"):
        table.add_column(column)
    for kind in PartitionKind:
        parts = list_partitions(found, kind)
        days = sorted({p.day for p in parts})
        table.add_row(
            kind.value,
            str(len(days)),
            str(days[0]) if days else "",
            str(days[-1]) if days else "",
            str(len(parts)),
            str(sum(len(p.files()) for p in parts)),
        )
    console.print(table)


@archive_app.command("screen")
def screen(
    archive: Annotated[Path, typer.Argument(help="The archive folder.")],
    out: Annotated[Path, typer.Option(help="Folder for results (plans.parquet, parts/).")],
    lists: Annotated[
        list[Path] | None, typer.Option("--lists", help="Watch list file (repeat).")
    ] = None,
    policy: Annotated[Path | None, typer.Option(help="Screening policy YAML.")] = None,
    first: Days = None,
    last: Days = None,
    scheduler: Scheduler = None,
    workers: Workers = None,
    single_process: SingleProcess = False,
) -> None:
    """Screen every archived flight plan (as `overflight screen`), partition by partition."""
    engine = engine_options(scheduler, workers, single_process)
    settings = PlanSettings(tuple(p.resolve() for p in lists or ()), policy)
    with engine_progress() as show:
        report = screen_archive(
            archive, out, settings, engine, parse_day(first, "--first"),
            parse_day(last, "--last"), show,
        )  # fmt: skip
    print_engine_report("messages", report.engine)
    levels = ", ".join(f"{n:,} {level}" for level, n in report.levels.items())
    console.print(
        f"{report.plans:,} plans screened ({levels or 'none'}); {report.problems:,} messages "
        f"not read or not screened; written to {report.plans_file}"
    )
    if report.engine.failed:
        raise typer.Exit(1)
