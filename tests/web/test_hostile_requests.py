"""Hostile requests: huge bodies, ids out of range, dates that are numbers, 422s that echo.

Bodies are sent through the app's own ASGI interface by ``send_body``, which hands the app a
512 MiB body one 64 KiB chunk at a time and counts how many bytes the app pulled: a request
refused before its body is read has pulled none, so nothing was parsed or spooled to disk.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from sqlalchemy import event, func, select
from web_personas import (
    ADMIN,
    FPL,
    PASSWORD,
    UNCLAS_TUR,
    US_ANALYST,
    Persona,
    Seed,
    TestClient,
    bearer,
    csrf_of,
    page_login,
    seed_store,
)

from overflight.store import open_store
from overflight.store.schema import ListFileRow
from overflight.web import WebSettings, create_app
from overflight.web.deps import COOKIE_NAME, MAX_PATH_ID

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_backends import opened_store

CHUNK = 64 * 1024
HUGE = 512 * 2**20
LIMIT = 20_000  # the test app's upload and list limits
ENVELOPE = 64 * 1024
FORM_LIMIT = 64 * 1024
MULTIPART = "multipart/form-data; boundary=hostile"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
FILE_PART = (
    b"--hostile\r\n"
    b'Content-Disposition: form-data; name="file"; filename="big.txt"\r\n'
    b"Content-Type: text/plain\r\n\r\n"
)


@dataclass(frozen=True, slots=True)
class Answer:
    """What the app answered, and how much of the request body it read."""

    status: int
    headers: dict[str, str]
    body: bytes
    consumed: int


def send_body(
    app: FastAPI,
    path: str,
    headers: dict[str, str],
    *,
    declared: bool,
    size: int = HUGE,
    prefix: bytes = b"",
    suffix: bytes = b"",
) -> Answer:
    """POST ``size`` bytes (``prefix``, filler, ``suffix``) to ``path``, chunked or declared."""
    sent = {"left": size, "consumed": 0}
    messages: list[dict[str, Any]] = []
    filler = size - len(prefix) - len(suffix)

    async def receive() -> dict[str, Any]:
        start = size - sent["left"]
        end = start + min(CHUNK, sent["left"])
        head = prefix[start:end]
        middle = b"x" * max(0, min(end, len(prefix) + filler) - max(start, len(prefix)))
        tail = suffix[max(0, start - len(prefix) - filler) : max(0, end - len(prefix) - filler)]
        body = head + middle + tail
        sent["left"] -= len(body)
        sent["consumed"] += len(body)
        return {"type": "http.request", "body": body, "more_body": sent["left"] > 0}

    async def send(message: dict[str, Any]) -> None:
        messages.append(message)

    length = {"content-length": str(size)} if declared else {"transfer-encoding": "chunked"}
    sent_headers = {**headers, **length}
    scope = {
        "type": "http",
        "asgi": {"version": "3.0", "spec_version": "2.3"},  # as uvicorn says
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in sent_headers.items()],
        "client": ("127.0.0.1", 50_000),
        "server": ("testserver", 80),
        "state": {},
    }
    asyncio.run(app(scope, receive, send))  # type: ignore[arg-type]
    [start] = [m for m in messages if m["type"] == "http.response.start"]
    body = b"".join(m.get("body", b"") for m in messages if m["type"] == "http.response.body")
    answer_headers = {k.decode().lower(): v.decode() for k, v in start["headers"]}
    return Answer(start["status"], answer_headers, body, sent["consumed"])


def _stored_lists(seeded: Seed) -> int:
    with open_store(seeded.database) as store, store.session() as session:
        return int(session.scalar(select(func.count()).select_from(ListFileRow)) or 0)


@pytest.fixture(scope="module")
def cookies(client: TestClient) -> dict[str, str]:
    """A page login cookie per persona, by user name."""
    found = {}
    for persona in (UNCLAS_TUR, ADMIN):
        client.cookies.clear()
        page_login(client, persona)
        found[persona.username] = client.cookies[COOKIE_NAME]
    client.cookies.clear()
    return found


def _credentials(
    tokens: dict[str, str], cookies: dict[str, str], who: Persona | None, how: str
) -> dict[str, str]:
    if who is None:
        return {}
    if how == "cookie":
        return {"cookie": f"{COOKIE_NAME}={cookies[who.username]}"}
    return bearer(tokens, who)


# Who sends 512 MiB where, and what they get without a byte of it read.
BEFORE_THE_BODY = [
    (None, "", "/api/screen", MULTIPART, 401),
    (None, "", "/screen", MULTIPART, 303),
    (None, "", "/api/lists", MULTIPART, 401),
    (None, "", "/admin/lists", MULTIPART, 303),
    (None, "", "/api/users", JSON, 401),
    (None, "", "/api/me/password", JSON, 401),
    (None, "", "/api/cases/1/outcomes", FORM, 401),
    (None, "", "/cases/1/outcomes", FORM, 303),
    (None, "", "/nowhere", FORM, 303),
    (UNCLAS_TUR, "bearer", "/api/lists", MULTIPART, 403),
    (US_ANALYST, "bearer", "/api/lists", MULTIPART, 403),
    (UNCLAS_TUR, "cookie", "/admin/lists", MULTIPART, 403),
    (UNCLAS_TUR, "cookie", "/api/lists", MULTIPART, 403),
]


@pytest.mark.parametrize("declared", [True, False], ids=["content-length", "chunked"])
@pytest.mark.parametrize(("who", "how", "path", "kind", "status"), BEFORE_THE_BODY)
def test_a_refused_request_has_none_of_its_body_read(
    client: TestClient,
    tokens: dict[str, str],
    cookies: dict[str, str],
    seeded: Seed,
    who: Persona | None,
    how: str,
    path: str,
    kind: str,
    status: int,
    declared: bool,
) -> None:
    before = _stored_lists(seeded)
    headers = {"content-type": kind, **_credentials(tokens, cookies, who, how)}
    answer = send_body(client.app, path, headers, declared=declared)  # type: ignore[arg-type]
    assert answer.status == status, answer.body
    assert answer.consumed == 0
    assert answer.headers["connection"] == "close"  # the server reads no more of it either
    if status == 303:
        assert answer.headers["location"].startswith("/login")
    if path.startswith("/api") and status == 401:
        assert b"not logged in" in answer.body
    assert _stored_lists(seeded) == before


# Who may send there, and how much of a body over the limit is read before the 413.
OVER_THE_LIMIT = [
    (ADMIN, "bearer", "/api/lists", MULTIPART, FILE_PART, LIMIT + ENVELOPE, "20,000 bytes"),
    (US_ANALYST, "bearer", "/api/screen", MULTIPART, FILE_PART, LIMIT + ENVELOPE, "20,000"),
    (ADMIN, "cookie", "/admin/lists", MULTIPART, FILE_PART, LIMIT + ENVELOPE, "20,000"),
    (ADMIN, "bearer", "/api/users", JSON, b"", FORM_LIMIT, "65,536 bytes"),
    (US_ANALYST, "bearer", "/api/cases/1/outcomes", FORM, b"", FORM_LIMIT, "65,536"),
    (None, "", "/login", FORM, b"", FORM_LIMIT, "65,536"),
    (None, "", "/api/token", FORM, b"", FORM_LIMIT, "65,536"),
]


@pytest.mark.parametrize(
    ("who", "how", "path", "kind", "prefix", "allowed", "said"), OVER_THE_LIMIT
)
def test_a_body_over_its_limit_is_413_and_read_no_further(
    client: TestClient,
    tokens: dict[str, str],
    cookies: dict[str, str],
    seeded: Seed,
    who: Persona | None,
    how: str,
    path: str,
    kind: str,
    prefix: bytes,
    allowed: int,
    said: str,
) -> None:
    before = _stored_lists(seeded)
    headers = {"content-type": kind, **_credentials(tokens, cookies, who, how)}
    app: FastAPI = client.app  # type: ignore[assignment]
    chunked = send_body(app, path, headers, declared=False, prefix=prefix)
    assert chunked.status == 413, chunked.body
    assert allowed < chunked.consumed <= allowed + CHUNK
    assert said in chunked.body.decode()
    assert chunked.headers["connection"] == "close"
    declared = send_body(app, path, headers, declared=True, prefix=prefix)
    assert (declared.status, declared.consumed) == (413, 0)
    assert said in declared.body.decode()
    assert _stored_lists(seeded) == before


def test_a_body_within_its_limit_is_read_whole(client: TestClient, tokens: dict[str, str]) -> None:
    # As large as the guard lets through: the app reads it all and refuses the file by the
    # file's own limit. One byte more and the guard refuses it unread.
    headers = {"content-type": MULTIPART, **bearer(tokens, US_ANALYST)}
    app: FastAPI = client.app  # type: ignore[assignment]
    end = b"\r\n--hostile--\r\n"
    size = LIMIT + ENVELOPE
    whole = send_body(
        app, "/api/screen", headers, declared=True, size=size, prefix=FILE_PART, suffix=end
    )
    assert (whole.status, whole.consumed) == (413, size)
    assert "20,000 bytes" in whole.body.decode()
    over = send_body(
        app, "/api/screen", headers, declared=True, size=size + 1, prefix=FILE_PART, suffix=end
    )
    assert (over.status, over.consumed) == (413, 0)
    small = client.post("/api/screen", headers=bearer(tokens, US_ANALYST), data={"text": FPL})
    assert small.status_code == 200


@pytest.fixture
def login_queries(client: TestClient, monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The SQL statements that read logins (``auth_sessions``), as the app runs them.

    Through the engine, and on the app's login lookup (its own driver connection, which
    SQLAlchemy's events do not see): each of its lookups is one statement.
    """
    engine = client.app.state.store.engine  # type: ignore[attr-defined]
    lookup = client.app.state.logins  # type: ignore[attr-defined]
    seen: list[str] = []

    def note(*args: Any) -> None:
        statement = args[2]
        if "FROM auth_sessions" in statement:
            seen.append(statement)

    find = lookup.find

    def noted_find(token_hash: str) -> Any:
        seen.append("login lookup: SELECT ... FROM auth_sessions")
        return find(token_hash)

    monkeypatch.setattr(lookup, "find", noted_find)
    event.listen(engine, "before_cursor_execute", note)
    yield seen
    event.remove(engine, "before_cursor_execute", note)


@pytest.mark.parametrize(
    ("method", "path", "how"),
    [
        ("GET", "/api/me", "bearer"),
        ("POST", "/api/screen", "bearer"),
        ("GET", "/", "cookie"),
        ("GET", "/screen", "cookie"),
    ],
)
def test_the_login_found_before_the_body_is_not_looked_up_again(
    client: TestClient,
    tokens: dict[str, str],
    cookies: dict[str, str],
    login_queries: list[str],
    method: str,
    path: str,
    how: str,
) -> None:
    headers = _credentials(tokens, cookies, US_ANALYST if how == "bearer" else ADMIN, how)
    data = {"text": FPL} if method == "POST" else None
    response = client.request(method, path, headers=headers, data=data)
    assert response.status_code == 200, response.text
    assert len(login_queries) == 1


ID_VALUES = ["0", "-1", str(MAX_PATH_ID + 1), str(2**63), str(2**64)]
API_IDS = [
    ("GET", "/api/cases/{id}"),
    ("GET", "/api/cases/{id}/timeline"),
    ("GET", "/api/cases/{id}/engagements"),
    ("GET", "/api/cases/{id}/route"),
    ("GET", "/api/telegrams/{id}"),
    ("POST", "/api/cases/{id}/outcomes"),
    ("POST", "/api/cases/{id}/telegrams"),
    ("POST", "/api/cases/{id}/chokepoints"),
    ("POST", "/api/cases/1/engagements/{id}/response"),
    ("POST", "/api/cases/{id}/engagements/1/response"),
    ("POST", "/api/cases/1/deadlines/{id}/met"),
]
PAGE_IDS = [
    ("GET", "/cases/{id}"),
    ("GET", "/telegrams/{id}"),
    ("GET", "/telegrams/{id}/non-paper"),
    ("POST", "/cases/{id}/outcomes"),
    ("POST", "/cases/{id}/chokepoints"),
    ("POST", "/cases/1/engagements/{id}/response"),
    ("POST", "/cases/1/deadlines/{id}/met"),
]


@pytest.mark.parametrize("value", ID_VALUES)
@pytest.mark.parametrize(("method", "template"), API_IDS)
def test_an_api_id_out_of_range_is_422_naming_it(
    client: TestClient, tokens: dict[str, str], method: str, template: str, value: str
) -> None:
    response = client.request(
        method, template.format(id=value), headers=bearer(tokens, ADMIN), data={"kind": "x"}
    )
    assert response.status_code == 422, response.text
    problems = response.json()["detail"]
    assert any(p["loc"][0] == "path" and p["loc"][1].endswith("_id") for p in problems)
    assert all(set(p) == {"type", "loc", "msg"} for p in problems)


@pytest.mark.parametrize("value", ID_VALUES)
@pytest.mark.parametrize(("method", "template"), PAGE_IDS)
def test_a_page_id_out_of_range_is_the_422_page(
    client: TestClient, cookies: dict[str, str], method: str, template: str, value: str
) -> None:
    headers = {"cookie": f"{COOKIE_NAME}={cookies[ADMIN.username]}"}
    csrf = csrf_of(client.get("/cases/1", headers=headers).text)
    data = {"csrf_token": csrf} if method == "POST" else None
    response = client.request(method, template.format(id=value), headers=headers, data=data)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("text/html")
    assert "_id: Input should be" in response.text


@pytest.mark.parametrize("template", ["/api/cases/{id}", "/api/telegrams/{id}", "/cases/{id}"])
def test_the_largest_id_is_missing_like_any_other(
    client: TestClient, tokens: dict[str, str], cookies: dict[str, str], template: str
) -> None:
    headers = {**bearer(tokens, ADMIN), "cookie": f"{COOKIE_NAME}={cookies[ADMIN.username]}"}
    largest = client.get(template.format(id=MAX_PATH_ID), headers=headers)
    unknown = client.get(template.format(id=424242), headers=headers)
    assert largest.status_code == unknown.status_code == 404
    assert largest.text.replace(str(MAX_PATH_ID), "N") == unknown.text.replace("424242", "N")


NOT_DATES = [
    "0",
    "1717000000",
    "20260529",
    "2026-W22-3",
    "2026-5-29",
    "2026-05-29T10:00",
    "2026-02-30",
    "１９９９-01-01",  # fullwidth digits
    "1970-01-01",  # what "0" used to become
    "2100-01-01",
]


@pytest.mark.parametrize("value", NOT_DATES)
def test_a_form_date_must_be_an_iso_day_in_range(
    client: TestClient, tokens: dict[str, str], seeded: Seed, value: str
) -> None:
    headers = bearer(tokens, ADMIN)
    response = client.post(
        f"/api/cases/{seeded.unclassified_case}/engagements/1/response",
        headers=headers,
        data={"response": "granted", "responded_on": value},
    )
    assert response.status_code == 422, response.text
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["body", "responded_on"]
    assert value not in response.text
    met = client.post(
        f"/api/cases/{seeded.noforn_case}/deadlines/1/met", headers=headers, data={"met_on": value}
    )
    assert met.status_code == 422
    case = client.get(f"/api/cases/{seeded.noforn_case}", headers=headers).json()
    assert case["deadlines"][0]["met_on"] is None
    engagement = client.get(f"/api/cases/{seeded.unclassified_case}/engagements", headers=headers)
    assert engagement.json()[0]["responded_on"] is None


def test_a_page_form_date_that_is_a_number_is_the_422_page(
    client: TestClient, seeded: Seed
) -> None:
    client.cookies.clear()
    page_login(client, US_ANALYST)
    try:
        csrf = csrf_of(client.get(f"/cases/{seeded.unclassified_case}").text)
        response = client.post(
            f"/cases/{seeded.unclassified_case}/engagements/1/response",
            data={"csrf_token": csrf, "response": "granted", "responded_on": "0"},
        )
    finally:
        client.cookies.clear()
    assert response.status_code == 422
    assert "responded_on: Value error, give the date as YYYY-MM-DD" in response.text


SECRET = "hunter2-never-echoed-back"


@pytest.mark.parametrize(
    ("path", "body"),
    [
        ("/api/users", {"username": ["x"], "password": SECRET}),
        ("/api/me/password", {"current_password": SECRET}),
        ("/api/me/password", {"current_password": SECRET, "new_password": 123456789012}),
    ],
)
def test_a_422_never_echoes_what_was_sent(
    client: TestClient, tokens: dict[str, str], path: str, body: dict[str, Any]
) -> None:
    response = client.post(path, headers=bearer(tokens, ADMIN), json=body)
    assert response.status_code == 422
    assert SECRET not in response.text
    for problem in response.json()["detail"]:
        assert set(problem) == {"type", "loc", "msg"}


def test_a_page_422_never_echoes_what_was_sent(client: TestClient) -> None:
    client.cookies.clear()
    page_login(client, ADMIN)
    try:
        response = client.post("/admin/users", data={"username": "newbie", "password": SECRET})
    finally:
        client.cookies.clear()
    assert response.status_code == 422
    assert "clearance: Field required" in response.text
    assert SECRET not in response.text


def test_the_api_422_never_echoes_bounds(client: TestClient, tokens: dict[str, str]) -> None:
    response = client.get("/api/cases?limit=5000", headers=bearer(tokens, US_ANALYST))
    assert response.status_code == 422
    [problem] = response.json()["detail"]
    assert problem["loc"] == ["query", "limit"]
    assert "ctx" not in problem
    assert "5000" not in response.text


@pytest.mark.parametrize("secure", [True, False])
def test_hsts_is_sent_on_every_answer_with_secure_cookies_only(seeded: Seed, secure: bool) -> None:
    settings = WebSettings(database=seeded.database, secure_cookies=secure)
    with TestClient(create_app(settings)) as client:
        answers = [
            client.get("/login"),
            client.get("/static/app/app.css"),
            client.get("/api/cases"),  # 401
            client.get("/", follow_redirects=False),  # 303
            client.post("/api/token", data={"username": ADMIN.username, "password": PASSWORD}),
            client.post(  # 413 from the guard
                "/api/token", content=b"x" * (FORM_LIMIT + 1), headers={"content-type": FORM}
            ),
        ]
    assert [a.status_code for a in answers] == [200, 200, 401, 303, 200, 413]
    for answer in answers:
        if secure:
            hsts = answer.headers["Strict-Transport-Security"]
            assert hsts == "max-age=31536000; includeSubDomains"
        else:
            assert "Strict-Transport-Security" not in answer.headers


@pytest.fixture(scope="module", params=["sqlite", "postgresql"])
def on_each_store(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[TestClient, dict[str, str]]]:
    """An app over a freshly seeded store on each backend, and the admin's bearer header."""
    with opened_store(request.param, tmp_path_factory.mktemp("text")) as store:
        seed_store(store.url)
        config = WebSettings(database=store.url, login_failures_per_address=1_000)
        with TestClient(create_app(config)) as client:
            form = {"username": ADMIN.username, "password": PASSWORD}
            token = client.post("/api/token", data=form).json()["access_token"]
            yield client, {"Authorization": f"Bearer {token}"}


def _multipart(name: str, filename: bytes, content: bytes) -> bytes:
    return (
        b'--hostile\r\nContent-Disposition: form-data; name="'
        + name.encode()
        + b'"; filename="'
        + filename
        + b'"\r\nContent-Type: text/plain\r\n\r\n'
        + content
        + b"\r\n--hostile--\r\n"
    )


# Text PostgreSQL cannot store (a NUL: once a 500 there) or that is not Unicode (a lone
# surrogate in JSON: once a 500 where it was encoded, on either store).
NOT_TEXT = [
    ("POST", "/api/token", FORM, b"username=a%00b&password=x", "body"),
    ("POST", "/api/token", FORM, b"username=a\x00b&password=x", "body"),
    ("GET", "/api/audit?user=%00", None, b"", "query"),
    ("GET", "/api/cases?q=a%00", None, b"", "query"),
    ("PATCH", "/api/users/a%00b", JSON, b'{"organisation": "x"}', "path"),
    ("GET", "/api/jobs/%00", None, b"", "path"),
    ("POST", "/api/users", JSON, b'{"username": "a\\u0000b", "password": "x"}', "body"),
    (
        "POST",
        "/api/me/password",
        JSON,
        b'{"current_password": "\\ud800", "new_password": "x"}',
        "body",
    ),
    (
        "POST",
        "/api/me/password",
        JSON,
        b'{"current_password": "\\udc00x", "new_password": "x"}',
        "body",
    ),
    ("POST", "/api/cases/1/outcomes", FORM, b"kind=delayed&note=a%00b", "body"),
    (
        "POST",
        "/api/screen",
        MULTIPART,
        _multipart("file", b"kor.txt", FPL.encode() + b"\x00"),
        "body",
    ),
    ("POST", "/api/lists", MULTIPART, _multipart("file", b"a\x00.csv", b"name\nIRGC\n"), "file"),
]


@pytest.mark.parametrize(("method", "url", "kind", "body", "what"), NOT_TEXT)
def test_text_no_store_may_hold_is_422_naming_where(
    on_each_store: tuple[TestClient, dict[str, str]],
    method: str,
    url: str,
    kind: str | None,
    body: bytes,
    what: str,
) -> None:
    client, headers = on_each_store
    sent = {**headers, "content-type": kind} if kind else headers
    response = client.request(method, url, headers=sent, content=body or None)
    assert response.status_code == 422, response.text
    assert response.json()["what"] == what
    assert "NUL character" in response.json()["detail"]


def test_a_surrogate_pair_in_json_is_text(
    on_each_store: tuple[TestClient, dict[str, str]],
) -> None:
    client, headers = on_each_store
    body = b'{"current_password": "\\ud83d\\ude00 not it", "new_password": "long enough pass"}'
    response = client.post(
        "/api/me/password", headers={**headers, "content-type": JSON}, content=body
    )
    assert response.status_code == 422
    assert "NUL" not in response.text  # refused as a wrong password, not as text
