"""Lists imported through the API are stored, and every app on the same store screens with them.

The list is the OpenSanctions sample (six entities, one of them the organisation IRGC, "Iranian
Revolutionary Guard Corps"). A flight plan whose operator is that organisation gets a
``listed-operator`` finding only once the list is loaded, and its verdict names the list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi import FastAPI
from sqlalchemy import func, select
from web_personas import (
    ADMIN,
    FPL,
    PASSWORD,
    US_ANALYST,
    Seed,
    TestClient,
    bearer,
    csrf_of,
    seed_store,
)

from overflight.cases import case_timeline
from overflight.store import open_store
from overflight.store.schema import ListFileRow
from overflight.web import WebSettings, create_app

SAMPLE = Path("lists/opensanctions-ftm-sample/entities.ftm.json")
UN_XML = Path("lists/un-consolidated-2026-02/UN_consolidated.xml")
IRGC_FPL = FPL.replace("OPR/AIR KORYO", "OPR/IRANIAN REVOLUTIONARY GUARD CORPS")
LIMIT = 20_000


@pytest.fixture(scope="module")
def sample(shared_dir: Path) -> bytes:
    """The OpenSanctions sample's bytes (about 7 kB, six entities)."""
    return (shared_dir / "data" / SAMPLE).read_bytes()


def _rows(database: str) -> list[tuple[str, int, str, str]]:
    with open_store(database) as store, store.session() as session:
        found = session.execute(
            select(
                ListFileRow.name, ListFileRow.entities, ListFileRow.imported_by, ListFileRow.sha256
            ).order_by(ListFileRow.id)
        )
        return [tuple(row) for row in found]


def _count(database: str) -> int:
    with open_store(database) as store, store.session() as session:
        return int(session.scalar(select(func.count()).select_from(ListFileRow)) or 0)


def _screen(client: TestClient, headers: dict[str, str]) -> dict[str, object]:
    response = client.post("/api/screen", headers=headers, data={"text": IRGC_FPL})
    assert response.status_code == 200, response.text
    [verdict] = response.json()["verdicts"]
    return dict(verdict)


def _indicators(verdict: dict[str, object]) -> set[str]:
    findings = verdict["findings"]
    assert isinstance(findings, list)
    return {f["indicator"] for f in findings}


def _app(database: str) -> TestClient:
    return TestClient(create_app(WebSettings(database=database, max_list_bytes=LIMIT)))


def _list_version_id(client: TestClient) -> int | None:
    """The id of the list version an app's screening reference was built from."""
    app = client.app
    assert isinstance(app, FastAPI)
    found: int | None = app.state.screening_lists.list_version_id
    return found


def _admin_headers(client: TestClient) -> dict[str, str]:
    response = client.post("/api/token", data={"username": ADMIN.username, "password": PASSWORD})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def test_an_import_is_stored_and_every_app_on_the_store_screens_with_it(
    tmp_path: Path, sample: bytes
) -> None:
    seed = seed_store(str(tmp_path / "shared.db"))
    database = seed.database
    with _app(database) as first, _app(database) as second:
        headers = _admin_headers(first)
        before = _screen(second, headers)
        assert before["lists"] == ""
        assert "listed-operator" not in _indicators(before)

        response = first.post(
            "/api/lists", headers=headers, files={"file": ("entities.ftm.json", sample)}
        )
        assert response.status_code == 200, response.text
        imported = response.json()
        assert imported["entities"] == 6
        assert imported["label"].startswith("6 entities from entities.ftm.json, imported by admin")
        [(name, entities, by, sha256)] = _rows(database)
        assert (name, entities, by) == ("entities.ftm.json", 6, "admin")
        assert len(sha256) == 64
        audit = first.get("/api/audit", headers=headers).json()
        assert any(
            (r["action"], r["object_kind"], r["object_id"], r["detail"])
            == ("change", "lists", str(imported["list_version_id"]), imported["label"])
            for r in audit
        )

        # The app that imported it and the one already running both screen with it now.
        for client in (first, second):
            verdict = _screen(client, headers)
            assert verdict["lists"] == imported["label"]
            assert "listed-operator" in _indicators(verdict)
        assert _list_version_id(second) == imported["list_version_id"]

        # The open case following a flight was screened again, and its timeline says so.
        with open_store(database) as store, store.session() as session:
            moved = [e for e in case_timeline(session, seed.unclassified_case) if e.kind == "lists"]
        assert [e.actor for e in moved] == ["admin"]
        assert moved[0].detail.startswith(f"list version {imported['list_version_id']}: high → ")
        assert moved[0].marking is None

        # A newer import (three entities) replaces it for the running app as well.
        three = b"\n".join(sample.splitlines()[:3]) + b"\n"
        newer = first.post("/api/lists", headers=headers, files={"file": ("three.json", three)})
        assert newer.status_code == 200, newer.text
        assert newer.json()["list_version_id"] > imported["list_version_id"]
        assert _screen(second, headers)["lists"] == newer.json()["label"]
        assert newer.json()["label"].startswith("3 entities from three.json")

    # An app started afterwards loads the newest stored list before its first request.
    with _app(database) as third:
        assert _list_version_id(third) == newer.json()["list_version_id"]  # before any request
        assert _screen(third, _admin_headers(third))["lists"] == newer.json()["label"]


def test_the_screening_page_uses_the_stored_list(tmp_path: Path, sample: bytes) -> None:
    database = seed_store(str(tmp_path / "page.db")).database
    with _app(database) as importer:
        response = importer.post(
            "/api/lists",
            headers=_admin_headers(importer),
            files={"file": ("entities.ftm.json", sample)},
        )
        assert response.status_code == 200, response.text
        label = response.json()["label"]
    with _app(database) as browser:
        form = browser.get("/login")
        token = csrf_of(form.text)
        browser.post(
            "/login",
            data={"username": US_ANALYST.username, "password": PASSWORD, "csrf_token": token},
        )
        page = browser.get("/screen")
        csrf = csrf_of(page.text)
        screened = browser.post("/screen", data={"text": IRGC_FPL, "csrf_token": csrf})
        assert screened.status_code == 200, screened.text
        assert f"lists {label}" in screened.text
        assert "listed-operator" in screened.text


def test_broken_xml_is_422_with_its_line_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed, shared_dir: Path
) -> None:
    cut = (shared_dir / "data" / UN_XML).read_bytes()[:6000]  # ends inside an element
    before = _count(seeded.database)
    response = client.post(
        "/api/lists", headers=bearer(tokens, ADMIN), files={"file": ("un.xml", cut)}
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert (body["source"], body["line"]) == ("un.xml", cut.count(b"\n") + 1)
    assert "not well-formed XML" in body["detail"]
    assert _count(seeded.database) == before  # the records before the fault were not kept


def test_an_unreadable_record_is_422_with_line_and_column_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed, sample: bytes
) -> None:
    lines = sample.splitlines()
    lines[2] = lines[2][:50]  # the third entity's JSON is cut off
    before = _count(seeded.database)
    response = client.post(
        "/api/lists",
        headers=bearer(tokens, ADMIN),
        files={"file": ("bad.json", b"\n".join(lines))},
    )
    assert response.status_code == 422, response.text
    body = response.json()
    assert (body["source"], body["line"], body["column"]) == ("bad.json", 3, 45)
    assert "nothing was imported" in body["detail"]
    assert _count(seeded.database) == before


def test_a_list_without_entities_is_422_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    empty = b"<CONSOLIDATED_LIST><INDIVIDUALS/><ENTITIES/></CONSOLIDATED_LIST>"
    before = _count(seeded.database)
    response = client.post(
        "/api/lists", headers=bearer(tokens, ADMIN), files={"file": ("empty.xml", empty)}
    )
    assert response.status_code == 422
    assert response.json()["detail"] == "file: no entity could be read from empty.xml"
    assert _count(seeded.database) == before


def test_a_file_of_no_list_format_is_422_naming_the_upload_not_a_temporary_path(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    before = _count(seeded.database)
    response = client.post(
        "/api/lists",
        headers=bearer(tokens, ADMIN),
        files={"file": ("notes.txt", b"hello\n")},
    )
    assert response.status_code == 422
    detail = response.json()["detail"]
    assert detail.startswith("file: notes.txt: not a list format")
    assert "/tmp" not in detail
    assert _count(seeded.database) == before


def test_a_non_admin_import_is_403_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed, sample: bytes
) -> None:
    before = _count(seeded.database)
    response = client.post(
        "/api/lists",
        headers=bearer(tokens, US_ANALYST),
        files={"file": ("entities.ftm.json", sample)},
    )
    assert response.status_code == 403
    assert _count(seeded.database) == before


def test_an_oversized_list_is_413_and_stores_nothing(
    client: TestClient, tokens: dict[str, str], seeded: Seed, sample: bytes
) -> None:
    big = sample * 3  # ~22 kB, over the test app's 20 kB
    assert len(big) > LIMIT
    before = _count(seeded.database)
    response = client.post(
        "/api/lists", headers=bearer(tokens, ADMIN), files={"file": ("big.json", big)}
    )
    assert response.status_code == 413
    assert _count(seeded.database) == before


def test_the_real_un_list_imports_under_the_default_limits(
    tmp_path: Path, shared_dir: Path
) -> None:
    # 2 MB: twice a screening upload's limit, well within a list file's.
    un = (shared_dir / "data" / UN_XML).read_bytes()
    assert len(un) > WebSettings().max_upload_bytes
    database = seed_store(str(tmp_path / "un.db")).database
    with TestClient(create_app(WebSettings(database=database))) as app:
        response = app.post(
            "/api/lists",
            headers=_admin_headers(app),
            files={"file": ("UN_consolidated.xml", un)},
        )
    assert response.status_code == 200, response.text
    assert response.json()["entities"] > 1_000
    [(name, entities, _, _)] = _rows(database)
    assert (name, entities) == ("UN_consolidated.xml", response.json()["entities"])
