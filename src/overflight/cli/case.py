"""``overflight case``: the case board, one case, its timeline, the cases like it."""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table
from rich.text import Text

from overflight import cases
from overflight.cli import app, console, print_error
from overflight.cli.run import Db
from overflight.errors import InputError, Param
from overflight.geo import parse_time
from overflight.screening import ReferenceData, load_policy
from overflight.store import open_store

if TYPE_CHECKING:
    from overflight.services.memory import SimilarCase

case_app = typer.Typer(
    help="Cases of concern: list, show, timeline, similar, rebuild-register.",
    no_args_is_help=True,
)
app.add_typer(case_app, name="case")

Now = Annotated[str | None, typer.Option(help="Judge deadlines at this moment (default: now).")]


def _now(text: str | None) -> datetime:
    return parse_time(text, "--now") if text else datetime.now(UTC)


@case_app.command("list")
def list_command(db: Db = None, now: Now = None) -> None:
    """The case board: overdue deadlines first."""
    with open_store(db, create=False) as store, store.session() as session:
        summaries = cases.list_cases(session, _now(now))
    console.print(case_board(summaries))


def case_board(summaries: tuple[cases.CaseSummary, ...]) -> Table:
    """Cases as a table: status, latest verdict, deadlines."""
    table = Table(title=f"{len(summaries)} cases", title_justify="left")
    for column in ("#", "case", "status", "verdict", "deadlines", "marking"):
        table.add_column(column)
    for summary in summaries:
        case = summary.case
        deadlines = "\n".join(f"{d.what}: {d.due_on} ({d.state.value})" for d in summary.deadlines)
        table.add_row(
            str(case.id),
            case.title,
            case.status.value,
            summary.latest_level or "",
            deadlines,
            case.marking.banner(),
        )
    return table


class ShowFormat(StrEnum):
    """How ``overflight case show`` prints a case."""

    TABLE = "table"
    JSON = "json"


@case_app.command("show")
def show_command(
    case_id: int,
    db: Db = None,
    now: Now = None,
    output_format: Annotated[
        ShowFormat, typer.Option("--format", help="table, or json (what the API gives --as).")
    ] = ShowFormat.TABLE,
    as_user: Annotated[
        str | None,
        typer.Option("--as", help="Read as this account: what GET /api/cases/ID gives it."),
    ] = None,
) -> None:
    """One case: verdicts, engagements with states, deadlines, outcomes."""
    if output_format is ShowFormat.JSON:
        typer.echo(case_json(case_id, db, _now(now), as_user))
        return
    with open_store(db, create=False) as store, store.session() as session:
        case = cases.get_case(session, case_id)
        verdicts = cases.case_verdicts(session, case_id)
        engagements = cases.case_engagements(session, case_id)
        deadlines = cases.case_deadlines(session, case_id, _now(now))
        outcomes = cases.case_outcomes(session, case_id)
    console.print(
        Text.assemble(
            (f"case {case.id}: {case.title}", "bold"),
            f"  {case.status.value}  ({case.marking.banner()})",
        )
    )
    console.print(
        f"opened {case.opened_at:%Y-%m-%d %H:%MZ} by {case.opened_by.value}: {case.reason}"
    )
    if verdicts:
        latest = verdicts[-1]
        console.print(f"verdicts: {len(verdicts)}; latest {latest.level} (score {latest.score:g})")
    table = Table(title="engagements", title_justify="left")
    for column in ("state", "post", "demarche", "response", "on", "telegram"):
        table.add_column(column)
    for e in engagements:
        table.add_row(
            e.state,
            e.post,
            str(e.demarche_on),
            e.response.value,
            str(e.responded_on or ""),
            e.telegram_ref,
        )
    console.print(table)
    for d in deadlines:
        console.print(f"deadline: {d.what} due {d.due_on}: {d.state.value}")
    for o in outcomes:
        console.print(f"outcome: {o.kind.value} {o.note}")


def case_json(case_id: int, db: str | None, now: datetime, as_user: str | None) -> str:
    """The case as the API's ``GET /api/cases/{id}`` gives the account ``as_user``.

    Raises:
        InputError: no ``--as`` (the JSON is always one reader's view), or no such account.
        NotVisibleError: no such case for that account.
    """
    from overflight.services.accounts import account_named
    from overflight.services.schemas import CaseDetail
    from overflight.services.web import open_case_view

    what = Param("as_user")
    if as_user is None:
        raise InputError(what, "--format json prints one account's view: name the account")
    with open_store(db, create=False) as store, store.session() as session:
        view = open_case_view(session, account_named(session, as_user, what), case_id, now)
    return CaseDetail.of(view).json_bytes(indent=True).decode()


@case_app.command("timeline")
def timeline_command(case_id: int, db: Db = None) -> None:
    """Every event of a case, in order."""
    with open_store(db, create=False) as store, store.session() as session:
        cases.get_case(session, case_id)
        entries = cases.case_timeline(session, case_id)
    console.print(timeline_table(case_id, entries))


def timeline_table(case_id: int, entries: tuple[cases.TimelineEntry, ...]) -> Table:
    """A case's timeline as a table."""
    table = Table(title=f"case {case_id} timeline", title_justify="left")
    for column in ("when (UTC)", "who", "what", "detail"):
        table.add_column(column, overflow="fold")
    for entry in entries:
        table.add_row(f"{entry.at:%Y-%m-%d %H:%M}", entry.actor, entry.kind, entry.detail)
    return table


PolicyFile = Annotated[
    Path | None, typer.Option("--policy", help="Policy YAML (default: the packaged one).")
]


@case_app.command("similar")
def similar_command(case_id: int, db: Db = None, policy: PolicyFile = None) -> None:
    """The cases that resemble this one (past and newer), with the evidence of each."""
    from overflight.services.memory import similar_cases

    loaded = load_policy(policy)
    with open_store(db) as store, store.session() as session:
        case = cases.get_case(session, case_id)
        found = similar_cases(session, case_id, loaded)
    console.print(similar_table(case, found))


def similar_table(case: cases.Case, found: tuple[SimilarCase, ...]) -> Table | str:
    """The resembling cases as a table: case, when, score, the features that decided."""
    if not found:
        return f"case {case.id}: no case resembles it"
    table = Table(title=f"cases like case {case.id}", title_justify="left")
    for column in ("#", "case", "", "score", "evidence"):
        table.add_column(column, overflow="fold")
    for similar in found:
        resemblance = similar.resemblance
        closed = " (closed)" if resemblance.case.closed else ""
        table.add_row(
            str(similar.case_id),
            resemblance.case.title + closed,
            "past" if similar.earlier else "newer",
            f"{resemblance.score:.2f}",
            "\n".join(f.explain() for f in resemblance.features),
        )
    return table


@case_app.command("rebuild-register")
def rebuild_register_command(db: Db = None, policy: PolicyFile = None) -> None:
    """Write the register of what each case is about again, from the store."""
    from overflight.services.memory import rebuild_register

    reference = ReferenceData(load_policy(policy))
    with open_store(db) as store, store.session(writing=True) as session, session.begin():
        written, traits, problems = rebuild_register(session, reference, datetime.now(UTC))
    console.print(f"register rebuilt: {written} cases, {traits} traits")
    for problem in problems:
        print_error(problem)
