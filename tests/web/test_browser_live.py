"""The live map in Chromium: each persona sees their watched aircraft, and new ones arrive live.

Sightings are written to the store as ``overflight watch`` writes them; the page is opened as
two personas, then a new sighting is written and must appear through the event stream. The
screenshots land in ``test-artifacts/pages/<persona>-watch.png``. Skipped without Chromium.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from web_personas import PASSWORD, SECRET_TUR, US_ANALYST, Persona, Seed, seed_store
from web_server import ARTIFACTS, CHROMIUM, serving, submit_login

from overflight.store import open_store, put_watched

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser test needs Debian's Chromium at {CHROMIUM}"
)


def _sighting(icao24: str, marking: str, callsign: str, lon: float, case_id: int | None = None):
    return {
        "icao24": icao24,
        "concern": f"case:{case_id}" if case_id else "public",
        "case_id": case_id,
        "marking": marking,
        "why": f"the aircraft of case {case_id}" if case_id else "address in the block of Iran",
        "callsign": callsign,
        "registration": "",
        "at": datetime.now(UTC) - timedelta(minutes=2),
        "lat": 39.0,
        "lon": lon,
        "altitude_ft": 33_000.0,
        "ground_speed_kt": 430.0,
        "track_deg": 270.0,
        "on_ground": False,
        "state": "TR",
        "trail": [[lon + 2, 39.2], [lon + 1, 39.1], [lon, 39.0]],
    }


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Seed]]:
    seed = seed_store(str(tmp_path_factory.mktemp("live") / "web.db"))
    with (
        open_store(seed.database) as store,
        store.session(writing=True) as session,
        session.begin(),
    ):
        put_watched(session, [
            _sighting("730123", "(U)", "IRM123", 40.0),
            _sighting("72a001", "(S//REL TO USA, TUR)", "KOR151", 44.0, seed.rel_tur_case),
            _sighting("72a002", "(S//NF)", "KOR161", 48.0, seed.noforn_case),
        ])  # fmt: skip
    with serving(seed.database) as base:
        yield base, seed


@pytest.mark.parametrize(
    ("persona", "sees", "banner"),
    [
        (SECRET_TUR, {"IRM123", "KOR151"}, "SECRET//REL TO USA, TUR"),
        (US_ANALYST, {"IRM123", "KOR151", "KOR161"}, "SECRET//NOFORN"),
    ],
    ids=lambda v: v.username if isinstance(v, Persona) else "",
)
def test_the_live_map_shows_what_the_reader_may_see_and_follows_the_watch(
    browser: Any, site: tuple[str, Seed], persona: Persona, sees: set[str], banner: str
) -> None:
    base, seed = site
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    try:
        _look(page, base, seed, persona, sees, banner)
    finally:
        page.close()


def _look(page: Any, base: str, seed: Seed, persona: Persona, sees: set[str], banner: str) -> None:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/login")
    submit_login(page, base, persona.username, PASSWORD)
    page.goto(f"{base}/watch")
    page.wait_for_selector("#live-map[data-ready=true]")
    assert int(page.get_attribute("#live-map", "data-shown") or 0) >= len(sees)  # + arrivals
    table = page.inner_text("#live-table")
    assert {c for c in ("IRM123", "KOR151", "KOR161") if c in table} == sees
    assert page.inner_text("#banner-top") == banner
    arriving = f"IRM{persona.username[:3].upper()}"
    with (
        open_store(seed.database) as store,
        store.session(writing=True) as session,
        session.begin(),
    ):
        put_watched(session, [_sighting(f"73{len(persona.username):04x}", "(U)", arriving, 36.0)])
    page.wait_for_selector(f"#live-table td:text('{arriving}')", timeout=15_000)
    assert "watched aircraft shown · updated" in page.inner_text("#live-status")
    ARTIFACTS.joinpath("pages").mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "pages" / f"{persona.username}-watch.png"), full_page=True)
    # The cases' routes: their seeded cases follow no flight, so the map asks and gets a 404.
    assert all("404" in e for e in errors), errors
