"""Recording states' responses and the flight's outcome from the web (API and case page)."""

from __future__ import annotations

from datetime import UTC, date, datetime
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

from overflight.cases import open_case
from overflight.cases.coordination import set_deadline
from overflight.markings import parse_portion
from overflight.store import open_store


def _engagement(client: TestClient, tokens: dict[str, str], case_id: int) -> dict[str, Any]:
    (found,) = client.get(
        f"/api/cases/{case_id}/engagements", headers=bearer(tokens, US_ANALYST)
    ).json()
    return dict(found)


def test_an_analyst_records_turkeys_denial(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    case = seeded.unclassified_case
    engagement = _engagement(client, tokens, case)
    assert engagement["state"] == "TR"
    response = client.post(
        f"/api/cases/{case}/engagements/{engagement['id']}/response",
        data={
            "response": "denied_overflight",
            "responded_on": "2026-05-29",
            "telegram_ref": "ANKARA 1",
        },
        headers=bearer(tokens, US_ANALYST),
    )
    assert response.status_code == 200, response.text
    answered = response.json()
    assert answered["response"] == "denied_overflight"
    assert answered["responded_on"] == "2026-05-29"
    assert _engagement(client, tokens, case)["telegram_ref"] == "ANKARA 1"
    timeline = client.get(f"/api/cases/{case}/timeline", headers=bearer(tokens, US_ANALYST)).json()
    assert any(e["kind"] == "response" and "denied_overflight" in e["detail"] for e in timeline)
    audit = client.get("/api/audit", headers=bearer(tokens, ADMIN)).json()
    assert any(r["action"] == "change" and "TR denied_overflight" in r["detail"] for r in audit)


@pytest.mark.parametrize(
    ("data", "what"),
    [
        ({"response": "maybe"}, "denied_overflight, will_require_landing"),
        ({"response": "granted", "responded_on": "2026-05-01"}, "before the demarche"),
    ],
)
def test_bad_responses_are_refused(
    client: TestClient, tokens: dict[str, str], seeded: Seed, data: dict[str, str], what: str
) -> None:
    case = seeded.unclassified_case
    before = _engagement(client, tokens, case)
    response = client.post(
        f"/api/cases/{case}/engagements/{before['id']}/response",
        data=data,
        headers=bearer(tokens, US_ANALYST),
    )
    assert response.status_code == 422
    assert what in response.json()["detail"]
    assert _engagement(client, tokens, case) == before


def test_an_engagement_of_another_case_is_not_found(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    engagement = _engagement(client, tokens, seeded.unclassified_case)
    response = client.post(
        f"/api/cases/{seeded.rel_tur_case}/engagements/{engagement['id']}/response",
        data={"response": "granted"},
        headers=bearer(tokens, US_ANALYST),
    )
    assert response.status_code == 404
    assert response.json()["detail"] == f"engagement {engagement['id']} not found"


@pytest.mark.parametrize(
    ("persona", "case", "status"),
    [
        (UNCLAS_TUR, "unclassified_case", 403),
        (SECRET_TUR, "rel_tur_case", 403),
        (SECRET_TUR, "noforn_case", 404),  # hidden: not found, whatever the role
    ],
)
def test_viewers_record_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Any, case: str, status: int
) -> None:
    case_id = getattr(seeded, case)
    for path, data in (
        (f"/api/cases/{case_id}/outcomes", {"kind": "cancelled"}),
        (f"/api/cases/{case_id}/engagements/1/response", {"response": "granted"}),
    ):
        response = client.post(path, data=data, headers=bearer(tokens, persona))
        assert response.status_code == status, path


def test_a_delay_keeps_the_case_open_and_a_cancellation_closes_it(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    url = f"/api/cases/{seeded.rel_tur_case}/outcomes"
    headers = bearer(tokens, US_ANALYST)
    refused = client.post(url, data={"kind": "vanished"}, headers=headers)
    assert refused.status_code == 422
    assert "cancelled, delayed" in refused.json()["detail"]
    delayed = client.post(url, data={"kind": "delayed"}, headers=headers)
    assert delayed.status_code == 201, delayed.text
    assert delayed.json()["status"] != "closed"
    cancelled = client.post(url, data={"kind": "cancelled", "note": "charter off"}, headers=headers)
    assert cancelled.json()["status"] == "closed"
    case = client.get(f"/api/cases/{seeded.rel_tur_case}", headers=headers).json()
    assert case["status"] == "closed"


def test_the_case_page_records_a_response_and_an_outcome(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    case = seeded.unclassified_case
    engagement = _engagement(client, tokens, case)
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        page = client.get(f"/cases/{case}").text
        assert 'class="response-form"' in page
        assert 'id="outcome-form"' in page
        csrf = csrf_of(page)
        path = f"/cases/{case}/engagements/{engagement['id']}/response"
        assert client.post(path, data={"response": "granted"}).status_code == 403  # no CSRF
        answered = client.post(
            path,
            data={"response": "will_require_landing", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert answered.status_code == 303
        assert answered.headers["location"] == f"/cases/{case}"
        closed = client.post(
            f"/cases/{case}/outcomes",
            data={"kind": "landed_and_inspected", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert closed.status_code == 303
        shown = client.get(f"/cases/{case}").text
        assert "will_require_landing" in shown
        assert "landed_and_inspected" in shown
    finally:
        client.cookies.clear()
    assert _engagement(client, tokens, case)["response"] == "will_require_landing"


def test_viewers_see_no_recording_forms(client: TestClient, seeded: Seed) -> None:
    client.cookies.clear()
    page_login(client, UNCLAS_TUR)
    try:
        page = client.get(f"/cases/{seeded.unclassified_case}").text
    finally:
        client.cookies.clear()
    assert 'class="response-form"' not in page
    assert 'id="outcome-form"' not in page


def test_an_overdue_deadline_is_marked_met_and_leaves_the_overdue_count(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    headers = bearer(tokens, US_ANALYST)
    case = seeded.noforn_case  # its "report back" deadline was due on 2026-05-30
    [deadline] = client.get(f"/api/cases/{case}", headers=headers).json()["deadlines"]
    assert deadline["state"] == "overdue"
    board = client.get("/api/cases", headers=headers).json()["cases"]
    assert next(c for c in board if c["id"] == case)["overdue"] == 1

    hidden = client.post(
        f"/api/cases/{case}/deadlines/{deadline['id']}/met", headers=bearer(tokens, SECRET_TUR)
    )
    assert hidden.status_code == 404  # the S//NF case does not exist for the Turkish partner
    elsewhere = client.post(
        f"/api/cases/{seeded.unclassified_case}/deadlines/{deadline['id']}/met", headers=headers
    )
    assert elsewhere.status_code == 404
    assert elsewhere.json()["detail"] == f"deadline {deadline['id']} not found"

    met = client.post(
        f"/api/cases/{case}/deadlines/{deadline['id']}/met",
        data={"met_on": "2026-06-02"},
        headers=headers,
    )
    assert met.status_code == 200, met.text
    assert (met.json()["state"], met.json()["met_on"]) == ("met", "2026-06-02")
    board = client.get("/api/cases", headers=headers).json()["cases"]
    assert next(c for c in board if c["id"] == case)["overdue"] == 0
    timeline = client.get(f"/api/cases/{case}/timeline", headers=headers).json()
    assert any(e["kind"] == "deadline met" and "3 days late" in e["detail"] for e in timeline)


def test_the_case_page_marks_a_deadline_met(client: TestClient, seeded: Seed) -> None:
    # A case of its own: the seeded REL TUR case may have been closed by the outcome tests
    # above, and a closed case offers no form (tests/web/test_case_page.py).
    with open_store(seeded.database) as store, store.session(writing=True) as session:
        marking = parse_portion("(S//REL TO USA, TUR)")
        case = open_case(session, "Deadline page check", marking=marking)
        due = set_deadline(session, case.id, date(2026, 6, 1), what="page check")
        session.commit()
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        url = f"/cases/{case.id}"
        page = client.get(url).text
        path = f"{url}/deadlines/{due.id}/met"
        assert f'action="{path}"' in page
        assert client.post(path, data={}).status_code == 403  # no CSRF token
        met = client.post(path, data={"csrf_token": csrf_of(page)}, follow_redirects=False)
        assert met.status_code == 303
        shown = client.get(url).text
    finally:
        client.cookies.clear()
    assert f"met ({datetime.now(UTC).date()})" in shown
    assert f'action="{path}"' not in shown  # no button for a deadline already met
