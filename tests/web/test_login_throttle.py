"""Failed logins counted per client address: many names guessed from one address must wait.

The failures are rows in the store, so two apps (two workers) on one store count them together.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from web_personas import ADMIN, PASSWORD, US_ANALYST, TestClient, csrf_of, seed_store

from overflight.store import open_store
from overflight.store.logins import login_failures_since
from overflight.web import WebSettings, create_app
from overflight.web.throttle import LoginThrottle, TooManyLoginsError

LIMIT = 3
T0 = datetime(2026, 11, 29, 9, tzinfo=UTC)


@pytest.fixture
def strict(tmp_path) -> Iterator[TestClient]:
    """An app that lets one address fail three times in fifteen minutes."""
    seed = seed_store(str(tmp_path / "throttle.db"))
    settings = WebSettings(database=seed.database, login_failures_per_address=LIMIT)
    with TestClient(create_app(settings)) as client:
        yield client


def _token(client: TestClient, username: str, password: str) -> int:
    return client.post("/api/token", data={"username": username, "password": password}).status_code


def test_an_address_guessing_across_names_must_wait(strict: TestClient) -> None:
    assert _token(strict, ADMIN.username, PASSWORD) == 200  # a success counts for nothing
    for name in ("nobody", US_ANALYST.username, ADMIN.username):  # one wrong try per name
        assert _token(strict, name, "wrong password!") == 401
    response = strict.post("/api/token", data={"username": ADMIN.username, "password": PASSWORD})
    assert response.status_code == 429  # even the right password, from this address
    assert "too many failed logins from this address" in response.json()["detail"]
    assert 0 < int(response.headers["Retry-After"]) <= 15 * 60


def test_the_login_page_is_throttled_too(strict: TestClient) -> None:
    for _ in range(LIMIT):
        assert _token(strict, "nobody", "wrong password!") == 401
    form = strict.get("/login")
    csrf = csrf_of(form.text)
    response = strict.post(
        "/login",
        data={"username": ADMIN.username, "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 429
    assert "try again in 15 minutes" in response.text


def test_the_window_slides_and_addresses_are_apart(tmp_path: Path) -> None:
    throttle = LoginThrottle(2, timedelta(minutes=10))
    with open_store(tmp_path / "window.db") as store, store.session() as session:
        throttle.attempt(session, "10.0.0.1", "ann", T0)
        throttle.attempt(session, "10.0.0.1", "bob", T0 + timedelta(minutes=4))
        throttle.attempt(session, "10.0.0.1", "ann", T0 + timedelta(minutes=4)).succeeded()
        with pytest.raises(TooManyLoginsError) as refused:
            throttle.check(session, "10.0.0.1", T0 + timedelta(minutes=5))
        assert refused.value.retry_after == 5 * 60  # when the first failure leaves the window
        throttle.check(session, "10.0.0.2", T0 + timedelta(minutes=5))  # another address
        throttle.check(session, "10.0.0.1", T0 + timedelta(minutes=10))  # the first expired
        throttle.attempt(session, "10.0.0.1", "ann", T0 + timedelta(minutes=11))
        with pytest.raises(TooManyLoginsError):
            throttle.check(session, "10.0.0.1", T0 + timedelta(minutes=12))
        # Failures out of every window are deleted as new ones come: only the last two stay.
        assert login_failures_since(session, "10.0.0.1", T0 - timedelta(days=1))[0] == 2


def test_two_workers_on_one_store_count_each_others_failures(tmp_path: Path) -> None:
    """Two apps (two workers) on one store: failures made on either count on both."""
    seed = seed_store(str(tmp_path / "shared.db"))
    settings = WebSettings(database=seed.database, login_failures_per_address=LIMIT)
    with TestClient(create_app(settings)) as first, TestClient(create_app(settings)) as second:
        assert _token(first, "nobody", "wrong password!") == 401
        assert _token(second, US_ANALYST.username, "wrong password!") == 401
        assert _token(first, ADMIN.username, "wrong password!") == 401
        assert _token(second, ADMIN.username, PASSWORD) == 429  # the third failure was on first
        assert _token(first, ADMIN.username, PASSWORD) == 429
