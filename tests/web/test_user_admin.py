"""Account management, password changes and lockout, through the API and the admin page.

Only the admin manages accounts; every persona may change their own password. The personas'
own accounts are left as they were (passwords changed back); lockouts, disabling and clearance
changes are tried on accounts each test adds.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx
import pytest
from web_personas import (
    ADMIN,
    PASSWORD,
    PERSONAS,
    US_ANALYST,
    Persona,
    Seed,
    TestClient,
    bearer,
    csrf_of,
    page_login,
)

from overflight.services.accounts import (
    LOCKOUT_DURATION,
    MAX_FAILED_LOGINS,
)
from overflight.services.audit import (
    AuditEntry,
    audit_trail,
)
from overflight.store import open_store
from overflight.store.accounts import user_by_name

NEW_PASSWORD = "a much longer passphrase"
WRONG = "not the password"
WRONG_LOGIN = "wrong user name or password"
LOCKED = "too many failed logins: try again later"
NON_ADMINS = tuple(p for p in PERSONAS if p is not ADMIN)
_seen: list[str] = []  # every response body of this module, checked for password hashes


def _keep(response: httpx.Response) -> httpx.Response:
    _seen.append(response.text)
    return response


def _admin(tokens: dict[str, str]) -> dict[str, str]:
    return bearer(tokens, ADMIN)


def _add(
    client: TestClient,
    tokens: dict[str, str],
    username: str,
    *,
    clearance: str = "S",
    role: str = "viewer",
) -> dict[str, Any]:
    body = {
        "username": username,
        "password": PASSWORD,
        "clearance": clearance,
        "nationality": "tur",
        "organisation": "STATE",  # the admin's own: granting another is refused
        "role": role,
    }
    response = _keep(client.post("/api/users", json=body, headers=_admin(tokens)))
    assert response.status_code == 201, response.text
    found: dict[str, Any] = response.json()
    return found


def _login(client: TestClient, username: str, password: str = PASSWORD) -> httpx.Response:
    return _keep(client.post("/api/token", data={"username": username, "password": password}))


def _token(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = _login(client, username, password)
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _accounts(client: TestClient, tokens: dict[str, str]) -> dict[str, dict[str, Any]]:
    response = _keep(client.get("/api/users", headers=_admin(tokens)))
    assert response.status_code == 200, response.text
    return {a["username"]: a for a in response.json()}


def _audit(seeded: Seed, username: str) -> list[AuditEntry]:
    """The audit rows about one account, oldest first."""
    with open_store(seeded.database) as store, store.session() as session:
        row = user_by_name(session, username)
        assert row is not None
        return list(reversed(audit_trail(session, object_kind="user", object_id=row.id)))


@pytest.fixture
def fresh_cookies(client: TestClient) -> Iterator[TestClient]:
    """The shared client with no cookie before and after the test."""
    client.cookies.clear()
    yield client
    client.cookies.clear()


# --- who may do what -------------------------------------------------------------------------


ADMIN_CALLS = ("list", "add", "change", "reset")


def _admin_call(
    client: TestClient, tokens: dict[str, str], persona: Persona, call: str, name: str
) -> httpx.Response:
    headers = bearer(tokens, persona)
    if call == "list":
        return client.get("/api/users", headers=headers)
    if call == "add":
        body = {"username": name, "password": PASSWORD, "clearance": "U", "nationality": "USA"}
        return client.post("/api/users", json=body, headers=headers)
    if call == "change":
        return client.patch(f"/api/users/{name}", json={"clearance": "C"}, headers=headers)
    return client.post(
        f"/api/users/{name}/password", json={"new_password": NEW_PASSWORD}, headers=headers
    )


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
@pytest.mark.parametrize("call", ADMIN_CALLS)
def test_only_the_admin_manages_accounts(
    client: TestClient, tokens: dict[str, str], persona: Persona, call: str
) -> None:
    name = f"m_{call}_{persona.username}"
    if call != "add":
        _add(client, tokens, name, clearance="U")
    response = _keep(_admin_call(client, tokens, persona, call, name))
    after = _accounts(client, tokens)
    if persona is ADMIN:
        assert response.status_code == (201 if call == "add" else 200), response.text
        assert name in after
        if call == "change":
            assert after[name]["clearance"] == "C"
        if call == "reset":
            assert _login(client, name, NEW_PASSWORD).status_code == 200
    else:
        assert response.status_code == 403, response.text
        assert response.json()["detail"] == "this needs the admin role"
        assert (name in after) is (call != "add")  # nothing added
        if call == "change":
            assert after[name]["clearance"] == "U"
        if call == "reset":
            assert _login(client, name, NEW_PASSWORD).status_code == 401
            assert _login(client, name).status_code == 200


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_only_the_admin_gets_the_users_page_and_its_link(
    fresh_cookies: TestClient, persona: Persona
) -> None:
    client = page_login(fresh_cookies, persona)
    page = _keep(client.get("/admin/users"))
    board = client.get("/")
    if persona is ADMIN:
        assert page.status_code == 200
        for p in PERSONAS:  # TURMFA's accounts are beyond an admin of STATE
            assert (f"<td>{p.username}</td>" in page.text) is (p.organisation == "STATE")
        assert 'href="/admin/users"' in board.text
    else:
        assert page.status_code == 403
        assert "this needs the admin role" in page.text
        assert 'href="/admin/users"' not in board.text
    assert 'href="/account/password"' in board.text


@pytest.mark.parametrize("persona", PERSONAS, ids=lambda p: p.username)
def test_everyone_may_change_their_own_password(
    client: TestClient, tokens: dict[str, str], seeded: Seed, persona: Persona
) -> None:
    other = _token(client, persona.username)  # another login, ended by the change
    mine = bearer(tokens, persona)  # the login making the change, kept
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD}
    response = _keep(client.post("/api/me/password", json=body, headers=mine))
    assert response.status_code == 200, response.text
    assert response.json()["ended_logins"] >= 1
    assert client.get("/api/me", headers=other).status_code == 401
    assert client.get("/api/me", headers=mine).status_code == 200
    assert _login(client, persona.username).status_code == 401  # the old password is refused
    assert _login(client, persona.username, NEW_PASSWORD).status_code == 200
    back = {"current_password": NEW_PASSWORD, "new_password": PASSWORD}
    assert client.post("/api/me/password", json=back, headers=mine).status_code == 200
    assert "own password changed" in _audit(seeded, persona.username)[-1].detail


def test_own_password_change_refuses_a_wrong_current_or_short_new_password(
    client: TestClient, tokens: dict[str, str]
) -> None:
    mine = bearer(tokens, US_ANALYST)
    cases = (
        ({"current_password": WRONG, "new_password": NEW_PASSWORD}, "current_password"),
        ({"current_password": PASSWORD, "new_password": "short pass"}, "new_password"),
        ({"current_password": PASSWORD, "new_password": PASSWORD}, "new_password"),
    )
    for body, what in cases:
        response = _keep(client.post("/api/me/password", json=body, headers=mine))
        assert response.status_code == 422, body
        assert response.json()["what"] == what
    assert _login(client, US_ANALYST.username).status_code == 200  # unchanged; count reset
    missing = client.post("/api/me/password", json={"new_password": NEW_PASSWORD}, headers=mine)
    assert missing.status_code == 422


# --- lockout ---------------------------------------------------------------------------------


def test_five_wrong_passwords_lock_the_account_until_an_admin_unlocks_it(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    _add(client, tokens, "lock_me")
    for _ in range(MAX_FAILED_LOGINS - 1):
        response = _login(client, "lock_me", WRONG)
        assert response.status_code == 401
        assert response.json()["detail"] == WRONG_LOGIN
    fifth = _login(client, "lock_me", WRONG)
    assert fifth.status_code == 401
    assert fifth.json()["detail"] == LOCKED
    right = _login(client, "lock_me")  # refused while locked, though right
    assert right.status_code == 401
    assert right.json()["detail"] == LOCKED
    assert "access_token" not in right.text
    listed = _accounts(client, tokens)["lock_me"]
    assert listed["locked_until"] is not None
    rows = [(e.username, e.action) for e in _audit(seeded, "lock_me")]
    assert rows[1:] == [
        *[("lock_me", "denied")] * MAX_FAILED_LOGINS,
        ("lock_me", "locked"),
        ("lock_me", "denied"),
    ]
    assert rows[0] == (ADMIN.username, "change")  # added
    unlock = _keep(
        client.patch("/api/users/lock_me", json={"unlock": True}, headers=_admin(tokens))
    )
    assert unlock.status_code == 200, unlock.text
    assert unlock.json()["locked_until"] is None
    assert unlock.json()["failed_logins"] == 0
    assert _login(client, "lock_me").status_code == 200
    *_, unlocked, login = _audit(seeded, "lock_me")
    assert (unlocked.username, unlocked.action) == (ADMIN.username, "change")
    assert "unlocked (had 0 failed login(s), locked until " in unlocked.detail  # before -> after
    assert (login.username, login.action) == ("lock_me", "login")


def test_a_right_password_resets_the_count(client: TestClient, tokens: dict[str, str]) -> None:
    _add(client, tokens, "forgetful")
    for _ in range(2):
        for _ in range(MAX_FAILED_LOGINS - 1):
            assert _login(client, "forgetful", WRONG).json()["detail"] == WRONG_LOGIN
        assert _accounts(client, tokens)["forgetful"]["failed_logins"] == MAX_FAILED_LOGINS - 1
        assert _login(client, "forgetful").status_code == 200
        assert _accounts(client, tokens)["forgetful"]["failed_logins"] == 0


def test_an_unknown_user_name_never_locks(client: TestClient) -> None:
    for _ in range(MAX_FAILED_LOGINS + 1):
        response = _login(client, "nobody_here", WRONG)
        assert response.status_code == 401
        assert response.json()["detail"] == WRONG_LOGIN


def test_the_login_page_says_an_account_is_locked(
    fresh_cookies: TestClient, tokens: dict[str, str]
) -> None:
    _add(fresh_cookies, tokens, "page_lock")
    for _ in range(MAX_FAILED_LOGINS):
        _login(fresh_cookies, "page_lock", WRONG)
    form = fresh_cookies.get("/login")
    csrf = csrf_of(form.text)
    response = fresh_cookies.post(
        "/login",
        data={"username": "page_lock", "password": PASSWORD, "csrf_token": csrf},
        follow_redirects=False,
    )
    assert response.status_code == 303
    assert response.headers["location"] == "/login?locked=1"
    assert "Too many failed logins" in fresh_cookies.get("/login?locked=1").text
    assert "overflight_session" not in fresh_cookies.cookies
    assert LOCKOUT_DURATION.total_seconds() == 15 * 60


# --- changes end logins ----------------------------------------------------------------------


def test_disabling_ends_the_users_logins_at_once(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _add(client, tokens, "leaver")
    before = _token(client, "leaver")
    assert client.get("/api/me", headers=before).status_code == 200
    response = _keep(
        client.patch("/api/users/leaver", json={"active": False}, headers=_admin(tokens))
    )
    assert response.status_code == 200, response.text
    assert response.json()["active"] is False
    assert client.get("/api/me", headers=before).status_code == 401
    assert _login(client, "leaver").status_code == 401
    enable = client.patch("/api/users/leaver", json={"active": True}, headers=_admin(tokens))
    assert enable.status_code == 200
    assert client.get("/api/me", headers=before).status_code == 401  # ended, not suspended
    assert _login(client, "leaver").status_code == 200


def test_a_clearance_change_ends_the_users_logins(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    _add(client, tokens, "downgraded", clearance="S")
    before = _token(client, "downgraded")
    response = _keep(
        client.patch(
            "/api/users/downgraded",
            json={"clearance": "u", "nationality": "Kazakhstan"},
            headers=_admin(tokens),
        )
    )
    assert response.status_code == 200, response.text
    assert (response.json()["clearance"], response.json()["nationality"]) == ("U", "KAZ")
    assert client.get("/api/me", headers=before).status_code == 401
    again = _token(client, "downgraded")
    assert client.get("/api/me", headers=again).json()["clearance"] == "U"
    change = [e for e in _audit(seeded, "downgraded") if e.action == "change"][-1]
    assert change.username == ADMIN.username
    assert "clearance S -> U" in change.detail
    assert "ended 1 login(s)" in change.detail


def test_unlocking_keeps_the_users_logins(client: TestClient, tokens: dict[str, str]) -> None:
    _add(client, tokens, "kept")
    before = _token(client, "kept")
    response = client.patch("/api/users/kept", json={"unlock": True}, headers=_admin(tokens))
    assert response.status_code == 200
    assert client.get("/api/me", headers=before).status_code == 200


def test_an_admin_reset_replaces_the_password_and_ends_logins(
    client: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    _add(client, tokens, "reset_me")
    before = _token(client, "reset_me")
    for _ in range(MAX_FAILED_LOGINS):
        _login(client, "reset_me", WRONG)  # locked
    response = _keep(
        client.post(
            "/api/users/reset_me/password",
            json={"new_password": NEW_PASSWORD},
            headers=_admin(tokens),
        )
    )
    assert response.status_code == 200, response.text
    assert response.json() == {"username": "reset_me", "ended_logins": 1}
    assert client.get("/api/me", headers=before).status_code == 401
    assert _login(client, "reset_me").status_code == 401
    assert _login(client, "reset_me", NEW_PASSWORD).status_code == 200  # and the lock is gone
    reset = [e for e in _audit(seeded, "reset_me") if e.action == "change"][-1]
    assert reset.username == ADMIN.username
    assert reset.detail.startswith("reset_me: password reset (had 0 failed login(s), locked until")
    assert reset.detail.endswith(" UTC); ended 1 login(s)")
    short = client.post(
        "/api/users/reset_me/password", json={"new_password": "short"}, headers=_admin(tokens)
    )
    assert short.status_code == 422
    assert "12 characters" in short.json()["detail"]


# --- refusals --------------------------------------------------------------------------------


def test_an_admin_cannot_disable_or_demote_themselves(
    client: TestClient, tokens: dict[str, str]
) -> None:
    for body, what in (({"active": False}, "active"), ({"role": "analyst"}, "role")):
        response = _keep(client.patch("/api/users/admin", json=body, headers=_admin(tokens)))
        assert response.status_code == 422, body
        assert response.json()["what"] == what
    me = client.get("/api/me", headers=_admin(tokens))
    assert me.status_code == 200
    assert me.json()["role"] == "admin"
    assert _accounts(client, tokens)["admin"]["active"] is True


def test_an_unknown_user_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    for response in (
        client.patch("/api/users/ghost", json={"unlock": True}, headers=_admin(tokens)),
        client.post(
            "/api/users/ghost/password", json={"new_password": NEW_PASSWORD}, headers=_admin(tokens)
        ),
    ):
        assert response.status_code == 404
        assert response.json()["detail"] == "user ghost not found"


def test_a_taken_user_name_is_409_and_changes_nothing(
    client: TestClient, tokens: dict[str, str]
) -> None:
    body = {
        "username": US_ANALYST.username,
        "password": NEW_PASSWORD,
        "clearance": "U",
        "nationality": "TUR",
    }
    response = _keep(client.post("/api/users", json=body, headers=_admin(tokens)))
    assert response.status_code == 409
    assert "taken" in response.json()["detail"]
    assert _accounts(client, tokens)[US_ANALYST.username]["clearance"] == "S"
    assert _login(client, US_ANALYST.username, NEW_PASSWORD).status_code == 401


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("clearance", "X", "clearance"),
        ("role", "boss", "role"),
        ("nationality", "ZZZ", "nationality"),
        ("nationality", "NATO", "nationality"),
        ("password", "too short", "password"),
        ("username", "   ", "username"),
    ],
)
def test_a_bad_field_is_422_naming_it_and_adds_nothing(
    client: TestClient, tokens: dict[str, str], field: str, value: str, named: str
) -> None:
    body = {
        "username": "bad_field",
        "password": PASSWORD,
        "clearance": "S",
        "nationality": "USA",
        "role": "viewer",
        field: value,
    }
    response = _keep(client.post("/api/users", json=body, headers=_admin(tokens)))
    assert response.status_code == 422, response.text
    assert response.json()["what"] == named
    assert value.strip() in response.json()["detail"] or named in ("password", "username")
    assert "bad_field" not in _accounts(client, tokens)


def test_a_bad_change_is_422_and_changes_nothing(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _add(client, tokens, "steady")
    for body in ({"clearance": "Z"}, {"role": "root"}, {"nationality": "XXX"}, {}, {"x": 1}):
        response = client.patch("/api/users/steady", json=body, headers=_admin(tokens))
        assert response.status_code == 422, body
    listed = _accounts(client, tokens)["steady"]
    assert (listed["clearance"], listed["role"], listed["nationality"]) == ("S", "viewer", "TUR")


def test_a_cookie_call_needs_the_csrf_header_to_change_an_account(
    fresh_cookies: TestClient, tokens: dict[str, str]
) -> None:
    _add(fresh_cookies, tokens, "csrf_target")
    client = page_login(fresh_cookies, ADMIN)
    page = client.get("/admin/users")
    csrf = csrf_of(page.text)
    refused = client.patch("/api/users/csrf_target", json={"clearance": "C"})
    assert refused.status_code == 403
    assert _accounts(client, tokens)["csrf_target"]["clearance"] == "S"
    allowed = client.patch(
        "/api/users/csrf_target", json={"clearance": "C"}, headers={"X-CSRF-Token": csrf}
    )
    assert allowed.status_code == 200, allowed.text
    assert client.get("/api/users").status_code == 200  # reads need no CSRF token


# --- the page --------------------------------------------------------------------------------


def _page_csrf(client: TestClient, url: str = "/admin/users") -> str:
    return csrf_of(client.get(url).text)


def test_the_page_adds_disables_enables_and_unlocks(
    fresh_cookies: TestClient, tokens: dict[str, str], seeded: Seed
) -> None:
    client = page_login(fresh_cookies, ADMIN)
    csrf = _page_csrf(client)
    form = {
        "username": "from_page",
        "password": PASSWORD,
        "clearance": "C",
        "nationality": "Turkey",
        "organisation": "STATE",
        "role": "analyst",
        "csrf_token": csrf,
    }
    added = client.post("/admin/users", data=form, follow_redirects=False)
    assert added.status_code == 303
    listed = _accounts(client, tokens)["from_page"]
    assert (listed["clearance"], listed["nationality"], listed["role"]) == ("C", "TUR", "analyst")
    assert "<td>from_page</td>" in _keep(client.get("/admin/users")).text
    token = _token(client, "from_page")
    for action, active in (("disable", False), ("enable", True)):
        response = client.post(
            "/admin/users/from_page",
            data={"action": action, "csrf_token": csrf},
            follow_redirects=False,
        )
        assert response.status_code == 303
        assert _accounts(client, tokens)["from_page"]["active"] is active
    assert client.get("/api/me", headers=token).status_code == 401  # disabling ended it
    for _ in range(MAX_FAILED_LOGINS):
        _login(client, "from_page", WRONG)
    assert "locked until" in client.get("/admin/users").text
    unlock = client.post(
        "/admin/users/from_page",
        data={"action": "unlock", "csrf_token": csrf},
        follow_redirects=False,
    )
    assert unlock.status_code == 303
    assert _login(client, "from_page").status_code == 200
    actions = [e.detail for e in _audit(seeded, "from_page") if e.action == "change"]
    assert any(d.startswith("added from_page") for d in actions)
    assert any("disabled" in d for d in actions)
    assert any("unlocked" in d for d in actions)


def test_the_page_sets_clearance_and_role_and_the_users_logins_end(
    fresh_cookies: TestClient, tokens: dict[str, str]
) -> None:
    client = page_login(fresh_cookies, ADMIN)
    csrf = _page_csrf(client)
    add = {"username": "promoted", "password": PASSWORD, "clearance": "S", "nationality": "TUR"}
    assert client.post("/api/users", json=add, headers=_admin(tokens)).status_code == 201
    page = client.get("/admin/users").text
    assert 'action="/admin/users/promoted" class="inline access-form"' in page
    token = _token(client, "promoted")
    access = {"action": "access", "clearance": "U", "role": "analyst", "csrf_token": csrf}
    response = client.post("/admin/users/promoted", data=access, follow_redirects=False)
    assert response.status_code == 303
    listed = _accounts(client, tokens)["promoted"]
    assert (listed["clearance"], listed["role"]) == ("U", "analyst")
    assert client.get("/api/me", headers=token).status_code == 401  # less access: logins ended
    bad = client.post(
        "/admin/users/promoted", data={**access, "clearance": "Q"}, follow_redirects=False
    )
    assert bad.status_code == 422
    assert _accounts(client, tokens)["promoted"]["clearance"] == "U"


def test_the_page_refuses_a_form_without_csrf_and_shows_errors(
    fresh_cookies: TestClient, tokens: dict[str, str]
) -> None:
    client = page_login(fresh_cookies, ADMIN)
    csrf = _page_csrf(client)
    form = {
        "username": "page_bad",
        "password": PASSWORD,
        "clearance": "S",
        "nationality": "USA",
    }
    assert client.post("/admin/users", data=form).status_code == 403
    bad = client.post("/admin/users", data={**form, "clearance": "Q", "csrf_token": csrf})
    assert bad.status_code == 422
    assert "clearance: &#39;Q&#39;: give U, C, S or TS" in bad.text
    taken = client.post(
        "/admin/users", data={**form, "username": US_ANALYST.username, "csrf_token": csrf}
    )
    assert taken.status_code == 409
    assert "is taken" in taken.text
    assert "page_bad" not in _accounts(client, tokens)
    self_disable = client.post("/admin/users/admin", data={"action": "disable", "csrf_token": csrf})
    assert self_disable.status_code == 422
    assert "you cannot disable your own account" in self_disable.text
    assert client.post("/admin/users/ghost", data={"action": "unlock"}).status_code == 403
    ghost = client.post("/admin/users/ghost", data={"action": "unlock", "csrf_token": csrf})
    assert ghost.status_code == 404


def test_the_own_password_page_changes_it(
    fresh_cookies: TestClient, tokens: dict[str, str]
) -> None:
    _add(fresh_cookies, tokens, "page_pw")
    client = fresh_cookies
    form = client.get("/login")
    login_csrf = csrf_of(form.text)
    client.post(
        "/login",
        data={"username": "page_pw", "password": PASSWORD, "csrf_token": login_csrf},
        follow_redirects=False,
    )
    csrf = _page_csrf(client, "/account/password")
    wrong = client.post(
        "/account/password",
        data={"current_password": WRONG, "new_password": NEW_PASSWORD, "csrf_token": csrf},
    )
    assert wrong.status_code == 422
    assert "wrong password" in wrong.text
    done = client.post(
        "/account/password",
        data={"current_password": PASSWORD, "new_password": NEW_PASSWORD, "csrf_token": csrf},
    )
    assert done.status_code == 200
    assert "Your password is changed" in done.text
    assert client.get("/").status_code == 200  # this login is kept
    assert _login(client, "page_pw", NEW_PASSWORD).status_code == 200


def test_no_response_holds_a_password_hash(
    fresh_cookies: TestClient, tokens: dict[str, str]
) -> None:
    client = fresh_cookies
    admin = _admin(tokens)
    created = _add(client, tokens, "hashless")
    responses = [
        client.get("/api/users", headers=admin),
        client.patch("/api/users/hashless", json={"role": "analyst"}, headers=admin),
        client.post(
            "/api/users/hashless/password", json={"new_password": NEW_PASSWORD}, headers=admin
        ),
        client.post(
            "/api/me/password",
            json={"current_password": NEW_PASSWORD, "new_password": PASSWORD},
            headers=_token(client, "hashless", NEW_PASSWORD),
        ),
        client.get("/api/me", headers=admin),
        client.get("/api/audit", headers=admin),
        page_login(client, ADMIN).get("/admin/users"),
    ]
    assert all(r.status_code == 200 for r in responses), [r.status_code for r in responses]
    assert set(created) == {
        "username",
        "clearance",
        "nationality",
        "organisation",
        "role",
        "active",
        "failed_logins",
        "locked_until",
        "created_at",
    }
    assert set(responses[0].json()[0]) == set(created)
    for text in [*_seen, *(r.text for r in responses)]:
        assert "$argon2" not in text
        assert "password_hash" not in text
