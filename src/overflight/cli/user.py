"""``overflight user``: accounts for the web app, managed by an administrator on the store.

The command line acts for the store's owner (audited as ``cli``): unlike an admin on the web, it
may grant any clearance, nationality and organisation, so it is how an account beyond every
admin's access is made.
"""

from __future__ import annotations

import secrets
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from overflight.cli import app, console
from overflight.services.accounts import (
    MIN_PASSWORD_LENGTH,
    parse_clearance,
    parse_nationality,
    parse_role,
)
from overflight.services.users import (
    AccountChange,
    add_account,
    change_account,
    list_accounts,
    reset_password,
)
from overflight.store import open_store

user_app = typer.Typer(
    help="Web accounts: list, add one, set a password, unlock.", no_args_is_help=True
)
app.add_typer(user_app, name="user")
DbOption = Annotated[str | None, typer.Option("--db", help="SQLite file or database URL.")]


@user_app.command("list")
def list_command(db: DbOption = None) -> None:
    """Every account: clearance, nationality, organisation, role, and whether it may log in."""
    with open_store(db, create=False) as store, store.session() as session:
        accounts = list_accounts(session, None)
    table = Table(title=f"{len(accounts)} account(s)")
    for column in ("user", "clearance", "nationality", "organisation", "role", "state"):
        table.add_column(column)
    for a in accounts:
        state = "active" if a.active else "disabled"
        if a.locked_until is not None:
            state += f", locked until {a.locked_until:%Y-%m-%d %H:%M}Z"
        table.add_row(
            a.username, a.clearance.name, a.nationality, a.organisation, a.role.value, state
        )
    console.print(table)


@user_app.command("add")
def add_command(
    username: Annotated[str, typer.Argument(help="The login name.")],
    clearance: Annotated[str, typer.Option(help="U, C, S or TS.")],
    nationality: Annotated[str, typer.Option(help="Trigraph or country: USA, TUR, Kazakhstan.")],
    organisation: Annotated[str, typer.Option(help="Organisation (for REL TO and ORCON).")] = "",
    role: Annotated[str, typer.Option(help="viewer, analyst or admin.")] = "viewer",
    db: DbOption = None,
) -> None:
    """Add an account with a random password, printed once (any clearance: you own the store)."""
    level = parse_clearance(clearance, "--clearance")
    kind = parse_role(role, "--role")
    trigraph = parse_nationality(nationality, "--nationality")
    password = secrets.token_urlsafe(18)
    with open_store(db) as store, store.session(writing=True) as session, session.begin():
        account = add_account(
            session,
            None,
            username,
            password,
            clearance=level,
            nationality=trigraph,
            organisation=organisation,
            role=kind,
        )
    console.print(
        Text.assemble(
            "added ",
            (account.username, "bold"),
            f" ({account.clearance.name}, {account.nationality}, {account.role.value}); password ",
            (password, "bold"),
            " (shown once)",
        )
    )


@user_app.command("passwd")
def passwd_command(
    username: Annotated[str, typer.Argument(help="The login name.")],
    db: DbOption = None,
) -> None:
    """Set an account's password (asked twice, not shown); ends its logins and clears a lock."""
    password: str = typer.prompt(
        f"New password for {username} (at least {MIN_PASSWORD_LENGTH} characters)",
        hide_input=True,
        confirmation_prompt=True,
    )
    with (
        open_store(db, create=False) as store,
        store.session(writing=True) as session,
        session.begin(),
    ):
        ended = reset_password(session, None, username, password)
    console.print(
        Text.assemble("password of ", (username, "bold"), f" set; {ended} login(s) ended")
    )


@user_app.command("unlock")
def unlock_command(
    username: Annotated[str, typer.Argument(help="The login name.")],
    db: DbOption = None,
) -> None:
    """Lift a lockout after too many failed logins (and reset the count)."""
    with (
        open_store(db, create=False) as store,
        store.session(writing=True) as session,
        session.begin(),
    ):
        change_account(session, None, username, AccountChange(unlock=True))
    console.print(Text.assemble((username, "bold"), " unlocked"))
