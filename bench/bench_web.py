"""Web throughput under 50 concurrent clients: case view, board, screening; stores and workers.

For each store (SQLite, PostgreSQL) and each worker count it fills a new store with one case
holding a flight, a verdict and an engagement, starts ``overflight serve --workers N`` on
127.0.0.1 (a free port) in a subprocess, logs one analyst in (a bearer token for the API, the
page cookie for the pages), then for each endpoint runs ``--clients`` connections for
``--seconds`` and reports requests/s and p50/p95/p99 latency. The client is ``wrk`` when it is
installed, for GETs and ``POST /api/screen`` (a form, not recorded) alike; ``--client httpx``
forces the in-process asyncio client, itself the bottleneck above a few hundred req/s.
``GET /api/me`` (log-in check only) is the baseline. ``--write-every S`` adds a writer: a
thread that records an engagement on the case every S seconds during each load, through the
store as the CLI would (each write changes the case view and the board). After each server
stops, the kept answers its workers gave and built (``kept answers: N hits, M misses``, a tree
that keeps none says nothing) are printed for the whole run. Loopback only. Beside the rate,
each row gives the server's CPU per request (its processes' user + system time over the run,
read from ``/proc``, workers included, PostgreSQL's own processes not): steadier than req/s on
a shared machine, as it counts no time spent waiting for a core.

PostgreSQL: ``--pg-url`` names a server and a database to connect to (default the local
``test``); the bench creates a database of its own there (``overflight_bench_<pid>``) and drops
it after. A store that cannot be reached is skipped with a line saying why.

The server runs the ``overflight`` found on ``PYTHONPATH``, so two runs side by side compare
two trees: ``PYTHONPATH=/path/to/old/src python bench/bench_web.py --label before``.

Run: .venv/bin/python bench/bench_web.py [--clients 50] [--seconds 10] [--only case,board]
     [--stores sqlite,postgresql] [--workers 1,2] [--write-every 0.5]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from pathlib import Path
from urllib.parse import urlencode

import httpx

from overflight.cases import (
    ingest_text,
    open_case,
    record_engagement,
    stored_flights,
)
from overflight.markings import ClassificationLevel
from overflight.services.accounts import Role, create_user
from overflight.store import open_store

PASSWORD = "bench password 1"
FPL = (
    "(FPL-KOR151-IN-IL76/H-SDGY/S-ZKPY0200-K0780S1010 DCT SANKO-OSDI1055 OSAP"
    "-STS/STATE HUM DOF/260529 REG/P632 TYP/IL76 CODE/72A001 "
    "OPR/AIR KORYO RMK/CARGO MACHINE PARTS)"
)


def seed(database: str) -> int:
    """An analyst and one case following a flight; returns the case id."""
    now = datetime(2026, 5, 28, 12, tzinfo=UTC)
    with open_store(database) as store, store.session() as session:
        create_user(
            session,
            "bench",
            PASSWORD,
            clearance=ClassificationLevel.S,
            nationality="USA",
            role=Role.ANALYST,
        )
        session.commit()
        ingest_text(session, FPL, "bench.txt", at=now)
        flight = stored_flights(session)[0]
        case = open_case(session, "KOR151 ZKPY-OSDI", flight_id=flight.id, at=now)
        record_engagement(session, case.id, "TR", demarche_on=date(2026, 5, 28))
        session.commit()
        return case.id


@contextmanager
def writer(database: str, case_id: int, every_s: float) -> Iterator[list[int]]:
    """A thread recording an engagement on the case every ``every_s`` s (none when 0).

    Yields the list its writes are counted in.
    """
    written: list[int] = []
    stop = threading.Event()

    def run() -> None:
        with open_store(database) as store:
            while not stop.wait(every_s):
                with store.session(writing=True) as session:  # the write lock first
                    record_engagement(session, case_id, "TR", demarche_on=date(2026, 5, 28))
                    session.commit()
                written.append(1)

    thread = threading.Thread(target=run, daemon=True)
    if every_s > 0:
        thread.start()
    try:
        yield written
    finally:
        stop.set()
        if every_s > 0:
            thread.join()


def kept_answers(log: str) -> str:
    """The kept answers the server's workers report as they stop, summed ("" for none)."""
    found = re.findall(r"kept answers: (\d+) hits, (\d+) misses", log)
    if not found:
        return ""
    hits, misses = sum(int(h) for h, _ in found), sum(int(m) for _, m in found)
    return f"{hits} hits, {misses} misses ({hits / max(1, hits + misses):.1%} hits)"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database: str, port: int, workers: int, log: Path) -> subprocess.Popen[bytes]:
    """``overflight serve --workers N`` on 127.0.0.1:port, in a subprocess; once it answers.

    What it says goes to ``log``.
    """
    command = [sys.executable, "-m", "overflight.cli", "serve", "--db", database]
    command += ["--port", str(port)]
    command += ["--workers", str(workers)] if workers > 1 else []  # a tree from before N works
    with log.open("w") as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT)
    for _ in range(600):
        if process.poll() is not None:
            raise SystemExit(f"overflight serve stopped (exit {process.returncode})")
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("overflight serve did not start")


@contextmanager
def postgres_database(url: str) -> Iterator[str]:
    """A new database on the server of ``url``, dropped after; yields its URL."""
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    name = f"overflight_bench_{os.getpid()}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


async def drive(
    base: str,
    headers: dict[str, str],
    method: str,
    path: str,
    form: dict[str, str] | None,
    clients: int,
    seconds: float,
) -> tuple[int, int, list[float]]:
    """``clients`` concurrent loops for ``seconds``; returns (ok, failed, latencies in s)."""
    latencies: list[float] = []
    failed = 0
    deadline = time.perf_counter() + seconds

    async def one(client: httpx.AsyncClient) -> None:
        nonlocal failed
        while time.perf_counter() < deadline:
            start = time.perf_counter()
            try:
                response = await client.request(method, path, headers=headers, data=form)
            except httpx.TransportError:  # a dropped connection is a failed request, not the end
                failed += 1
                continue
            if response.status_code == 200:
                latencies.append(time.perf_counter() - start)
            else:
                failed += 1

    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as client:
        await asyncio.gather(*(one(client) for _ in range(clients)))
    return len(latencies), failed, latencies


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] if ordered else float("nan")


_WRK_REPORT = """
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %d %d %d %d\\n", summary.requests,
    e.status + e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def drive_wrk(
    base: str,
    headers: dict[str, str],
    method: str,
    path: str,
    form: dict[str, str] | None,
    clients: int,
    seconds: float,
    folder: str,
) -> tuple[float, int, float, float, float]:
    """``wrk`` on one request (a form is sent URL-encoded): req/s, failed, p50, p95, p99 (s)."""
    script = Path(folder) / "report.lua"
    request = f"wrk.method = {method!r}\n"
    if form is not None:
        body = urlencode(form).replace("\\", "\\\\").replace('"', '\\"')
        request += f'wrk.body = "{body}"\n'
        request += 'wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"\n'
    script.write_text(request + _WRK_REPORT)
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds:g}s", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, base + path], capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    requests, failed, micros, p50, p95, p99 = (int(x) for x in line.split()[1:])
    ok = requests - failed
    return ok / (micros / 1e6), failed, p50 / 1e6, p95 / 1e6, p99 / 1e6


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of process ``pid`` and its descendants (Linux ``/proc``)."""
    tick = os.sysconf("SC_CLK_TCK")
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        try:
            stat = Path(f"/proc/{current}/stat").read_text()
            fields = stat.rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime
            for task in Path(f"/proc/{current}/task").iterdir():
                pending += [int(c) for c in (task / "children").read_text().split()]
        except (OSError, IndexError, ValueError):  # gone, or no /proc: counted as nothing
            continue
    return total


def page_cookie(base: str) -> dict[str, str]:
    """The Cookie header of the analyst logged in through the login page."""
    with httpx.Client(base_url=base) as client:
        form = client.get("/login").text
        token = form.split('name="csrf_token" value="', 1)[1].split('"', 1)[0]
        client.post("/login", data={"username": "bench", "password": PASSWORD, "csrf_token": token})
        cookie = client.cookies.get("overflight_session")
    if not cookie:
        raise SystemExit("the page login gave no cookie")
    return {"Cookie": f"overflight_session={cookie}"}


def run_loads(
    database: str, workers: int, args: argparse.Namespace, folder: str, label: str
) -> list[str]:
    """Seed ``database``, serve it with ``workers`` workers, drive each load; the table's rows."""
    case_id = seed(database)
    port = _free_port()
    log = Path(folder) / "serve.log"
    server = start_server(database, port, workers, log)
    base = f"http://127.0.0.1:{port}"
    rows = []
    try:
        token = httpx.post(
            f"{base}/api/token", data={"username": "bench", "password": PASSWORD}
        ).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        cookie = page_cookie(base)
        for _ in range(4 * workers):  # warm every worker's caches (airspace, route, lists)
            httpx.get(f"{base}/api/cases/{case_id}/route", headers=bearer, timeout=120)
            httpx.post(f"{base}/api/screen", headers=bearer, data={"text": FPL}, timeout=120)
        loads = (
            ("me", "GET /api/me (baseline)", "GET", "/api/me", None, bearer),
            ("case", "GET /api/cases/{id}", "GET", f"/api/cases/{case_id}", None, bearer),
            ("page", "GET /cases/{id} (page)", "GET", f"/cases/{case_id}", None, cookie),
            ("cases", "GET /api/cases", "GET", "/api/cases", None, bearer),
            ("board", "GET / (board)", "GET", "/", None, cookie),
            ("screen", "POST /api/screen (FPL)", "POST", "/api/screen", {"text": FPL}, bearer),
        )
        wanted = set(filter(None, args.only.split(",")))
        use_wrk = args.client == "wrk" and shutil.which("wrk") is not None
        for key, name, method, path, form, headers in loads:
            if wanted and key not in wanted:
                continue
            cpu_before = cpu_seconds(server.pid)
            with writer(database, case_id, args.write_every) as written:
                if use_wrk:
                    rate, failed, p50, p95, p99 = drive_wrk(
                        base, headers, method, path, form, args.clients, args.seconds, folder
                    )
                else:
                    ok, failed, latencies = asyncio.run(
                        drive(base, headers, method, path, form, args.clients, args.seconds)
                    )
                    rate = ok / args.seconds
                    p50, p95, p99 = (_percentile(latencies, q) for q in (0.5, 0.95, 0.99))
            name += f" ({len(written)} writes)" if written else ""
            cpu_ms = 1000 * (cpu_seconds(server.pid) - cpu_before) / max(1, rate * args.seconds)
            load = os.getloadavg()[0]
            row = (
                f"| {label} | {workers} | `{name}` | {rate:.0f} | {p50 * 1000:.0f} | "
                f"{p95 * 1000:.0f} | {p99 * 1000:.0f} | {cpu_ms:.2f} | {failed} | {load:.1f} |"
            )
            print(row, flush=True)
            rows.append(row)
    finally:
        server.terminate()
        server.wait(timeout=30)
    # The server's errors, by kind: a request wrk cut at the end of a run is a ClientDisconnect.
    kinds = Counter(
        line.split(":")[0].removesuffix(")")
        for line in log.read_text().splitlines()
        if line.startswith(("starlette.", "sqlalchemy.", "psycopg.", "RuntimeError"))
    )
    if kinds:
        print(f"(server errors, {label}, {workers} workers: {dict(kinds)})", flush=True)
    if kept := kept_answers(log.read_text()):
        print(f"(kept answers, {label}, {workers} workers, every load: {kept})", flush=True)
    return rows


def main() -> None:
    """Run the loads on each store and worker count and print the table (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--client", choices=("wrk", "httpx"), default="wrk")
    parser.add_argument("--label", default="", help="a name for this tree in the output")
    parser.add_argument("--only", default="", help="comma-separated load names (me,case,...)")
    parser.add_argument("--stores", default="sqlite,postgresql", help="sqlite and/or postgresql")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument(
        "--write-every", type=float, default=0.0, help="seconds between a writer's changes"
    )
    parser.add_argument(
        "--pg-url",
        default="postgresql+psycopg://postgres@127.0.0.1:5432/test",
        help="a PostgreSQL server to make the bench's own database on",
    )
    args = parser.parse_args()
    client = "wrk" if args.client == "wrk" and shutil.which("wrk") else "httpx"
    print(
        f"{args.label or os.environ.get('PYTHONPATH', '')}: {args.clients} connections, "
        f"{args.seconds:g} s each, client {client}, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC"
    )
    print(
        "| store | workers | endpoint | req/s | p50 ms | p95 ms | p99 ms | CPU ms/req | failed "
        "| load |"
    )
    print("| --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    counts = [int(n) for n in args.workers.split(",") if n]
    for store in filter(None, args.stores.split(",")):
        for workers in counts:
            with tempfile.TemporaryDirectory() as folder:
                if store == "sqlite":
                    run_loads(str(Path(folder) / "bench.db"), workers, args, folder, "SQLite")
                    continue
                why = postgres_unreachable(args.pg_url)
                if why:
                    print(f"| PostgreSQL | {workers} | skipped: {why} |")
                    continue
                with postgres_database(args.pg_url) as url:
                    run_loads(url, workers, args, folder, "PostgreSQL")


def postgres_unreachable(url: str) -> str:
    """Why the PostgreSQL server of ``url`` cannot be used ("" when it can)."""
    from sqlalchemy import create_engine, text

    try:
        engine = create_engine(url)
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as err:  # no server, no driver: the bench says so and goes on
        return f"{type(err).__name__}: {str(err).splitlines()[0]}"
    return ""


if __name__ == "__main__":
    main()
