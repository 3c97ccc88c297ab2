"""Log in and out, expiry, CSRF, nothing public but login and assets, screening, bad input."""

from __future__ import annotations

import gc
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from web_personas import (
    ADMIN,
    FPL,
    PASSWORD,
    SECRET_TUR,
    UNCLAS_TUR,
    US_ANALYST,
    Seed,
    TestClient,
    bearer,
    page_login,
)

from overflight.services.accounts import LoginKind, authenticate, start_login
from overflight.store import open_store
from overflight.store.messages import count_messages
from overflight.web import WebSettings, create_app, pages
from overflight.web.deps import COOKIE_NAME

BAD_FPL = (
    f"{FPL}\n(FPL-KOR152-QQ-IL76/H-SDGY/S-ZKPY0200-K0780S1010 DCT SANKO-OSDI1055 OSAP-DOF/260529)"
)
NEW_FPL = FPL.replace("KOR151", "KOR777")


def _messages(seeded: Seed) -> int:
    with open_store(seeded.database) as store, store.session() as session:
        return count_messages(session)


def _app_routes(routes: list[Any]) -> Iterator[APIRoute]:
    """Every API route of the app, through the routers it includes (however FastAPI keeps them)."""
    for route in routes:
        if isinstance(route, APIRoute):
            yield route
        included = getattr(route, "original_router", None)  # FastAPI 0.165 nests routers
        if included is not None:
            yield from _app_routes(included.routes)


def test_only_login_token_and_static_answer_without_a_login(client: TestClient) -> None:
    client.cookies.clear()
    public = {"/login", "/api/token"}
    routes = list(_app_routes(client.app.routes))  # type: ignore[attr-defined]
    paths = {(r.path, m) for r in routes for m in r.methods - {"HEAD"}}
    assert ("/api/cases/{case_id}/chokepoints", "POST") in paths  # the walk reaches every router
    assert ("/admin/audit", "GET") in paths
    checked = 0
    for template, method in sorted(paths):
        path = re.sub(r"\{username\}", "admin", template)
        path = re.sub(r"\{[a-z_]+\}", "1", path)
        if path in public:
            continue
        response = client.request(method, path, follow_redirects=False)
        checked += 1
        if path.startswith("/api") or path == "/openapi.json":
            assert response.status_code == 401, (method, path)
        else:
            assert response.status_code == 303, (method, path)
            assert response.headers["location"].startswith("/login")
    assert checked >= 40
    assert client.get("/static/leaflet/leaflet.js").status_code == 200
    assert client.get("/login").status_code == 200


def test_openapi_spec_is_served_to_a_logged_in_user(
    client: TestClient, tokens: dict[str, str]
) -> None:
    spec = client.get("/openapi.json", headers=bearer(tokens, US_ANALYST)).json()
    assert {
        "/api/route",
        "/api/screen",
        "/api/cases/{case_id}",
        "/api/telegrams/{telegram_id}",
    } <= set(spec["paths"])


def test_wrong_password_gets_401_and_no_token(client: TestClient) -> None:
    response = client.post("/api/token", data={"username": "us_analyst", "password": "nope"})
    assert response.status_code == 401
    assert "access_token" not in response.text


def test_expired_session_is_401_with_a_clear_message(client: TestClient, seeded: Seed) -> None:
    with open_store(seeded.database) as store, store.session() as session, session.begin():
        account = authenticate(session, US_ANALYST.username, PASSWORD)
        assert account is not None
        issued = start_login(session, account, LoginKind.BEARER, ttl=timedelta(seconds=-1))
    response = client.get("/api/cases", headers={"Authorization": f"Bearer {issued.token}"})
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


@pytest.mark.parametrize(("expires_in", "sent_to"), [(-1, "/login?expired=1"), (None, "/login")])
def test_a_page_says_a_login_expired_only_when_it_did(
    client: TestClient, seeded: Seed, expires_in: int | None, sent_to: str
) -> None:
    token = "not a login"
    if expires_in is not None:
        with open_store(seeded.database) as store, store.session() as session, session.begin():
            account = authenticate(session, US_ANALYST.username, PASSWORD)
            assert account is not None
            ttl = timedelta(seconds=expires_in)
            token = start_login(session, account, LoginKind.COOKIE, ttl=ttl).token
    client.cookies.clear()
    client.cookies.set(COOKIE_NAME, token)
    try:
        response = client.get("/", follow_redirects=False)
    finally:
        client.cookies.clear()
    assert (response.status_code, response.headers["location"]) == (303, sent_to)


def test_logout_ends_the_token(client: TestClient) -> None:
    token = client.post(
        "/api/token", data={"username": SECRET_TUR.username, "password": PASSWORD}
    ).json()["access_token"]
    headers = {"Authorization": f"Bearer {token}"}
    assert client.get("/api/me", headers=headers).json()["nationality"] == "TUR"
    assert client.delete("/api/token", headers=headers).status_code == 204
    assert client.get("/api/me", headers=headers).status_code == 401


def test_form_post_without_csrf_token_is_refused(client: TestClient, seeded: Seed) -> None:
    client.cookies.clear()
    page_login(client, US_ANALYST)
    before = _messages(seeded)
    assert client.post("/screen", data={"text": NEW_FPL, "record": "true"}).status_code == 403
    # The API with the page cookie needs the header too.
    assert client.post("/api/screen", data={"text": NEW_FPL, "record": "true"}).status_code == 403
    assert _messages(seeded) == before
    client.cookies.clear()


def test_login_form_without_its_csrf_cookie_is_refused(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post(
        "/login",
        data={"username": US_ANALYST.username, "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert response.status_code == 403


def test_oversized_upload_is_413_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    before = _messages(seeded)
    big = (NEW_FPL + "\n") * 400  # ~60 kB, over the test app's 20 kB
    response = client.post(
        "/api/screen",
        headers=bearer(tokens, US_ANALYST),
        files={"file": ("big.txt", big.encode())},
        data={"record": "true"},
    )
    assert response.status_code == 413
    assert "20,000 bytes" in response.json()["detail"]
    assert _messages(seeded) == before


def test_malformed_file_is_422_with_the_position_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    before = _messages(seeded)
    response = client.post(
        "/api/screen",
        headers=bearer(tokens, US_ANALYST),
        files={"file": ("bad.txt", BAD_FPL.encode())},
        data={"record": "true"},
    )
    assert response.status_code == 422
    body = response.json()
    assert (body["source"], body["line"], body["field"]) == ("bad.txt", 2, "field 8")
    assert "'QQ' is not flight rules" in body["detail"]
    assert _messages(seeded) == before  # the good first message was not stored either


def test_non_utf8_upload_is_422_with_line_and_column(
    client: TestClient, tokens: dict[str, str]
) -> None:
    response = client.post(
        "/api/screen",
        headers=bearer(tokens, US_ANALYST),
        files={"file": ("latin.txt", b"(FPL-KOR151\n-IN-\xe9)")},
    )
    assert response.status_code == 422
    assert (response.json()["line"], response.json()["column"]) == (2, 5)


def test_empty_submission_is_422_saying_what_is_missing(
    client: TestClient, tokens: dict[str, str]
) -> None:
    response = client.post("/api/screen", headers=bearer(tokens, US_ANALYST), data={"text": " "})
    assert response.status_code == 422
    assert "paste" in response.json()["detail"]


def test_viewer_may_screen_but_not_record(client: TestClient, tokens: dict[str, str]) -> None:
    headers = bearer(tokens, UNCLAS_TUR)
    assert client.post("/api/screen", headers=headers, data={"text": NEW_FPL}).status_code == 200
    recorded = client.post("/api/screen", headers=headers, data={"text": NEW_FPL, "record": "1"})
    assert recorded.status_code == 403


def test_recording_a_high_verdict_opens_a_case_the_analyst_can_open(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    headers = bearer(tokens, US_ANALYST)
    response = client.post("/api/screen", headers=headers, data={"text": NEW_FPL, "record": "true"})
    assert response.status_code == 200, response.text
    [verdict] = response.json()["verdicts"]
    # Designator KOR (35) + route from a state of concern (20) + non-scheduled (15) = high.
    assert verdict["level"] == "high"
    [case_id] = response.json()["case_ids"]
    assert case_id is not None
    case = client.get(f"/api/cases/{case_id}", headers=headers).json()
    assert case["title"].startswith("KOR777")
    route = client.get(f"/api/cases/{case_id}/route", headers=headers).json()
    states = [
        f["properties"]["state"] for f in route["features"] if f["properties"]["role"] == "transit"
    ]
    assert states[0] == "KP"  # departs Pyongyang
    assert states[-1] == "SY"  # lands at Damascus


def test_marking_above_the_reader_is_refused(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.post(
        "/api/screen",
        headers=bearer(tokens, US_ANALYST),
        data={"text": NEW_FPL, "record": "true", "marking": "(TS//NF)"},
    )
    assert response.status_code == 422
    assert "above what you may read" in response.json()["detail"]


def test_route_endpoint_gives_geojson_and_transits(
    client: TestClient, tokens: dict[str, str]
) -> None:
    response = client.get("/api/route?dep=ZKPY&dest=OSDI", headers=bearer(tokens, UNCLAS_TUR))
    assert response.status_code == 200
    body = response.json()
    assert body["geojson"]["type"] == "FeatureCollection"
    assert body["transits"][0]["state"] == "KP"
    assert body["transits"][-1]["state"] == "SY"


def test_route_with_an_unknown_aerodrome_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/api/route?dep=ZZZZ&dest=OSDI", headers=bearer(tokens, UNCLAS_TUR))
    assert response.status_code == 422
    assert "ZZZZ" in response.json()["detail"]


@pytest.mark.parametrize("url", ["/cases/424242", "/telegrams/424242"])
def test_unknown_id_page_is_404_with_a_message(client: TestClient, url: str) -> None:
    client.cookies.clear()
    page_login(client, US_ANALYST)
    response = client.get(url)
    assert response.status_code == 404
    assert "424242 not found" in response.text
    client.cookies.clear()


def test_a_malformed_id_is_422_a_page_for_pages_and_json_for_the_api(
    client: TestClient, tokens: dict[str, str]
) -> None:
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        page = client.get("/cases/abc")
    finally:
        client.cookies.clear()
    assert page.status_code == 422
    assert page.headers["content-type"].startswith("text/html")
    assert "case_id" in page.text
    assert "valid integer" in page.text
    api = client.get("/api/cases/abc", headers=bearer(tokens, US_ANALYST))
    assert api.status_code == 422
    assert api.json()["detail"][0]["loc"] == ["path", "case_id"]


def test_airspace_layer_is_simplified_geojson(client: TestClient, tokens: dict[str, str]) -> None:
    body = client.get("/api/airspace.geojson", headers=bearer(tokens, UNCLAS_TUR)).json()
    states = {f["properties"]["state"] for f in body["features"]}
    assert {"TR", "KP", "SY", "US"} <= states


def test_every_answer_carries_the_security_headers_and_marked_ones_are_not_stored(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    page = client.get("/login")
    api = client.get(f"/api/cases/{seeded.unclassified_case}", headers=bearer(tokens, ADMIN))
    refused = client.get("/api/cases")  # a 401 is answered the same way
    static = client.get("/static/app/app.css")
    for response in (page, api, refused, static):
        assert "script-src 'self'" in response.headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["X-Frame-Options"] == "DENY"
        assert response.headers["X-Content-Type-Options"] == "nosniff"
        assert response.headers["Referrer-Policy"] == "no-referrer"
    for response in (page, api, refused):
        assert response.headers["Cache-Control"] == "no-store"
    assert "no-store" not in static.headers.get("Cache-Control", "")


def test_templates_hold_no_inline_script_or_style() -> None:
    # The policy allows only the app's own files: an inline script or style would be blocked.
    templates = Path(pages.__file__).with_name("templates")
    for template in templates.glob("*.html"):
        text = template.read_text()
        assert "style=" not in text, template.name
        assert "<style" not in text, template.name
        assert all("src=" in tag.split(">", 1)[0] for tag in text.split("<script")[1:]), (
            template.name
        )


def test_web_errors_name_the_web_parameters(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    headers = bearer(tokens, US_ANALYST)
    via = client.get("/api/route?dep=ZKPY&dest=OSDI&via=NOWHERE", headers=headers)
    assert (via.status_code, via.json()["what"]) == (422, "via")
    assert via.json()["detail"].startswith("via: 'NOWHERE'")
    dep = client.get("/api/route?dep=ZKPP&dest=OSDI", headers=headers)  # the CLI: DEPARTURE
    assert (dep.status_code, dep.json()["what"]) == (422, "dep")
    assert dep.json()["detail"].startswith("dep: no aerodrome has the ICAO location indicator")
    paper = client.get(f"/api/telegrams/{seeded.telegram}?for=ZZZ", headers=headers)
    assert paper.json()["what"] == "for"
    assert "--" not in paper.text
    pdf = client.get(f"/api/telegrams/{seeded.telegram}?format=pdf", headers=headers)
    assert pdf.status_code == 422


def test_a_running_app_keeps_what_it_loaded_out_of_the_cycle_collectors_passes(
    tmp_path: Path,
) -> None:
    with TestClient(create_app(WebSettings(database=str(tmp_path / "gc.db")))):
        assert gc.get_freeze_count() > 0  # full passes no longer walk what the worker loaded
    assert gc.get_freeze_count() == 0  # and a process that goes on gets its collector back
