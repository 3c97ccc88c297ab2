"""Persona × endpoint: what each persona may and may not get, from the API and the pages.

Expected outcomes are reasoned from the markings, not copied from output: an unclassified Turkish
partner sees only (U); a SECRET Turkish partner adds what is REL TO USA, TUR; a SECRET U.S.
analyst adds NOFORN; the admin (TS, USA) sees everything.
"""

from __future__ import annotations

import html
import re
from dataclasses import asdict

import pytest
from web_personas import (
    ADMIN,
    NOFORN_TEXT,
    PASSWORD,
    PERSONAS,
    POINT_NOFORN_TEXT,
    POINT_REL_TUR_TEXT,
    POINT_UNCLAS_TEXT,
    REL_TUR_TEXT,
    SECRET_TUR,
    SUBJECT,
    UNCLAS_TEXT,
    UNCLAS_TUR,
    US_ANALYST,
    Persona,
    Seed,
    TestClient,
    bearer,
    page_banners,
    page_login,
)

from overflight.markings import ClassificationLevel
from overflight.services.accounts import Role, create_user
from overflight.store import open_store

# Which cases each persona may see: U, S//NF, S//REL TO USA, TUR.
VISIBLE = {
    UNCLAS_TUR.username: {"unclassified_case"},
    SECRET_TUR.username: {"unclassified_case", "rel_tur_case"},
    US_ANALYST.username: {"unclassified_case", "noforn_case", "rel_tur_case"},
    ADMIN.username: {"unclassified_case", "noforn_case", "rel_tur_case"},
}
CASES = ("unclassified_case", "noforn_case", "rel_tur_case")
CASE_ENDPOINTS = (
    "/api/cases/{id}",
    "/api/cases/{id}/timeline",
    "/api/cases/{id}/engagements",
    "/api/cases/{id}/route",
    "/api/cases/{id}/similar",
    "/cases/{id}",
)
# Telegram portions each persona may read, and the banner of what they see.
TELEGRAM = {
    UNCLAS_TUR.username: ({UNCLAS_TEXT}, "UNCLASSIFIED"),
    SECRET_TUR.username: ({REL_TUR_TEXT, UNCLAS_TEXT}, "SECRET//REL TO USA, TUR"),
    US_ANALYST.username: ({NOFORN_TEXT, REL_TUR_TEXT, UNCLAS_TEXT}, "SECRET//NOFORN"),
    ADMIN.username: ({NOFORN_TEXT, REL_TUR_TEXT, UNCLAS_TEXT}, "SECRET//NOFORN"),
}
ALL_PORTIONS = {NOFORN_TEXT, REL_TUR_TEXT, UNCLAS_TEXT}


def _get(client: TestClient, tokens: dict[str, str], persona: Persona, url: str):
    if url.startswith("/api"):
        return client.get(url, headers=bearer(tokens, persona))
    client.cookies.clear()
    page_login(client, persona)
    try:
        return client.get(url)
    finally:
        client.cookies.clear()


def _without_csrf(page: str) -> str:
    return re.sub(r'name="csrf_token" value="[^"]*"', 'name="csrf_token"', page)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("endpoint", CASE_ENDPOINTS)
def test_case_endpoints_show_only_cases_the_marking_allows(
    client: TestClient,
    tokens: dict[str, str],
    seeded: Seed,
    persona: Persona,
    case: str,
    endpoint: str,
) -> None:
    case_id = getattr(seeded, case)
    response = _get(client, tokens, persona, endpoint.format(id=case_id))
    if case in VISIBLE[persona.username]:
        assert response.status_code == 200, response.text
    else:
        assert response.status_code == 404
        # The same answer as for an id that does not exist: nothing confirms the case.
        missing = _get(client, tokens, persona, endpoint.format(id=999_999))
        assert missing.status_code == 404
        # (Each page login has its own CSRF token, which the error page's menu carries.)
        hidden_text = _without_csrf(response.text).replace(str(case_id), "N")
        assert hidden_text == _without_csrf(missing.text).replace("999999", "N")
        assert "Hidden" not in response.text
        assert "ECHOSECRET" not in response.text


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_case_list_and_counts_hold_only_visible_cases(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona
) -> None:
    body = client.get("/api/cases", headers=bearer(tokens, persona)).json()
    expected = {getattr(seeded, name) for name in VISIBLE[persona.username]}
    assert {c["id"] for c in body["cases"]} == expected
    assert body["count"] == len(expected)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_search_finds_nothing_hidden(
    client: TestClient, tokens: dict[str, str], persona: Persona
) -> None:
    body = client.get("/api/cases?q=ECHOSECRET", headers=bearer(tokens, persona)).json()
    sees_noforn = "noforn_case" in VISIBLE[persona.username]
    assert body["count"] == (1 if sees_noforn else 0)


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_board_page_lists_only_visible_titles(
    client: TestClient, tokens: dict[str, str], persona: Persona
) -> None:
    page = _get(client, tokens, persona, "/")
    assert page.status_code == 200
    assert "KOR151 Pyongyang to Damascus" in page.text
    assert ("Hidden noforn matter" in page.text) == (
        persona.clearance.name in ("S", "TS") and persona.nationality == "USA"
    )
    assert ("Shared with Ankara" in page.text) == (persona.clearance.name != "U")


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
@pytest.mark.parametrize(
    "url", ["/api/telegrams/{id}", "/api/telegrams/{id}?format=text", "/telegrams/{id}"]
)
def test_telegram_portions_and_banner_follow_the_reader(
    client: TestClient,
    tokens: dict[str, str],
    seeded: Seed,
    persona: Persona,
    url: str,
) -> None:
    response = _get(client, tokens, persona, url.format(id=seeded.telegram))
    assert response.status_code == 200, response.text
    allowed, banner = TELEGRAM[persona.username]
    for text in ALL_PORTIONS:
        assert (text in response.text) == (text in allowed), text
    assert banner in response.text
    assert (SUBJECT in response.text) == (persona.nationality == "USA")  # the subject is S//NF
    if persona.nationality != "USA":
        assert "NOFORN" not in response.text
    # An unclassified copy has nothing to declassify and no classifying official.
    unclassified = banner == "UNCLASSIFIED"
    assert ("Classified By" in response.text) == (not unclassified)
    assert ("DECL: 03/24/2019" in response.text) == (not unclassified)
    assert ("E.O. 12958: N/A" in response.text) == unclassified


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
@pytest.mark.parametrize(
    "url", ["/api/telegrams/{id}?for=TUR", "/telegrams/{id}/non-paper?for=TUR"]
)
def test_non_paper_is_for_analysts_and_never_exceeds_the_reader(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona, url: str
) -> None:
    response = _get(client, tokens, persona, url.format(id=seeded.telegram))
    if persona.role.value == "viewer":
        assert response.status_code == 403
        return
    assert response.status_code == 200, response.text
    text = response.json()["text"] if url.startswith("/api") else _pre(response.text)
    # Only the talking points releasable to Turkey, each marked for Turkey alone: not the
    # paragraphs around them (even those releasable to it), not the NOFORN point, not the subject.
    assert f"-- (S//REL TO USA, TUR) {POINT_REL_TUR_TEXT}" in text
    assert f"-- (U) {POINT_UNCLAS_TEXT}" in text
    for hidden in (POINT_NOFORN_TEXT, NOFORN_TEXT, REL_TUR_TEXT, UNCLAS_TEXT, SUBJECT, "NOFORN"):
        assert hidden not in text
    lines = text.splitlines()
    assert lines[0] == lines[-1] == "SECRET//REL TO USA, TUR"
    if not url.startswith("/api"):
        assert page_banners(response.text) == ["SECRET//REL TO USA, TUR"] * 2


def _pre(page: str) -> str:
    """The text of the page's non-paper (HTML entities undone)."""
    return html.unescape(page.split('<pre id="non-paper">', 1)[1].split("</pre>", 1)[0])


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_list_import_is_admin_only(
    client: TestClient, tokens: dict[str, str], persona: Persona
) -> None:
    csv = b"name,schema\n"  # not a list: the admin gets past the role check and a 422
    response = client.post(
        "/api/lists", headers=bearer(tokens, persona), files={"file": ("x.csv", csv)}
    )
    assert response.status_code == (422 if persona is ADMIN else 403), response.text


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_case_page_timeline_hides_what_the_reader_may_not_read(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona
) -> None:
    body = client.get(
        f"/api/cases/{seeded.unclassified_case}", headers=bearer(tokens, persona)
    ).json()
    details = " ".join(e["detail"] for e in body["timeline"])
    assert (SUBJECT in details) == (persona.nationality == "USA")
    [telegram] = body["telegrams"]
    assert telegram["banner"] == TELEGRAM[persona.username][1]


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_audit_is_admin_only_and_records_reads(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona
) -> None:
    client.get(f"/api/cases/{seeded.unclassified_case}", headers=bearer(tokens, persona))
    response = client.get("/api/audit", headers=bearer(tokens, persona))
    if persona is not ADMIN:
        assert response.status_code == 403
        return
    rows = response.json()
    assert any(
        r["username"] == "admin" and r["action"] == "read" and r["object_kind"] == "case"
        for r in rows
    )
    mine = client.get(
        "/api/audit?user=admin&action=read&limit=3", headers=bearer(tokens, persona)
    ).json()
    assert 0 < len(mine) <= 3
    assert {(r["username"], r["action"]) for r in mine} == {("admin", "read")}
    assert mine[0]["object_kind"] == "audit"  # reading the audit log is itself audited
    too_many = client.get("/api/audit?limit=5000", headers=bearer(tokens, persona))
    assert too_many.status_code == 422


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_the_telegram_page_offers_a_non_paper_to_analysts_only(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona
) -> None:
    page = _get(client, tokens, persona, f"/telegrams/{seeded.telegram}").text
    assert ('id="non-paper-form"' in page) == (persona.role.value != "viewer")


def test_an_admin_reads_the_audit_log_through_the_same_gate(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    # A Turkish admin (SECRET, REL TUR) manages accounts but may not see the NOFORN case: rows
    # about it (reads, a refused request) must not reach them; rows about the others do.
    with open_store(seeded.database) as store, store.session() as session:
        create_user(
            session,
            "tur_admin",
            PASSWORD,
            clearance=ClassificationLevel.S,
            nationality="TUR",
            role=Role.ADMIN,
        )
        session.commit()
    us = bearer(tokens, US_ANALYST)
    assert client.get(f"/api/cases/{seeded.noforn_case}", headers=us).status_code == 200
    assert client.get(f"/api/cases/{seeded.rel_tur_case}", headers=us).status_code == 200
    assert client.get(f"/api/telegrams/{seeded.telegram}", headers=us).status_code == 200
    hidden = client.get(f"/api/cases/{seeded.noforn_case}", headers=bearer(tokens, SECRET_TUR))
    assert hidden.status_code == 404
    token = client.post("/api/token", data={"username": "tur_admin", "password": PASSWORD})
    tur_admin = {"Authorization": f"Bearer {token.json()['access_token']}"}

    missing = client.get("/api/cases/999998", headers=bearer(tokens, SECRET_TUR))
    assert missing.status_code == 404
    rows = client.get("/api/audit?limit=1000", headers=tur_admin).json()
    about = {(r["object_kind"], r["object_id"]) for r in rows}
    assert ("case", str(seeded.rel_tur_case)) in about
    assert ("telegram", str(seeded.telegram)) in about  # its REL TUR portion is readable
    # About the NOFORN case, only what a Turkish reader typed: their probe, marked at their
    # ceiling and written alike whether or not the case exists (as the probe for 999998).
    noforn = [
        r for r in rows if (r["object_kind"], r["object_id"]) == ("case", str(seeded.noforn_case))
    ]
    assert {r["action"] for r in noforn} == {"not-found"}
    assert {r["username"] for r in noforn} <= {SECRET_TUR.username, UNCLAS_TUR.username}
    assert (SECRET_TUR.username, "not-found", "999998") in {
        (r["username"], r["action"], r["object_id"]) for r in rows
    }
    # A U.S. analyst's rows reach them only where they are about what Turkey may read (their
    # searches and probes are marked at a U.S. ceiling, NOFORN).
    releasable = {
        ("case", str(seeded.rel_tur_case)),
        ("case", str(seeded.unclassified_case)),
        ("telegram", str(seeded.telegram)),
    }
    us_rows = [r for r in rows if r["username"] == US_ANALYST.username]
    assert us_rows
    us_about = {(r["object_kind"], r["object_id"]) for r in us_rows if r["object_kind"] != "user"}
    assert us_about <= releasable  # and their logins (unclassified)
    everything = client.get("/api/audit?limit=1000", headers=bearer(tokens, ADMIN)).json()
    us_reads = {
        (r["object_kind"], r["object_id"]) for r in everything if r["username"] == "us_analyst"
    }
    assert ("case", str(seeded.noforn_case)) in us_reads  # the TS U.S. admin sees those rows


# The banner each page carries: the highest marking it shows to that reader.
BANNERS = {
    "/": {  # the titles listed: (U), then (S//REL TO USA, TUR), then (S//NF)
        UNCLAS_TUR.username: "UNCLASSIFIED",
        SECRET_TUR.username: "SECRET//REL TO USA, TUR",
        US_ANALYST.username: "SECRET//NOFORN",
        ADMIN.username: "SECRET//NOFORN",
    },
    "/cases/{unclassified_case}": {  # a (U) case whose telegram line quotes a (S//NF) subject
        UNCLAS_TUR.username: "UNCLASSIFIED",
        SECRET_TUR.username: "UNCLASSIFIED",  # the line keeps only the serial for them
        US_ANALYST.username: "SECRET//NOFORN",
        ADMIN.username: "SECRET//NOFORN",
    },
    "/telegrams/{telegram}": {p.username: TELEGRAM[p.username][1] for p in PERSONAS},
    "/screen": {p.username: "UNCLASSIFIED" for p in PERSONAS},  # a form, nothing shown yet
}


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
@pytest.mark.parametrize("url", sorted(BANNERS))
def test_every_page_carries_the_banner_of_what_it_shows(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona, url: str
) -> None:
    page = _get(client, tokens, persona, url.format(**asdict(seeded)))
    assert page.status_code == 200, page.text
    assert page_banners(page.text) == [BANNERS[url][persona.username]] * 2


def test_the_audit_page_is_bannered_at_its_highest_row(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    client.get(f"/api/cases/{seeded.noforn_case}", headers=bearer(tokens, ADMIN))
    page = _get(client, tokens, ADMIN, "/admin/audit?limit=1000")
    # The admin's own earlier reads of the log (what they typed) are marked at their ceiling.
    assert page_banners(page.text) == ["TOP SECRET//NOFORN"] * 2
    assert "(S//NF)" in page.text  # each row shows its own marking: the NOFORN case's read
    assert "(TS//NF)" in page.text
