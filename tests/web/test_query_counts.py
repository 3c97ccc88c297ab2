"""SQL statements per request on the seeded persona store: one read per row, no repeats.

Counted with SQLAlchemy's ``before_cursor_execute`` on the app's engine, over the whole request
(login resolution and the audit write included). The bounds are what the reads need: the case
row once, one query per child table, the login, the audit insert.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from sqlalchemy import event
from web_personas import US_ANALYST, Seed, TestClient, bearer, page_login


@contextmanager
def counted(app_client: TestClient) -> Iterator[list[str]]:
    """The statements the app runs inside the block: its engine's, and its login lookups.

    The login lookup runs one statement on a driver connection of its own, which SQLAlchemy's
    events do not see: each lookup is counted here as one.
    """
    engine = app_client.app.state.store.engine  # type: ignore[attr-defined]
    lookup = app_client.app.state.logins  # type: ignore[attr-defined]
    statements: list[str] = []

    def note(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        statements.append(statement)

    find = lookup.find

    def noted_find(token_hash: str) -> Any:
        statements.append("login lookup: SELECT ... FROM auth_sessions")
        return find(token_hash)

    lookup.find = noted_find
    event.listen(engine, "before_cursor_execute", note)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", note)
        del lookup.find


def _case_reads(statements: list[str]) -> int:
    """Reads of one case row by its id."""
    return sum(1 for s in statements if "FROM cases" in s and "WHERE cases.id = " in s)


@pytest.mark.parametrize(
    ("path", "bound"),
    [
        ("/api/cases/{case}", 11),
        ("/api/cases", 8),
    ],
)
def test_api_reads_stay_within_their_bound(
    client: TestClient, tokens: dict[str, str], seeded: Seed, path: str, bound: int
) -> None:
    url = path.format(case=seeded.unclassified_case)
    client.get(url, headers=bearer(tokens, US_ANALYST))  # warm: caches of the first request
    with counted(client) as statements:
        response = client.get(url, headers=bearer(tokens, US_ANALYST))
    assert response.status_code == 200, response.text
    assert len(statements) <= bound, "\n".join(statements)
    assert _case_reads(statements) <= 1, "\n".join(statements)


@pytest.mark.parametrize(("path", "bound"), [("/cases/{case}", 14), ("/", 8)])
def test_page_reads_stay_within_their_bound(
    client: TestClient, seeded: Seed, path: str, bound: int
) -> None:
    url = path.format(case=seeded.unclassified_case)
    page_login(client, US_ANALYST)
    client.get(url)
    with counted(client) as statements:
        response = client.get(url)
    assert response.status_code == 200, response.text
    assert len(statements) <= bound, "\n".join(statements)
    assert _case_reads(statements) <= 1, "\n".join(statements)
