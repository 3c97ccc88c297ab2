"""Web throughput under 50 concurrent clients: a case view and screening, against ``/api/me``.

Starts uvicorn on 127.0.0.1 (a free port) in a subprocess over a new SQLite store holding one
case with a flight, a verdict and an engagement; logs one analyst in; then for each endpoint runs
``--clients`` concurrent httpx clients for ``--seconds`` and reports requests/s and latency
percentiles. ``GET /api/me`` (log-in check only) is the baseline the others are compared with:
the ratio is what the case read (access gate, five queries, an audit row) or the screening
(parse, transits, indicators) costs on top of authentication. Loopback only.

Run: .venv/bin/python bench/bench_web.py [--clients 50] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
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
from overflight.markings import Level
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
            session, "bench", PASSWORD, clearance=Level.S, nationality="USA", role=Role.ANALYST
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
    token: str,
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
    headers = {"Authorization": f"Bearer {token}"}

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


def main() -> None:
    """Run the three loads and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()
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
            # Warm the caches (airspace, route) before timing.
            httpx.get(
                f"{base}/api/cases/{case_id}/route",
                headers={"Authorization": f"Bearer {token}"},
                timeout=120,
            )
            httpx.post(
                f"{base}/api/screen",
                headers={"Authorization": f"Bearer {token}"},
                data={"text": FPL},
                timeout=120,
            )
            loads = (
                ("GET /api/me (baseline)", "GET", "/api/me", None),
                ("GET /api/cases/{id}", "GET", f"/api/cases/{case_id}", None),
                ("POST /api/screen (FPL)", "POST", "/api/screen", {"text": FPL}),
            )
            print(f"{args.clients} clients, {args.seconds:g} s each, uvicorn 1 worker, SQLite")
            columns = ("req/s", "p50 ms", "p95 ms", "failed", "× baseline")
            print(f"{'endpoint':28}", *(f"{c:>8}" for c in columns))
            baseline = 0.0
            for name, method, path, form in loads:
                ok, failed, latencies = asyncio.run(
                    drive(base, token, method, path, form, args.clients, args.seconds)
                )
                rate = ok / args.seconds
                baseline = baseline or rate
                print(
                    f"{name:28} {rate:8.1f} {_percentile(latencies, 0.5) * 1000:8.1f} "
                    f"{_percentile(latencies, 0.95) * 1000:8.1f} {failed:7d} "
                    f"{baseline / rate if rate else float('inf'):10.1f}×"
                )
        finally:
            server.terminate()
            server.wait(timeout=10)


if __name__ == "__main__":
    main()
