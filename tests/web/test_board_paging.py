"""The case board a page at a time: counts over every visible case, pages in board order."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from web_personas import (
    ADMIN,
    PASSWORD,
    UNCLAS_TUR,
    Persona,
    TestClient,
    page_login,
    seed_store,
)

from overflight.cases import open_case
from overflight.store import open_store
from overflight.web import WebSettings, create_app

EXTRA = 230  # (U) cases added to the three of the seed


@pytest.fixture(scope="module")
def board(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    """An app over the seed plus 230 unclassified cases."""
    database = str(tmp_path_factory.mktemp("board") / "board.db")
    seed_store(database)
    with open_store(database) as store, store.session() as session:
        for n in range(EXTRA):
            open_case(session, f"watch {n:03d}")
        session.commit()
    with TestClient(create_app(WebSettings(database=database))) as client:
        yield client


def _headers(client: TestClient, persona: Persona) -> dict[str, str]:
    token = client.post("/api/token", data={"username": persona.username, "password": PASSWORD})
    return {"Authorization": f"Bearer {token.json()['access_token']}"}


@pytest.mark.parametrize(("persona", "visible"), [(ADMIN, EXTRA + 3), (UNCLAS_TUR, EXTRA + 1)])
def test_pages_cover_every_visible_case_once_in_board_order(
    board: TestClient, persona: Persona, visible: int
) -> None:
    headers = _headers(board, persona)
    whole = board.get("/api/cases?limit=1000", headers=headers).json()
    assert whole["count"] == visible
    ids = [c["id"] for c in whole["cases"]]
    paged: list[int] = []
    for offset in range(0, visible, 100):
        page = board.get(f"/api/cases?limit=100&offset={offset}", headers=headers).json()
        assert page["count"] == visible  # the count is of every visible case, not of the page
        paged.extend(c["id"] for c in page["cases"])
    assert paged == ids


def test_a_page_size_over_the_cap_is_422(board: TestClient) -> None:
    response = board.get("/api/cases?limit=5000", headers=_headers(board, ADMIN))
    assert response.status_code == 422


def test_the_board_page_shows_a_hundred_and_links_the_next(board: TestClient) -> None:
    board.cookies.clear()
    page_login(board, UNCLAS_TUR)
    try:
        first = board.get("/").text
        last = board.get("/?page=3").text
    finally:
        board.cookies.clear()
    assert first.count('<a href="/cases/') == 100
    assert f"{EXTRA + 1} case(s) · page 1 of 3" in first
    assert "page=2" in first
    assert last.count('<a href="/cases/') == EXTRA + 1 - 200
    assert "page=2" in last  # previous
    assert "page=4" not in last
