"""``overflight serve``: run the web app and API with uvicorn (loopback by default)."""

from __future__ import annotations

from typing import Annotated

import typer
import uvicorn
from rich.console import Console

from overflight.cli import app
from overflight.services.accounts import ensure_admin
from overflight.store import open_store
from overflight.web import WebSettings, create_app

console = Console(highlight=False)


def first_admin(database: str | None) -> tuple[str, str] | None:
    """Create the local admin on a store with no account; returns (user, password) if created."""
    with open_store(database) as store, store.session() as session, session.begin():
        return ensure_admin(session)


@app.command()
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", help="Port to listen on.")] = 8000,
    db: Annotated[
        str | None, typer.Option("--db", help="Store URL or SQLite path (default: $OVERFLIGHT_DB).")
    ] = None,
) -> None:
    """Serve the case board, screening pages and the REST API (log in first)."""
    created = first_admin(db)
    if created is not None:
        user, password = created
        console.print(
            f"Created the local admin. Log in at http://{host}:{port}/login as "
            f"[bold]{user}[/] with password [bold]{password}[/] (shown once; keep it safe)."
        )
    else:
        console.print(f"Log in at http://{host}:{port}/login")
    uvicorn.run(create_app(WebSettings(database=db)), host=host, port=port, log_level="warning")
