"""``overflight user``: accounts for the web app, added by an administrator on the store."""

from __future__ import annotations

import secrets
from typing import Annotated

import typer
from rich.console import Console

from overflight.cli import app
from overflight.errors import InputError
from overflight.markings import Level, to_trigraph
from overflight.services.accounts import Role, create_user
from overflight.store import open_store

console = Console(highlight=False)
user_app = typer.Typer(help="Web accounts: add one.", no_args_is_help=True)
app.add_typer(user_app, name="user")


@user_app.command("add")
def add_command(
    username: Annotated[str, typer.Argument(help="The login name.")],
    clearance: Annotated[str, typer.Option(help="U, C, S or TS.")],
    nationality: Annotated[str, typer.Option(help="Trigraph or country: USA, TUR, Kazakhstan.")],
    organisation: Annotated[str, typer.Option(help="Organisation (for REL TO and ORCON).")] = "",
    role: Annotated[str, typer.Option(help="viewer, analyst or admin.")] = "viewer",
    db: Annotated[str | None, typer.Option("--db", help="SQLite file or database URL.")] = None,
) -> None:
    """Add an account with a random password, printed once."""
    try:
        level = Level[clearance.strip().upper()]
    except KeyError:
        raise InputError("--clearance", f"{clearance!r}: give U, C, S or TS") from None
    try:
        kind = Role(role.strip().lower())
    except ValueError:
        raise InputError("--role", f"{role!r}: give viewer, analyst or admin") from None
    try:
        trigraph = to_trigraph(nationality)
    except ValueError as err:
        raise InputError("--nationality", str(err)) from None
    password = secrets.token_urlsafe(18)
    with open_store(db) as store, store.session() as session, session.begin():
        account = create_user(
            session,
            username,
            password,
            clearance=level,
            nationality=trigraph,
            organisation=organisation,
            role=kind,
        )
    console.print(
        f"added [bold]{account.username}[/] ({account.clearance.name}, {account.nationality}, "
        f"{account.role.value}); password [bold]{password}[/] (shown once)"
    )
