"""``overflight screen``: screen flight plans and permit requests, print explained verdicts."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from overflight import services
from overflight.cli import app, first_errors, print_error, stderr
from overflight.screening import (
    ConcernLevel,
    ScreeningVerdict,
)
from overflight.services.schemas import dump_json, screening_result_data

console = Console(highlight=False, markup=False, width=120)

_LEVEL_STYLE = {
    ConcernLevel.CLEAR: "bold green",
    ConcernLevel.REVIEW: "bold yellow",
    ConcernLevel.HIGH: "bold red",
}


class ScreenFormat(StrEnum):
    """How ``overflight screen`` prints its verdicts."""

    REPORT = "report"
    JSON = "json"


def verdict_report(verdict: ScreeningVerdict) -> Panel:
    """A Rich panel: findings with evidence, indicators not run, transit states and actions."""
    style = _LEVEL_STYLE[verdict.level]
    title = Text.assemble(
        f"{verdict.aircraft_id} {verdict.departure} → {verdict.destination}   ",
        (verdict.level.value.upper(), style),
        f" (score {verdict.score:g})",
    )
    parts: list[RenderableType] = []
    if verdict.findings:
        findings = Table(title="Findings", title_justify="left", expand=True)
        findings.add_column("weight", justify="right")
        findings.add_column("indicator")
        findings.add_column("finding and evidence", overflow="fold")
        for f in verdict.findings:
            text = f.summary + "".join(f"\n  • {line}" for line in f.evidence)
            findings.add_row(f"{f.weight:g}", f.indicator.value, text)
        parts.append(findings)
    else:
        parts.append("No findings.")
    for run in verdict.not_run:
        parts.append(
            Text.assemble(("not run:", "yellow"), f" {run.indicator.value} ({run.reason})")
        )
    if verdict.actions:
        actions = Table(title="Transit states (PSI 4(d))", title_justify="left", expand=True)
        actions.add_column("state")
        actions.add_column("km", justify="right")
        actions.add_column("action")
        actions.add_column("why", overflow="fold")
        for a in verdict.actions:
            actions.add_row(
                f"{a.state} {a.name}",
                f"{a.distance_m / 1000:,.0f}",
                a.action.value,
                a.reason,
            )
        parts.append(actions)
    else:
        parts.append("No transit states (route unknown: an aerodrome is not known).")
    source = verdict.provenance
    where = f"{source.source}:{source.line}" if source else ""
    lists = verdict.lists or "none (list-based indicators not run)"
    parts.append(Text(f"{where}  policy {verdict.policy}  lists {lists}", style="dim"))
    return Panel(Group(*parts), title=title, title_align="left", border_style=style)


@app.command("screen")
def screen_command(
    files: Annotated[list[Path], typer.Argument(help="ATS message files or permit requests.")],
    lists: Annotated[
        list[Path] | None,
        typer.Option("--lists", help="Watch list file (OFAC CSV/XML, UN XML, OpenSanctions)."),
    ] = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", help="Policy YAML (default: the packaged one).")
    ] = None,
    output_format: Annotated[
        ScreenFormat, typer.Option("--format", help="report or json.")
    ] = ScreenFormat.REPORT,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Also compare with the cases of this store (resembles-case findings). Unless "
            "--lists is given, the newest list version of this store is screened against; "
            "without --db, that of the default store ($OVERFLIGHT_DB, else the user data "
            "folder) when it exists (it is never made).",
        ),
    ] = None,
) -> None:
    """Screen flight plans and permit requests; print each verdict with findings and actions."""
    from overflight.services.lists import with_store_lists

    reference, lists_store = with_store_lists(
        services.load_reference(list(lists or ()), policy), db
    )
    items, problems = services.read_items(list(files), reference)
    if db is not None:
        from overflight.services.memory import remember_cases

        items = remember_cases(items, db)
    verdicts = services.screen_items(items)
    if output_format is ScreenFormat.JSON:
        found = screening_result_data(verdicts, problems)  # ScreeningResult's JSON
        typer.echo(dump_json(found, indent=True).decode())
    else:
        if reference.lists is None:
            console.print(
                "No --lists given and no list version in the store: "
                "listed-aircraft, listed-operator and listed-party are not run.",
                style="yellow",
            )
        elif lists_store:
            console.print(f"Lists: {reference.lists_label}, the newest in {lists_store}")
        for verdict in verdicts:
            console.print(verdict_report(verdict))
    shown, more = first_errors(problems)
    for problem in shown:
        print_error(problem)
    if more:
        stderr.print(more, soft_wrap=True)
    if problems:
        raise typer.Exit(1)
