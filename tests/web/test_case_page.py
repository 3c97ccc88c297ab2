"""The case page leads with why the case exists and tells the flight's story, on the demo's store.

The story (src/overflight/story) is replayed into a store: its case has a verdict with findings and
evidence, the flight's messages (FPL, DLA, CHG, CNL), the states asked and their answers, and
the telegrams. The page must show each, and name messages rather than the server's files.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from story_store import HAND_CASE_TITLE, play_demo_story
from web_personas import (
    ADMIN,
    SECRET_TUR,
    UNCLAS_TUR,
    US_ANALYST,
    TestClient,
    bearer,
    page_banners,
    page_login,
)

from overflight.web import WebSettings, create_app


@pytest.fixture(scope="module")
def story_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    database = play_demo_story(tmp_path_factory.mktemp("story"))
    with TestClient(create_app(WebSettings(database=database))) as client:
        yield client


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _section(page: str, section_id: str) -> str:
    start = page.index(f'id="{section_id}"')
    return page[start : page.index("</section>", start)]


def test_case_page_leads_with_the_verdict_its_findings_and_evidence(
    story_client: TestClient,
) -> None:
    page = page_login(story_client, US_ANALYST).get("/cases/1").text
    why = _section(page, "why")
    assert page.index('id="why"') < page.index('id="route"') < page.index('id="story"')
    assert 'class="badge level-high"' in why
    words = _text(why)
    assert "HIGH" in words
    assert "airline designator KOR (Air Koryo, North Korea)" in words  # a finding
    assert "OFAC SDN 20520" in words  # its evidence
    assert "plan delayed 2 and changed 2 times" in words
    assert "Earlier verdicts: high" in words


def test_timeline_names_each_message_not_the_servers_files(story_client: TestClient) -> None:
    page = page_login(story_client, US_ANALYST).get("/cases/1").text
    story = _text(_section(page, "story"))
    for line in (
        "2008-02-01 00:30Z message received FPL KOR7717 ZKPY-OSDI",
        "2008-02-01 00:55Z message received DLA KOR7717 ZKPY-OSDI",
        "2008-03-15 08:00Z message received CHG KOR7717 ZKPY-OSDI",
        "2008-05-28 13:47Z message received CNL KOR7717 ZKPY-OSDI",
    ):
        assert line in story
    assert "(ingest:02-dla.txt)" in story
    assert "overflight/story" not in page
    assert "/tmp" not in page


def test_api_timeline_actor_names_no_folder(story_client: TestClient) -> None:
    token = story_client.post(
        "/api/token", data={"username": US_ANALYST.username, "password": "correct horse battery"}
    ).json()["access_token"]
    lines = story_client.get(
        "/api/cases/1/timeline", headers=bearer({US_ANALYST.username: token}, US_ANALYST)
    ).json()
    actors = {line["actor"] for line in lines}
    assert "ingest:07-cnl.txt" in actors
    assert not any("/" in actor for actor in actors)


def test_engagements_per_state_with_their_asks_and_answers(story_client: TestClient) -> None:
    page = page_login(story_client, US_ANALYST).get("/cases/1").text
    rows = {
        _text(row).split(" (")[0].strip(): _text(row)
        for row in re.findall(r"<tr class=\"response-[^\"]+\">(.*?)</tr>", page, re.S)
    }
    assert "deny overflight on 2008-02-01" in rows["Kazakhstan"]
    assert "will deny overflight (2008-02-04) ASTANA 000849" in rows["Kazakhstan"]
    assert "will require the aircraft to land (2008-02-04) ANKARA 000780" in rows["Türkiye"]
    assert "monitor on 2008-02-01" in rows["China"]
    assert "no answer yet" in rows["China"]


def test_telegrams_are_listed_with_their_subjects(story_client: TestClient) -> None:
    page = page_login(story_client, US_ANALYST).get("/cases/1").text
    telegrams = _text(page[page.index('id="telegrams"') :].split("</ul>", 1)[0])
    assert "STATE 043804 AIR KORYO CHARTER FLIGHT KOR7717: REQUEST TO DENY OVERFLIGHT" in telegrams
    assert "STATE 056778 AIR KORYO FLIGHT: THANKING TURKEY" in telegrams


FORMS = ("response-form", "outcome-form", "draft-form", "chokepoint-form", "deadline-form")


def test_a_closed_case_says_so_and_offers_no_form(story_client: TestClient) -> None:
    page = page_login(story_client, US_ANALYST).get("/cases/1").text
    assert 'id="closed-note"' in page
    for form in FORMS:
        assert form not in page


def test_an_open_case_offers_the_analyst_its_forms(story_client: TestClient) -> None:
    page = page_login(story_client, US_ANALYST).get("/cases/2").text
    assert 'id="closed-note"' not in page
    for form in ("outcome-form", "draft-form", "chokepoint-form"):
        assert form in page


def test_board_lists_closed_cases_below_open_ones_without_overdue(
    story_client: TestClient,
) -> None:
    board = page_login(story_client, US_ANALYST).get("/").text
    assert board.index(HAND_CASE_TITLE) < board.index("KOR7717 ZKPY-OSDI")
    closed_row = re.search(r'<tr class="closed">(.*?)</tr>', board, re.S)
    assert closed_row is not None
    assert "KOR7717" in closed_row.group(1)
    assert "none awaited" in closed_row.group(1)
    assert "overdue" not in board


def _telegram_links(page: str) -> dict[str, str]:
    listed = page[page.index('id="telegrams"') :].split("</ul>", 1)[0]
    return dict(
        (serial, href) for href, serial in re.findall(r'<a href="([^"]+)">([^<]+)</a>', listed)
    )


def test_the_turkish_reader_sees_turkeys_portions_and_not_the_noforn_one(
    story_client: TestClient,
) -> None:
    story_client.cookies.clear()
    case = page_login(story_client, SECRET_TUR).get("/cases/1")
    assert case.status_code == 200
    assert "(S//REL TO USA, AFG, KAZ, KGZ, TJK, TKM, TUR, UZB)" in case.text  # the case's mark
    # The page also shows Ankara's reply's subject (REL TO USA, TUR): the banner is their meet.
    assert page_banners(case.text) == ["SECRET//REL TO USA, TUR"] * 2
    links = _telegram_links(case.text)
    assert {"STATE 043804", "ANKARA 000780", "STATE 056778"} <= set(links)
    assert not {"ASTANA 000849", "ASHGABAT 000520", "BISHKEK 000041"} & set(links)
    # The request to Beijing: its unclassified paragraphs only, never China's.
    beijing = _text(story_client.get(links["STATE 043805"]).text)
    assert "Washington point of contact" in beijing
    assert "China's airspace" not in beijing
    ankara = _text(story_client.get(links["ANKARA 000780"]).text)
    assert "it will require the Air Koryo aircraft to land" in ankara
    assert "kept informed of the flight" not in ankara  # the (S//NF) comment
    assert "NOFORN" not in ankara
    request = _text(story_client.get(links["STATE 043804"]).text)
    assert "enter Turkey's airspace" in request
    assert "Turkmenistan's airspace" not in request  # another state's paragraph
    story_client.cookies.clear()
    analyst = _text(page_login(story_client, US_ANALYST).get(links["ANKARA 000780"]).text)
    assert "kept informed of the flight" in analyst
    assert "SECRET//NOFORN" in analyst
    story_client.cookies.clear()
    assert page_login(story_client, UNCLAS_TUR).get("/cases/1").status_code == 404
    story_client.cookies.clear()


def test_a_case_without_a_flight_says_so_instead_of_an_empty_map(story_client: TestClient) -> None:
    story_client.cookies.clear()
    page = page_login(story_client, US_ANALYST).get("/cases/2").text
    assert 'id="no-flight"' in page
    assert "follows no flight yet" in page
    assert 'id="map"' not in page
    assert "leaflet.js" not in page
    assert 'id="map"' in story_client.get("/cases/1").text


def test_an_unknown_job_is_said_not_followed(story_client: TestClient) -> None:
    story_client.cookies.clear()
    page = page_login(story_client, US_ANALYST).get("/cases/1?job=no-such-job").text
    assert 'id="job-unknown"' in page
    assert "No analysis “no-such-job” of yours is known to this server" in html.unescape(page)
    assert "data-job=" not in page
    assert 'id="job-status"' not in page


def test_pages_carry_a_favicon(story_client: TestClient) -> None:
    story_client.cookies.clear()
    login = story_client.get("/login").text
    assert '<link rel="icon" href="/static/app/favicon.svg"' in login
    icon = story_client.get("/static/app/favicon.svg")
    assert icon.status_code == 200
    assert icon.headers["content-type"].startswith("image/svg+xml")


def test_the_audit_page_says_why_it_shows_fewer_rows_than_asked(story_client: TestClient) -> None:
    story_client.cookies.clear()
    page = page_login(story_client, ADMIN).get("/admin/audit?limit=1000").text
    fewer = _text(page[page.index('id="audit-fewer"') :].split("</span>", 1)[0])
    assert "every row the log holds that your access lets you read" in fewer
    assert "fewer than the 1000 asked" in fewer
    filtered = story_client.get("/admin/audit?limit=1000&action=read").text
    assert "every row these filters match" in _text(filtered)
    full = story_client.get("/admin/audit?limit=1").text
    assert 'id="audit-fewer"' not in full
    story_client.cookies.clear()


def test_an_error_page_keeps_the_readers_menu(story_client: TestClient) -> None:
    story_client.cookies.clear()
    page_login(story_client, UNCLAS_TUR)
    missing = story_client.get("/cases/1")
    assert missing.status_code == 404
    assert "<h1>404 Not Found</h1>" in missing.text
    assert "case 1 not found" in missing.text
    assert '<a href="/screen">Screen</a>' in missing.text
    assert "tur_unclas" in missing.text
    refused = story_client.get("/admin/users")
    assert "<h1>403 Forbidden</h1>" in refused.text
    assert '<a href="/screen">Screen</a>' in refused.text
    story_client.cookies.clear()
    assert '<a href="/screen">' not in story_client.get("/static/app/nothing").text
