"""Admins grant only what they hold, never change themselves; user names are normalised.

Through the API and the ``/admin/users`` page, as three admins: the U.S. TOP SECRET ``admin``
persona (STATE), a U.S. SECRET admin (STATE) and a Turkish SECRET admin (TURMFA). The accounts
they manage are added by the store's owner (``actor`` ``None``, as ``overflight user add`` does).
Every refusal is checked for its status and body, for the account left as it was, and for its
``denied`` audit row, written although the request failed.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from web_personas import (
    ADMIN,
    PASSWORD,
    SECRET_TUR,
    US_ANALYST,
    Seed,
    TestClient,
    bearer,
    csrf_of,
)

from overflight.markings import ClassificationLevel
from overflight.services.accounts import Role, create_user
from overflight.services.audit import AuditEntry, audit_trail
from overflight.services.users import add_account
from overflight.store import open_store
from overflight.store.accounts import user_by_name

NEW_PASSWORD = "a much longer passphrase"


@dataclass(frozen=True, slots=True)
class Admin:
    """An admin of this module: name and what they hold."""

    username: str
    clearance: str
    nationality: str
    organisation: str


US_TS = Admin(ADMIN.username, "TS", "USA", "STATE")
US_S = Admin("us_s_admin", "S", "USA", "STATE")
TUR_S = Admin("tur_s_admin", "S", "TUR", "TURMFA")
ADMINS = (US_TS, US_S, TUR_S)
# Accounts the owner adds: clearance, nationality, organisation.
ACCOUNTS = {
    "g_top": (ClassificationLevel.TS, "USA", "STATE"),
    "g_secret": (ClassificationLevel.S, "USA", "STATE"),
    "g_turk": (ClassificationLevel.S, "TUR", "TURMFA"),
    "g_kazakh": (ClassificationLevel.C, "KAZ", ""),
}
# Which of them (and of the admins) each admin may manage.
MANAGED = {
    US_TS.username: {"g_top", "g_secret", "g_kazakh", US_TS.username, US_S.username},
    US_S.username: {"g_secret", "g_kazakh", US_S.username},
    TUR_S.username: {"g_turk", TUR_S.username},
}


@pytest.fixture(scope="module")
def headers(client: TestClient, seeded: Seed, tokens: dict[str, str]) -> dict[str, dict[str, str]]:
    """A bearer header per admin, once the two new admins and the accounts exist."""
    with open_store(seeded.database) as store, store.session() as session:
        for admin in (US_S, TUR_S):
            create_user(
                session,
                admin.username,
                PASSWORD,
                clearance=ClassificationLevel[admin.clearance],
                nationality=admin.nationality,
                organisation=admin.organisation,
                role=Role.ADMIN,
            )
        for name, (clearance, nationality, organisation) in ACCOUNTS.items():
            add_account(
                session,
                None,
                name,
                PASSWORD,
                clearance=clearance,
                nationality=nationality,
                organisation=organisation,
            )
        session.commit()
    found = {US_TS.username: bearer(tokens, ADMIN)}
    for admin in (US_S, TUR_S):
        found[admin.username] = _token(client, admin.username)
    return found


def _token(client: TestClient, username: str, password: str = PASSWORD) -> dict[str, str]:
    response = client.post("/api/token", data={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['access_token']}"}


def _state(seeded: Seed, username: str) -> tuple[object, ...] | None:
    with open_store(seeded.database) as store, store.session() as session:
        row = user_by_name(session, username)
        if row is None:
            return None
        return (row.clearance, row.nationality, row.organisation, row.role, row.active)


def _audit(seeded: Seed, username: str, action: str) -> list[AuditEntry]:
    """What ``username`` did of ``action``, oldest first."""
    with open_store(seeded.database) as store, store.session() as session:
        return list(reversed(audit_trail(session, username=username, action=action)))


@pytest.fixture
def fresh_cookies(client: TestClient) -> Iterator[TestClient]:
    """The shared client with no cookie before and after the test."""
    client.cookies.clear()
    yield client
    client.cookies.clear()


def _page_login(client: TestClient, username: str) -> str:
    """Log in through the page; returns the login's CSRF token from the users page."""
    form = client.get("/login")
    response = client.post(
        "/login",
        data={"username": username, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
        follow_redirects=False,
    )
    assert response.status_code == 303, response.text
    return csrf_of(client.get("/admin/users").text)


# --- who sees whom ---------------------------------------------------------------------------


@pytest.mark.parametrize("admin", ADMINS, ids=lambda a: a.username)
def test_each_admin_lists_only_the_accounts_within_their_access(
    fresh_cookies: TestClient, headers: dict[str, dict[str, str]], admin: Admin
) -> None:
    listed = fresh_cookies.get("/api/users", headers=headers[admin.username])
    assert listed.status_code == 200
    names = {a["username"] for a in listed.json()}
    everyone = set(ACCOUNTS) | {a.username for a in ADMINS}
    assert names & everyone == MANAGED[admin.username]
    for account in listed.json():  # nothing listed is beyond the admin
        assert ClassificationLevel[account["clearance"]] <= ClassificationLevel[admin.clearance]
        assert admin.nationality == "USA" or account["nationality"] == admin.nationality
        assert account["organisation"] in ("", admin.organisation)
    _page_login(fresh_cookies, admin.username)
    page = fresh_cookies.get("/admin/users").text
    for name in everyone:
        row = f"<tr>\n    <td>{name}</td>"
        assert (row in page) is (name in MANAGED[admin.username]), name


# --- accounts beyond the admin ---------------------------------------------------------------


def _calls(name: str) -> tuple[tuple[str, str, dict[str, Any]], ...]:
    return (
        ("PATCH", f"/api/users/{name}", {"unlock": True}),
        ("PATCH", f"/api/users/{name}", {"active": False}),
        ("PATCH", f"/api/users/{name}", {"clearance": "U"}),
        ("POST", f"/api/users/{name}/password", {"new_password": NEW_PASSWORD}),
    )


@pytest.mark.parametrize("admin", ADMINS, ids=lambda a: a.username)
def test_an_account_beyond_the_admin_is_404_as_a_missing_one(
    client: TestClient, seeded: Seed, headers: dict[str, dict[str, str]], admin: Admin
) -> None:
    hidden = sorted(set(ACCOUNTS) - MANAGED[admin.username])
    assert hidden
    denied_before = len(_audit(seeded, admin.username, "denied"))
    for name in hidden:
        before = _state(seeded, name)
        for method, url, body in _calls(name):
            response = client.request(method, url, json=body, headers=headers[admin.username])
            ghost = client.request(
                method, url.replace(name, "ghost"), json=body, headers=headers[admin.username]
            )
            assert response.status_code == ghost.status_code == 404, response.text
            assert response.json() == {"detail": f"user {name} not found"}
            assert ghost.json() == {"detail": "user ghost not found"}
        assert _state(seeded, name) == before
        assert client.post("/api/token", data={"username": name, "password": PASSWORD}).is_success
    denied = _audit(seeded, admin.username, "denied")[denied_before:]
    assert len(denied) == len(hidden) * 4  # the ghosts are missing, not refused
    for entry in denied:
        assert "refused: the account is beyond your access (" in entry.detail
    probes = _audit(seeded, admin.username, "not-found")
    assert {e.object_id for e in probes} >= {*hidden, "ghost"}  # enumeration shows too


# --- granting more than one holds ------------------------------------------------------------

# admin, what is tried, field, message
GRANTS_REFUSED = [
    (US_S, ("POST", "/api/users", {"clearance": "TS"}), "clearance", "above your own (SECRET)"),
    (
        TUR_S,
        ("POST", "/api/users", {"nationality": "Kazakhstan"}),
        "nationality",
        "you may grant your own nationality (TUR) only, not KAZ",
    ),
    (
        TUR_S,
        ("POST", "/api/users", {"nationality": "USA", "clearance": "U"}),
        "nationality",
        "only, not USA",
    ),
    (
        US_TS,
        ("POST", "/api/users", {"organisation": "TURMFA"}),
        "organisation",
        "you may not grant an organisation you do not belong to (TURMFA); yours: STATE",
    ),
    (US_S, ("PATCH", "/api/users/g_secret", {"clearance": "TS"}), "clearance", "(SECRET)"),
    (US_S, ("PATCH", "/api/users/g_kazakh", {"organisation": "NATO"}), "organisation", "NATO"),
    (TUR_S, ("PATCH", "/api/users/g_turk", {"nationality": "USA"}), "nationality", "not USA"),
    (TUR_S, ("PATCH", "/api/users/g_turk", {"clearance": "TS"}), "clearance", "(SECRET)"),
]


@pytest.mark.parametrize(
    ("admin", "call", "field", "message"),
    GRANTS_REFUSED,
    ids=[f"{g[0].username}-{g[1][0]}-{'-'.join(g[1][2])}" for g in GRANTS_REFUSED],
)
def test_granting_more_than_the_admin_holds_is_422_naming_the_field(
    client: TestClient,
    seeded: Seed,
    headers: dict[str, dict[str, str]],
    admin: Admin,
    call: tuple[str, str, dict[str, Any]],
    field: str,
    message: str,
) -> None:
    method, url, change = call
    body = change
    target = url.rsplit("/", 1)[1]
    if method == "POST":
        target = "g_new_" + admin.username
        body = {
            "username": target,
            "password": PASSWORD,
            "clearance": "S",
            "nationality": admin.nationality,
            "organisation": "",
            **change,
        }
    before = _state(seeded, target)
    response = client.request(method, url, json=body, headers=headers[admin.username])
    assert response.status_code == 422, response.text
    assert response.json()["what"] == field
    assert message in response.json()["detail"]
    assert response.json()["detail"].startswith(f"{field}: you may ")
    assert _state(seeded, target) == before  # nothing added, nothing changed
    last = _audit(seeded, admin.username, "denied")[-1]
    doing = "add" if method == "POST" else "change"
    assert last.object_kind == "user"
    assert last.detail.startswith(f"{target}: {doing} refused: you may ")
    assert message in last.detail


def test_each_admin_may_grant_within_what_they_hold(
    client: TestClient, seeded: Seed, headers: dict[str, dict[str, str]]
) -> None:
    turk = {
        "username": "Turk.Partner",
        "password": PASSWORD,
        "clearance": "S",
        "nationality": "Turkey",
        "organisation": "TURMFA",
    }
    added = client.post("/api/users", json=turk, headers=headers[TUR_S.username])
    assert added.status_code == 201, added.text
    assert added.json()["username"] == "turk.partner"
    lowered = client.patch(
        "/api/users/Turk.Partner", json={"clearance": "C"}, headers=headers[TUR_S.username]
    )
    assert lowered.status_code == 200, lowered.text
    assert _state(seeded, "turk.partner") == ("C", "TUR", "TURMFA", "viewer", True)
    us = {**turk, "username": "kaz.partner", "nationality": "KAZ", "organisation": "STATE"}
    assert client.post("/api/users", json=us, headers=headers[US_S.username]).status_code == 201
    raised = client.patch(
        "/api/users/kaz.partner",
        json={"nationality": "TUR", "role": "admin"},
        headers=headers[US_S.username],
    )
    assert raised.status_code == 200, raised.text
    changes = [e.detail for e in _audit(seeded, TUR_S.username, "change")]
    assert changes[-2:] == [
        "added turk.partner: clearance S, nationality TUR, organisation TURMFA, role viewer, "
        "active yes",
        "turk.partner: clearance S -> C; ended 0 login(s)",
    ]
    changes = [e.detail for e in _audit(seeded, US_S.username, "change")]
    assert (
        changes[-1] == "kaz.partner: nationality KAZ -> TUR; role viewer -> admin; ended 0 login(s)"
    )


# --- themselves ------------------------------------------------------------------------------

SELF_CHANGES = [
    ({"clearance": "U"}, "clearance", "you cannot change your own clearance"),
    ({"nationality": "GBR"}, "nationality", "you cannot change your own nationality"),
    ({"organisation": ""}, "organisation", "you cannot change your own organisation"),
    ({"role": "viewer"}, "role", "you cannot change your own role"),
    ({"active": False}, "active", "you cannot disable your own account"),
    ({"unlock": True}, "unlock", "you cannot unlock your own account"),
]


@pytest.mark.parametrize("admin", ADMINS, ids=lambda a: a.username)
def test_an_admin_cannot_change_their_own_access_role_state_or_password(
    client: TestClient, seeded: Seed, headers: dict[str, dict[str, str]], admin: Admin
) -> None:
    mine = headers[admin.username]
    before = _state(seeded, admin.username)
    for body, field, message in SELF_CHANGES:
        response = client.patch(f"/api/users/{admin.username}", json=body, headers=mine)
        assert response.status_code == 422, body
        assert response.json() == {"detail": f"{field}: {message}", "what": field}
    reset = client.post(
        f"/api/users/{admin.username}/password", json={"new_password": NEW_PASSWORD}, headers=mine
    )
    assert reset.status_code == 422
    assert "change it with your current password" in reset.json()["detail"]
    assert _state(seeded, admin.username) == before
    assert client.get("/api/me", headers=mine).status_code == 200  # no login ended
    denied = [e.detail for e in _audit(seeded, admin.username, "denied")][-7:]
    assert denied == [
        *(f"{admin.username}: change refused: {m}" for _, _, m in SELF_CHANGES),
        f"{admin.username}: password reset refused: you cannot reset your own password here: "
        "change it with your current password (/api/me/password or /account/password)",
    ]


# --- the page --------------------------------------------------------------------------------


@pytest.mark.parametrize("admin", ADMINS, ids=lambda a: a.username)
def test_the_page_offers_only_what_the_admin_may_grant(
    fresh_cookies: TestClient, headers: dict[str, dict[str, str]], admin: Admin
) -> None:
    _page_login(fresh_cookies, admin.username)
    page = fresh_cookies.get("/admin/users").text
    add_form = page.split("<h2>Add a user</h2>", 1)[1]
    clearances = add_form.split('<select name="clearance">', 1)[1].split("</select>", 1)[0]
    offered = [
        level.name
        for level in ClassificationLevel
        if f"<option>{level.name}</option>" in clearances
    ]
    assert offered == [
        level.name for level in ClassificationLevel if level <= ClassificationLevel[admin.clearance]
    ]
    if admin.nationality == "USA":
        assert '<input name="nationality"' in add_form
    else:
        assert f'<select name="nationality"><option>{admin.nationality}</option></select>' in (
            add_form
        )
    organisations = add_form.split('<select name="organisation">', 1)[1].split("</select>", 1)[0]
    assert organisations.count("<option") == 2
    assert f'value="{admin.organisation}"' in organisations
    assert f'action="/admin/users/{admin.username}"' not in page  # no control on their own row
    for name in MANAGED[admin.username] - {admin.username}:
        assert f'action="/admin/users/{name}" class="inline access-form"' in page


def test_the_page_refuses_a_grant_above_the_admin_and_hides_accounts_beyond(
    fresh_cookies: TestClient, seeded: Seed, headers: dict[str, dict[str, str]]
) -> None:
    csrf = _page_login(fresh_cookies, US_S.username)
    form = {
        "username": "page_top",
        "password": PASSWORD,
        "clearance": "TS",
        "nationality": "USA",
        "csrf_token": csrf,
    }
    refused = fresh_cookies.post("/admin/users", data=form)
    assert refused.status_code == 422
    assert "clearance: you may not grant a clearance above your own (SECRET)" in refused.text
    assert _state(seeded, "page_top") is None
    access = {"action": "access", "clearance": "TS", "role": "viewer", "csrf_token": csrf}
    raised = fresh_cookies.post("/admin/users/g_secret", data=access)
    assert raised.status_code == 422
    assert _state(seeded, "g_secret") == ("S", "USA", "STATE", "viewer", True)
    for action in ("disable", "unlock"):
        hidden = fresh_cookies.post(
            "/admin/users/g_top", data={"action": action, "csrf_token": csrf}
        )
        assert hidden.status_code == 404
        assert "user g_top not found" in hidden.text
    own = fresh_cookies.post(
        f"/admin/users/{US_S.username}", data={**access, "clearance": "U", "role": "admin"}
    )
    assert own.status_code == 422
    assert "you cannot change your own clearance" in own.text
    assert _state(seeded, "g_top") == ("TS", "USA", "STATE", "viewer", True)


# --- user names ------------------------------------------------------------------------------

BAD_NAMES = [
    ("\u0430dmin", "U+0430 CYRILLIC SMALL LETTER A"),  # looks like "admin"
    ("ad\x07min", "control or invisible character, U+0007"),
    ("ad\u200bmin", "U+200B ZERO WIDTH SPACE"),
    ("new user", "holds a space"),
    ("-admin", "start with a letter or a digit"),
]


@pytest.mark.parametrize(("name", "message"), BAD_NAMES)
def test_a_look_alike_or_control_character_user_name_is_422(
    client: TestClient, headers: dict[str, dict[str, str]], name: str, message: str
) -> None:
    body = {"username": name, "password": PASSWORD, "clearance": "U", "nationality": "USA"}
    response = client.post("/api/users", json=body, headers=headers[US_TS.username])
    assert response.status_code == 422, response.text
    assert response.json()["what"] == "username"
    assert message in response.json()["detail"]
    listed = client.get("/api/users", headers=headers[US_TS.username]).json()
    assert name not in {a["username"] for a in listed}


def test_user_names_are_stored_lower_case_and_log_in_in_any_case(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    body = {
        "username": " New.Analyst ",
        "password": PASSWORD,
        "clearance": "U",
        "nationality": "USA",
    }
    added = client.post("/api/users", json=body, headers=headers[US_TS.username])
    assert added.status_code == 201, added.text
    assert added.json()["username"] == "new.analyst"
    taken = client.post(
        "/api/users", json={**body, "username": "NEW.ANALYST"}, headers=headers[US_TS.username]
    )
    assert taken.status_code == 409
    for typed in ("new.analyst", "New.Analyst", "NEW.ANALYST"):
        me = client.get("/api/me", headers=_token(client, typed))
        assert me.json()["username"] == "new.analyst"
    assert client.get("/api/me", headers=_token(client, "ADMIN")).json()["username"] == "admin"
    look_alike = client.post("/api/token", data={"username": "\u0430dmin", "password": PASSWORD})
    assert look_alike.status_code == 401
    assert look_alike.json()["detail"] == "wrong user name or password"


def test_personas_outside_the_admins_organisation_stay_out_of_their_list(
    client: TestClient, headers: dict[str, dict[str, str]]
) -> None:
    names = {
        a["username"] for a in client.get("/api/users", headers=headers[US_TS.username]).json()
    }
    assert US_ANALYST.username in names  # STATE, SECRET
    assert SECRET_TUR.username not in names  # TURMFA: only the owner manages it
    turkish = client.get("/api/users", headers=headers[TUR_S.username]).json()
    assert SECRET_TUR.username in {a["username"] for a in turkish}


# --- the audit log ---------------------------------------------------------------------------


def _ids(seeded: Seed, names: set[str]) -> set[str]:
    with open_store(seeded.database) as store, store.session() as session:
        found = {name: user_by_name(session, name) for name in names}
        return {str(row.id) for row in found.values() if row is not None}


# Accounts whose changes and refusals each admin may not read in the log: those whose ceiling
# (markings.ceiling) is beyond them. An organisation no release list names (TURMFA) does not
# raise a ceiling, so the U.S. admins read about g_turk, which they cannot manage.
LOG_HIDDEN = {
    US_TS.username: set(),
    US_S.username: {"g_top"},
    TUR_S.username: {"g_top", "g_secret", "g_kazakh"},
}


@pytest.mark.parametrize("admin", ADMINS, ids=lambda a: a.username)
def test_the_audit_log_shows_no_admin_changes_to_accounts_beyond_them(
    client: TestClient, seeded: Seed, headers: dict[str, dict[str, str]], admin: Admin
) -> None:
    # Try every account (a refusal or a change each), then read the log as this admin.
    mine = headers[admin.username]
    for name in ACCOUNTS:
        client.patch(f"/api/users/{name}", json={"unlock": True}, headers=mine)
    client.patch(f"/api/users/{admin.username}", json={"role": "viewer"}, headers=mine)
    rows = client.get("/api/audit?limit=1000", headers=mine).json()
    by_admins = [
        r
        for r in rows
        if r["object_kind"] == "user"
        and r["action"] in ("change", "denied")
        and r["username"] not in ACCOUNTS  # not the account's own logins
    ]
    about = {r["object_id"] for r in by_admins}
    hidden = LOG_HIDDEN[admin.username]
    assert not about & _ids(seeded, hidden)  # no add, change or refusal about them
    assert not any(name in r["detail"] for r in by_admins for name in hidden)
    assert _ids(seeded, set(ACCOUNTS) - hidden) <= about
    own = [r for r in by_admins if r["username"] == admin.username]
    assert any(r["detail"].endswith("change refused: you cannot change your own role") for r in own)
    everything = client.get("/api/audit?limit=1000", headers=headers[US_TS.username]).json()
    refused = {
        r["marking"]
        for r in everything
        if r["username"] == admin.username and "beyond your access" in r["detail"]
    }
    expected = {
        US_TS.username: {"(S//REL TO USA, TUR)"},  # g_turk
        US_S.username: {"(TS//NF)", "(S//REL TO USA, TUR)"},  # g_top, g_turk
        TUR_S.username: {"(TS//NF)", "(S//NF)", "(C//REL TO USA, KAZ)"},
    }
    assert refused == expected[admin.username]
