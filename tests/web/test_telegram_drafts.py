"""Drafting a case's telegrams in the web: the action request and the thank-you, from the store."""

from __future__ import annotations

from typing import Any

import pytest
from web_personas import (
    ADMIN,
    PASSWORD,
    SECRET_TUR,
    UNCLAS_TUR,
    US_ANALYST,
    Seed,
    TestClient,
    bearer,
    csrf_of,
    page_login,
)

from overflight.markings import ClassificationLevel
from overflight.services.accounts import Role, create_user
from overflight.services.drafting import DraftingDefaults
from overflight.store import open_store
from overflight.web import WebSettings, create_app

ACTION = {"kind": "action", "serial": "STATE 43804"}


@pytest.fixture(scope="module")
def unclassified_analyst(seeded: Seed, client: TestClient) -> dict[str, str]:
    """An analyst cleared for UNCLASSIFIED only: may draft nothing SECRET."""
    with open_store(seeded.database) as store, store.session() as session:
        create_user(
            session,
            "u_analyst",
            PASSWORD,
            clearance=ClassificationLevel.U,
            nationality="USA",
            role=Role.ANALYST,
        )
        session.commit()
    token = client.post("/api/token", data={"username": "u_analyst", "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


def _telegram_count(client: TestClient, tokens: dict[str, str], case_id: int) -> int:
    case: dict[str, Any] = client.get(f"/api/cases/{case_id}", headers=bearer(tokens, ADMIN)).json()
    return len(case["telegrams"])


def test_a_draft_is_shown_and_not_kept(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    before = _telegram_count(client, tokens, seeded.unclassified_case)
    response = client.post(
        f"/api/cases/{seeded.unclassified_case}/telegrams",
        data=ACTION,
        headers=bearer(tokens, US_ANALYST),
    )
    assert response.status_code == 200, response.text
    draft = response.json()
    assert draft["id"] is None
    assert draft["serial"] == "STATE 043804"
    assert draft["text"].startswith(draft["banner"])
    assert "ANKARA" in draft["text"]  # the seed's engagement with Turkey: the action addressee
    assert _telegram_count(client, tokens, seeded.unclassified_case) == before


def test_a_kept_draft_joins_the_case(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    case = seeded.unclassified_case
    before = _telegram_count(client, tokens, case)
    response = client.post(
        f"/api/cases/{case}/telegrams",
        data={**ACTION, "serial": "STATE 43805", "keep": "true"},
        headers=bearer(tokens, US_ANALYST),
    )
    assert response.status_code == 201, response.text
    kept = response.json()
    assert _telegram_count(client, tokens, case) == before + 1
    stored = client.get(f"/api/telegrams/{kept['id']}", headers=bearer(tokens, US_ANALYST)).json()
    assert stored["serial"] == "STATE 043805"
    assert stored["case_id"] == case
    timeline = client.get(f"/api/cases/{case}/timeline", headers=bearer(tokens, US_ANALYST))
    assert any(e["kind"] == "telegram" and "043805" in e["detail"] for e in timeline.json())
    audit = client.get("/api/audit", headers=bearer(tokens, ADMIN)).json()
    assert any(r["action"] == "change" and "043805" in r["detail"] for r in audit)


@pytest.mark.parametrize("persona", [UNCLAS_TUR, SECRET_TUR], ids=lambda p: p.username)
def test_viewers_may_not_draft(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Any
) -> None:
    response = client.post(
        f"/api/cases/{seeded.unclassified_case}/telegrams",
        data=ACTION,
        headers=bearer(tokens, persona),
    )
    assert response.status_code == 403


def test_a_hidden_case_is_not_found_before_the_role_is_asked(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    response = client.post(
        f"/api/cases/{seeded.noforn_case}/telegrams",
        data=ACTION,
        headers=bearer(tokens, SECRET_TUR),
    )
    assert response.status_code == 404
    assert response.json()["detail"] == f"case {seeded.noforn_case} not found"


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ({"kind": "apology", "serial": "STATE 1"}, "apology"),
        ({"kind": "action", "serial": "FOO"}, "STATE 43804"),
        ({"kind": "action", "serial": " "}, "serial"),
        ({"kind": "thanks", "serial": "STATE 2"}, "no state to address"),  # nobody answered
    ],
)
def test_bad_drafts_are_refused(
    client: TestClient, tokens: dict[str, str], seeded: Seed, data: dict[str, str], what: str
) -> None:
    before = _telegram_count(client, tokens, seeded.unclassified_case)
    response = client.post(
        f"/api/cases/{seeded.unclassified_case}/telegrams",
        data={**data, "keep": "true"},
        headers=bearer(tokens, US_ANALYST),
    )
    assert response.status_code == 422, response.text
    assert what in response.json()["detail"]
    assert _telegram_count(client, tokens, seeded.unclassified_case) == before


def test_no_one_drafts_above_what_they_may_read(
    client: TestClient, tokens: dict[str, str], seeded: Seed, unclassified_analyst: dict[str, str]
) -> None:
    before = _telegram_count(client, tokens, seeded.unclassified_case)
    response = client.post(
        f"/api/cases/{seeded.unclassified_case}/telegrams",
        data={**ACTION, "keep": "true"},
        headers=unclassified_analyst,
    )
    assert response.status_code == 422
    assert "may not read" in response.json()["detail"]
    assert "SECRET" not in response.text
    assert _telegram_count(client, tokens, seeded.unclassified_case) == before


def test_the_case_page_drafts_keeps_and_shows_it(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        url = f"/cases/{seeded.unclassified_case}"
        page = client.get(url).text
        assert 'id="draft-form"' in page
        csrf = csrf_of(page)
        refused = client.post(f"{url}/telegrams", data={**ACTION, "serial": "STATE 43806"})
        assert refused.status_code == 403
        kept = client.post(
            f"{url}/telegrams",
            data={**ACTION, "serial": "STATE 43806", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert kept.status_code == 303
        assert kept.headers["location"].startswith("/telegrams/")
        shown = client.get(kept.headers["location"]).text
        assert "STATE 043806" in shown
    finally:
        client.cookies.clear()


def test_drafts_carry_the_desk_the_app_was_served_with(seeded: Seed) -> None:
    desk = DraftingDefaults(
        classified_by="ISN/CPI DIRECTOR A. DESK",
        point_of_contact="ISN/CPI Desk Officer, +1 202 647 0000",
        signature="CLINTON",
        report_within_days=3,
    )
    settings = WebSettings(database=seeded.database, login_failures_per_address=1_000, desk=desk)
    with TestClient(create_app(settings)) as desk_client:
        token = desk_client.post(
            "/api/token", data={"username": US_ANALYST.username, "password": PASSWORD}
        ).json()["access_token"]
        response = desk_client.post(
            f"/api/cases/{seeded.unclassified_case}/telegrams",
            data=ACTION,
            headers={"Authorization": f"Bearer {token}"},
        )
    assert response.status_code == 200, response.text
    text = response.json()["text"]
    assert "ISN/CPI DIRECTOR A. DESK" in text
    assert "+1 202 647 0000" in text
    assert "\nCLINTON\n" in text
