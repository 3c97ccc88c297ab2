"""The app under uvicorn on a free loopback port, and Debian's Chromium to drive it."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Screenshots of the browser tests (git-ignored): look at them after a run.
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


def free_port() -> int:
    """A TCP port free on the loopback now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(database: str) -> Iterator[str]:
    """The app over ``database`` under uvicorn; yields its base address, stops it after."""
    port = free_port()
    code = (
        "import uvicorn; from overflight.web import WebSettings, create_app; "
        f"uvicorn.run(create_app(WebSettings(database={database!r})), host='127.0.0.1', "
        f"port={port}, log_level='warning', timeout_graceful_shutdown=2)"
    )
    process = subprocess.Popen([sys.executable, "-c", code])
    base = f"http://127.0.0.1:{port}"
    try:
        if not answers_login(base, process):
            raise RuntimeError("uvicorn did not answer on /login")
        yield base
    finally:
        process.terminate()
        process.wait(timeout=10)


def answers_login(base: str, process: subprocess.Popen[Any], tries: int = 600) -> bool:
    """Whether the app at ``base`` answers ``/login`` with 200 before ``process`` stops.

    Asks every 0.1 s through one client: a client per attempt builds a TLS context each time
    (~50 ms of CPU), taken from the server that is starting on the same two cores.
    """
    with httpx.Client(timeout=1) as client:
        for _ in range(tries):
            if process.poll() is not None:
                return False
            try:
                if client.get(f"{base}/login").status_code == 200:
                    return True
            except httpx.TransportError:
                time.sleep(0.1)
    return False


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    """Debian's Chromium under Playwright, one per test module (import it to use it)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


def submit_login(page: Any, base: str, username: str, password: str) -> None:
    """Fill in the login form the page shows, send it, and wait for the board."""
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{base}/")
