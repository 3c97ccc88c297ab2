"""What an admin may grant, as services, on SQLite and PostgreSQL (``services.grants``).

Three admins: U.S. TOP SECRET and U.S. SECRET (both of STATE), and Turkish SECRET (TURMFA). The
accounts they manage are written as rows; ``test_user_management.py`` tests adding them. Each
refusal is checked for its error, for the account left as it was after the request's rollback,
and for its ``denied`` audit row, committed before that rollback.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from overflight.errors import InputError
from overflight.markings import ClassificationLevel
from overflight.services.accounts import Account, Role, authenticate, hash_password
from overflight.services.audit import audit_trail
from overflight.services.grants import grants_of
from overflight.services.users import (
    AccountChange,
    add_account,
    change_account,
    list_accounts,
    reset_password,
)
from overflight.services.web import NotVisibleError
from overflight.store import Session, Store, add
from overflight.store.accounts import user_by_name
from overflight.store.schema import UserRow

T0 = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
PASSWORD = "right password 1"


ADMINS = {
    "us_ts": (ClassificationLevel.TS, "USA", "STATE"),
    "us_s": (ClassificationLevel.S, "USA", "STATE"),
    "tur_s": (ClassificationLevel.S, "TUR", "TURMFA"),
}
ACCOUNTS = {
    "top": (ClassificationLevel.TS, "USA", "STATE"),
    "secret": (ClassificationLevel.S, "USA", "STATE"),
    "turk": (ClassificationLevel.S, "TUR", "TURMFA"),
    "turk_bare": (ClassificationLevel.C, "TUR", ""),
    "kazakh": (ClassificationLevel.C, "KAZ", ""),
    "plain": (ClassificationLevel.U, "USA", ""),
}
# Which accounts (and admins) each admin may manage, and why the others are beyond them.
MANAGED = {
    "us_ts": {"us_ts", "us_s", "top", "secret", "turk_bare", "kazakh", "plain"},  # not TURMFA
    "us_s": {"us_s", "secret", "turk_bare", "kazakh", "plain"},  # not TS, not TURMFA
    "tur_s": {"tur_s", "turk", "turk_bare"},  # Turkish only
}


_HASH = hash_password(PASSWORD)  # once: argon2 is slow on purpose, and these tests add many


def _people(session: Session) -> dict[str, Account]:
    """The three admins and the six accounts, as rows (argon2 once, not nine times)."""
    found = {}
    for name, (clearance, nationality, organisation) in (ADMINS | ACCOUNTS).items():
        role = Role.ADMIN if name in ADMINS else Role.VIEWER
        row = add(
            session,
            UserRow(
                username=name,
                password_hash=_HASH,
                clearance=clearance.name,
                nationality=nationality,
                organisation=organisation,
                role=role.value,
                active=True,
                created_at=T0,
            ),
        )
        found[name] = Account(row.id, name, clearance, nationality, organisation, role)
    session.commit()
    return found


def _state(session: Session, name: str) -> tuple[object, ...]:
    row = user_by_name(session, name)
    assert row is not None
    return (row.clearance, row.nationality, row.organisation, row.role, row.active)


def _actions(session: Session, account: Account) -> list[tuple[str, str, str]]:
    rows = audit_trail(session, object_kind="user", object_id=account.id)
    return [(e.username, e.action, e.detail) for e in reversed(rows)]


def _denied(session: Session, actor: str) -> list[str]:
    return [e.detail for e in reversed(audit_trail(session, username=actor, action="denied"))]


def test_each_admin_lists_only_the_accounts_within_their_access(store: Store) -> None:
    with store.session() as session:
        people = _people(session)
        for admin, managed in MANAGED.items():
            listed = {r.username for r in list_accounts(session, people[admin], now=T0)}
            assert listed == managed, admin
        everyone = {r.username for r in list_accounts(session, None, now=T0)}
        assert everyone == set(ADMINS) | set(ACCOUNTS)


@pytest.mark.parametrize("admin", sorted(ADMINS))
def test_an_account_beyond_the_admin_is_a_missing_one(store: Store, admin: str) -> None:
    with store.session() as session:
        actor = _people(session)[admin]
        for target in sorted(ACCOUNTS):
            before = _state(session, target)
            calls = (
                lambda t=target: change_account(session, actor, t, AccountChange(unlock=True)),
                lambda t=target: change_account(session, actor, t, AccountChange(active=False)),
                lambda t=target: change_account(session, actor, t, AccountChange(role=Role.ADMIN)),
                lambda t=target: reset_password(session, actor, t, "a new password 1"),
            )
            if target in MANAGED[admin]:
                for call in calls:
                    call()
                session.commit()
                assert _state(session, target) != before
                continue
            for call in calls:
                with pytest.raises(NotVisibleError) as hidden:
                    call()
                assert str(hidden.value) == f"user {target} not found"
            session.rollback()  # as a failed request does: the refusals were committed before
            assert _state(session, target) == before
            assert authenticate(session, target, PASSWORD, now=T0) is not None
            denied = _denied(session, admin)[-len(calls) :]
            assert all(
                d.startswith(f"{target}: ") and "refused: the account is beyond your access (" in d
                for d in denied
            ), denied
            assert denied[-1].startswith(f"{target}: password reset refused")
        with pytest.raises(NotVisibleError) as missing:
            change_account(session, actor, "ghost", AccountChange(unlock=True))
        assert str(missing.value) == "user ghost not found"


# actor, clearance, nationality, organisation; and the field refused with its message, or None
ADDITIONS = [
    ("us_ts", ClassificationLevel.TS, "USA", "STATE", None),
    ("us_ts", ClassificationLevel.S, "TUR", "", None),
    ("us_ts", ClassificationLevel.C, "KAZ", "STATE", None),
    (
        "us_ts",
        ClassificationLevel.S,
        "TUR",
        "TURMFA",
        ("organisation", "you may not grant an organisation you do not belong to (TURMFA)"),
    ),
    ("us_s", ClassificationLevel.S, "TUR", "", None),
    (
        "us_s",
        ClassificationLevel.TS,
        "USA",
        "",
        ("clearance", "you may not grant a clearance above your own"),
    ),
    ("tur_s", ClassificationLevel.S, "TUR", "TURMFA", None),
    ("tur_s", ClassificationLevel.U, "TUR", "", None),
    ("tur_s", ClassificationLevel.TS, "TUR", "", ("clearance", "above your own (SECRET)")),
    (
        "tur_s",
        ClassificationLevel.C,
        "KAZ",
        "",
        ("nationality", "your own nationality (TUR) only, not KAZ"),
    ),
    (
        "tur_s",
        ClassificationLevel.U,
        "USA",
        "",
        ("nationality", "your own nationality (TUR) only, not USA"),
    ),
    ("tur_s", ClassificationLevel.S, "TUR", "NATO", ("organisation", "(NATO); yours: TURMFA")),
]


@pytest.mark.parametrize(
    ("admin", "clearance", "nationality", "organisation", "refused"),
    ADDITIONS,
    ids=[f"{a[0]}-{a[1].name}-{a[2]}-{a[3] or 'none'}" for a in ADDITIONS],
)
def test_an_admin_adds_only_accounts_within_their_access(
    store: Store,
    admin: str,
    clearance: ClassificationLevel,
    nationality: str,
    organisation: str,
    refused: tuple[str, str] | None,
) -> None:
    with store.session() as session:
        actor = _people(session)[admin]

        def add() -> object:
            return add_account(
                session,
                actor,
                "newcomer",
                PASSWORD,
                clearance=clearance,
                nationality=nationality,
                organisation=organisation,
                role=Role.ANALYST,
                now=T0,
            )

        if refused is None:
            add()
            session.commit()
            row = user_by_name(session, "newcomer")
            assert row is not None
            detail = f"clearance {clearance.name}, nationality {nationality}, "
            detail += f"organisation {organisation or '-'}, role analyst, active yes"
            rows = audit_trail(session, object_kind="user", object_id=row.id)
            assert [(e.username, e.action, e.detail) for e in rows] == [
                (admin, "change", f"added newcomer: {detail}")
            ]
            return
        field, message = refused
        with pytest.raises(InputError) as caught:
            add()
        session.rollback()
        assert caught.value.what == field
        assert message in caught.value.message
        assert user_by_name(session, "newcomer") is None
        assert _denied(session, admin) == [f"newcomer: add refused: {caught.value.message}"]


# actor, account, change; and the field refused, or None and the audit's detail
CHANGES = [
    ("us_s", "secret", AccountChange(clearance=ClassificationLevel.C), None, "clearance S -> C"),
    ("us_s", "secret", AccountChange(clearance=ClassificationLevel.TS), "clearance", ""),
    ("us_s", "plain", AccountChange(nationality="TUR"), None, "nationality USA -> TUR"),
    ("us_s", "plain", AccountChange(organisation="STATE"), None, "organisation - -> STATE"),
    ("us_s", "plain", AccountChange(organisation="NATO"), "organisation", ""),
    ("us_ts", "secret", AccountChange(organisation=""), None, "organisation STATE -> -"),
    ("us_ts", "kazakh", AccountChange(clearance=ClassificationLevel.TS), None, "clearance C -> TS"),
    ("tur_s", "turk_bare", AccountChange(organisation="TURMFA"), None, "organisation - -> TURMFA"),
    ("tur_s", "turk", AccountChange(nationality="KAZ"), "nationality", ""),
    ("tur_s", "turk", AccountChange(nationality="USA"), "nationality", ""),
    ("tur_s", "turk_bare", AccountChange(clearance=ClassificationLevel.TS), "clearance", ""),
    (
        "tur_s",
        "turk",
        AccountChange(clearance=ClassificationLevel.U, role=Role.ADMIN, active=False),
        None,
        "clearance S -> U; role viewer -> admin; active yes -> no (disabled)",
    ),
]


@pytest.mark.parametrize(
    ("admin", "target", "change", "refused", "detail"),
    CHANGES,
    ids=[f"{c[0]}-{c[1]}-{i}" for i, c in enumerate(CHANGES)],
)
def test_an_admin_changes_accounts_only_within_their_access(
    store: Store,
    admin: str,
    target: str,
    change: AccountChange,
    refused: str | None,
    detail: str,
) -> None:
    with store.session() as session:
        people = _people(session)
        before = _state(session, target)
        if refused is None:
            change_account(session, people[admin], target, change, now=T0)
            session.commit()
            *_, last = _actions(session, people[target])
            assert last == (admin, "change", f"{target}: {detail}; ended 0 login(s)")
            return
        with pytest.raises(InputError) as caught:
            change_account(session, people[admin], target, change, now=T0)
        session.rollback()
        assert caught.value.what == refused
        assert caught.value.message.startswith("you may ")
        assert _state(session, target) == before
        assert _denied(session, admin) == [f"{target}: change refused: {caught.value.message}"]


# what an admin tries on their own account; the field named
SELF_CHANGES = [
    (
        AccountChange(clearance=ClassificationLevel.U),
        "clearance",
    ),  # not even down (U is a falsy IntEnum)
    (AccountChange(nationality="GBR"), "nationality"),
    (AccountChange(organisation=""), "organisation"),
    (AccountChange(role=Role.ANALYST), "role"),
    (AccountChange(active=False), "active"),
    (AccountChange(unlock=True), "unlock"),  # a stolen session must not reset its guesses
]


@pytest.mark.parametrize("admin", sorted(ADMINS))
def test_an_admin_cannot_change_their_own_access_role_state_or_password(
    store: Store, admin: str
) -> None:
    with store.session() as session:
        actor = _people(session)[admin]
        before = _state(session, admin)
        for change, field in SELF_CHANGES:
            with pytest.raises(InputError) as caught:
                change_account(session, actor, admin, change, now=T0)
            assert caught.value.what == field
        with pytest.raises(InputError, match="your current password"):
            reset_password(session, actor, admin, "a new password 1", now=T0)
        session.rollback()
        assert _state(session, admin) == before
        assert authenticate(session, admin, PASSWORD, now=T0) is not None
        denied = _denied(session, admin)
        assert denied[:5] == [
            f"{admin}: change refused: you cannot change your own clearance",
            f"{admin}: change refused: you cannot change your own nationality",
            f"{admin}: change refused: you cannot change your own organisation",
            f"{admin}: change refused: you cannot change your own role",
            f"{admin}: change refused: you cannot disable your own account",
        ]
        assert denied[5:] == [
            f"{admin}: change refused: you cannot unlock your own account",
            f"{admin}: password reset refused: you cannot reset your own password here: "
            "change it with your current password (/api/me/password or /account/password)",
        ]


def test_the_command_line_may_grant_anything(store: Store) -> None:
    with store.session() as session:
        people = _people(session)
        change_account(
            session,
            None,
            "tur_s",
            AccountChange(clearance=ClassificationLevel.TS, nationality="NOR", organisation="NATO"),
            now=T0,
        )
        session.commit()
        *_, last = _actions(session, people["tur_s"])
        assert last == (
            "cli",
            "change",
            "tur_s: clearance S -> TS; nationality TUR -> NOR; organisation TURMFA -> NATO; "
            "ended 0 login(s)",
        )


def test_grants_offer_what_each_admin_may_give() -> None:
    offered = {
        name: grants_of(Account(1, name, clearance, nationality, organisation, Role.ADMIN))
        for name, (clearance, nationality, organisation) in ADMINS.items()
    }
    assert offered["us_ts"].clearances == (
        ClassificationLevel.U,
        ClassificationLevel.C,
        ClassificationLevel.S,
        ClassificationLevel.TS,
    )
    assert offered["us_s"].clearances == (
        ClassificationLevel.U,
        ClassificationLevel.C,
        ClassificationLevel.S,
    )
    assert (offered["us_s"].nationality, offered["us_s"].organisations) == (None, ("", "STATE"))
    assert (offered["tur_s"].nationality, offered["tur_s"].organisations) == (
        "TUR",
        ("", "TURMFA"),
    )
    anything = grants_of(None)
    assert (len(anything.clearances), anything.nationality, anything.organisations) == (
        4,
        None,
        None,
    )
