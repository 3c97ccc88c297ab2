"""``GET /api/chokepoints`` per persona, its refusals, and the case map's stances and chokepoints.

Baku (UBBB) to Turkmenbashi (UTAK) is a short hop over the Caspian: the direct leg touches only
Azerbaijan and Turkmenistan (and the sea between them), which are the end states and never
candidates, so no candidate set blocks it. Asked to include Turkmenistan, denying it closes the
destination's airspace and aerodromes: {TM} blocks every route by itself.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from web_personas import (
    ADMIN,
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

CASPIAN = "/api/chokepoints?dep=UBBB&dest=UTAK&aircraft=IL76"
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


def test_chokepoints_need_a_login(client: TestClient) -> None:
    client.cookies.clear()
    response = client.get(CASPIAN)
    assert response.status_code == 401


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_every_persona_may_ask_and_the_destination_blocks_alone(
    client: TestClient, tokens: dict[str, str], persona: Persona
) -> None:
    response = client.get(f"{CASPIAN}&include=TM", headers=bearer(tokens, persona))
    assert response.status_code == 200, response.text
    body = response.json()
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
    body = client.get(CASPIAN, headers=bearer(tokens, UNCLAS_TUR)).json()
    assert body["feasible"] is True
    assert body["sets"] == []
    assert body["unavoidable_states"] == []
    assert body["route"]["stops"] == ["UBBB", "UTAK"]


@pytest.mark.parametrize(
    ("query", "word"),
    [
        ("dep=UBBB&dest=UTAK&aircraft=IL76&max_size=3", "max_size"),
        ("dep=UBBB&dest=UTAK&aircraft=IL76&max_size=0", "max_size"),
        ("dep=UBBB&dest=UTAK&aircraft=IL67", "IL67"),
        ("dep=ZZZZ&dest=UTAK&aircraft=IL76", "ZZZZ"),
        ("dep=UBBB&dest=UTAK&aircraft=IL76&include=Narnia", "Narnia"),
        ("dep=UBBB&aircraft=IL76", "dest"),
    ],
)
def test_bad_requests_are_422_naming_the_problem(
    client: TestClient, tokens: dict[str, str], query: str, word: str
) -> None:
    response = client.get(f"/api/chokepoints?{query}", headers=bearer(tokens, US_ANALYST))
    assert response.status_code == 422
    assert word in response.text


def test_chokepoint_requests_are_audited(client: TestClient, tokens: dict[str, str]) -> None:
    assert client.get(CASPIAN, headers=bearer(tokens, SECRET_TUR)).status_code == 200
    rows = client.get("/api/audit", headers=bearer(tokens, ADMIN)).json()
    assert any(
        r["username"] == SECRET_TUR.username
        and r["action"] == "read"
        and r["object_kind"] == "chokepoints"
        and "UBBB-UTAK" in r["detail"]
        for r in rows
    )


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
