"""The options every command on the Dask engine shares, and its progress bar."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from typing import Annotated

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

from overflight.archive import EngineOptions, EngineProgress, EngineReport
from overflight.cli import stderr
from overflight.errors import InputError

__all__ = [
    "Days",
    "Scheduler",
    "SingleProcess",
    "Workers",
    "engine_options",
    "engine_progress",
    "parse_day",
    "print_engine_report",
]

Scheduler = Annotated[
    str | None,
    typer.Option(help="A Dask scheduler, tcp://HOST:8786 (default: a LocalCluster here)."),
]
Workers = Annotated[
    int | None, typer.Option(help="LocalCluster workers (default: this machine's cores).")
]
SingleProcess = Annotated[
    bool, typer.Option("--single-process", help="No Dask: every partition in this process.")
]
Days = Annotated[str | None, typer.Option(help="YYYY-MM-DD (inclusive).")]


def engine_options(scheduler: str | None, workers: int | None, single: bool) -> EngineOptions:
    """The engine asked for, checked.

    Raises:
        InputError: a scheduler that is not tcp://HOST:PORT, or workers below 1.
    """
    if scheduler and not scheduler.startswith(("tcp://", "tls://", "ucx://")):
        raise InputError("--scheduler", f"{scheduler!r}: give tcp://HOST:PORT (port 8786 usual)")
    if workers is not None and workers < 1:
        raise InputError("--workers", f"{workers}: give 1 or more")
    if single and scheduler:
        raise InputError("--single-process", "runs without Dask: leave out --scheduler")
    return EngineOptions(scheduler=scheduler, workers=workers, single_process=single)


def parse_day(text: str | None, what: str) -> date | None:
    """A day given as YYYY-MM-DD.

    Raises:
        InputError: naming ``what``, when the text is not such a day.
    """
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(what, f"{text!r}: give a day as YYYY-MM-DD") from None


@contextmanager
def engine_progress() -> Iterator[Callable[[str, EngineProgress], None]]:
    """A Rich progress bar per step, fed by the engine as each partition's result arrives."""
    with Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[failed]}"),
        TimeElapsedColumn(),
        console=stderr,
    ) as progress:
        tasks: dict[str, TaskID] = {}

        def show(step: str, p: EngineProgress) -> None:
            if step not in tasks:
                tasks[step] = progress.add_task(f"{step} partitions", total=p.total, failed="")
            failed = f"[red]{p.failed} failed[/]" if p.failed else ""
            progress.update(tasks[step], completed=p.done + p.failed, total=p.total, failed=failed)

        yield show


def print_engine_report(step: str, report: EngineReport) -> None:
    """One line on how the step ran, then each failed partition with its error."""
    stderr.print(
        f"{step}: {len(report.computed)} partitions computed, {len(report.resumed)} found from "
        f"an earlier run, {len(report.failed)} failed; {report.engine} "
        f"({report.workers} worker{'s' if report.workers != 1 else ''}), {report.elapsed_s:.1f} s"
    )
    for name, error in report.failed:
        stderr.print(Text.assemble(("failed:", "red"), f" {name}: {error}"))
    if report.failed:
        stderr.print("run the same command again to retry the failed partitions only")
