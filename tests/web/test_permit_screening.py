"""Permit requests screened in the web: uploaded to the API or the screening page."""

from __future__ import annotations

import html
import json
import re
from pathlib import Path

from web_personas import (
    ADMIN,
    UNCLAS_TUR,
    US_ANALYST,
    Seed,
    TestClient,
    bearer,
    csrf_of,
    page_login,
)

PERMITS = Path(__file__).resolve().parents[2] / "examples" / "permits"
KORYO = PERMITS / "air-koryo-p912.yaml"
AIR_FRANCE = PERMITS / "air-france-cdg-kix.yaml"


def _case_count(client: TestClient, tokens: dict[str, str]) -> int:
    count: int = client.get("/api/cases", headers=bearer(tokens, ADMIN)).json()["count"]
    return count


def test_a_viewer_screens_an_uploaded_permit_and_reads_the_explained_verdict(
    client: TestClient, tokens: dict[str, str]
) -> None:
    response = client.post(
        "/api/screen",
        headers=bearer(tokens, UNCLAS_TUR),
        files={"file": (KORYO.name, KORYO.read_bytes())},
    )
    assert response.status_code == 200, response.text
    [verdict] = response.json()["verdicts"]
    assert verdict["level"] == "high"
    assert (verdict["departure"], verdict["destination"]) == ("ZKPY", "OSDI")
    assert verdict["findings"]  # each with its indicator and evidence
    assert all(f["indicator"] and f["summary"] for f in verdict["findings"])
    assert response.json()["case_ids"] == [None]  # screening alone stores nothing


def test_a_clear_permit_opens_no_case_and_a_high_one_opens_a_permit_case(
    client: TestClient, tokens: dict[str, str]
) -> None:
    headers = bearer(tokens, US_ANALYST)
    before = _case_count(client, tokens)
    clear = client.post(
        "/api/screen",
        headers=headers,
        data={"record": "true"},
        files={"file": (AIR_FRANCE.name, AIR_FRANCE.read_bytes())},
    )
    assert clear.status_code == 200, clear.text
    assert clear.json()["verdicts"][0]["level"] not in ("high", "critical")
    assert clear.json()["case_ids"] == [None]
    assert _case_count(client, tokens) == before
    unknown_flight = KORYO.read_text().replace("callsign: KOR151", "callsign: KOR999")
    high = client.post(
        "/api/screen",
        headers=headers,
        data={"record": "true"},
        files={"file": ("kor999.yaml", unknown_flight.encode())},
    )
    [case_id] = high.json()["case_ids"]
    assert case_id is not None
    case = client.get(f"/api/cases/{case_id}", headers=headers).json()
    assert case["title"] == "KOR999 ZKPY-OSDI (permit)"
    assert case["verdicts"][0]["level"] == "high"
    assert _case_count(client, tokens) == before + 1


def test_a_permit_for_a_known_flight_joins_its_case(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    # KOR151 ZKPY-OSDI is the seeded flight plan: its permit request is screened into its case.
    headers = bearer(tokens, US_ANALYST)
    before = _case_count(client, tokens)
    verdicts = len(
        client.get(f"/api/cases/{seeded.unclassified_case}", headers=headers).json()["verdicts"]
    )
    response = client.post(
        "/api/screen",
        headers=headers,
        data={"record": "true"},
        files={"file": (KORYO.name, KORYO.read_bytes())},
    )
    assert response.json()["case_ids"] == [seeded.unclassified_case]
    assert _case_count(client, tokens) == before
    case = client.get(f"/api/cases/{seeded.unclassified_case}", headers=headers).json()
    assert len(case["verdicts"]) == verdicts + 1


def test_a_bad_permit_field_is_422_with_its_line_and_nothing_stored(
    client: TestClient, tokens: dict[str, str]
) -> None:
    before = _case_count(client, tokens)
    broken = KORYO.read_text().replace("mtow_kg: 190000", "mtow_kg: heavy")
    line = next(i for i, text in enumerate(broken.splitlines(), 1) if "mtow_kg" in text)
    response = client.post(
        "/api/screen",
        headers=bearer(tokens, US_ANALYST),
        data={"record": "true"},
        files={"file": ("broken.yaml", broken.encode())},
    )
    assert response.status_code == 422
    body = response.json()
    assert body["source"] == "broken.yaml"
    assert body["line"] == line
    assert "mtow_kg" in body["field"]
    assert _case_count(client, tokens) == before


def test_the_screening_page_takes_a_permit_upload(client: TestClient, seeded: Seed) -> None:
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        form = client.get("/screen").text
        response = client.post(
            "/screen",
            data={"csrf_token": csrf_of(form)},
            files={"file": (KORYO.name, KORYO.read_bytes())},
        )
    finally:
        client.cookies.clear()
    assert response.status_code == 200, response.text
    assert 'class="verdict' in response.text
    assert "HIGH" in response.text
    assert "Air Koryo" in response.text or "AIR KORYO" in response.text


def test_every_screening_is_audited_with_its_verdicts(
    client: TestClient, tokens: dict[str, str]
) -> None:
    client.post(
        "/api/screen",
        headers=bearer(tokens, UNCLAS_TUR),
        files={"file": ("audited.yaml", KORYO.read_bytes())},
    )
    rows = client.get("/api/audit?action=screen", headers=bearer(tokens, ADMIN)).json()
    assert any(
        r["username"] == UNCLAS_TUR.username
        and r["object_kind"] == "submission"
        and r["detail"] == "audited.yaml: KOR151 high"
        for r in rows
    )


def test_a_pasted_aftn_request_shows_states_asked_against_crossed(
    client: TestClient, seeded: Seed
) -> None:
    aftn = PERMITS / "turkey-via-iran-iraq.aftn.txt"
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        form = client.get("/screen").text
        response = client.post(
            "/screen", data={"csrf_token": csrf_of(form), "text": aftn.read_text()}
        )
    finally:
        client.cookies.clear()
    assert response.status_code == 200, response.text
    page = response.text
    assert "States asked against states crossed" in page
    rows = re.findall(r'<tr class="role-([a-z-]+)"><td>([A-Z]{2}) ', page)
    assert ("asked-crossed", "TR") in rows
    assert ("crossed-not-asked", "IR") in rows
    assert ("crossed-not-asked", "IQ") in rows
    assert ("end", "PK") in rows
    data = re.search(r"<div class=\"map permit-map\" data-route='([^']*)'", page)
    assert data is not None
    geojson = json.loads(html.unescape(data.group(1)))
    assert geojson["states"]["IR"] == "crossed-not-asked"
    (route,) = geojson["features"]
    lon, lat = route["geometry"]["coordinates"][0]
    assert (round(lat), round(lon)) == (25, 67)  # Karachi


def test_recorded_requests_are_weighed_against_what_the_submitter_may_read(
    client: TestClient, tokens: dict[str, str]
) -> None:
    headers = bearer(tokens, US_ANALYST)
    tr = (PERMITS / "turkey-via-iran-iraq.yaml").read_text().replace("EX-76012", "EX-76099")

    def screen(text: str, name: str, marking: str) -> set[str]:
        response = client.post(
            "/api/screen",
            headers=headers,
            data={"record": "true", "marking": marking},
            files={"file": (name, text.encode())},
        )
        assert response.status_code == 200, response.text
        [verdict] = response.json()["verdicts"]
        return {f["indicator"] for f in verdict["findings"]}

    secret = tr.replace("EXC-TR-2026-1203", "SECRET-ASK")
    assert "repeated-requests" not in screen(secret, "secret.yaml", "(S//NF)")
    # an unclassified request for the same aircraft does not learn of the SECRET one
    assert "repeated-requests" not in screen(tr, "tr.yaml", "(U)")
    to_iran = tr.replace("EXC-TR-2026-1203", "EXC-IR").replace("[TR]", "[IR, IQ]")
    assert "repeated-requests" in screen(to_iran, "ir.yaml", "(U)")
