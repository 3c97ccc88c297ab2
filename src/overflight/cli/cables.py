"""``overflight cable``: read telegrams and write non-papers for host states."""

from __future__ import annotations

import json
import os
from dataclasses import replace
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.table import Table

from overflight.cables import (
    CableParseError,
    Paragraph,
    Telegram,
    parse_telegram,
    point_of_contact,
    render_non_paper,
    render_telegram,
    reporting_deadline,
    slugs,
    split_classifier,
)
from overflight.cli import app, stderr
from overflight.errors import InputError
from overflight.geo import parse_time
from overflight.services.desk import read_desk
from overflight.services.drafting import compose_for_case, next_drafting
from overflight.store import open_store
from overflight.textfile import check_output_file, read_text_file

__all__ = ["cable"]

cable = typer.Typer(
    help="Diplomatic telegrams: parse, render non-papers, compose for a case.", no_args_is_help=True
)
app.add_typer(cable, name="cable")
console = Console(highlight=False, markup=False, soft_wrap=True)


class CableOutputFormat(StrEnum):
    """How ``cable parse`` prints a telegram."""

    JSON = "json"
    TEXT = "text"


def _read(path: Path) -> Telegram:
    return parse_telegram(read_text_file(path), source=path.name)


def _addressee(addressee: Any) -> dict[str, Any]:
    return {
        "post": addressee.post.name,
        "country": addressee.post.country,
        "routing_indicator": addressee.post.routing_indicator,
        "precedence": addressee.precedence.value if addressee.precedence else None,
    }


def _classified_by(telegram: Telegram) -> dict[str, Any] | None:
    authority = telegram.authority
    if authority is None:
        return None
    official = split_classifier(authority.by)
    reasons = authority.reasons
    return {
        "by": authority.by,
        "name": official.name,
        "title": official.title,
        "reasons": (
            {"section": reasons.section, "categories": list(reasons.categories)}
            if reasons
            else None
        ),
    }


def _point_of_contact(telegram: Telegram) -> dict[str, str] | None:
    contact = point_of_contact(telegram)
    if contact is None:
        return None
    return {
        "name": contact.name,
        "office": contact.office,
        "phone": contact.phone,
        "email": contact.email,
    }


def _summary(telegram: Telegram) -> dict[str, Any]:
    dtg = telegram.dtg
    deadline = reporting_deadline(telegram)
    return {
        "precedence": dtg.precedence.letter if dtg else None,
        "info_precedence": dtg.info_precedence.letter if dtg and dtg.info_precedence else None,
        "dtg": dtg.at.isoformat() if dtg else None,
        "from": telegram.origin.name if telegram.origin else None,
        "to": [_addressee(a) for a in telegram.action],
        "info": [_addressee(a) for a in telegram.info],
        "classification": telegram.classification.word,
        "caveats": sorted(control.banner_word for control in telegram.controls),
        "section": (
            f"{telegram.section.number}/{telegram.section.total}" if telegram.section else None
        ),
        "serial": telegram.serial.reference_id if telegram.serial else None,
        "declassify_on": (
            telegram.declassification.on.isoformat()
            if telegram.declassification and telegram.declassification.on
            else None
        ),
        "tags": list(telegram.tags),
        "subject": telegram.subject,
        "refs": [
            f"{r.station} {r.number}" if r.number is not None else r.text for r in telegram.refs
        ],
        "paragraphs": [
            {"number": p.number, "marking": str(p.marking) if p.marking else None}
            for p in telegram.paragraphs
        ],
        "classified_by": _classified_by(telegram),
        "point_of_contact": _point_of_contact(telegram),
        "partial_extract": telegram.extract,
        "reporting_deadline": deadline.isoformat() if deadline else None,
        "slugs": list(slugs(telegram)),
        "signature": telegram.signature,
        "problems": [{"line": p.line, "message": p.message} for p in telegram.problems],
    }


def _table(telegram: Telegram) -> Table:
    facts = _summary(telegram)
    table = Table(title=telegram.serial.reference_id if telegram.serial else "telegram")
    table.add_column("field")
    table.add_column("value")
    for key in ("precedence", "dtg", "from", "classification", "declassify_on", "subject"):
        table.add_row(key, str(facts[key] or ""))
    if facts["caveats"]:
        table.add_row("caveats", ", ".join(facts["caveats"]))
    if facts["classified_by"] is not None:
        official = facts["classified_by"]
        reasons = official["reasons"]
        written = f" ({reasons['section']} {', '.join(reasons['categories'])})" if reasons else ""
        table.add_row("classified by", f"{official['name']}, {official['title']}{written}")
    if facts["point_of_contact"] is not None:
        contact = facts["point_of_contact"]
        table.add_row(
            "point of contact",
            ", ".join(v for v in (contact["name"], contact["phone"], contact["email"]) if v),
        )
    if facts["partial_extract"]:
        table.add_row("partial extract", "yes: the full text is not available")
    table.add_row("to", ", ".join(f"{a['post']} ({a['country']})" for a in facts["to"]))
    table.add_row("tags", " ".join(facts["tags"]))
    table.add_row("refs", "; ".join(facts["refs"]))
    for block in telegram.body:
        if isinstance(block, Paragraph):
            table.add_row(f"para {block.number}", str(block.marking or "(unmarked)"))
    table.add_row("reporting deadline", str(facts["reporting_deadline"] or ""))
    table.add_row("slugs", ", ".join(facts["slugs"]))
    for problem in telegram.problems:
        table.add_row(f"problem line {problem.line}", problem.message)
    return table


@cable.command("parse")
def parse_command(
    files: Annotated[list[Path], typer.Argument(help="Telegrams as text, one per file.")],
    output: Annotated[
        CableOutputFormat, typer.Option("--format", help="json (one line per file) or text.")
    ] = CableOutputFormat.TEXT,
) -> None:
    """Read telegrams and print what each says, then the problems found in each file.

    JSON prints one object per line (JSON lines) on stdout, the summary on stderr. A file that
    cannot be read at all is listed in the summary (on stderr) and makes the exit code 2, as
    any unreadable input does; the others are printed all the same.
    """
    failed = 0
    summary: list[str] = []
    for path in files:
        try:
            telegram = _read(path)
        except CableParseError as err:
            failed += 1
            summary.append(f"{path}: not read: {err}")
            stderr.print(str(err), soft_wrap=True)
            continue
        if output is CableOutputFormat.JSON:
            facts = {"file": str(path), **_summary(telegram)}
            typer.echo(json.dumps(facts, ensure_ascii=False))
        else:
            console.print(_table(telegram))
        summary.append(_problem_line(path, telegram))
    if output is CableOutputFormat.JSON:
        for line in summary:
            stderr.print(line, soft_wrap=True)
    else:
        console.print("\n".join(summary))
    if failed:
        raise typer.Exit(2)


def _problem_line(path: Path, telegram: Telegram) -> str:
    """``cable.txt: 2 problems (line 3: ...; line 9: ...)`` or ``cable.txt: no problems``."""
    if not telegram.problems:
        return f"{path}: no problems"
    listed = "; ".join(f"line {p.line}: {p.message}" for p in telegram.problems)
    count = len(telegram.problems)
    return f"{path}: {count} problem{'s' if count > 1 else ''} ({listed})"


@cable.command("render")
def render_command(
    file: Annotated[Path, typer.Argument(help="A telegram as text.")],
    for_state: Annotated[
        str, typer.Option("--for", help="Host state (trigraph or name) to write a non-paper for.")
    ],
) -> None:
    """Write the non-paper releasable to one host state (NOFORN portions never appear)."""
    typer.echo(render_non_paper(_read(file), for_state), nl=False)


@cable.command("compose")
def compose_command(
    case_id: Annotated[int, typer.Argument(help="The case to write about.")],
    kind: Annotated[
        str, typer.Option(help="action: to every state engaged; thanks: to those that answered.")
    ] = "action",
    db: Annotated[str | None, typer.Option("--db", help="SQLite file or database URL.")] = None,
    serial: Annotated[str, typer.Option(help="The telegram's serial.")] = "STATE 1",
    now: Annotated[str | None, typer.Option(help="Release time (default: now).")] = None,
    out: Annotated[Path | None, typer.Option(help="Write the telegram here.")] = None,
) -> None:
    """Draft a telegram for a case from the store: the action request or the thank-you."""
    at = parse_time(now, "--now") if now else datetime.now(UTC)
    check_output_file(out, "--out")
    # Signature, point of contact, slugs and who classifies: from OVERFLIGHT_* (services.desk).
    defaults = replace(read_desk(None, os.environ).drafting, serial=serial)
    with open_store(db, create=False) as store, store.session() as session:
        telegram = compose_for_case(
            session,
            case_id,
            kind,
            lambda refs: next_drafting(defaults, at, refs)[0],
            at,
            defaults.report_within_days,
            defaults.concern,
        )
    if telegram is None:
        raise InputError("case", f"case {case_id} has no state to address a {kind} telegram to")
    text = render_telegram(telegram)
    if out is None:
        typer.echo(text, nl=False)
    else:
        out.write_text(text, encoding="utf-8")
        console.print(f"telegram written to {out}")
