"""``overflight screen``: screen flight plans and permit requests, print explained verdicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console, Group
from rich.markup import escape
from rich.panel import Panel
from rich.table import Table

from overflight.ats import link_messages, parse_messages
from overflight.cli import app, stderr
from overflight.errors import InputError
from overflight.geo import load_airspace
from overflight.model.flight import FlightIntent
from overflight.model.jsonable import to_jsonable
from overflight.permits import read_permit
from overflight.screening import (
    ConcernLevel,
    History,
    Reference,
    ScreeningContext,
    Verdict,
    context_for_permit,
    flight_transits,
    load_policy,
    screen,
)
from overflight.watchlist import WatchlistIndex, all_entities, load_lists

console = Console(highlight=False, width=120)

_PERMIT_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
_LEVEL_STYLE = {
    ConcernLevel.CLEAR: "bold green",
    ConcernLevel.REVIEW: "bold yellow",
    ConcernLevel.HIGH: "bold red",
}


class ScreenFormat(StrEnum):
    """How ``overflight screen`` prints its verdicts."""

    REPORT = "report"
    JSON = "json"


@dataclass(frozen=True, slots=True)
class _Item:
    """One flight to screen: its intent and the context that is not reference data."""

    intent: FlightIntent
    context: ScreeningContext


def _is_permit(path: Path, text: str) -> bool:
    if path.suffix.lower() in _PERMIT_SUFFIXES:
        return True
    head = text.lstrip()
    return head.startswith("{") or "permit_type:" in text[:4000]


def read_items(paths: list[Path], reference: Reference) -> tuple[list[_Item], list[str]]:
    """Every file's flights to screen, and its problems as one line each (file:line: field: ...).

    A file is a permit request by suffix (``.yaml``, ``.yml``, ``.json``) or content (``{``, or
    a ``permit_type:`` key); anything else is read as ATS messages, linked into flights.
    """
    items: list[_Item] = []
    problems: list[str] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            problems.append(f"{path}: cannot read: {err}")
            continue
        if _is_permit(path, text):
            request, errors = read_permit(text, str(path), json_text=text.lstrip().startswith("{"))
            problems += [str(e) for e in errors]
            if request is not None:
                items.append(_Item(request.intent, context_for_permit(request, reference)))
            continue
        messages, errors = parse_messages(text, str(path))
        problems += [str(e) for e in errors]
        linked = link_messages(messages)
        for flight in linked.flights:
            context = ScreeningContext(reference, history=History.of_flight(flight))
            items.append(_Item(flight.to_intent(), context))
        for unmatched in linked.unmatched:
            origin = unmatched.message.origin
            where = f"{origin.source}: message {origin.index}" if origin else str(path)
            problems.append(
                f"{where}: {unmatched.message.title.value} not screened: {unmatched.reason}"
            )
        if not messages and not errors:
            problems.append(f"{path}: no ATS message or permit request found")
    return items, problems


def _load_reference(lists: list[Path], policy: Path | None) -> Reference:
    loaded_policy = load_policy(policy)
    if not lists:
        return Reference(loaded_policy)
    loaded = load_lists(lists)
    entities = all_entities(loaded)
    if not entities:
        raise InputError("--lists", "no entity could be read from the list files given")
    names = ", ".join(p.name for item in loaded for p in item.paths[:1])
    label = f"{len(entities):,} entities from {names}"
    return Reference(loaded_policy, WatchlistIndex.build(entities), label)


def screen_items(items: list[_Item]) -> list[Verdict]:
    """Transits for every flight at once, then one verdict per flight."""
    if not items:
        return []
    airspace = load_airspace()
    transits = flight_transits([(i.intent, i.context.stops) for i in items], airspace)
    verdicts = []
    for item, found in zip(items, transits, strict=True):
        context = ScreeningContext(
            item.context.reference,
            item.context.cargo,
            item.context.parties,
            item.context.stops,
            item.context.operator_designator,
            item.context.history,
            found,
        )
        verdicts.append(screen(item.intent, context))
    return verdicts


def verdict_report(verdict: Verdict) -> Panel:
    """A Rich panel: findings with evidence, indicators not run, transit states and actions."""
    style = _LEVEL_STYLE[verdict.level]
    title = (
        f"{verdict.aircraft_id} {verdict.departure} → {verdict.destination}   "
        f"[{style}]{verdict.level.value.upper()}[/] (score {verdict.score:g})"
    )
    parts: list[object] = []
    if verdict.findings:
        findings = Table(title="Findings", title_justify="left", expand=True)
        findings.add_column("weight", justify="right")
        findings.add_column("indicator")
        findings.add_column("finding and evidence", overflow="fold")
        for f in verdict.findings:
            text = escape(f.summary) + "".join(f"\n  • {escape(line)}" for line in f.evidence)
            findings.add_row(f"{f.weight:g}", f.indicator.value, text)
        parts.append(findings)
    else:
        parts.append("No findings.")
    for run in verdict.not_run:
        parts.append(f"[yellow]not run:[/] {run.indicator.value} ({run.reason})")
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
                escape(a.reason),
            )
        parts.append(actions)
    else:
        parts.append("No transit states (route unknown: an aerodrome is not known).")
    source = verdict.provenance
    where = f"{source.source}:{source.line}" if source else ""
    lists = verdict.lists or "none (list-based indicators not run)"
    parts.append(f"[dim]{escape(where)}  policy {escape(verdict.policy)}  lists {escape(lists)}[/]")
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
) -> None:
    """Screen flight plans and permit requests; print each verdict with findings and actions."""
    reference = _load_reference(list(lists or ()), policy)
    items, problems = read_items(list(files), reference)
    verdicts = screen_items(items)
    if output_format is ScreenFormat.JSON:
        payload = {"verdicts": to_jsonable(verdicts), "problems": problems}
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        if reference.lists is None:
            console.print(
                "[yellow]No --lists given: listed-aircraft, listed-operator and listed-party "
                "are not run.[/]"
            )
        for verdict in verdicts:
            console.print(verdict_report(verdict))
    for problem in problems:
        stderr.print(f"[bold red]error:[/] {escape(problem)}", soft_wrap=True)
    if problems:
        raise typer.Exit(1)
