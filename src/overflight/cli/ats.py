"""``overflight ats``: read ICAO ATS message files, check them, link them into flights."""

from __future__ import annotations

import dataclasses
import json
from datetime import date
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from overflight.ats import (
    AtsMessage,
    AtsParseError,
    AtsValidationError,
    Flights,
    format_field18,
    link_messages,
    parse_message_file,
    validate_messages,
)
from overflight.cli import app, console, first_errors
from overflight.errors import InputError
from overflight.model import to_jsonable
from overflight.textfile import read_text_file

ats_app = typer.Typer(
    help="ICAO ATS messages (FPL, CHG, DLA, CNL, DEP, ARR…): parse, check, link into flights.",
    no_args_is_help=True,
)
app.add_typer(ats_app, name="ats")


class AtsFormat(StrEnum):
    """How ``overflight ats parse`` prints the messages."""

    TABLE = "table"
    JSON = "json"


Files = Annotated[list[Path], typer.Argument(help="Files of ATS messages (AFTN headers allowed).")]


def _read(
    paths: list[Path], *, strict: bool = False, reference: date | None = None
) -> tuple[list[AtsMessage], list[AtsParseError]]:
    messages: list[AtsMessage] = []
    errors: list[AtsParseError] = []
    for path in paths:
        text = read_text_file(path)
        read, failed = parse_message_file(text, str(path), strict=strict, reference=reference)
        messages.extend(read)
        errors.extend(failed)
    return messages, errors


def _error_table(title: str, errors: list[AtsParseError]) -> Table:
    shown, more = first_errors(errors)
    table = Table(title=title, title_justify="left", caption=more or None, caption_justify="left")
    for column in ("file", "message", "line", "column", "field", "problem"):
        table.add_column(column, overflow="fold")
    for error in shown:
        table.add_row(
            error.source,
            str(error.message_index or ""),
            str(error.line or ""),
            str(error.column or ""),
            error.field,
            error.message,
        )
    return table


def _error_json(error: AtsParseError) -> dict[str, Any]:
    return {
        "file": error.source,
        "message": error.message_index,
        "line": error.line,
        "column": error.column,
        "field": error.field,
        "problem": error.message,
    }


def _message_json(message: AtsMessage) -> dict[str, Any]:
    origin = message.origin
    body = to_jsonable(dataclasses.replace(message, origin=None))
    body.pop("origin", None)
    return {
        "file": origin.source if origin else "",
        "index": origin.index if origin else None,
        "line": origin.line if origin else None,
        "message": body,
    }


def _message_table(messages: tuple[AtsMessage, ...]) -> Table:
    table = Table(title=f"{len(messages)} messages", title_justify="left")
    for column in ("file", "#", "line", "title", "aircraft", "dep", "time", "dest", "field 18"):
        table.add_column(column, overflow="fold")
    for message in messages:
        origin = message.origin
        departure = message.departure
        destination = message.destination or message.arrival
        table.add_row(
            origin.source if origin else "",
            str(origin.index) if origin else "",
            str(origin.line) if origin else "",
            message.title.value,
            message.aircraft_id,
            departure.aerodrome if departure else "",
            f"{departure.time:%H%M}" if departure and departure.time else "",
            destination.aerodrome if destination else "",
            format_field18(message.other) if message.other is not None else "",
        )
    return table


@ats_app.command("parse")
def parse(
    files: Files,
    output_format: Annotated[
        AtsFormat, typer.Option("--format", help="table or json.")
    ] = AtsFormat.TABLE,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Doc 4444 to the letter: reject what real traffic bends (lower case, field 14 "
            "without a level, NNNN for ')') and every message that breaks a rule.",
        ),
    ] = False,
    on: Annotated[
        str | None,
        typer.Option(
            "--on",
            help="Reference date (YYYY-MM-DD) two-digit DOF years resolve against "
            "(default: today).",
        ),
    ] = None,
) -> None:
    """Read and check ATS messages; list them, then every error (exit 1 if any was rejected).

    Without ``--strict``, the deviations real traffic shows are read and listed as warnings at
    their line and column.
    """
    read, errors = _read(files, strict=strict, reference=_reference(on))
    accepted, problems = validate_messages(read, strict=strict)
    rejected = list(errors) + [p for p in problems if strict or p.fatal]
    warnings: list[AtsValidationError] = [] if strict else [p for p in problems if not p.fatal]
    if output_format is AtsFormat.JSON:
        document = {
            "messages": [_message_json(message) for message in accepted],
            "errors": [_error_json(error) for error in rejected],
            "warnings": [_error_json(warning) for warning in warnings],
        }
        typer.echo(json.dumps(document, ensure_ascii=False, indent=2, default=str))
    else:
        console.print(_message_table(accepted))
        if warnings:
            console.print(_error_table(f"{len(warnings)} warnings", list(warnings)))
        if rejected:
            console.print(_error_table(f"{len(rejected)} rejected", rejected))
    if rejected:
        raise typer.Exit(1)


def _flights_table(linked: Flights) -> Table:
    table = Table(title=f"{len(linked.flights)} flights", title_justify="left", show_lines=True)
    for column in ("aircraft", "dep", "dest", "DOF", "EOBT (UTC)", "status", "history"):
        table.add_column(column, overflow="fold")
    for flight in linked.flights:
        plan = flight.plan
        history = "\n".join(
            f"{event.message.title.value} {'; '.join(event.changes)}".rstrip()
            + _aftn_text(event.message)
            for event in flight.history
        )
        table.add_row(
            flight.aircraft_id,
            plan.departure.aerodrome if plan.departure else "",
            plan.destination.aerodrome if plan.destination else "",
            flight.dof.isoformat() if flight.dof else "",
            flight.eobt.strftime("%Y-%m-%d %H%M") if flight.eobt else "",
            flight.status.value,
            history,
        )
    return table


def _aftn_text(message: AtsMessage) -> str:
    """`` [FF 240040 KATLDALQ -> KZOBZZQA]``: the AFTN header of a message, if it had one."""
    header = message.aftn
    if header is None:
        return ""
    return (
        f" [{header.priority} {header.filing_time} {header.originator} -> "
        f"{' '.join(header.addressees)}]"
    )


def _unmatched_table(linked: Flights) -> Table:
    table = Table(title=f"{len(linked.unmatched)} unmatched", title_justify="left")
    for column in ("file", "#", "title", "aircraft", "reason"):
        table.add_column(column, overflow="fold")
    for item in linked.unmatched:
        origin = item.message.origin
        table.add_row(
            origin.source if origin else "",
            str(origin.index) if origin else "",
            item.message.title.value,
            item.message.aircraft_id,
            item.reason,
        )
    return table


def _reference(on: str | None) -> date | None:
    if on is None:
        return None
    try:
        return date.fromisoformat(on)
    except ValueError:
        raise InputError("--on", f"{on!r} is not a date YYYY-MM-DD") from None


@ats_app.command("flights")
def flights(
    files: Files,
    on: Annotated[
        str | None,
        typer.Option("--on", help="Reference date (YYYY-MM-DD) for two-digit DOF years."),
    ] = None,
) -> None:
    """Link the messages of FILES, in order, into flights with their status and history.

    Each history line shows the AFTN header the message came under (priority, originator,
    filing time, addressees) when it had one.
    """
    read, errors = _read(files, reference=_reference(on))
    linked = link_messages(read)
    console.print(_flights_table(linked))
    if linked.unmatched:
        console.print(_unmatched_table(linked))
    if errors:
        console.print(_error_table(f"{len(errors)} rejected", list(errors)))
        raise typer.Exit(1)
