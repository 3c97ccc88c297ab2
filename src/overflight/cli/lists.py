"""``overflight lists``: import list files (into a store, as a version), search, fetch, versions.

``import`` without ``--db`` only reports what the files hold; with ``--db`` it stores them as
one list version, the one ``run``, ``screen --db`` and ``serve`` screen against from then on.
"""

from __future__ import annotations

import getpass
import json
import tempfile
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from overflight.cli import app, console, first_errors
from overflight.cli.list_tables import changes_table, moves_table, versions_table
from overflight.cli.run import Db
from overflight.errors import InputError
from overflight.model import to_jsonable
from overflight.screening import load_policy
from overflight.services.list_changes import diff_versions
from overflight.services.list_fetch import download_list_files
from overflight.services.list_rescreen import import_and_rescreen
from overflight.services.lists import (
    ListFileBody,
    check_list_version,
    list_file_bodies,
    newest_store_entities,
    stored_list_versions,
)
from overflight.store import open_store
from overflight.watchlist import (
    DEFAULT_SOURCES,
    OFFICIAL_SOURCES,
    IdentifierKind,
    ListSource,
    LoadedFile,
    Match,
    Schema,
    WatchlistIndex,
    all_entities,
    load_lists,
    person_facts,
    readable_entities,
    source_for,
)

lists_app = typer.Typer(
    help="Sanctions and watch lists: import, search, fetch, versions, diff.", no_args_is_help=True
)
app.add_typer(lists_app, name="lists")


def _files_table(loaded: tuple[LoadedFile, ...]) -> Table:
    table = Table(title="Lists read")
    for column in ("file", "format", "entities", "unreadable rows"):
        table.add_column(column)
    for item in loaded:
        names = " + ".join(path.name for path in item.paths)
        table.add_row(names, item.format.value, str(len(item.entities)), str(len(item.problems)))
    return table


def _counts_table(title: str, counts: Counter[str]) -> Table:
    table = Table(title=title)
    table.add_column(title.split()[-1])
    table.add_column("entities", justify="right")
    for key, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        table.add_row(key, str(count))
    return table


def _problems_table(loaded: tuple[LoadedFile, ...]) -> Table:
    shown, more = first_errors([problem for item in loaded for problem in item.problems])
    table = Table(title="Rows that could not be read", caption=more or None)
    for column in ("file", "line", "field", "problem"):
        table.add_column(column)
    for problem in shown:
        table.add_row(problem.source, str(problem.line or ""), problem.field, problem.message)
    return table


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name in the environment nor the password database
        return "cli"


By = Annotated[
    str | None,
    typer.Option("--by", help="Who imports, as the version records it (default: the OS user)."),
]
PolicyOption = Annotated[
    Path | None, typer.Option("--policy", help="Policy YAML (default: the packaged one).")
]


def _store_version(
    db: str, bodies: tuple[ListFileBody, ...], by: str | None, policy: Path | None
) -> None:
    """Store a version, screen the open cases again against it, and print both."""
    with open_store(db) as store, store.session(writing=True) as session, session.begin():
        _, version, moves = import_and_rescreen(
            session, by or _os_user(), bodies, load_policy(policy), datetime.now(UTC)
        )
    console.print(versions_table((version,), "List version stored"))
    if moves:
        console.print(moves_table(moves, version.id))
    else:
        console.print("No open case to screen again.")


@lists_app.command("import")
def import_lists(
    files: Annotated[list[Path], typer.Argument(help="List files (format detected).")],
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store the files as one list version in this store (SQLite file or URL); "
            "refused whole if any record is unreadable. Without it, only report.",
        ),
    ] = None,
    by: By = None,
    policy: PolicyOption = None,
) -> None:
    """Read list files, report what they hold and every unreadable row; store them with --db.

    Without --db, exits 1 when any row is unreadable (after the report); with it, such files
    are refused (exit 2) and nothing is stored.
    """
    loaded = load_lists(files)
    console.print(_files_table(loaded))
    entities = all_entities(loaded)
    console.print(_counts_table("Entities per schema", Counter(e.schema.value for e in entities)))
    console.print(
        _counts_table("Entities per programme", Counter(p for e in entities for p in e.programmes))
    )
    if any(item.problems for item in loaded):
        console.print(_problems_table(loaded))
    else:
        console.print("Every row was read.")
    unread = [item.paths[0].name for item in loaded if not item.entities]
    if unread:
        console.print(
            Text.assemble(("nothing read from", "red"), f" {', '.join(unread)}: no entity in it")
        )
        raise typer.Exit(1)
    if db is not None:
        check_list_version(loaded)  # refused before the store is opened (or made)
        _store_version(db, list_file_bodies(loaded), by, policy)
    elif any(item.problems for item in loaded):
        raise typer.Exit(1)  # good rows reported, bad ones listed: as ats parse, route --fpl


@lists_app.command("versions")
def versions_command(
    db: Db = None,
    limit: Annotated[int, typer.Option(min=1, help="Most versions to show.")] = 50,
) -> None:
    """The stored list versions, newest first: the newest is the one screened against."""
    with open_store(db, create=False) as store, store.session() as session:
        versions = stored_list_versions(session, limit)
    if versions:
        console.print(versions_table(versions))
    else:
        console.print("No list version is stored.")


@lists_app.command("diff")
def diff_command(
    older: Annotated[
        int | None, typer.Argument(help="Version to compare from (default: the one before V2).")
    ] = None,
    newer: Annotated[
        int | None, typer.Argument(help="Version to compare with (default: the newest).")
    ] = None,
    db: Db = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the changes as JSON.")] = False,
    limit: Annotated[int, typer.Option(min=1, help="Most changes shown in the table.")] = 200,
) -> None:
    """Entities added, removed and changed (names, identifiers, programmes) between versions."""
    with open_store(db, create=False) as store, store.session() as session:
        before, after, changes = diff_versions(session, older, newer)
    if as_json:
        payload = {"from": to_jsonable(before), "to": to_jsonable(after)}
        payload["changes"] = to_jsonable(changes.changes)
        typer.echo(json.dumps(payload, indent=2, ensure_ascii=False))
        return
    console.print(f"List version {before.id} → {after.id}: {before.label} → {after.label}")
    if changes.changes:
        console.print(changes_table(changes, limit))
    else:
        console.print("No entity changed.")


def _matches_table(query: str, matches: tuple[Match, ...]) -> Table:
    table = Table(title=f"Matches for {query!r}")
    for column in ("score", "entity", "list", "ref", "schema", "matched", "why"):
        table.add_column(column)
    for match in matches:
        entity = match.entity
        why = "; ".join(str(feature) for feature in match.features)
        table.add_row(
            f"{match.score:.2f}",
            entity.caption,
            entity.source.value,
            entity.source_ref,
            entity.schema.value,
            match.matched,
            why,
        )
    return table


@lists_app.command("search")
def search(
    name: Annotated[
        str, typer.Argument(help="Name (or, with --identifier, identifier) to look for.")
    ],
    list_files: Annotated[
        list[Path] | None,
        typer.Option(
            "--list",
            help="List file to search (repeatable; default: the store's newest list version).",
        ),
    ] = None,
    db: Db = None,
    schema: Annotated[Schema | None, typer.Option(help="Only this kind of entity.")] = None,
    identifier: Annotated[
        IdentifierKind | None, typer.Option(help="Search NAME as an identifier of this kind.")
    ] = None,
    born: Annotated[
        str,
        typer.Option(help="The person's date or year of birth: scores listed persons up or down."),
    ] = "",
    nationality: Annotated[
        str,
        typer.Option(
            help="The person's nationality (CC or name): scores listed persons up or down."
        ),
    ] = "",
    limit: Annotated[int, typer.Option(min=1, help="Most matches to show.")] = 10,
    threshold: Annotated[float, typer.Option(min=0.0, max=1.0, help="Lowest score shown.")] = 0.8,
) -> None:
    """Search list files, or the stored newest list version, for a name or an identifier.

    Each match says why it matched; --born and --nationality weigh listed persons' facts in.
    """
    try:
        facts = person_facts(born, nationality)
    except InputError as err:  # name the option, not the fact
        raise InputError(
            "--born" if born and err.what == "birth date" else "--nationality", err.message
        ) from None
    if list_files:
        entities = readable_entities(load_lists(list_files), "--list")
    else:
        stored = newest_store_entities(db)
        if stored is None:
            raise InputError("--list", "give a list file: the store holds no list version")
        version, entities = stored
        console.print(f"Searching {version.label}")
    index = WatchlistIndex.build(entities)
    if identifier is not None:
        matches = index.match_identifier(identifier, name)[:limit]
    else:
        matches = index.match_name(
            name, schema=schema, limit=limit, threshold=threshold, facts=facts
        )
    if matches:
        console.print(_matches_table(name, matches))
    else:
        console.print(f"No match for {name!r} in {len(index)} entities.")


def _parse_source(text: str) -> ListSource:
    """An official source by name, or ``NAME=URL`` (an official name keeps its file name)."""
    name, sep, url = text.partition("=")
    if not sep:
        try:
            return source_for(name)
        except InputError as err:
            raise InputError("--source", f"{text!r}: {err.message}; or give NAME=URL") from None
    if not name or not url.startswith(("http://", "https://")):
        raise InputError(
            "--source", f"{text!r} is not a source name nor NAME=URL with an http(s) URL"
        )
    known = {source.name: source for source in OFFICIAL_SOURCES}
    filename = known[name].filename if name in known else Path(url).name or f"{name}.dat"
    return ListSource(name, url, filename)


def _sources_table() -> Table:
    table = Table(title="List sources (fetched by default unless marked opt-in)")
    for column in ("name", "fetched", "file", "url"):
        table.add_column(column, overflow="fold")
    for item in OFFICIAL_SOURCES:
        fetched = "default" if item.by_default else "opt-in"
        table.add_row(item.name, fetched, item.filename, item.url)
    return table


_SOURCE_HELP = (
    "Source to fetch instead of the default ones (repeatable): an official name ("
    + ", ".join(s.name if s.by_default else f"{s.name} opt-in" for s in OFFICIAL_SOURCES)
    + "), or NAME=URL. sdn_advanced.xml repeats the SDN CSVs: a version may hold one form."
)


@lists_app.command("fetch")
def fetch(
    folder: Annotated[
        Path | None,
        typer.Argument(help="Folder to save the files in (default with --db: a temporary one)."),
    ] = None,
    source: Annotated[list[str] | None, typer.Option(help=_SOURCE_HELP)] = None,
    list_sources: Annotated[
        bool, typer.Option("--list-sources", help="Print the official sources and stop.")
    ] = False,
    timeout_s: Annotated[float, typer.Option(min=0.1, help="Network timeout, seconds.")] = 60.0,
    db: Annotated[
        str | None,
        typer.Option(
            "--db",
            help="Store the files, once every one reads in full, as one list version here.",
        ),
    ] = None,
    by: By = None,
    policy: PolicyOption = None,
) -> None:
    """Download the official list files; with --db, verify and store them as a version.

    By default: the OFAC SDN CSVs (sdn, alt, add), the UN consolidated list and the EU FSF.
    """
    if list_sources:
        console.print(_sources_table())
        return
    sources = tuple(_parse_source(text) for text in source) if source else DEFAULT_SOURCES
    if folder is None and db is None:
        raise InputError("FOLDER", "give a folder to save the files in, or --db to store them")
    with tempfile.TemporaryDirectory(prefix="overflight-fetch-") as scratch:
        bodies = download_list_files(sources, folder or Path(scratch), timeout_s)
        where = f", saved in {folder}" if folder else ""
        for item in bodies:
            console.print(f"{item.name}: {len(item.body):,} bytes from {item.source_url}{where}")
    if db is not None:
        _store_version(db, bodies, by, policy)


__all__ = ["lists_app"]
