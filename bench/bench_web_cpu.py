"""CPU per request of the web's reads, in process: the ASGI app under ``httpx.ASGITransport``.

Seeds the store of ``bench_web.py`` (an analyst, a case following a flight, an engagement),
logs in by token and by the login page, then sends each read (and the screening of the bench FPL,
not recorded) ``--requests`` times after a
warm-up and reports the process CPU (every thread, the audit writer's included) per request.
No server, no sockets: what a worker spends on the request itself. ``--profile NAME`` runs
that read under cProfile instead (thread-pool calls run inline so the profile sees them).

``--handlers`` calls the API handlers of the case view and the listing directly instead, in
one thread, a session and a transaction per call, no login and no audit write: the reads and
the answer alone, which the rest of the request (login, audit, ASGI) does not blur.

Run it on two trees in turn (``PYTHONPATH=<tree>/src``) to compare them.
Run: .venv/bin/python bench/bench_web_cpu.py [--requests 300] [--profile case] [--handlers]
[--pg-url postgresql+psycopg://postgres@127.0.0.1:5432/test]
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import os
import pstats
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).parent))
from bench_web import FPL, PASSWORD, postgres_database, seed
from overflight.web.app import create_app
from overflight.web.settings import WebSettings

READS = ("case", "page", "cases", "board", "me", "screen")
POSTS = {"screen": {"text": FPL}}  # the form a read posts (``POST /api/screen``, not recorded)


async def _run(database: str, args: argparse.Namespace) -> None:
    case_id = seed(database)
    app = create_app(WebSettings(database=database))
    async with app.router.lifespan_context(app):
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            token = (
                await client.post("/api/token", data={"username": "bench", "password": PASSWORD})
            ).json()["access_token"]
            bearer = {"Authorization": f"Bearer {token}"}
            form = (await client.get("/login")).text
            csrf = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
            await client.post(
                "/login", data={"username": "bench", "password": PASSWORD, "csrf_token": csrf}
            )
            cookie = {"Cookie": f"overflight_session={client.cookies['overflight_session']}"}
            client.cookies.clear()
            reads: dict[str, tuple[str, dict[str, str]]] = {
                "case": (f"/api/cases/{case_id}", bearer),
                "page": (f"/cases/{case_id}", cookie),
                "cases": ("/api/cases", bearer),
                "board": ("/", cookie),
                "me": ("/api/me", bearer),
                "screen": ("/api/screen", bearer),
            }
            names = [n for n in args.only.split(",") if n] or list(READS)
            for name in names:
                path, headers = reads[name]
                form = POSTS.get(name)
                method = "GET" if form is None else "POST"

                async def send(
                    path: str = path, headers: Any = headers, form: Any = form, method: str = method
                ) -> Any:
                    return await client.request(method, path, headers=headers, data=form)

                for _ in range(20):
                    answer = await send()
                    assert answer.status_code == 200, (path, answer.status_code, answer.text)
                if args.profile == name:
                    await _profile(send, args.requests)
                    continue
                start = time.process_time()
                for _ in range(args.requests):
                    await send()
                cpu_ms = (time.process_time() - start) * 1000 / args.requests
                load = os.getloadavg()[0]
                print(f"{name:6} {path:22} {cpu_ms:6.2f} ms CPU/request  (load {load:.1f})")


async def _profile(send: Callable[[], Awaitable[Any]], requests: int) -> None:
    import anyio.to_thread

    async def inline(func: Any, *a: Any, **_kw: Any) -> Any:
        return func(*a)

    saved = anyio.to_thread.run_sync
    anyio.to_thread.run_sync = inline  # type: ignore[assignment]
    profile = cProfile.Profile()
    try:
        profile.enable()
        for _ in range(requests):
            await send()
        profile.disable()
    finally:
        anyio.to_thread.run_sync = saved
    pstats.Stats(profile).sort_stats("cumulative").print_stats("overflight", 60)


def _handlers(database: str, requests: int) -> None:
    from types import SimpleNamespace

    from overflight.services.accounts import account_named
    from overflight.store import open_store
    from overflight.web import case_api

    case_id = seed(database)
    with open_store(database) as store:
        with store.session() as session:
            login = SimpleNamespace(account=account_named(session, "bench"))
        calls = {
            "case": lambda s: case_api.case(case_id, s, login),
            "cases": lambda s: case_api.cases(s, login, "", 100, 0),
        }
        for name, call in calls.items():
            for n in range(20 + requests):
                if n == 20:
                    start = time.process_time()
                with store.session() as session, session.begin():
                    answer = call(session)
                    assert answer.status_code == 200, answer.body
            cpu_ms = (time.process_time() - start) * 1000 / requests
            load = os.getloadavg()[0]
            print(f"{name:6} handler only          {cpu_ms:6.2f} ms CPU/call  (load {load:.1f})")


def main() -> None:
    """Seed a temporary SQLite store (or a PostgreSQL database) and measure each read."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--only", default="", help="comma-separated reads: " + ",".join(READS))
    parser.add_argument("--profile", default="", help="profile this read instead of timing it")
    parser.add_argument("--pg-url", default="", help="a PostgreSQL server to make a database on")
    parser.add_argument("--handlers", action="store_true", help="the handlers alone (above)")
    args = parser.parse_args()
    with ExitStack() as stack:
        folder = stack.enter_context(tempfile.TemporaryDirectory())
        database = str(Path(folder) / "bench.db")
        if args.pg_url:
            database = stack.enter_context(postgres_database(args.pg_url))
        if args.handlers:
            _handlers(database, args.requests)
        else:
            asyncio.run(_run(database, args))


if __name__ == "__main__":
    main()
