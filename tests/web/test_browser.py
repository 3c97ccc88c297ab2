"""In a real browser: log in, screen a flight, open the case it opened, see the map drawn.

Runs the app under uvicorn on a free loopback port and drives Debian's Chromium through
Playwright; skipped when ``/usr/bin/chromium`` is absent. The screenshot lands in
``test-artifacts/`` (git-ignored).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from web_personas import FPL, PASSWORD, US_ANALYST, seed_store
from web_server import ARTIFACTS, CHROMIUM, serving, submit_login

PERMITS = Path(__file__).resolve().parents[2] / "examples" / "permits"

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser test needs Debian's Chromium at {CHROMIUM}"
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The app under uvicorn on 127.0.0.1, over a freshly seeded store."""
    database = str(tmp_path_factory.mktemp("browser") / "web.db")
    seed_store(database)
    with serving(database) as base:
        yield base


def test_login_screen_open_case_and_see_the_map(browser: Any, server: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        blocked: list[str] = []  # what the Content-Security-Policy refused, if anything
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"{server}/cases/1")
        assert page.url.endswith("/login")  # nothing without a login
        submit_login(page, server, US_ANALYST.username, PASSWORD)
        assert "KOR151 Pyongyang to Damascus" in page.content()

        page.goto(f"{server}/screen")
        page.fill("textarea[name=text]", FPL.replace("KOR151", "KOR888"))
        page.check("input[name=record]")
        page.click("form.stack button[type=submit]")
        page.wait_for_selector("section.verdict")
        assert "HIGH" in page.inner_text("section.verdict h2")

        page.click("section.verdict a[href^='/cases/']")
        page.wait_for_selector("#map[data-ready=true]", timeout=30_000)
        states = page.get_attribute("#map", "data-states") or ""
        assert {"KP", "SY"} <= set(states.split(","))
        assert page.get_attribute("#map", "data-stances-as-of")  # stances were served
        # Web screening runs no chokepoint analysis, so the case keeps none.
        assert "No chokepoint analysis" in page.inner_text("#map-chokepoints")
        assert "permissive" in page.inner_text("#map-legend")
        assert page.locator(".leaflet-container").count() == 1
        assert "KOR888" in page.inner_text("h1")
        assert page.get_attribute("#map", "data-stances-basis") == "prior"

        # Ask for the chokepoints: the page follows the job and reloads with the result.
        page.select_option("#chokepoint-form select[name=max_size]", "1")
        page.click("#chokepoint-form button[type=submit]")
        page.wait_for_selector("#job-status")
        page.wait_for_selector("#map[data-stances-basis=analysis]", timeout=180_000)
        assert "/cases/" in page.url
        assert "job=" not in page.url
        assert int(page.get_attribute("#map", "data-options") or 0) >= 1
        assert "Option 1: ZKPY" in page.inner_text("#map-options")
        assert "assumed" in page.inner_text("#map-stances")
        page.screenshot(path=str(ARTIFACTS / "web-case-map.png"), full_page=True)
        assert blocked == []
    finally:
        page.close()


def test_a_pasted_permit_request_shows_asked_against_crossed_on_the_map(
    browser: Any, server: str
) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    aftn = PERMITS / "turkey-via-iran-iraq.aftn.txt"
    page = browser.new_page(viewport={"width": 1280, "height": 1000})
    try:
        blocked: list[str] = []
        page.on(
            "console",
            lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None,
        )
        page.goto(f"{server}/login")
        submit_login(page, server, US_ANALYST.username, PASSWORD)
        page.goto(f"{server}/screen")
        page.fill("textarea[name=text]", aftn.read_text())
        page.click("form.stack button[type=submit]")
        page.wait_for_selector(".permit-map[data-ready=true]", timeout=30_000)
        states = set((page.get_attribute(".permit-map", "data-states") or "").split(","))
        assert {"TR", "IR", "IQ", "PK", "BG"} <= states
        assert "crossed-not-asked" in page.inner_text("table.permit-states")
        assert page.locator(".permit-map.leaflet-container").count() == 1
        page.screenshot(path=str(ARTIFACTS / "web-permit-map.png"), full_page=True)
        assert blocked == []
    finally:
        page.close()
