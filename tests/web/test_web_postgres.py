"""The web app over PostgreSQL (the teams' store): the same gate, the same writes as on SQLite.

Skips, saying why, where no PostgreSQL answers (see ``tests/store/store_backends.py``).
"""

from __future__ import annotations

import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_backends import opened_store
from web_personas import (
    FPL,
    NOFORN_TEXT,
    PASSWORD,
    PERSONAS,
    REL_TUR_TEXT,
    SECRET_TUR,
    UNCLAS_TEXT,
    UNCLAS_TUR,
    US_ANALYST,
    Seed,
    TestClient,
    seed_store,
)

from overflight.web import WebSettings, create_app

VISIBLE_CASES = {"tur_unclas": 1, "tur_secret": 2, "us_analyst": 3, "admin": 3}


@pytest.fixture(scope="module")
def pg(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Seed]]:
    """An app over a fresh PostgreSQL schema, seeded like the SQLite one."""
    with opened_store("postgresql", tmp_path_factory.mktemp("pg")) as store:
        seed = seed_store(store.url)
        settings = WebSettings(database=store.url, login_failures_per_address=1_000)
        with TestClient(create_app(settings)) as client:
            yield client, seed


def _headers(client: TestClient, username: str) -> dict[str, str]:
    response = client.post("/api/token", data={"username": username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_each_persona_counts_only_the_cases_it_may_see(
    pg: tuple[TestClient, Seed], persona: Any
) -> None:
    client, _ = pg
    found = client.get("/api/cases", headers=_headers(client, persona.username)).json()
    assert found["count"] == VISIBLE_CASES[persona.username]


def test_telegram_portions_follow_the_reader(pg: tuple[TestClient, Seed]) -> None:
    client, seed = pg
    unclas = client.get(f"/api/telegrams/{seed.telegram}", headers=_headers(client, "tur_unclas"))
    assert UNCLAS_TEXT in unclas.text
    assert REL_TUR_TEXT not in unclas.text
    secret = client.get(f"/api/telegrams/{seed.telegram}", headers=_headers(client, "tur_secret"))
    assert REL_TUR_TEXT in secret.text
    assert NOFORN_TEXT not in secret.text
    hidden = client.get(f"/api/cases/{seed.noforn_case}", headers=_headers(client, "tur_secret"))
    assert hidden.status_code == 404


def test_screening_records_a_case_then_coordination_writes(pg: tuple[TestClient, Seed]) -> None:
    client, seed = pg
    headers = _headers(client, US_ANALYST.username)
    screened = client.post(
        "/api/screen",
        headers=headers,
        data={"text": FPL.replace("KOR151", "KOR555"), "record": "1"},
    )
    assert screened.status_code == 200, screened.text
    [case_id] = screened.json()["case_ids"]
    assert case_id is not None
    drafted = client.post(
        f"/api/cases/{seed.unclassified_case}/telegrams",
        data={"kind": "action", "serial": "STATE 43900", "keep": "true"},
        headers=headers,
    )
    assert drafted.status_code == 201, drafted.text
    [engagement] = client.get(
        f"/api/cases/{seed.unclassified_case}/engagements", headers=headers
    ).json()
    answered = client.post(
        f"/api/cases/{seed.unclassified_case}/engagements/{engagement['id']}/response",
        data={"response": "denied_overflight"},
        headers=headers,
    )
    assert answered.json()["response"] == "denied_overflight"
    closed = client.post(
        f"/api/cases/{case_id}/outcomes", data={"kind": "cancelled"}, headers=headers
    )
    assert closed.json()["status"] == "closed"


def test_a_chokepoint_job_keeps_its_result_in_postgres(pg: tuple[TestClient, Seed]) -> None:
    client, seed = pg
    headers = _headers(client, US_ANALYST.username)
    started = client.post(
        f"/api/cases/{seed.rel_tur_case}/chokepoints",
        data={"dep": "UBBB", "dest": "UTAK", "aircraft": "IL76", "max_size": "1"},
        headers=headers,
    )
    assert started.status_code == 202, started.text
    for _ in range(600):
        status = client.get(started.json()["status"], headers=headers).json()
        if status["state"] not in ("queued", "running"):
            break
        time.sleep(0.1)
    assert status["state"] == "done", status
    found = client.get(f"/api/cases/{seed.rel_tur_case}/route", headers=headers).json()
    assert found["stances_basis"] == "analysis"
    assert any(f["properties"]["role"] == "option" for f in found["features"])


def test_a_lockout_survives_the_refused_request(pg: tuple[TestClient, Seed]) -> None:
    client, _ = pg
    for _ in range(5):
        wrong = {"username": UNCLAS_TUR.username, "password": "not the password"}
        assert client.post("/api/token", data=wrong).status_code == 401
    right = {"username": UNCLAS_TUR.username, "password": PASSWORD}
    refused = client.post("/api/token", data=right)
    assert refused.status_code == 401
    assert "too many failed logins" in refused.json()["detail"]
    assert client.post(
        "/api/token", data={"username": SECRET_TUR.username, "password": PASSWORD}
    ).is_success
