"""``overflight serve``: run the web app and API with uvicorn (loopback by default)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from overflight.cli import app
from overflight.services.accounts import ensure_admin
from overflight.services.screening import load_reference
from overflight.store import open_store
from overflight.web import WebSettings, create_app

console = Console(highlight=False)


def first_admin(database: str | None) -> tuple[str, str] | None:
    """Create the local admin on a store with no account; returns (user, password) if created."""
    with open_store(database) as store, store.session() as session, session.begin():
        return ensure_admin(session)


def serve_settings(
    db: str | None, lists: list[Path], policy: Path | None, secure_cookies: bool
) -> WebSettings:
    """The app's settings from the command line (lists and policy read now: errors stop here).

    Raises:
        InputError: list files were given but no entity could be read from them.
        PolicyError: the policy file is not valid.
    """
    reference = load_reference(lists, policy)
    return WebSettings(database=db, reference=reference, secure_cookies=secure_cookies)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[
        int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")
    ] = 8000,
    db: Annotated[
        str | None, typer.Option("--db", help="Store URL or SQLite path (default: $OVERFLIGHT_DB).")
    ] = None,
    lists: Annotated[
        list[Path] | None,
        typer.Option(
            "--lists", help="Watch list file to screen against until an admin imports one."
        ),
    ] = None,
    policy: Annotated[
        Path | None, typer.Option("--policy", help="Policy YAML (default: the packaged one).")
    ] = None,
    secure_cookies: Annotated[
        bool, typer.Option("--secure-cookies", help="Mark cookies Secure (served over HTTPS).")
    ] = False,
) -> None:
    """Serve the case board, screening pages and the REST API (log in first)."""
    settings = serve_settings(db, list(lists or ()), policy, secure_cookies)
    created = first_admin(db)
    if created is not None:
        user, password = created
        console.print(
            f"Created the local admin. Log in at http://{host}:{port}/login as "
            f"[bold]{user}[/] with password [bold]{password}[/] (shown once; keep it safe)."
        )
    else:
        console.print(f"Log in at http://{host}:{port}/login")
    if settings.reference.lists is not None:
        console.print(f"Screening against {settings.reference.lists_label}.")
    uvicorn.run(create_app(settings), host=host, port=port, log_level="warning")
