"""``POST /api/chokepoints`` per persona, its refusals and limits, and the case map's data.

An analysis of a flight with no case runs as a background job: the request checks it (422) and
answers 202 with the job; the job's result is the analysis. Baku (UBBB) to Turkmenbashi (UTAK) is
a short hop over the Caspian: the direct leg touches only Azerbaijan and Turkmenistan (and the
sea between them), which are the end states and never candidates, so no candidate set blocks
it. Asked to include Turkmenistan, denying it closes the destination's airspace and aerodromes:
{TM} blocks every route by itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from web_jobs import FINISHED, cancel_every_job, wait_for_job
from web_personas import (
    ADMIN,
    PASSWORD,
    PERSONAS,
    SECRET_TUR,
    UNCLAS_TUR,
    US_ANALYST,
    Persona,
    Seed,
    TestClient,
    bearer,
    page_login,
)

from overflight.cases import record_chokepoints
from overflight.store import open_store
from overflight.web import WebSettings, create_app

CASPIAN = {"dep": "UBBB", "dest": "UTAK", "aircraft": "IL76"}
# Pyongyang to Damascus: seconds to build the route graph, so a job that stays busy a while.
LONG = {"dep": "ZKPY", "dest": "OSDI", "aircraft": "IL76", "max_size": "2"}
RESULT_KEYS = {
    "settings",
    "feasible",
    "route",
    "no_route_reason",
    "denying",
    "sets",
    "unavoidable_states",
    "oracle_calls",
}
OLDER = {"aircraft": "IL76", "sets": [["IR"]], "unavoidable": ["IR"]}
LATEST = {"aircraft": "IL76", "sets": [["TR"], ["IQ", "JO"]], "unavoidable": ["TR"]}


@pytest.fixture(scope="module")
def recorded(seeded: Seed) -> Seed:
    """Chokepoint results kept with the (U) case (an older one, then the latest) and the NF case."""
    with open_store(seeded.database) as store, store.session() as session:
        first = datetime(2026, 5, 28, 13, tzinfo=UTC)
        record_chokepoints(session, seeded.unclassified_case, OLDER, at=first)
        later = datetime(2026, 5, 28, 14, tzinfo=UTC)
        record_chokepoints(session, seeded.unclassified_case, LATEST, at=later)
        record_chokepoints(session, seeded.noforn_case, OLDER, at=later)
        session.commit()
    return seeded


@pytest.fixture(autouse=True)
def _no_job_left(client: TestClient, tokens: dict[str, str]) -> Iterator[None]:
    """Each test starts with no job running: a user may have only two."""
    yield
    cancel_every_job(client, tokens)


def _analyse(client: TestClient, data: dict[str, Any], headers: dict[str, str]) -> dict[str, Any]:
    """Start an analysis, wait for its job, and return the job's result."""
    started = client.post("/api/chokepoints", data=data, headers=headers)
    assert started.status_code == 202, started.text
    status = wait_for_job(client, started.json()["status"], headers)
    assert status["state"] == "done", status
    result: dict[str, Any] = status["result"]
    return result


def test_chokepoints_need_a_login(client: TestClient) -> None:
    client.cookies.clear()
    response = client.post("/api/chokepoints", data=CASPIAN)
    assert response.status_code == 401


def test_the_old_get_is_gone(client: TestClient, tokens: dict[str, str]) -> None:
    query = "dep=UBBB&dest=UTAK&aircraft=IL76"
    response = client.get(f"/api/chokepoints?{query}", headers=bearer(tokens, US_ANALYST))
    assert response.status_code == 405
    assert response.headers["allow"] == "POST"


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_every_persona_may_ask_and_the_destination_blocks_alone(
    client: TestClient, tokens: dict[str, str], persona: Persona
) -> None:
    body = _analyse(client, {**CASPIAN, "include": "TM"}, bearer(tokens, persona))
    assert set(body) == RESULT_KEYS  # the same content as when it was computed in the request
    assert [s["states"] for s in body["sets"]] == [["TM"]]
    assert body["unavoidable_states"] == ["TM"]
    (proof,) = body["sets"][0]["proof"]
    assert proof["reopened"] == "TM"
    assert {"AZ", "TM"} <= set(proof["states"])  # the re-opened route lands in TM from AZ
    assert proof["stops"][0] == "UBBB"
    assert proof["stops"][-1] == "UTAK"
    settings = body["settings"]
    assert (settings["departure"], settings["destination"]) == ("UBBB", "UTAK")
    assert settings["max_size"] == 2  # the default is the cap
    assert settings["stances_as_of"] == datetime.now(UTC).date().isoformat()


def test_the_sea_crossing_has_no_chokepoint(client: TestClient, tokens: dict[str, str]) -> None:
    body = _analyse(client, CASPIAN, bearer(tokens, UNCLAS_TUR))
    assert body["feasible"] is True
    assert body["sets"] == []
    assert body["unavoidable_states"] == []
    assert body["route"]["stops"] == ["UBBB", "UTAK"]


@pytest.mark.parametrize(
    ("data", "word"),
    [
        ({**CASPIAN, "max_size": "3"}, "max_size"),
        ({**CASPIAN, "max_size": "0"}, "max_size"),
        ({**CASPIAN, "aircraft": "IL67"}, "IL67"),
        ({**CASPIAN, "dep": "ZZZZ"}, "ZZZZ"),
        ({**CASPIAN, "dest": "UBBB"}, "is the departure aerodrome itself"),
        ({**CASPIAN, "include": "Narnia"}, "Narnia"),
        ({"dep": "UBBB", "aircraft": "IL76"}, "dest"),
    ],
)
def test_bad_requests_are_422_naming_the_problem_and_queue_nothing(
    client: TestClient, tokens: dict[str, str], data: dict[str, str], word: str
) -> None:
    headers = bearer(tokens, US_ANALYST)
    before = client.get("/api/jobs", headers=headers).json()
    response = client.post("/api/chokepoints", data=data, headers=headers)
    assert response.status_code == 422
    assert word in response.text
    assert client.get("/api/jobs", headers=headers).json() == before


def test_chokepoint_jobs_are_audited_when_started_and_cancelled(
    client: TestClient, tokens: dict[str, str]
) -> None:
    headers = bearer(tokens, SECRET_TUR)
    started = client.post("/api/chokepoints", data=LONG, headers=headers).json()
    assert client.delete(started["status"], headers=headers).status_code in (200, 202)
    assert wait_for_job(client, started["status"], headers)["state"] == "cancelled"
    rows = client.get("/api/audit", headers=bearer(tokens, ADMIN)).json()
    ours = [
        (r["action"], r["object_kind"])
        for r in rows
        if r["username"] == SECRET_TUR.username and f"job {started['job']}" in r["detail"]
    ]
    assert sorted(ours) == [("cancel", "chokepoints"), ("read", "chokepoints")]
    assert any("ZKPY-OSDI IL76" in r["detail"] for r in rows if r["action"] == "read")


def test_a_third_analysis_of_one_user_is_429_and_queues_nothing(
    client: TestClient, tokens: dict[str, str]
) -> None:
    headers = bearer(tokens, UNCLAS_TUR)
    first = client.post("/api/chokepoints", data=LONG, headers=headers)
    second = client.post("/api/chokepoints", data=LONG, headers=headers)
    assert (first.status_code, second.status_code) == (202, 202)
    refused = client.post("/api/chokepoints", data=CASPIAN, headers=headers)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    assert "2 analyses of yours are running or queued" in refused.json()["detail"]
    unfinished = [
        job["id"]
        for job in client.get("/api/jobs", headers=headers).json()
        if job["state"] in ("queued", "running")
    ]
    assert unfinished == [second.json()["job"], first.json()["job"]]


@pytest.fixture
def small_server(seeded: Seed) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """An app on the same store that takes two analyses in all (one per user)."""
    settings = WebSettings(database=seeded.database, max_jobs=2, max_jobs_per_user=1)
    with TestClient(create_app(settings)) as small:
        tokens = {}
        for persona in PERSONAS:
            form = {"username": persona.username, "password": PASSWORD}
            tokens[persona.username] = small.post("/api/token", data=form).json()["access_token"]
        yield small, tokens
        cancel_every_job(small, tokens)


def _unfinished(jobs: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [job for job in jobs if job["state"] not in FINISHED]


def test_the_server_takes_so_many_analyses_in_all(
    small_server: tuple[TestClient, dict[str, str]],
) -> None:
    small, tokens = small_server
    for persona in (US_ANALYST, ADMIN):
        started = small.post("/api/chokepoints", data=LONG, headers=bearer(tokens, persona))
        assert started.status_code == 202, started.text
    headers = bearer(tokens, SECRET_TUR)
    refused = small.post("/api/chokepoints", data=CASPIAN, headers=headers)
    assert refused.status_code == 429
    assert "Retry-After" in refused.headers
    assert "2 analyses are running or queued on this server" in refused.json()["detail"]
    # Nothing was queued (jobs live in the store: the earlier tests' finished ones are listed).
    assert _unfinished(small.get("/api/jobs", headers=headers).json()) == []
    # A cancelled analysis gives its place back.
    admins = bearer(tokens, ADMIN)
    (job,) = _unfinished(small.get("/api/jobs", headers=admins).json())
    small.delete(f"/api/jobs/{job['id']}", headers=admins)
    wait_for_job(small, f"/api/jobs/{job['id']}", admins)
    assert small.post("/api/chokepoints", data=CASPIAN, headers=headers).status_code == 202


def test_case_map_carries_stances_and_the_latest_chokepoints(
    client: TestClient, tokens: dict[str, str], recorded: Seed
) -> None:
    url = f"/api/cases/{recorded.unclassified_case}/route"
    body = client.get(url, headers=bearer(tokens, UNCLAS_TUR)).json()
    assert body["type"] == "FeatureCollection"
    assert body["features"]  # KOR151's route is still drawn
    # The PSI prior: the United States endorsed in 2003, North Korea is a state of concern,
    # China has not endorsed.
    stances = body["stances"]
    assert (stances["US"], stances["KP"], stances["CN"]) == ("cooperating", "permissive", "unknown")
    assert body["stances_as_of"] == datetime.now(UTC).date().isoformat()
    found = body["chokepoints"]
    assert found["sets"] == LATEST["sets"]  # the later result, not the older one
    assert found["unavoidable"] == ["TR"]
    assert found["states"] == ["IQ", "JO", "TR"]
    assert found["recorded_at"].startswith("2026-05-28T14:00")


def test_case_map_without_a_result_has_no_chokepoints(
    client: TestClient, tokens: dict[str, str], recorded: Seed
) -> None:
    url = f"/api/cases/{recorded.rel_tur_case}/route"
    body = client.get(url, headers=bearer(tokens, SECRET_TUR)).json()
    assert body["features"] == []  # no flight: no route
    assert body["chokepoints"] is None
    assert body["stances"]["TR"] == "cooperating"


def test_hidden_case_map_gives_nothing_away(
    client: TestClient, tokens: dict[str, str], recorded: Seed
) -> None:
    response = client.get(
        f"/api/cases/{recorded.noforn_case}/route", headers=bearer(tokens, SECRET_TUR)
    )
    assert response.status_code == 404
    assert "IR" not in response.text
    assert response.json()["detail"] == f"case {recorded.noforn_case} not found"


def test_case_page_has_the_stance_legend(client: TestClient, recorded: Seed) -> None:
    client.cookies.clear()
    page_login(client, UNCLAS_TUR)
    try:
        page = client.get(f"/cases/{recorded.unclassified_case}").text
    finally:
        client.cookies.clear()
    legend = page.split('id="map-legend"', 1)[1].split("</ul>", 1)[0]
    for word in ("cooperating", "denying", "permissive", "unknown", "chokepoint"):
        assert word in legend


def test_a_route_through_too_many_points_is_refused_before_it_is_computed(
    client: TestClient, tokens: dict[str, str]
) -> None:
    # 50 legs round the world cost about half a second of CPU; more is not worth a request.
    headers = bearer(tokens, UNCLAS_TUR)
    points = ["10,179", "-10,1"]
    many = "&".join(f"via={points[i % 2]}" for i in range(51))
    refused = client.get(f"/api/route?dep=0,0&dest=1,1&{many}", headers=headers)
    assert refused.status_code == 422
    assert "via" in refused.text
    enough = "&".join(f"via={points[i % 2]}" for i in range(50))
    assert client.get(f"/api/route?dep=0,0&dest=1,1&{enough}", headers=headers).status_code == 200


def test_a_job_started_on_one_worker_is_followed_and_cancelled_on_another(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    """Two apps on one store stand for two workers: the job's state is in the store.

    The second app starts before the job does, and the job is cancelled from it at once: an
    app's start-up (seconds under load) must not give the job time to finish first.
    """
    headers = bearer(tokens, US_ANALYST)
    with TestClient(create_app(WebSettings(database=seeded.database))) as other:
        started = client.post("/api/chokepoints", data=LONG, headers=headers)
        assert started.status_code == 202, started.text
        job = started.json()["job"]
        cancelling = other.delete(f"/api/jobs/{job}", headers=headers)
        assert cancelling.status_code in {200, 202}
        assert cancelling.json()["state"] in {"cancelling", "cancelled"}
        listed = [j["id"] for j in other.get("/api/jobs", headers=headers).json()]
        assert job in listed
        assert other.get(f"/api/jobs/{job}", headers=bearer(tokens, ADMIN)).status_code == 404
        stopped = wait_for_job(other, f"/api/jobs/{job}", headers)
    assert stopped["state"] == "cancelled"  # the first worker's thread saw it in the store
    assert wait_for_job(client, f"/api/jobs/{job}", headers)["state"] == "cancelled"
