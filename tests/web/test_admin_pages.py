"""The admin pages for the screening lists (``/admin/lists``) and the audit log (``/admin/audit``).

Only admins see them. A list imported through the page is the one the API would have stored:
the same row, the same audit row, the same label on the page and in verdicts. A refused file
re-renders the page with its position, and nothing is stored.
"""

from __future__ import annotations

import hashlib
import html
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select
from web_personas import (
    ADMIN,
    FPL,
    PASSWORD,
    PERSONAS,
    SECRET_TUR,
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
from overflight.store.lists import NewListFile, add_list_version
from overflight.store.schema import ListFileRow
from overflight.web import WebSettings, create_app

SAMPLE = Path("lists/opensanctions-ftm-sample/entities.ftm.json")
IRGC_FPL = FPL.replace("OPR/AIR KORYO", "OPR/IRANIAN REVOLUTIONARY GUARD CORPS")
LIMIT = 20_000  # the module client's max_list_bytes, as in web_personas
PAGES = ("/admin/lists", "/admin/audit")
NO_LISTS = "no lists (policy only"


@pytest.fixture(scope="module")
def sample(shared_dir: Path) -> bytes:
    """The OpenSanctions sample's bytes (about 7 kB, six entities)."""
    return (shared_dir / "data" / SAMPLE).read_bytes()


@pytest.fixture
def fresh_cookies(client: TestClient) -> Iterator[TestClient]:
    """The shared client with no cookie before and after the test."""
    client.cookies.clear()
    yield client
    client.cookies.clear()


def _count(database: str) -> int:
    with open_store(database) as store, store.session() as session:
        return int(session.scalar(select(func.count()).select_from(ListFileRow)) or 0)


def _label_shown(page: str) -> str:
    found = re.search(r'<strong class="current-lists">(.*?)</strong>', page)
    assert found, page
    return html.unescape(found.group(1))


def _table_rows(page: str, css: str) -> list[list[str]]:
    """The body rows of the page's table of class ``css``, as unescaped cell texts."""
    table = page.split(f'<table class="{css}">', 1)[1].split("</table>", 1)[0]
    body = table.split("<tbody>", 1)[1]
    return [
        [html.unescape(re.sub(r"<[^>]+>", "", cell)).strip() for cell in cells]
        for cells in (
            re.findall(r"<td>(.*?)</td>", row, re.DOTALL)
            for row in re.findall(r"<tr>(.*?)</tr>", body, re.DOTALL)
        )
    ]


def _upload(client: TestClient, name: str, body: bytes, csrf: str | None) -> tuple[int, str, str]:
    data = {"csrf_token": csrf} if csrf is not None else {}
    response = client.post(
        "/admin/lists", data=data, files={"file": (name, body)}, follow_redirects=False
    )
    return response.status_code, response.headers.get("location", ""), response.text


# --- who may see the pages -------------------------------------------------------------------


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_only_the_admin_sees_the_admin_pages_and_their_links(
    fresh_cookies: TestClient, persona: Persona, url: str
) -> None:
    client = page_login(fresh_cookies, persona)
    page = client.get(url)
    board = client.get("/")
    if persona is ADMIN:
        assert page.status_code == 200, page.text
        assert f'action="{url}"' in page.text  # its form
        assert f'href="{url}"' in board.text
    else:
        assert page.status_code == 403
        assert "this needs the admin role" in page.text
        assert f'href="{url}"' not in board.text


@pytest.mark.parametrize(
    "persona", [p for p in PERSONAS if p is not ADMIN], ids=lambda p: p.username
)
def test_a_non_admin_import_through_the_page_is_403_and_stores_nothing(
    fresh_cookies: TestClient, seeded: Seed, sample: bytes, persona: Persona
) -> None:
    client = page_login(fresh_cookies, persona)
    csrf = csrf_of(client.get("/screen").text)  # the persona's own, valid token
    before = _count(seeded.database)
    status, _, text = _upload(client, "entities.ftm.json", sample, csrf)
    assert status == 403
    assert "this needs the admin role" in text
    assert _count(seeded.database) == before


# --- importing through the page --------------------------------------------------------------


def _app(database: str) -> TestClient:
    return TestClient(create_app(WebSettings(database=database, max_list_bytes=LIMIT)))


def test_an_upload_through_the_page_is_stored_listed_and_screened_with(
    tmp_path: Path, sample: bytes
) -> None:
    database = seed_store(str(tmp_path / "lists.db")).database
    with _app(database) as browser, _app(database) as other:
        page_login(browser, ADMIN)
        before = browser.get("/admin/lists")
        assert before.status_code == 200
        assert _label_shown(before.text).startswith(NO_LISTS)
        assert "No list file has been imported." in before.text

        status, location, _ = _upload(browser, "entities.ftm.json", sample, csrf_of(before.text))
        assert (status, location) == (303, "/admin/lists")
        with open_store(database) as store, store.session() as session:
            [row] = session.scalars(select(ListFileRow)).all()
            assert (row.name, row.entities, row.imported_by) == ("entities.ftm.json", 6, "admin")
            assert row.sha256 == hashlib.sha256(sample).hexdigest()
            assert row.content == sample

        after = browser.get("/admin/lists")
        label = _label_shown(after.text)
        assert label.startswith("6 entities from entities.ftm.json, imported by admin at ")
        [listed] = _table_rows(after.text, "list-files")
        assert listed[:4] == [str(row.id), "entities.ftm.json", "6", "admin"]
        assert listed[4] == row.imported_at.strftime("%Y-%m-%d %H:%M UTC")
        assert listed[5] == row.sha256[:12]
        assert listed[6] == "in use"

        # The label is the one verdicts carry, in this app and in one already running.
        headers = bearer({"admin": _token(browser)}, ADMIN)
        screened = browser.post("/api/screen", headers=headers, data={"text": IRGC_FPL})
        [verdict] = screened.json()["verdicts"]
        assert verdict["lists"] == label
        assert "listed-operator" in {f["indicator"] for f in verdict["findings"]}
        page_login(other, ADMIN)
        assert _label_shown(other.get("/admin/lists").text) == label

        # Audited as the API's import is.
        audit = browser.get("/api/audit", headers=headers).json()
        assert any(
            (r["username"], r["action"], r["object_kind"], r["object_id"], r["detail"])
            == ("admin", "change", "lists", str(row.id), label)
            for r in audit
        )

        # A newer import comes first and is the one in use.
        three = b"\n".join(sample.splitlines()[:3]) + b"\n"
        status, _, _ = _upload(browser, "three.json", three, csrf_of(after.text))
        assert status == 303
        newer = browser.get("/admin/lists").text
        assert _label_shown(newer).startswith("3 entities from three.json")
        rows = _table_rows(newer, "list-files")
        assert [(r[1], r[2], r[6]) for r in rows] == [
            ("three.json", "3", "in use"),
            ("entities.ftm.json", "6", ""),
        ]


def test_a_stored_list_that_no_longer_reads_is_shown_with_its_fault(tmp_path: Path) -> None:
    database = seed_store(str(tmp_path / "broken.db")).database
    with _app(database) as browser:
        page_login(browser, ADMIN)
        # Stored behind the running app's back, as an older reader might have accepted it.
        with open_store(database) as store, store.session() as session, session.begin():
            add_list_version(
                session,
                [NewListFile("old.txt", b"hello\n", hashlib.sha256(b"hello\n").hexdigest(), 1)],
                imported_by="admin",
                imported_at=datetime(2026, 11, 29, tzinfo=UTC),
            )
        page = browser.get("/admin/lists")
        assert page.status_code == 200  # the admin can still reach the form to fix it
        assert "no longer reads" in page.text
        assert "old.txt: not a list format" in page.text
        assert 'action="/admin/lists"' in page.text
        assert 'class="current-lists"' not in page.text


def _token(client: TestClient) -> str:
    response = client.post("/api/token", data={"username": ADMIN.username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    token: str = response.json()["access_token"]
    return token


def test_a_malformed_list_re_renders_the_page_with_422_and_its_position(
    fresh_cookies: TestClient, seeded: Seed, sample: bytes
) -> None:
    client = page_login(fresh_cookies, ADMIN)
    page = client.get("/admin/lists")
    lines = sample.splitlines()
    lines[2] = lines[2][:50]  # the third entity's JSON is cut off
    before = _count(seeded.database)
    status, _, text = _upload(client, "bad.json", b"\n".join(lines), csrf_of(page.text))
    assert status == 422
    assert "<h1>Screening lists</h1>" in text  # the page itself, with its form
    assert 'action="/admin/lists"' in text
    assert "bad.json:3:45:" in text
    assert "nothing was imported" in text
    assert _count(seeded.database) == before
    assert _label_shown(text) == _label_shown(page.text)  # still screening with what it had


@pytest.mark.parametrize(
    ("name", "body", "status", "message"),
    [
        ("notes.txt", b"hello\n", 422, "file: notes.txt: not a list format"),
        ("empty.xml", b"<CONSOLIDATED_LIST/>", 422, "no entity could be read from empty.xml"),
        ("big.json", b"{}\n" * (LIMIT // 3 + 1), 413, "larger than the limit of 20,000 bytes"),
    ],
    ids=["no-format", "no-entity", "too-large"],
)
def test_a_refused_file_re_renders_the_page_and_stores_nothing(
    fresh_cookies: TestClient, seeded: Seed, name: str, body: bytes, status: int, message: str
) -> None:
    client = page_login(fresh_cookies, ADMIN)
    csrf = csrf_of(client.get("/admin/lists").text)
    before = _count(seeded.database)
    got, _, text = _upload(client, name, body, csrf)
    assert got == status
    assert "<h1>Screening lists</h1>" in text
    assert message in html.unescape(text)
    assert "/tmp" not in text
    assert _count(seeded.database) == before


def test_no_file_chosen_is_422_on_the_page(fresh_cookies: TestClient, seeded: Seed) -> None:
    client = page_login(fresh_cookies, ADMIN)
    csrf = csrf_of(client.get("/admin/lists").text)
    before = _count(seeded.database)
    response = client.post("/admin/lists", data={"csrf_token": csrf}, files={"file": ("", b"")})
    assert response.status_code == 422
    assert "file: choose a list file to import" in response.text
    assert _count(seeded.database) == before


@pytest.mark.parametrize("csrf", [None, "", "not-the-token"], ids=["absent", "empty", "wrong"])
def test_an_import_without_the_csrf_token_is_403_and_stores_nothing(
    fresh_cookies: TestClient, seeded: Seed, sample: bytes, csrf: str | None
) -> None:
    client = page_login(fresh_cookies, ADMIN)
    before = _count(seeded.database)
    status, _, text = _upload(client, "entities.ftm.json", sample, csrf)
    assert status == 403
    assert "CSRF" in text
    assert _count(seeded.database) == before


# --- the audit log ---------------------------------------------------------------------------


def _audit(client: TestClient, query: str = "") -> list[list[str]]:
    response = client.get(f"/admin/audit{query}")
    assert response.status_code == 200, response.text
    return _table_rows(response.text, "audit")


def test_the_audit_page_shows_the_latest_rows_newest_first(
    fresh_cookies: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    # us_analyst reads a case: a row of theirs after the admin's page login.
    client = page_login(fresh_cookies, ADMIN)
    read = client.get(f"/api/cases/{seeded.unclassified_case}", headers=bearer(tokens, US_ANALYST))
    assert read.status_code == 200
    rows = _audit(client)
    assert rows, "the audit page shows rows"
    assert all(len(r) == 6 for r in rows)
    newest = rows[0]
    assert newest[1:5] == ["us_analyst", "read", "case", str(seeded.unclassified_case)]
    assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC", newest[0])
    times = [r[0] for r in rows]
    assert times == sorted(times, reverse=True)
    assert rows[1][1:4] == ["admin", "login", "user"]  # the page login before it


def test_the_audit_page_filters_by_user_and_action(
    fresh_cookies: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    client = page_login(fresh_cookies, ADMIN)
    client.get(f"/api/cases/{seeded.rel_tur_case}", headers=bearer(tokens, US_ANALYST))
    client.get(f"/api/cases/{seeded.rel_tur_case}", headers=bearer(tokens, SECRET_TUR))
    analyst = _audit(client, "?user=us_analyst")
    assert analyst
    assert {r[1] for r in analyst} == {"us_analyst"}
    assert {"login", "read"} <= {r[2] for r in analyst}  # the token fixture's login, the reads
    logins = _audit(client, "?action=login")
    assert {r[2] for r in logins} == {"login"}
    assert {p.username for p in PERSONAS} <= {r[1] for r in logins}
    both = _audit(client, "?user=tur_secret&action=read")
    assert both
    assert {(r[1], r[2]) for r in both} == {("tur_secret", "read")}
    assert _audit(client, "?user=nobody") == []
    # Filtered in the query: the limit counts the user's rows, not the newest rows overall.
    client.get("/admin/lists")  # an admin row after the analyst's
    two = _audit(client, "?user=us_analyst&limit=2")
    assert [r[1] for r in two] == ["us_analyst", "us_analyst"]
    assert len(_audit(client, "?limit=1")) == 1


@pytest.mark.parametrize(
    ("limit", "said"),
    [
        ("0", "greater than or equal to 1"),
        ("1001", "less than or equal to 1000"),
        ("lots", "valid integer"),
        ("-5", "greater than or equal to 1"),
        ("²", "valid integer"),  # a digit to str.isdigit, not to int(): once a 500
    ],
)
def test_a_bad_audit_limit_is_422(fresh_cookies: TestClient, limit: str, said: str) -> None:
    client = page_login(fresh_cookies, ADMIN)
    response = client.get("/admin/audit", params={"limit": limit})
    assert response.status_code == 422
    assert "limit:" in response.text
    assert said in response.text


def test_reading_the_audit_and_lists_pages_is_audited(fresh_cookies: TestClient) -> None:
    client = page_login(fresh_cookies, ADMIN)
    _audit(client, "?user=tur_unclas&action=denied&limit=5")
    client.get("/admin/lists")
    rows = _audit(client, "?user=admin&action=read")
    assert rows[0][1:6] == ["admin", "read", "lists", "", "list"]
    assert rows[1][1:6] == [
        "admin",
        "read",
        "audit",
        "",
        "user='tur_unclas' action='denied' limit=5",
    ]
