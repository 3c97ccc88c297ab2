"""Chokepoint analyses run for a case: started from the API or the page, kept with the case,
drawn on its map with their route options and the stances they assumed."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from web_personas import (
    ADMIN,
    SECRET_TUR,
    UNCLAS_TUR,
    US_ANALYST,
    Seed,
    TestClient,
    bearer,
    csrf_of,
    page_login,
)

from overflight.cases import open_case, record_chokepoints
from overflight.markings import parse_portion
from overflight.store import open_store

# Baku to Turkmenbashi across the Caspian: a short flight, so the analysis takes about a second.
CASPIAN = {"dep": "UBBB", "dest": "UTAK", "aircraft": "IL76", "max_size": "1"}
KEPT = {
    "aircraft": "IL76",
    "sets": [["TM"]],
    "unavoidable": ["TM"],
    "stances": {"TM": "denying", "AZ": "cooperating", "KP": "cooperating"},
    "stances_as_of": "2008-07-01",
    "routes": [
        {
            "stops": ["UBBB", "UTAK"],
            "distance_km": 300.0,
            "states": ["AZ", "TM"],
            "path": [[49.99, 40.47], [53.0, 40.06]],
        },
        {"stops": ["UBBB", "UTAK"], "distance_km": 1.0, "states": [], "path": []},
    ],
}


@pytest.fixture(scope="module")
def top_secret_case(seeded: Seed) -> int:
    """A (TS) case: hidden from the SECRET analyst."""
    with open_store(seeded.database) as store, store.session() as session:
        case = open_case(session, "TS case", marking=parse_portion("TS"))
        session.commit()
    return case.id


def _wait(client: TestClient, url: str, headers: dict[str, str]) -> dict[str, Any]:
    for _ in range(600):
        body: dict[str, Any] = client.get(url, headers=headers).json()
        if body.get("state") != "running":
            return body
        time.sleep(0.1)
    raise AssertionError(f"{url} still running after a minute")


def test_an_analyst_runs_an_analysis_that_the_case_map_then_draws(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    case = seeded.rel_tur_case  # no flight: the aerodromes and aircraft are given
    headers = bearer(tokens, US_ANALYST)
    started = client.post(f"/api/cases/{case}/chokepoints", data=CASPIAN, headers=headers)
    assert started.status_code == 202, started.text
    job = started.json()
    assert "UBBB-UTAK IL76" in job["detail"]
    status = _wait(client, job["status"], headers)
    assert status["state"] == "done", status
    assert status["result"]["case_id"] == case

    found = client.get(f"/api/cases/{case}/route", headers=headers).json()
    assert found["stances_basis"] == "analysis"
    assert found["stances_as_of"] == datetime.now(UTC).date().isoformat()
    assert found["stances"]["US"] == "cooperating"
    assert found["chokepoints"]["aircraft"] == "IL76"
    assert "routes" not in found["chokepoints"]
    assert "stances" not in found["chokepoints"]
    options = [f for f in found["features"] if f["properties"]["role"] == "option"]
    assert options, "the kept result has route options"
    first = options[0]
    assert first["properties"]["rank"] == 1
    assert first["properties"]["stops"][0] == "UBBB"
    assert first["properties"]["stops"][-1] == "UTAK"
    assert {"AZ", "TM"} <= set(first["properties"]["states"])
    assert first["geometry"]["type"] == "MultiLineString"
    line = first["geometry"]["coordinates"][0]
    assert line[0] == pytest.approx([49.99, 40.47], abs=0.1)  # Heydar Aliyev airport
    assert len(line) > 2  # sampled along the geodesic, not a straight chord

    timeline = client.get(f"/api/cases/{case}/timeline", headers=headers).json()
    assert any(e["kind"] == "chokepoints" and e["actor"] == US_ANALYST.username for e in timeline)
    audit = client.get("/api/audit", headers=bearer(tokens, ADMIN)).json()
    assert any(
        r["action"] == "change" and r["object_id"] == str(case) and "chokepoints" in r["detail"]
        for r in audit
    )


def test_the_map_shows_the_stances_the_kept_result_assumed(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    with open_store(seeded.database) as store, store.session() as session:
        record_chokepoints(session, seeded.noforn_case, KEPT, at=datetime.now(UTC))
        session.commit()
    found = client.get(
        f"/api/cases/{seeded.noforn_case}/route", headers=bearer(tokens, US_ANALYST)
    ).json()
    assert found["stances_basis"] == "analysis"
    assert found["stances_as_of"] == "2008-07-01"
    assert found["stances"] == KEPT["stances"]  # not today's prior (KP is permissive there)
    options = [f for f in found["features"] if f["properties"]["role"] == "option"]
    assert [o["properties"]["distance_km"] for o in options] == [300.0]  # no path: not drawn


def test_the_case_may_give_its_own_stances(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    case, headers = seeded.rel_tur_case, bearer(tokens, US_ANALYST)
    data = {**CASPIAN, "stance": ["KP=cooperating", "Iran=denying"]}
    started = client.post(f"/api/cases/{case}/chokepoints", data=data, headers=headers)
    assert started.status_code == 202, started.text
    assert "IR=denying, KP=cooperating" in started.json()["detail"]
    assert _wait(client, started.json()["status"], headers)["state"] == "done"
    stances = client.get(f"/api/cases/{case}/route", headers=headers).json()["stances"]
    assert (stances["KP"], stances["IR"]) == ("cooperating", "denying")  # not the prior's
    assert stances["US"] == "cooperating"  # the prior, where the case said nothing


@pytest.mark.parametrize(
    ("persona", "status"), [(UNCLAS_TUR, 403), (SECRET_TUR, 403), (US_ANALYST, 202)]
)
def test_only_analysts_may_start_one(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Any, status: int
) -> None:
    response = client.post(
        f"/api/cases/{seeded.unclassified_case}/chokepoints",
        data=CASPIAN,
        headers=bearer(tokens, persona),
    )
    assert response.status_code == status, response.text


def test_a_hidden_case_is_not_found_for_the_analyst_and_a_viewer_alike(
    client: TestClient, tokens: dict[str, str], seeded: Seed, top_secret_case: int
) -> None:
    for persona, case in ((US_ANALYST, top_secret_case), (SECRET_TUR, seeded.noforn_case)):
        response = client.post(
            f"/api/cases/{case}/chokepoints", data=CASPIAN, headers=bearer(tokens, persona)
        )
        assert response.status_code == 404
        assert response.json()["detail"] == f"case {case} not found"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ({"aircraft": "IL67", "dep": "UBBB", "dest": "UTAK"}, "IL67"),
        ({"aircraft": "IL76", "dep": "XXXX", "dest": "UTAK"}, "XXXX"),
        ({"aircraft": "IL76", "dest": "UTAK"}, "give dep"),
        ({"aircraft": "IL76", "dep": "UBBB", "dest": "UTAK", "max_size": "4"}, "1 to 3"),
        ({"aircraft": "IL76", "dep": "UBBB", "dest": "UTAK", "include": "Atlantis"}, "Atlantis"),
        ({"aircraft": "IL76", "dep": "UBBB", "dest": "UTAK", "stance": "TR=friendly"}, "friendly"),
        ({"aircraft": "IL76", "dep": "UBBB", "dest": "UTAK", "stance": "TR"}, "STATE=STANCE"),
    ],
)
def test_bad_requests_are_refused_before_anything_runs(
    client: TestClient, tokens: dict[str, str], seeded: Seed, data: dict[str, str], what: str
) -> None:
    response = client.post(
        f"/api/cases/{seeded.rel_tur_case}/chokepoints",
        data=data,
        headers=bearer(tokens, US_ANALYST),
    )
    assert response.status_code == 422, response.text
    assert what in response.json()["detail"]


def test_the_flight_plan_gives_what_is_not_given(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    # KOR151 ZKPY-OSDI, an IL76: only the set size is given (1, so the run is short).
    response = client.post(
        f"/api/cases/{seeded.unclassified_case}/chokepoints",
        data={"max_size": "1"},
        headers=bearer(tokens, US_ANALYST),
    )
    assert response.status_code == 202, response.text
    assert "ZKPY-OSDI IL76" in response.json()["detail"]


def test_a_job_is_only_its_starters(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    started = client.post(
        f"/api/cases/{seeded.rel_tur_case}/chokepoints",
        data=CASPIAN,
        headers=bearer(tokens, US_ANALYST),
    ).json()
    other = client.get(started["status"], headers=bearer(tokens, ADMIN))
    assert other.status_code == 404
    assert other.json()["detail"] == f"job {started['job']} not found"
    assert client.get("/api/jobs/nope", headers=bearer(tokens, US_ANALYST)).status_code == 404


def test_the_case_page_starts_one_with_its_csrf_token(client: TestClient, seeded: Seed) -> None:
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        url = f"/cases/{seeded.unclassified_case}"
        page = client.get(url).text
        assert 'id="chokepoint-form"' in page
        csrf = csrf_of(page)
        refused = client.post(f"{url}/chokepoints", data={"max_size": "1"})
        assert refused.status_code == 403
        started = client.post(
            f"{url}/chokepoints",
            data={"max_size": "1", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert started.status_code == 303
        location = started.headers["location"]
        assert location.startswith(f"{url}?job=")
        following = client.get(location).text
        assert 'id="job-status"' in following
    finally:
        client.cookies.clear()


def test_viewers_get_no_analysis_form(client: TestClient, seeded: Seed) -> None:
    client.cookies.clear()
    page_login(client, SECRET_TUR)
    try:
        page = client.get(f"/cases/{seeded.unclassified_case}").text
    finally:
        client.cookies.clear()
    assert 'id="chokepoint-form"' not in page
    assert 'id="map-options"' in page
