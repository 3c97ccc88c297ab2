"""Every page as every persona, in Chromium, over the demo's story: what each must and must not see.

The story (src/overflight/story) is replayed into a store with the four personas and an open case
opened by hand (``story_store``); the app runs under uvicorn and Debian's Chromium visits each
page as each persona through the login form. Each page's screenshot is saved as
``test-artifacts/pages/<persona>-<page>.png`` (git-ignored) for a person to look at. Skipped
when ``/usr/bin/chromium`` is absent.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from story_store import HAND_CASE_TITLE, STORY, play_demo_story
from web_personas import ADMIN, PASSWORD, SECRET_TUR, UNCLAS_TUR, US_ANALYST, Persona
from web_server import ARTIFACTS, CHROMIUM, serving, submit_login

from overflight.store import open_store, telegrams_of

pytestmark = pytest.mark.skipif(
    not CHROMIUM.exists(), reason=f"browser test needs Debian's Chromium at {CHROMIUM}"
)

SHOTS = ARTIFACTS / "pages"
NOFORN_COMMENT = "kept informed of the flight"  # Ankara's (S//NF) paragraph
TURKEY_PARAGRAPH = "enter Turkey's airspace"
TURKMEN_PARAGRAPH = "enter Turkmenistan's airspace"


@dataclass(frozen=True, slots=True)
class Site:
    """The running app and the ids of what its store holds."""

    base: str
    request: int  # STATE 043804, the action request
    ankara: int  # ANKARA 000780, Turkey's reply (with the NOFORN comment)
    astana: int  # ASTANA 000849, Kazakhstan's reply


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Site]:
    database = play_demo_story(tmp_path_factory.mktemp("pages"))
    ids = _telegram_ids(database)
    with serving(database) as base:
        yield Site(base, ids["STATE 043804"], ids["ANKARA 000780"], ids["ASTANA 000849"])


def _telegram_ids(database: str) -> dict[str, int]:
    with open_store(database) as store, store.session() as session:
        return {row.serial: row.id for row in telegrams_of(session, 1)}


class Visit:
    """One persona's browser tab: goes to pages, saves their screenshots, keeps console errors."""

    def __init__(self, browser: Any, site: Site, persona: Persona) -> None:
        self.site = site
        self.persona = persona
        self.page = browser.new_page(viewport={"width": 1280, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        SHOTS.mkdir(parents=True, exist_ok=True)

    def log_in(self) -> None:
        self.page.goto(f"{self.site.base}/login")
        self.shot("login")
        submit_login(self.page, self.site.base, self.persona.username, PASSWORD)

    def open(self, path: str, name: str, ready: str = "") -> tuple[int, str]:
        """Go to ``path``; the HTTP status and the text of the page's main part."""
        answer = self.page.goto(f"{self.site.base}{path}")
        if ready:
            self.page.wait_for_selector(ready, timeout=60_000)
        self.shot(name)
        return answer.status, self.page.inner_text("main")

    def shot(self, name: str) -> None:
        path = SHOTS / f"{self.persona.username}-{name}.png"
        self.page.screenshot(path=str(path), full_page=True)

    def close(self) -> None:
        self.page.close()


def test_tur_unclas_sees_only_the_unclassified_case(browser: Any, site: Site) -> None:
    visit = Visit(browser, site, UNCLAS_TUR)
    visit.log_in()
    status, board = visit.open("/", "board")
    assert HAND_CASE_TITLE in board
    assert "KOR7717" not in board
    status, case = visit.open("/cases/1", "case-1")
    assert status == 404
    assert "case 1 not found" in case
    status, hand = visit.open("/cases/2", "case-2")
    assert status == 200
    assert "follows no flight yet" in hand
    for telegram in (site.request, site.ankara):
        status, text = visit.open(f"/telegrams/{telegram}", f"telegram-{telegram}")
        assert status == 404
        assert f"telegram {telegram} not found" in text
    _common_pages(visit, admin=False, analyst=False)
    assert visit.errors == [] or _only_refusals(visit.errors)
    visit.close()


def test_tur_secret_sees_turkeys_portions_not_the_noforn_one(browser: Any, site: Site) -> None:
    visit = Visit(browser, site, SECRET_TUR)
    visit.log_in()
    _, board = visit.open("/", "board")
    assert "KOR7717 ZKPY-OSDI" in board
    status, case = visit.open("/cases/1", "case-1", ready="#map[data-ready=true]")
    assert status == 200
    assert "Why this case exists" in case
    assert "airline designator KOR" in case
    assert "This case is closed" in case
    assert "ANKARA 000780" in case
    assert "ASTANA 000849" not in case
    assert visit.page.locator("form.response-form, #outcome-form, #draft-form").count() == 0
    _, hand = visit.open("/cases/2", "case-2")
    assert "follows no flight yet" in hand
    _, ankara = visit.open(f"/telegrams/{site.ankara}", "telegram-ankara")
    assert "land for inspection" in ankara
    assert NOFORN_COMMENT not in ankara
    assert "NOFORN" not in ankara
    _, request = visit.open(f"/telegrams/{site.request}", "telegram-request")
    assert TURKEY_PARAGRAPH in request
    assert TURKMEN_PARAGRAPH not in request
    assert visit.page.locator("#non-paper-form").count() == 0  # a viewer exports nothing
    status, _ = visit.open(f"/telegrams/{site.astana}", "telegram-astana")
    assert status == 404
    status, _ = visit.open(f"/telegrams/{site.request}/non-paper?for=TUR", "non-paper")
    assert status == 403
    _common_pages(visit, admin=False, analyst=False)
    assert visit.errors == [] or _only_refusals(visit.errors)
    visit.close()


@pytest.mark.parametrize("persona", [US_ANALYST, ADMIN], ids=lambda p: p.username)
def test_us_readers_see_everything_and_analysts_the_forms(
    browser: Any, site: Site, persona: Persona
) -> None:
    visit = Visit(browser, site, persona)
    visit.log_in()
    _, board = visit.open("/", "board")
    assert board.index(HAND_CASE_TITLE) < board.index("KOR7717 ZKPY-OSDI")  # closed below
    status, case = visit.open("/cases/1", "case-1", ready="#map[data-ready=true]")
    assert status == 200
    assert {"KP", "SY"} <= set((visit.page.get_attribute("#map", "data-states") or "").split(","))
    assert "ASTANA 000849" in case
    assert "will require the aircraft to land" in case
    assert "message received DLA KOR7717 ZKPY-OSDI" in case
    assert "/tmp" not in case
    assert visit.page.locator("#outcome-form").count() == 0  # closed: no form
    _, hand = visit.open("/cases/2", "case-2")
    assert "follows no flight yet" in hand
    assert visit.page.locator("#outcome-form").count() == 1
    _, ankara = visit.open(f"/telegrams/{site.ankara}", "telegram-ankara")
    assert NOFORN_COMMENT in ankara
    _, request = visit.open(f"/telegrams/{site.request}", "telegram-request")
    assert TURKEY_PARAGRAPH in request
    assert TURKMEN_PARAGRAPH in request
    assert visit.page.locator("#non-paper-form").count() == 1
    status, paper = visit.open(f"/telegrams/{site.request}/non-paper?for=TUR", "non-paper")
    assert status == 200
    assert "REL TO USA, TUR" in paper
    _, unknown = visit.open("/cases/1?job=gone", "case-unknown-job")
    assert "No analysis “gone” of yours is known" in unknown
    _common_pages(visit, admin=persona is ADMIN, analyst=True)
    assert visit.errors == [] or _only_refusals(visit.errors)
    visit.close()


def _common_pages(visit: Visit, *, admin: bool, analyst: bool) -> None:
    """Screening and a result, the live watch, password, the admin pages (403 if not admin)."""
    _, screen = visit.open("/screen", "screen")
    assert "Screen a flight" in screen
    fpl = (STORY.parent / "01-fpl.txt").read_text(encoding="utf-8")
    visit.page.fill("textarea[name=text]", fpl)
    visit.page.click("form.stack button[type=submit]")
    visit.page.wait_for_selector("section.verdict")
    visit.shot("screen-result")
    badge = visit.page.locator("section.verdict .badge")
    assert badge.inner_text() == "HIGH"
    assert "level-high" not in (visit.page.get_attribute("section.verdict", "class") or "")
    assert (visit.page.locator("input[name=record]").count() == 1) is analyst
    status, watch = visit.open("/watch", "watch")
    assert status == 200
    assert "No watched aircraft seen in the last six hours" in watch
    status, _ = visit.open("/account/password", "password")
    assert status == 200
    nav = visit.page.inner_text("header.top nav")
    assert ("Audit" in nav) is admin
    for path, name in (
        ("/admin/users", "users"),
        ("/admin/lists", "lists"),
        ("/admin/audit", "audit"),
    ):
        status, text = visit.open(path, name)
        assert status == (200 if admin else 403), (path, status)
        assert "Cases" in visit.page.inner_text("header.top nav")  # the menu, even refused
        if admin and name == "audit":
            assert re.search(r"\d+ rows?, newest first", text)


def _only_refusals(errors: list[str]) -> bool:
    """Console errors that are only the browser reporting the 403/404 pages it was shown."""
    return all("the server responded with a status of 40" in e for e in errors)
