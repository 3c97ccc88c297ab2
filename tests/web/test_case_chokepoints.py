"""Chokepoint analyses run for a case: started from the API or the page, kept with the case,
drawn on its map with their route options and the stances they assumed; limited per user,
cancelled from the API or the page, and only ever their starter's."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from web_jobs import FINISHED, cancel_every_job, wait_for_job
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

from overflight.cases import case_timeline, open_case, record_chokepoints
from overflight.markings import parse_portion
from overflight.services.interdiction import stored_chokepoints
from overflight.store import CaseRow, open_store

# Baku to Turkmenbashi across the Caspian: a short flight, so the analysis takes about a second.
CASPIAN = {"dep": "UBBB", "dest": "UTAK", "aircraft": "IL76", "max_size": "1"}
# Pyongyang to Damascus in sets of three: seconds to build the route graph, minutes to search.
LONG = {"dep": "ZKPY", "dest": "OSDI", "aircraft": "IL76", "max_size": "3"}
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
    with open_store(seeded.database) as store, store.session(writing=True) as session:
        case = open_case(session, "TS case", marking=parse_portion("TS"))
        session.commit()
    return case.id


@pytest.fixture(scope="module")
def quiet_case(seeded: Seed) -> int:
    """A (U) case with no flight and no result: what a cancelled analysis must leave alone."""
    with open_store(seeded.database) as store, store.session(writing=True) as session:
        case = open_case(session, "Quiet case")
        session.commit()
    return case.id


@pytest.fixture(autouse=True)
def _no_job_left(client: TestClient, tokens: dict[str, str]) -> Iterator[None]:
    """Each test starts with no job running: a user may have only two."""
    yield
    cancel_every_job(client, tokens)


def _start(client: TestClient, case: int, data: dict[str, str], headers: dict[str, str]) -> str:
    """Start an analysis of ``case``; the job's status URL."""
    started = client.post(f"/api/cases/{case}/chokepoints", data=data, headers=headers)
    assert started.status_code == 202, started.text
    url: str = started.json()["status"]
    return url


def test_an_analyst_runs_an_analysis_that_the_case_map_then_draws(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    case = seeded.rel_tur_case  # no flight: the aerodromes and aircraft are given
    headers = bearer(tokens, US_ANALYST)
    started = client.post(f"/api/cases/{case}/chokepoints", data=CASPIAN, headers=headers)
    assert started.status_code == 202, started.text
    job = started.json()
    assert "UBBB-UTAK IL76" in job["detail"]
    status = wait_for_job(client, job["status"], headers)
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
    with open_store(seeded.database) as store, store.session(writing=True) as session:
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
    assert wait_for_job(client, started.json()["status"], headers)["state"] == "done"
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


def test_a_third_analysis_of_one_user_is_429_and_queues_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed, quiet_case: int
) -> None:
    headers = bearer(tokens, US_ANALYST)
    first = _start(client, quiet_case, LONG, headers)
    second = _start(client, quiet_case, LONG, headers)
    refused = client.post(f"/api/cases/{quiet_case}/chokepoints", data=LONG, headers=headers)
    assert refused.status_code == 429
    assert int(refused.headers["Retry-After"]) > 0
    detail = refused.json()["detail"]
    assert "2 analyses of yours are running or queued" in detail
    assert "cancel" in detail
    listed = client.get("/api/jobs", headers=headers).json()
    active = [f"/api/jobs/{job['id']}" for job in listed if job["state"] not in FINISHED]
    assert active == [second, first]  # newest first; the refused one is nowhere
    assert all("result" not in job for job in listed)
    # Another user is not held up by this one's analyses.
    assert _start(client, seeded.rel_tur_case, CASPIAN, bearer(tokens, ADMIN))


def test_a_queued_analysis_is_cancelled_at_once(
    client: TestClient, tokens: dict[str, str], quiet_case: int
) -> None:
    headers = bearer(tokens, US_ANALYST)
    running = _start(client, quiet_case, LONG, headers)
    wait_for_job(client, running, headers, until=frozenset({"running"}))
    queued = _start(client, quiet_case, CASPIAN, headers)
    assert client.get(queued, headers=headers).json()["state"] == "queued"  # one thread, busy
    cancelled = client.delete(queued, headers=headers)
    assert cancelled.status_code == 200, cancelled.text
    assert cancelled.json()["state"] == "cancelled"
    assert client.get(queued, headers=headers).json()["state"] == "cancelled"
    again = client.delete(queued, headers=headers)  # nothing left to cancel: said as it is
    assert (again.status_code, again.json()["state"]) == (200, "cancelled")


def test_a_running_analysis_stops_when_cancelled_and_keeps_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed, quiet_case: int
) -> None:
    headers = bearer(tokens, US_ANALYST)
    url = _start(client, quiet_case, LONG, headers)
    wait_for_job(client, url, headers, until=frozenset({"running"}))
    asked = client.delete(url, headers=headers)
    assert asked.status_code in (200, 202), asked.text
    assert asked.json()["state"] in ("cancelling", "cancelled")
    status = wait_for_job(client, url, headers)
    assert status["state"] == "cancelled", status
    assert "result" not in status
    with open_store(seeded.database) as store, store.session() as session:
        assert stored_chokepoints(session, quiet_case) is None
        assert all(e.kind != "chokepoints" for e in case_timeline(session, quiet_case))
    audit = client.get("/api/audit", headers=bearer(tokens, ADMIN)).json()
    job_id = url.rsplit("/", 1)[1]
    started = [r for r in audit if r["action"] == "change" and f"job {job_id}" in r["detail"]]
    cancelled = [r for r in audit if r["action"] == "cancel" and f"job {job_id}" in r["detail"]]
    for rows in (started, cancelled):
        assert [(r["username"], r["object_kind"], r["object_id"]) for r in rows] == [
            (US_ANALYST.username, "case", str(quiet_case))
        ]


def test_another_user_can_neither_see_nor_cancel_a_job(
    client: TestClient, tokens: dict[str, str], quiet_case: int
) -> None:
    headers = bearer(tokens, US_ANALYST)
    url = _start(client, quiet_case, LONG, headers)
    job_id = url.rsplit("/", 1)[1]
    missing = client.delete("/api/jobs/no-such-job", headers=bearer(tokens, ADMIN))
    for persona in (ADMIN, SECRET_TUR):
        other = bearer(tokens, persona)
        assert client.get(url, headers=other).status_code == 404
        refused = client.delete(url, headers=other)
        assert refused.status_code == 404
        assert refused.json() == {"detail": f"job {job_id} not found"}
        assert missing.json() == {"detail": "job no-such-job not found"}  # the same answer
        assert all(job["id"] != job_id for job in client.get("/api/jobs", headers=other).json())
    assert client.get(url, headers=headers).json()["state"] in ("queued", "running")


def test_the_case_page_cancels_the_job_it_follows(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        url = f"/cases/{seeded.unclassified_case}"
        csrf = csrf_of(client.get(url).text)
        started = client.post(
            f"{url}/chokepoints",
            data={"max_size": "3", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert started.status_code == 303
        following = client.get(started.headers["location"]).text
        job_id = started.headers["location"].split("?job=", 1)[1]
        cancel = f"{url}/jobs/{job_id}/cancel"
        assert f'action="{cancel}"' in following
        assert 'id="job-cancel-form"' in following
        assert client.post(cancel, data={}).status_code == 403  # no CSRF token
        elsewhere = f"/cases/{seeded.rel_tur_case}/jobs/{job_id}/cancel"
        assert client.post(elsewhere, data={"csrf_token": csrf}).status_code == 404
        done = client.post(cancel, data={"csrf_token": csrf}, follow_redirects=False)
        assert done.status_code == 303
        assert done.headers["location"] == f"{url}?job={job_id}"
    finally:
        client.cookies.clear()
    status = wait_for_job(client, f"/api/jobs/{job_id}", bearer(tokens, US_ANALYST))
    assert status["state"] == "cancelled"


def test_another_users_page_cannot_cancel_the_job(
    client: TestClient, tokens: dict[str, str], seeded: Seed, quiet_case: int
) -> None:
    url = _start(client, quiet_case, LONG, bearer(tokens, US_ANALYST))
    job_id = url.rsplit("/", 1)[1]
    client.cookies.clear()
    page_login(client, ADMIN)
    try:
        csrf = csrf_of(client.get(f"/cases/{quiet_case}").text)
        refused = client.post(
            f"/cases/{quiet_case}/jobs/{job_id}/cancel", data={"csrf_token": csrf}
        )
    finally:
        client.cookies.clear()
    assert refused.status_code == 404
    assert f"job {job_id} not found" in refused.text
    assert client.get(url, headers=bearer(tokens, US_ANALYST)).json()["state"] != "cancelled"


def test_an_analysis_keeps_nothing_in_a_case_marked_above_its_starter_meanwhile(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    with open_store(seeded.database) as store, store.session(writing=True) as session:
        case = open_case(session, "Soon hidden").id
        session.commit()
    headers = bearer(tokens, US_ANALYST)
    running = _start(client, case, LONG, headers)
    wait_for_job(client, running, headers, until=frozenset({"running"}))
    queued = _start(client, case, CASPIAN, headers)  # checked while the case was (U)
    with open_store(seeded.database) as store, store.session(writing=True) as session:
        session.get(CaseRow, case).classification = "(TS)"  # above the SECRET analyst
        session.commit()
    client.delete(running, headers=headers)
    status = wait_for_job(client, queued, headers)
    assert status["state"] == "failed"
    assert status["error"] == f"case {case} not found"
    with open_store(seeded.database) as store, store.session() as session:
        assert stored_chokepoints(session, case) is None
