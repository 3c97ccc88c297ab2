"""The API's typed answers: every operation documents its JSON, answers match it, CLI = API.

``/openapi.json`` is generated from the response models (``services.schemas``,
``web.schemas``); here every ``/api`` operation must document a 2xx answer whose schema has
properties, the seeded store's real answers must validate against their schema (schemathesis,
which ``test_openapi_fuzz.py`` also runs over generated requests), and what the CLI prints as
JSON for a screening and for a case must be what the API returns for the same thing.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import schemathesis
from typer.testing import CliRunner
from web_personas import ADMIN, FPL, PERSONAS, US_ANALYST, Seed, TestClient, bearer

from overflight.cli import app as cli_app
from overflight.services.accounts import account_named
from overflight.services.schemas import CaseDetail, case_detail_data
from overflight.services.screening import load_reference
from overflight.services.submission import screen_submission
from overflight.services.web import NotVisibleError, open_case_view, visible_cases
from overflight.store import open_store
from overflight.web.schemas import CaseRowOut, ScreeningOut, case_row_data

NO_CONTENT = {("DELETE", "/api/token")}  # 204: logging out answers nothing


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in schema:
        name = schema["$ref"].removeprefix("#/components/schemas/")
        schema = doc["components"]["schemas"][name]
    return schema


def _success_schemas(doc: dict[str, Any], operation: dict[str, Any]) -> list[dict[str, Any]]:
    found = []
    for status, answer in operation["responses"].items():
        if status.startswith("2"):
            for media, content in answer.get("content", {}).items():
                if "json" in media:
                    schema = _resolve(doc, content.get("schema", {}))
                    if schema.get("type") == "array":
                        schema = _resolve(doc, schema.get("items", {}))
                    found.append(schema)
    return found


def test_every_api_operation_documents_the_json_it_answers(client: TestClient) -> None:
    doc = client.app.openapi()
    operations = [
        (method.upper(), path, operation)
        for path, methods in doc["paths"].items()
        if path.startswith("/api/")
        for method, operation in methods.items()
    ]
    assert len(operations) >= 28
    bare = []
    for method, path, operation in operations:
        if (method, path) in NO_CONTENT:
            continue
        schemas = _success_schemas(doc, operation)
        if not schemas or not all(s.get("properties") for s in schemas):
            bare.append(f"{method} {path}")
    assert not bare, f"no response schema with properties: {bare}"


@pytest.fixture(scope="module")
def api_schema(client: TestClient) -> schemathesis.BaseSchema:
    """The app's OpenAPI document, as schemathesis reads it."""
    return schemathesis.openapi.from_dict(client.app.openapi())


def _checked(api_schema: schemathesis.BaseSchema, path: str, response: Any) -> Any:
    """The answer's JSON, after checking it against the schema of ``path``'s operation."""
    assert response.status_code < 300, response.text
    method = response.request.method
    api_schema[path][method].validate_response(response)
    return response.json()


def test_real_answers_match_their_schema(
    client: TestClient,
    tokens: dict[str, str],
    seeded: Seed,
    api_schema: schemathesis.BaseSchema,
) -> None:
    headers = bearer(tokens, US_ANALYST)
    case_id, telegram_id = seeded.unclassified_case, seeded.telegram

    def get(path: str, url: str, **params: Any) -> Any:
        return _checked(api_schema, path, client.get(url, headers=headers, params=params))

    assert get("/api/me", "/api/me")["username"] == US_ANALYST.username
    board = get("/api/cases", "/api/cases")
    assert board["count"] >= 1
    assert board["cases"][0]["marking"]
    case = get("/api/cases/{case_id}", f"/api/cases/{case_id}")
    for part in ("verdicts", "engagements", "telegrams", "timeline"):
        assert case[part], part
    assert get("/api/cases/{case_id}/timeline", f"/api/cases/{case_id}/timeline")
    assert get("/api/cases/{case_id}/engagements", f"/api/cases/{case_id}/engagements")
    get("/api/cases/{case_id}/similar", f"/api/cases/{case_id}/similar")
    case_map = get("/api/cases/{case_id}/route", f"/api/cases/{case_id}/route")
    assert case_map["type"] == "FeatureCollection"
    assert case_map["features"]
    telegram = get("/api/telegrams/{telegram_id}", f"/api/telegrams/{telegram_id}")
    assert telegram["for"] is None
    assert telegram["serial"]
    route = get("/api/route", "/api/route", dep="UKBB", dest="LTBA")
    assert route["transits"]
    assert route["geojson"]["features"]
    get("/api/jobs", "/api/jobs")
    get("/api/watch/aircraft", "/api/watch/aircraft")
    screened = _checked(
        api_schema, "/api/screen", client.post("/api/screen", headers=headers, data={"text": FPL})
    )
    assert screened["verdicts"][0]["aircraft_id"] == "KOR151"
    assert screened["case_ids"] == [None]
    draft = client.post(
        f"/api/cases/{case_id}/telegrams",
        headers=headers,
        data={"kind": "action", "serial": "STATE 43804"},
    )
    assert _checked(api_schema, "/api/cases/{case_id}/telegrams", draft)["id"] is None


def test_real_answers_of_admin_operations_match_their_schema(
    client: TestClient, tokens: dict[str, str], api_schema: schemathesis.BaseSchema
) -> None:
    headers = bearer(tokens, ADMIN)
    users = _checked(api_schema, "/api/users", client.get("/api/users", headers=headers))
    assert {u["username"] for u in users} >= {ADMIN.username, US_ANALYST.username}
    rows = _checked(api_schema, "/api/audit", client.get("/api/audit", headers=headers))
    assert rows
    assert all(r["marking"] for r in rows)


def test_an_answer_off_its_schema_is_caught(
    client: TestClient, tokens: dict[str, str], api_schema: schemathesis.BaseSchema
) -> None:
    """The check bites: a renamed field is an answer the schema refuses."""
    response = client.get("/api/me", headers=bearer(tokens, US_ANALYST))
    renamed = dict(response.json())
    renamed["user_name"] = renamed.pop("username")
    forged = response.__class__(200, json=renamed, request=response.request)
    forged.elapsed = response.elapsed
    operation = api_schema["/api/me"]["GET"]
    assert operation.is_valid_response(response)
    assert not operation.is_valid_response(forged)


def _cli(*args: str) -> Any:
    result = CliRunner().invoke(cli_app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_screen_json_of_the_cli_is_the_api_s(
    client: TestClient,
    tokens: dict[str, str],
    seeded: Seed,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("kor151.txt").write_text(FPL, encoding="utf-8")
    # Against the same store: its lists (none) and its cases (a resemblance to the seed's).
    printed = _cli("screen", "kor151.txt", "--db", seeded.database, "--format", "json")
    with Path("kor151.txt").open("rb") as upload:
        files = {"file": ("kor151.txt", upload, "text/plain")}
        response = client.post("/api/screen", headers=bearer(tokens, US_ANALYST), files=files)
    answered = response.json()
    assert answered.pop("case_ids") == [None]
    assert printed == answered
    assert printed["verdicts"][0]["provenance"]["source"] == "kor151.txt"


SHARED = Path(__file__).resolve().parents[2]
FEED = (SHARED / "tests/ats/fixtures/feed.txt").read_text().replace("N04X0F350", "N0450F350")
SCREENED = {  # what is pasted, and the levels its verdicts reach (with the seeded register)
    "the seeded plan": (FPL, {"high"}),
    "a plan to Tehran, non-scheduled": (
        "(FPL-AFR292-IN-B77W/H-SDE3FGHIJ2J3J4J5M1RWXYZ/LB1D1-LFPG1325-N0490F350 DCT"
        "-OIII1330 RJTT-DOF/261130 REG/FGSQA CODE/39BD20 OPR/AFR)",
        {"review"},
    ),
    "a feed with messages not screened": (FEED, {"clear", "high"}),
    "a permit request": (
        (SHARED / "examples/permits/charter-rocket-motors.json").read_text(),
        {"high"},
    ),
}


@pytest.mark.parametrize("name", list(SCREENED))
def test_screen_answer_is_the_model_s_json(
    client: TestClient, tokens: dict[str, str], seeded: Seed, name: str
) -> None:
    """``POST /api/screen``, built without the model, answers what ``ScreeningOut`` would write."""
    text, levels = SCREENED[name]
    response = client.post("/api/screen", headers=bearer(tokens, US_ANALYST), data={"text": text})
    assert response.status_code == 200, response.text
    with open_store(seeded.database, create=False) as store, store.session() as session:
        account = account_named(session, US_ANALYST.username)
        outcome = screen_submission(
            session, account, text, "pasted text", load_reference([], None), audits=[]
        )
    model = ScreeningOut(
        verdicts=outcome.verdicts, problems=outcome.problems, case_ids=outcome.case_ids
    )
    assert response.json() == json.loads(json.dumps(model.json_data()))
    assert {v["level"] for v in response.json()["verdicts"]} <= levels


def test_screen_answers_cover_every_level_and_problems(
    client: TestClient, tokens: dict[str, str]
) -> None:
    answers = [
        client.post("/api/screen", headers=bearer(tokens, US_ANALYST), data={"text": t}).json()
        for t, _ in SCREENED.values()
    ]
    assert {v["level"] for a in answers for v in a["verdicts"]} == {"clear", "review", "high"}
    assert any(a["problems"] for a in answers)


@pytest.mark.parametrize(
    ("text", "field"),
    [
        (FPL.replace("K0780S1010", "K07X0S1010"), "field 15"),  # a message does not read
        ("nothing to screen here", "file"),
    ],
)
def test_an_unreadable_screening_answers_422_naming_the_field(
    client: TestClient, tokens: dict[str, str], text: str, field: str
) -> None:
    response = client.post("/api/screen", headers=bearer(tokens, US_ANALYST), data={"text": text})
    assert response.status_code == 422
    assert field in response.text
    assert "verdicts" not in response.json()


def test_case_json_of_the_cli_is_the_api_s(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    case_id = seeded.unclassified_case
    answered = client.get(f"/api/cases/{case_id}", headers=bearer(tokens, US_ANALYST)).json()
    printed = _cli(
        "case", "show", str(case_id), "--db", seeded.database,
        "--format", "json", "--as", US_ANALYST.username,
    )  # fmt: skip
    assert printed == answered
    assert printed["telegrams"]
    assert printed["timeline"]


def test_case_detail_data_is_the_model_s_json(seeded: Seed) -> None:
    """The API's case answer, built without the model, is what ``CaseDetail`` would write."""
    when = datetime(2026, 5, 31, tzinfo=UTC)  # the noforn case's deadline is overdue
    compared = 0
    with open_store(seeded.database, create=False) as store, store.session() as session:
        for persona in PERSONAS:
            account = account_named(session, persona.username)
            for case_id in (seeded.unclassified_case, seeded.noforn_case, seeded.rel_tur_case):
                try:
                    view = open_case_view(session, account, case_id, when)
                except NotVisibleError:
                    continue
                assert case_detail_data(view) == CaseDetail.of(view).json_data()
                compared += 1
    assert compared >= 6  # the admin sees all three, the analyst two, the Turkish reader one


def test_case_row_data_is_the_model_s_json(seeded: Seed) -> None:
    """The API's listing rows, built without the model, are what ``CaseRowOut`` would write."""
    when = datetime(2026, 5, 31, tzinfo=UTC)  # the noforn case's deadline is overdue
    with open_store(seeded.database, create=False) as store, store.session() as session:
        listed = visible_cases(session, account_named(session, ADMIN.username), when)
    assert any(s.overdue for s in listed)
    for s in listed:
        fields = CaseRowOut.fields_of(s.case)
        model = CaseRowOut(
            **fields, latest_level=s.latest_level, overdue=len(s.overdue), next_due=s.next_due
        )
        assert case_row_data(s) == model.json_data()


def test_case_json_of_the_cli_needs_an_account(seeded: Seed) -> None:
    result = CliRunner().invoke(
        cli_app, ["case", "show", str(seeded.unclassified_case), "--db", seeded.database,
                  "--format", "json"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--as: --format json prints one account's view" in result.output
    result = CliRunner().invoke(
        cli_app, ["case", "show", str(seeded.unclassified_case), "--db", seeded.database,
                  "--format", "json", "--as", "nobody"],
    )  # fmt: skip
    assert result.exit_code == 2
    assert "--as: no active account 'nobody'" in result.output
