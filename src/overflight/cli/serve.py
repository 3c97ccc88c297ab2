"""``overflight serve``: run the web app and API with uvicorn (loopback by default).

Forwarded headers (``X-Forwarded-For``, ``X-Forwarded-Proto``) are ignored unless
``--trusted-proxy`` names the proxies they may come from: else any client could give itself a
fresh address per request and pass the login throttle.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import replace
from pathlib import Path
from typing import Annotated, Any

import typer
import uvicorn
from rich.text import Text

from overflight.cli import app, console
from overflight.errors import InputError
from overflight.services.accounts import ensure_admin
from overflight.services.desk import read_desk
from overflight.services.screening import load_reference
from overflight.store import open_store, use_write_ahead_log
from overflight.web import WebSettings, create_app
from overflight.web.serving import APP_FACTORY, OPTIONS_VARIABLE, ServeOptions


def first_admin(database: str | None) -> tuple[str, str] | None:
    """Create the local admin on a store with no account; returns (user, password) if created."""
    with open_store(database) as store, store.session(writing=True) as session, session.begin():
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


def parse_trusted_proxies(values: list[str]) -> tuple[str, ...]:
    """The ``--trusted-proxy`` values as IP addresses or networks, in their canonical form.

    Raises:
        InputError: a value is neither an IP address nor a network (``10.0.0.0/8``); a
            network with host bits set (``10.0.0.1/8``) is refused too, as a likely typo.
    """
    found = []
    for value in values:
        text = value.strip()
        try:
            parsed = ipaddress.ip_network(text) if "/" in text else ipaddress.ip_address(text)
        except ValueError as err:
            raise InputError(
                "--trusted-proxy",
                f"{value!r} is not an IP address or network such as 10.0.0.0/8 ({err})",
            ) from None
        found.append(str(parsed))
    return tuple(found)


def proxy_options(trusted: tuple[str, ...]) -> dict[str, Any]:
    """The options uvicorn takes for forwarded headers: off, or trusted from ``trusted`` alone."""
    if not trusted:
        return {"proxy_headers": False}
    return {"proxy_headers": True, "forwarded_allow_ips": list(trusted)}


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
        bool,
        typer.Option(
            "--secure-cookies", help="Mark cookies Secure and send HSTS (served over HTTPS)."
        ),
    ] = False,
    trusted_proxy: Annotated[
        list[str] | None,
        typer.Option(
            "--trusted-proxy",
            help="Take the client address from X-Forwarded-For when the request comes from "
            "this proxy (an IP address or network; repeatable). Default: never.",
        ),
    ] = None,
    desk: Annotated[
        Path | None,
        typer.Option(
            help="YAML with 'drafting:' (classified_by, point_of_contact, slugs, signature) for "
            "the telegrams analysts draft here, as for run; else $OVERFLIGHT_* variables."
        ),
    ] = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            min=1,
            max=64,
            help="Worker processes (about one per core); they share state through the store.",
        ),
    ] = 1,
) -> None:
    """Serve the case board, screening pages and the REST API (log in first)."""
    trusted = parse_trusted_proxies(list(trusted_proxy or ()))
    settings = serve_settings(db, list(lists or ()), policy, secure_cookies)
    settings = replace(settings, desk=read_desk(desk, os.environ).drafting)
    created = first_admin(db)  # migrates the store before any worker opens it
    if created is not None:
        user, password = created
        console.print(
            Text.assemble(
                f"Created the local admin. Log in at http://{host}:{port}/login as ",
                (user, "bold"),
                " with password ",
                (password, "bold"),
                " (shown once; keep it safe).",
            )
        )
    else:
        console.print(f"Log in at http://{host}:{port}/login")
    if settings.reference.lists is not None:
        console.print(f"Screening against {settings.reference.lists_label}.")
    if trusted:
        console.print(f"Trusting X-Forwarded-For from {', '.join(trusted)}.")
    options = ServeOptions(
        database=db,
        lists=tuple(str(p.resolve()) for p in lists or ()),
        policy=str(policy.resolve()) if policy else None,
        secure_cookies=secure_cookies,
        desk=str(desk.resolve()) if desk else None,
    )
    target, extra = app_and_workers(settings, options, workers)
    uvicorn.run(
        target,
        **extra,
        host=host,
        port=port,
        log_level="warning",
        timeout_graceful_shutdown=5,  # live-map streams end at once, not after their minute
        **proxy_options(trusted),
    )


def app_and_workers(
    settings: WebSettings, options: ServeOptions, workers: int
) -> tuple[Any, dict[str, Any]]:
    """What ``uvicorn.run`` takes: the app itself for one worker, else its factory's name.

    Several workers each import the factory, which rebuilds the settings from ``options``
    (passed in ``$OVERFLIGHT_SERVE_OPTIONS``). A SQLite store is put in WAL mode first, once.
    """
    if workers == 1:
        return create_app(settings), {}
    with open_store(settings.database) as store:
        use_write_ahead_log(store.engine)
    os.environ[OPTIONS_VARIABLE] = options.to_json()
    console.print(f"Serving with {workers} workers.")
    return APP_FACTORY, {"factory": True, "workers": workers}
