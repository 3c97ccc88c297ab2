"""Persona × every state-changing route: a write succeeds only on what its author may see.

Five personas (the four of ``web_personas`` and a Turkish SECRET analyst) and four cases, one per
marking: (U), (S//NF), (S//REL TO USA, TUR) and (TS//NF), each with an engagement, a deadline and,
for the two NOFORN ones, a flight of their own. Every write route of the app, API and page form,
is sent by every persona against every case (and, for engagements and deadlines, against a
visible case with the id of another case's row). Expected outcomes are reasoned from the
markings: a hidden case is a 404 with the text of a missing one, whatever the role; a visible
one is 403 for a viewer and done for an analyst. Whatever happens, every case hidden from the
persona is row-for-row what it was (store snapshots), and no answer, page, timeline, deadline or
audit row the persona can get names it. The write routes of the app are walked, so a new one
fails this test until it is added here. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute
from web_personas import (
    ADMIN,
    PASSWORD,
    PERSONAS,
    SECRET_TUR,
    UNCLAS_TUR,
    US_ANALYST,
    Persona,
    TestClient,
    add_personas,
    csrf_of,
)

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_backends import BACKENDS, opened_store
from store_snapshot import case_snapshot

from overflight.cases import ingest_text, open_case, record_engagement, stored_flights
from overflight.cases.coordination import set_deadline
from overflight.markings import ClassificationLevel, Marking, ceiling, may_read, parse_portion
from overflight.services.accounts import Role
from overflight.store import Store
from overflight.store.schema import AuditEventRow
from overflight.web import WebSettings, create_app

TUR_ANALYST = Persona("tur_analyst", ClassificationLevel.S, "TUR", "", Role.ANALYST)
MATRIX_PERSONAS = (*PERSONAS, TUR_ANALYST)
NOW = datetime(2026, 5, 28, 12, tzinfo=UTC)


def _fpl(callsign: str) -> str:
    return (
        f"(FPL-{callsign}-IN-IL76/H-SDGY/S-ZKPY0200-K0780S1010 DCT SANKO-OSDI1055 OSAP"
        f"-DOF/260529 REG/P632 OPR/AIR KORYO RMK/CARGO MACHINE PARTS)"
    )


def _dla(callsign: str) -> str:
    return f"(DLA-{callsign}-ZKPY0500-OSDI-DOF/260529)"


@dataclass(frozen=True, slots=True)
class MatrixCase:
    """One seeded case: its marking, a word only it holds, its own rows' ids."""

    name: str
    marking: str
    word: str  # in the title and reason: the test's witness of a leak
    callsign: str  # its flight ("" for none)
    id: int = 0
    engagement: int = 0
    deadline: int = 0


CASES = (
    MatrixCase("unclassified", "(U)", "ALPHAUNCLAS", "KOR151"),
    MatrixCase("noforn", "(S//NF)", "BRAVONOFORN", "KOR152"),
    MatrixCase("rel_tur", "(S//REL TO USA, TUR)", "CHARLIERELTUR", ""),
    MatrixCase("top_secret", "(TS//NF)", "DELTATOPSECRET", "KOR153"),
)


@dataclass(frozen=True, slots=True)
class World:
    """The app over the seeded store, and what was seeded."""

    client: TestClient
    store: Store
    cases: dict[str, MatrixCase]


def _seed(store: Store) -> dict[str, MatrixCase]:
    seeded: dict[str, MatrixCase] = {}
    with store.session() as session:
        add_personas(session, MATRIX_PERSONAS)
        for case in CASES:
            flight_id = None
            if case.callsign:
                ingest_text(session, _fpl(case.callsign), f"{case.callsign}.txt", at=NOW)
                [flight] = [f for f in stored_flights(session) if f.aircraft_id == case.callsign]
                flight_id = flight.id
            opened = open_case(
                session,
                f"{case.word} charter",
                reason=f"{case.word} reporting",
                marking=parse_portion(case.marking),
                flight_id=flight_id,
                at=NOW,
            )
            engagement = record_engagement(
                session, opened.id, "TR", demarche_on=date(2026, 5, 28), at=NOW
            )
            deadline = set_deadline(session, opened.id, date(2026, 6, 5), what="report", at=NOW)
            seeded[case.name] = MatrixCase(
                case.name,
                case.marking,
                case.word,
                case.callsign,
                opened.id,
                engagement.id,
                deadline.id,
            )
        session.commit()
    return seeded


@pytest.fixture(scope="module", params=BACKENDS)
def world(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[World]:
    with opened_store(request.param, tmp_path_factory.mktemp("matrix")) as store:
        cases = _seed(store)
        settings = WebSettings(database=store.url, login_failures_per_address=1_000)
        with TestClient(create_app(settings)) as client:
            yield World(client, store, cases)


def _reader(persona: Persona) -> Any:
    from overflight.markings import Reader

    organisations = frozenset({persona.organisation}) if persona.organisation else frozenset()
    return Reader(persona.clearance, persona.nationality, organisations)


def _visible(persona: Persona, case: MatrixCase) -> bool:
    return may_read(_reader(persona), parse_portion(case.marking)).allowed


# --- the write routes -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Call:
    """One request: method, path, form fields or JSON, and whether it is a page form."""

    method: str
    path: str
    data: dict[str, Any] | None = None
    json: dict[str, Any] | None = None
    files: dict[str, Any] | None = None
    page: bool = False


CaseWrite = Callable[[MatrixCase, MatrixCase], Call]  # (target case, row owner) -> request
# Route -> how to aim it at a case; the statuses an analyst may get on a visible case (a draft
# may be refused after the gate: a Turkish analyst may not draft what holds NOFORN portions).
CASE_WRITES: dict[tuple[str, str], tuple[CaseWrite, set[int]]] = {
    ("POST", "/api/cases/{case_id}/telegrams"): (
        lambda c, _: Call(
            "POST", f"/api/cases/{c.id}/telegrams", {"kind": "action", "serial": "STATE 1"}
        ),
        {200, 422},  # drafted and shown, not kept
    ),
    ("POST", "/api/cases/{case_id}/engagements/{engagement_id}/response"): (
        lambda c, o: Call(
            "POST",
            f"/api/cases/{c.id}/engagements/{o.engagement}/response",
            {"response": "denied_overflight", "responded_on": "2026-05-29"},
        ),
        {200},
    ),
    ("POST", "/api/cases/{case_id}/deadlines/{deadline_id}/met"): (
        lambda c, o: Call(
            "POST", f"/api/cases/{c.id}/deadlines/{o.deadline}/met", {"met_on": "2026-06-01"}
        ),
        {200},
    ),
    ("POST", "/api/cases/{case_id}/outcomes"): (
        lambda c, _: Call("POST", f"/api/cases/{c.id}/outcomes", {"kind": "delayed", "note": "x"}),
        {201},
    ),
    ("POST", "/api/cases/{case_id}/chokepoints"): (
        lambda c, _: Call("POST", f"/api/cases/{c.id}/chokepoints", {"aircraft": "ZZZZ"}),
        {422},  # an unknown aircraft: refused after the gate, before any job
    ),
    ("POST", "/cases/{case_id}/telegrams"): (
        lambda c, _: Call(
            "POST", f"/cases/{c.id}/telegrams", {"kind": "action", "serial": "STATE 2"}, page=True
        ),
        {303, 422},  # drafted and kept
    ),
    ("POST", "/cases/{case_id}/engagements/{engagement_id}/response"): (
        lambda c, o: Call(
            "POST",
            f"/cases/{c.id}/engagements/{o.engagement}/response",
            {"response": "granted", "responded_on": "2026-05-30"},
            page=True,
        ),
        {303},
    ),
    ("POST", "/cases/{case_id}/deadlines/{deadline_id}/met"): (
        lambda c, o: Call("POST", f"/cases/{c.id}/deadlines/{o.deadline}/met", {}, page=True),
        {303},
    ),
    ("POST", "/cases/{case_id}/outcomes"): (
        lambda c, _: Call("POST", f"/cases/{c.id}/outcomes", {"kind": "delayed"}, page=True),
        {303},
    ),
    ("POST", "/cases/{case_id}/chokepoints"): (
        lambda c, _: Call("POST", f"/cases/{c.id}/chokepoints", {"aircraft": "ZZZZ"}, page=True),
        {422},
    ),
    ("POST", "/cases/{case_id}/jobs/{job_id}/cancel"): (
        lambda c, _: Call("POST", f"/cases/{c.id}/jobs/nosuchjob/cancel", {}, page=True),
        {404},  # no such job of theirs, on a case they may see: the same 404 as a hidden one
    ),
}
# Writes not aimed at a case: each sent once by every persona (the hidden cases must not move).
OTHER_WRITES: dict[tuple[str, str], Callable[[World], list[Call]]] = {
    ("POST", "/api/screen"): lambda w: [
        Call(
            "POST",
            "/api/screen",
            {"text": f"{_fpl(c.callsign)}\n{_dla(c.callsign)}", "record": "true"},
        )
        for c in w.cases.values()
        if c.callsign
    ],
    ("POST", "/screen"): lambda w: [
        Call(
            "POST",
            "/screen",
            {"text": f"{_fpl(c.callsign)}\n{_dla(c.callsign)}", "record": "true"},
            page=True,
        )
        for c in w.cases.values()
        if c.callsign
    ],
    ("POST", "/api/chokepoints"): lambda _: [
        Call("POST", "/api/chokepoints", {"dep": "ZKPY", "dest": "OSDI", "aircraft": "ZZZZ"})
    ],
    ("DELETE", "/api/jobs/{job_id}"): lambda _: [Call("DELETE", "/api/jobs/nosuchjob")],
    ("POST", "/api/lists"): lambda _: [
        Call("POST", "/api/lists", files={"file": ("x.csv", b"name,schema\n")})
    ],
    ("POST", "/admin/lists"): lambda _: [
        Call("POST", "/admin/lists", files={"file": ("x.csv", b"name,schema\n")}, page=True)
    ],
    ("POST", "/api/users"): lambda _: [
        Call(
            "POST",
            "/api/users",
            json={"username": "x", "password": "short", "clearance": "U", "nationality": "USA"},
        )
    ],
    ("PATCH", "/api/users/{username}"): lambda _: [
        Call("PATCH", f"/api/users/{UNCLAS_TUR.username}", json={"organisation": "TURMFA"})
    ],
    ("POST", "/api/users/{username}/password"): lambda _: [
        Call("POST", "/api/users/nobody/password", json={"new_password": "a long new password"})
    ],
    ("POST", "/api/me/password"): lambda _: [
        Call(
            "POST",
            "/api/me/password",
            json={"current_password": "wrong", "new_password": "a long new password"},
        )
    ],
    ("POST", "/admin/users"): lambda _: [
        Call(
            "POST",
            "/admin/users",
            {"username": "x", "password": "short", "clearance": "U", "nationality": "USA"},
            page=True,
        )
    ],
    ("POST", "/admin/users/{username}"): lambda _: [
        Call("POST", "/admin/users/nobody", {"action": "unlock"}, page=True)
    ],
    ("POST", "/account/password"): lambda _: [
        Call(
            "POST",
            "/account/password",
            {"current_password": "wrong", "new_password": "a long new password"},
            page=True,
        )
    ],
}
# Logging in and out change only logins; they are exercised by every test that logs in.
SESSION_WRITES = {
    ("POST", "/api/token"),
    ("DELETE", "/api/token"),
    ("POST", "/login"),
    ("POST", "/logout"),
}


def _write_routes(routes: list[Any]) -> Iterator[tuple[str, str]]:
    for route in routes:
        if isinstance(route, APIRoute):
            for method in route.methods - {"GET", "HEAD"}:
                yield method, route.path
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _write_routes(included.routes)


def test_every_write_route_is_in_the_matrix(world: World) -> None:
    found = set(_write_routes(world.client.app.routes))  # type: ignore[attr-defined]
    listed = set(CASE_WRITES) | set(OTHER_WRITES) | SESSION_WRITES
    assert found == listed


# --- sending them ---------------------------------------------------------------------------


@dataclass
class Session:
    """A persona logged in twice: a bearer token for the API, a cookie (and CSRF) for pages."""

    persona: Persona
    token: str
    cookie: str
    csrf: str


def _log_in(client: TestClient, persona: Persona) -> Session:
    token = client.post("/api/token", data={"username": persona.username, "password": PASSWORD})
    assert token.status_code == 200, token.text
    client.cookies.clear()
    form = client.get("/login")
    done = client.post(
        "/login",
        data={"username": persona.username, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert done.status_code == 303, done.text
    cookie = client.cookies.get("overflight_session")
    assert cookie
    csrf = csrf_of(client.get("/screen").text)
    client.cookies.clear()
    return Session(persona, token.json()["access_token"], cookie, csrf)


def _send(client: TestClient, session: Session, call: Call) -> Any:
    if call.page:
        client.cookies.set("overflight_session", session.cookie)
        data = {**(call.data or {}), "csrf_token": session.csrf}
        try:
            return client.request(
                call.method, call.path, data=data, files=call.files, follow_redirects=False
            )
        finally:
            client.cookies.clear()
    headers = {"Authorization": f"Bearer {session.token}"}
    return client.request(
        call.method, call.path, data=call.data, json=call.json, files=call.files, headers=headers
    )


def _hidden(world: World, persona: Persona) -> list[MatrixCase]:
    return [c for c in world.cases.values() if not _visible(persona, c)]


def _names_hidden(text: str, hidden: list[MatrixCase]) -> list[str]:
    return [c.word for c in hidden if c.word in text]


@pytest.mark.parametrize("persona", MATRIX_PERSONAS, ids=lambda p: p.username)
def test_each_write_changes_only_what_its_author_may_see(world: World, persona: Persona) -> None:
    client, hidden = world.client, _hidden(world, persona)
    session = _log_in(client, persona)
    before = case_snapshot(world.store, [c.id for c in hidden])
    missing = MatrixCase("missing", "(U)", "", "", 999_999, 999_999, 999_999)
    outcomes: list[str] = []
    for (method, route), (aim, done) in CASE_WRITES.items():
        for target in world.cases.values():
            for owner in world.cases.values():
                if owner is not target and not (
                    "{engagement_id}" in route or "{deadline_id}" in route
                ):
                    continue
                response = _send(client, session, aim(target, owner))
                reached = _visible(persona, target) and owner is target
                if not _visible(persona, target):
                    expected = {404}  # whatever the role
                    probe = _send(client, session, aim(missing, missing))
                    assert response.status_code == probe.status_code == 404, (route, target.name)
                    # the login's own CSRF token may hold the id as a word ("…-2-…"): not compared
                    same = re.sub(rf"\b{target.id}\b", "N", response.text.replace(session.csrf, ""))
                    other = re.sub(r"\b999999\b", "N", probe.text.replace(session.csrf, ""))
                    assert same == other, (route, target.name)
                elif persona.role is Role.VIEWER and "jobs" not in route:
                    expected = {403}  # the role, before any row of the case is looked up
                elif owner is not target:
                    expected = {404}  # another case's engagement or deadline
                else:
                    expected = done
                assert response.status_code in expected, (
                    method,
                    route,
                    target.name,
                    owner.name,
                    response.text[:300],
                )
                assert not _names_hidden(response.text, hidden), (route, target.name)
                outcomes.append(f"{route} {target.name} {reached}")
    for (_method, route), calls in OTHER_WRITES.items():
        for call in calls(world):
            response = _send(client, session, call)
            assert response.status_code < 500, (route, response.text[:300])
            assert not _names_hidden(response.text, hidden), (route, response.text[:300])
    assert case_snapshot(world.store, [c.id for c in hidden]) == before
    assert outcomes


@pytest.mark.parametrize("persona", MATRIX_PERSONAS, ids=lambda p: p.username)
def test_recording_a_flight_of_a_hidden_case_says_only_that_it_could_not_be_recorded(
    world: World, persona: Persona
) -> None:
    if persona.role is Role.VIEWER:
        pytest.skip("a viewer may not record (403, checked in the matrix)")
    client, hidden = world.client, _hidden(world, persona)
    session = _log_in(client, persona)
    before = case_snapshot(world.store, [c.id for c in hidden])
    for case in world.cases.values():
        if not case.callsign:
            continue
        text = f"{_fpl(case.callsign)}\n{_dla(case.callsign)}"
        body = _send(
            client, session, Call("POST", "/api/screen", {"text": text, "record": "true"})
        ).json()
        if case in hidden:
            assert body["case_ids"] == [None]
            assert body["problems"] == [f"{case.callsign} ZKPY-OSDI: could not be recorded"]
        else:
            assert body["case_ids"] == [case.id]
            assert not body["problems"]
    assert case_snapshot(world.store, [c.id for c in hidden]) == before


@pytest.mark.parametrize("persona", MATRIX_PERSONAS, ids=lambda p: p.username)
def test_nothing_a_persona_can_read_names_a_hidden_case(world: World, persona: Persona) -> None:
    client, hidden = world.client, _hidden(world, persona)
    session = _log_in(client, persona)
    reads = [Call("GET", "/api/cases"), Call("GET", "/", page=True)]
    for case in world.cases.values():
        reads += [
            Call("GET", f"/api/cases/{case.id}"),
            Call("GET", f"/api/cases/{case.id}/timeline"),
            Call("GET", f"/api/cases/{case.id}/route"),
            Call("GET", f"/cases/{case.id}", page=True),
        ]
    if persona.role is Role.ADMIN:
        reads += [
            Call("GET", "/api/audit?limit=1000"),
            Call("GET", "/admin/audit?limit=1000", page=True),
        ]
    for call in reads:
        response = _send(client, session, call)
        assert response.status_code in (200, 404), (call.path, response.status_code)
        assert not _names_hidden(response.text, hidden), call.path


def test_every_audit_row_about_a_case_is_marked_as_the_case_or_as_its_authors_ceiling(
    world: World,
) -> None:
    ceilings = {p.username: ceiling(_reader(p)) for p in MATRIX_PERSONAS}
    markings = {str(c.id): parse_portion(c.marking) for c in world.cases.values()}
    with world.store.session() as session:
        rows = session.query(AuditEventRow).filter(AuditEventRow.object_kind == "case").all()
    assert rows
    for row in rows:
        marking: Marking = parse_portion(row.classification)
        mine = ceilings.get(row.username)
        if row.action in ("not-found",) or not row.object_id:
            assert marking == mine, (row.action, row.object_id, row.detail)
        else:
            assert marking == markings[row.object_id], (row.action, row.object_id, row.detail)


def test_the_matrix_covers_every_persona_and_case(world: World) -> None:
    assert {p.username for p in MATRIX_PERSONAS} >= {
        UNCLAS_TUR.username,
        SECRET_TUR.username,
        US_ANALYST.username,
        ADMIN.username,
    }
    assert {c.marking for c in world.cases.values()} == {c.marking for c in CASES}
