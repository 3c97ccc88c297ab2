"""Web throughput under 50 concurrent clients: case view, case page, board, screening.

Starts uvicorn on 127.0.0.1 (a free port) in a subprocess over a new SQLite store holding one
case with a flight, a verdict and an engagement; logs one analyst in (a bearer token for the
API, the page cookie for the pages); then for each endpoint runs ``--clients`` connections for
``--seconds`` and reports requests/s and p50/p95/p99 latency. The client is ``wrk`` when it is
installed (``--client httpx`` forces the in-process asyncio client, which is itself the
bottleneck above a few hundred req/s). ``GET /api/me`` (log-in check only) is the baseline the
others are compared with. Loopback only.

The server runs the ``overflight`` found on ``PYTHONPATH``, so two runs side by side compare
two trees: ``PYTHONPATH=/path/to/old/src python bench/bench_web.py --label before``.

Run: .venv/bin/python bench/bench_web.py [--clients 50] [--seconds 10] [--only case,board]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

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


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database: str, port: int) -> subprocess.Popen[bytes]:
    """uvicorn on 127.0.0.1:port in a subprocess; returns once it answers."""
    code = (
        "import uvicorn; from overflight.web import WebSettings, create_app; "
        f"uvicorn.run(create_app(WebSettings(database={database!r})), host='127.0.0.1', "
        f"port={port}, log_level='warning')"
    )
    process = subprocess.Popen([sys.executable, "-c", code])
    for _ in range(300):
        try:
            httpx.get(f"http://127.0.0.1:{port}/login", timeout=1)
            return process
        except httpx.TransportError:
            time.sleep(0.1)
    process.terminate()
    raise SystemExit("uvicorn did not start")


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
    base: str, headers: dict[str, str], path: str, clients: int, seconds: float, folder: str
) -> tuple[float, int, float, float, float]:
    """``wrk`` on a GET; returns (req/s, failed, p50, p95, p99 in s)."""
    script = Path(folder) / "report.lua"
    script.write_text(_WRK_REPORT)
    command = ["wrk", "-t2", f"-c{clients}", f"-d{seconds:g}s", "-s", str(script)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    out = subprocess.run([*command, base + path], capture_output=True, text=True, check=True)
    line = next(x for x in out.stdout.splitlines() if x.startswith("RESULT "))
    requests, failed, micros, p50, p95, p99 = (int(x) for x in line.split()[1:])
    ok = requests - failed
    return ok / (micros / 1e6), failed, p50 / 1e6, p95 / 1e6, p99 / 1e6


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


def main() -> None:
    """Run the loads and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--client", choices=("wrk", "httpx"), default="wrk")
    parser.add_argument("--label", default="", help="a name for this tree in the output")
    parser.add_argument("--only", default="", help="comma-separated load names (me,case,...)")
    args = parser.parse_args()
    use_wrk = args.client == "wrk" and shutil.which("wrk") is not None
    with tempfile.TemporaryDirectory() as folder:
        database = str(Path(folder) / "bench.db")
        case_id = seed(database)
        port = _free_port()
        server = start_server(database, port)
        base = f"http://127.0.0.1:{port}"
        try:
            token = httpx.post(
                f"{base}/api/token", data={"username": "bench", "password": PASSWORD}
            ).json()["access_token"]
            bearer = {"Authorization": f"Bearer {token}"}
            cookie = page_cookie(base)
            # Warm the caches (airspace, route) before timing.
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
            client = "wrk" if use_wrk else "httpx"
            print(
                f"{args.label or os.environ.get('PYTHONPATH', '')}: {args.clients} connections, "
                f"{args.seconds:g} s each, client {client}, uvicorn 1 worker, SQLite"
            )
            columns = ("req/s", "p50 ms", "p95 ms", "p99 ms", "failed", "× baseline")
            print(f"{'endpoint':26}", *(f"{c:>8}" for c in columns))
            baseline = 0.0
            for key, name, method, path, form, headers in loads:
                if wanted and key not in wanted and key != "me":
                    continue
                if use_wrk and method == "GET":
                    rate, failed, p50, p95, p99 = drive_wrk(
                        base, headers, path, args.clients, args.seconds, folder
                    )
                else:
                    ok, failed, latencies = asyncio.run(
                        drive(base, headers, method, path, form, args.clients, args.seconds)
                    )
                    rate = ok / args.seconds
                    p50, p95, p99 = (_percentile(latencies, q) for q in (0.5, 0.95, 0.99))
                baseline = baseline or rate
                print(
                    f"{name:26} {rate:8.1f} {p50 * 1000:8.1f} {p95 * 1000:8.1f} "
                    f"{p99 * 1000:8.1f} {failed:8d} "
                    f"{baseline / rate if rate else float('inf'):10.1f}×"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
