"""Lockout and account management as services, on SQLite and PostgreSQL.

The web tests go through the API; these pin what needs a clock (the lock's end) or a rolled-back
transaction, and what the command line does without an account.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from overflight.errors import InputError
from overflight.markings import Level
from overflight.services.accounts import (
    LOCKOUT_DURATION,
    MAX_FAILED_LOGINS,
    Account,
    AccountLockedError,
    IssuedLogin,
    LoginKind,
    NotAuthenticatedError,
    Role,
    UserExistsError,
    authenticate,
    create_user,
    resolve_login,
    start_login,
)
from overflight.services.audit import (
    audit_trail,
)
from overflight.services.users import (
    AccountChange,
    add_account,
    change_account,
    change_own_password,
    list_accounts,
    parse_clearance,
    parse_nationality,
    parse_role,
    reset_password,
)
from overflight.services.web import NotVisibleError
from overflight.store import Session, Store
from overflight.store.accounts import user_by_name

T0 = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
PASSWORD = "right password 1"
WRONG = "wrong password 1"


def _user(session: Session, name: str = "ayse", role: Role = Role.VIEWER) -> Account:
    account = create_user(
        session, name, PASSWORD, clearance=Level.S, nationality="TUR", role=role, now=T0
    )
    session.commit()
    return account


def _fail(session: Session, name: str, times: int, at: datetime) -> None:
    for _ in range(times):
        assert authenticate(session, name, WRONG, now=at) is None


def _actions(session: Session, account: Account) -> list[tuple[str, str, str]]:
    rows = audit_trail(session, object_kind="user", object_id=account.id)
    return [(e.username, e.action, e.detail) for e in reversed(rows)]


def test_the_lock_lasts_its_time_then_counting_starts_again(store: Store) -> None:
    with store.session() as session:
        account = _user(session)
        _fail(session, "ayse", MAX_FAILED_LOGINS - 1, T0)
        with pytest.raises(AccountLockedError, match="too many failed logins"):
            authenticate(session, "ayse", WRONG, now=T0)
        just_before = T0 + LOCKOUT_DURATION - timedelta(seconds=1)
        with pytest.raises(AccountLockedError):
            authenticate(session, "ayse", PASSWORD, now=just_before)
        ended = T0 + LOCKOUT_DURATION
        _fail(session, "ayse", MAX_FAILED_LOGINS - 1, ended)  # counting started again at 0
        assert authenticate(session, "ayse", PASSWORD, now=ended) == account
        row = user_by_name(session, "ayse")
        assert row is not None
        assert (row.failed_logins, row.locked_until) == (0, None)
        session.commit()
        locked = [d for _, action, d in _actions(session, account) if action == "locked"]
        assert locked == ["locked until 09:15 UTC after 5 failed logins"]


def test_a_refused_login_counts_even_when_the_request_rolls_back(store: Store) -> None:
    with store.session() as session:
        _user(session)
        with pytest.raises(RuntimeError, match="401"):
            _refused_request(session)
    with store.session() as session:
        row = user_by_name(session, "ayse")
        assert row is not None
        assert row.failed_logins == 1


def _refused_request(session: Session) -> None:
    with session.begin():
        assert authenticate(session, "ayse", WRONG, now=T0) is None
        raise RuntimeError("the handler answered 401 by raising")


def test_an_unknown_name_never_locks_and_is_audited(store: Store) -> None:
    with store.session() as session:
        for _ in range(MAX_FAILED_LOGINS + 2):
            assert authenticate(session, " mallory ", WRONG, now=T0) is None
        rows = audit_trail(session, object_kind="user")
        assert len(rows) == MAX_FAILED_LOGINS + 2
        assert {(r.username, r.action, r.object_id, r.detail) for r in rows} == {
            ("mallory", "denied", "", "unknown user name")
        }


def test_a_disabled_account_is_refused_with_its_right_password(store: Store) -> None:
    with store.session() as session:
        account = _user(session)
        change_account(session, None, "ayse", AccountChange(active=False), now=T0)
        session.commit()
        assert authenticate(session, "ayse", PASSWORD, now=T0) is None
        assert _actions(session, account)[-1] == ("ayse", "denied", "account disabled")


def test_a_wrong_current_password_counts_toward_the_lockout(store: Store) -> None:
    with store.session() as session:
        account = _user(session)
        login = start_login(session, account, LoginKind.BEARER, now=T0)
        session.commit()
        for _ in range(MAX_FAILED_LOGINS - 1):
            with pytest.raises(InputError, match="current_password"):
                change_own_password(session, login, WRONG, "a new password 1", now=T0)
        with pytest.raises(AccountLockedError):
            change_own_password(session, login, WRONG, "a new password 1", now=T0)
        with pytest.raises(AccountLockedError):
            change_own_password(session, login, PASSWORD, "a new password 1", now=T0)
        # The lock refuses new logins; it does not end this one.
        assert resolve_login(session, login.token, LoginKind.BEARER, now=T0).account == account


def test_the_command_line_is_audited_as_cli_and_may_change_anyone(store: Store) -> None:
    with store.session() as session:
        admin = _user(session, "root", Role.ADMIN)
        change_account(session, None, "root", AccountChange(role=Role.ANALYST), now=T0)
        assert reset_password(session, None, "root", "another password", now=T0) == 0
        session.commit()
        assert [(who, action) for who, action, _ in _actions(session, admin)] == [
            ("cli", "change"),
            ("cli", "change"),
        ]


def test_only_changes_to_access_end_logins(store: Store) -> None:
    with store.session() as session:
        account = _user(session)
        admin = _user(session, "boss", Role.ADMIN)
        cases = (
            (AccountChange(unlock=True), True),
            (AccountChange(organisation=""), None),  # no change at all: refused below
            (AccountChange(organisation="TURMFA"), False),
            (AccountChange(role=Role.ANALYST), False),
            (AccountChange(nationality="AZE"), False),
        )
        for change, kept in cases:
            login = start_login(session, account, LoginKind.BEARER, now=T0)
            if kept is None:
                with pytest.raises(InputError, match="nothing to change"):
                    change_account(session, admin, "ayse", change, now=T0)
                continue
            change_account(session, admin, "ayse", change, now=T0)
            assert _resolves(session, login) is kept, change
        (record,) = [r for r in list_accounts(session, now=T0) if r.username == "ayse"]
        assert (record.organisation, record.role, record.nationality) == (
            "TURMFA",
            Role.ANALYST,
            "AZE",
        )


def _resolves(session: Session, login: IssuedLogin) -> bool:
    try:
        resolve_login(session, login.token, LoginKind.BEARER, now=T0)
    except NotAuthenticatedError:
        return False
    return True


def test_adding_a_taken_name_or_changing_a_missing_one_is_refused(store: Store) -> None:
    with store.session() as session:
        admin = _user(session, "boss", Role.ADMIN)
        with pytest.raises(UserExistsError, match="'boss' is taken"):
            add_account(
                session, admin, " boss ", PASSWORD, clearance=Level.U, nationality="USA", now=T0
            )
        with pytest.raises(NotVisibleError, match="user ghost not found"):
            change_account(session, admin, "ghost", AccountChange(unlock=True))
        with pytest.raises(InputError, match="organisation"):
            change_account(session, admin, "boss", AccountChange(organisation="x" * 101))


@pytest.mark.parametrize(
    ("parse", "text", "expected"),
    [
        (parse_clearance, " ts ", Level.TS),
        (parse_clearance, "u", Level.U),
        (parse_role, "Analyst", Role.ANALYST),
        (parse_nationality, "tur", "TUR"),
        (parse_nationality, "Kazakhstan", "KAZ"),
    ],
)
def test_fields_parse_from_what_people_type(parse: object, text: str, expected: object) -> None:
    assert callable(parse)
    assert parse(text) == expected


@pytest.mark.parametrize(
    ("parse", "text", "what"),
    [
        (parse_clearance, "SECRET", "clearance"),
        (parse_role, "root", "role"),
        (parse_nationality, "ZZZ", "nationality"),
        (parse_nationality, "NATO", "nationality"),
        (parse_nationality, "", "nationality"),
    ],
)
def test_a_bad_field_is_an_input_error_naming_it(parse: object, text: str, what: str) -> None:
    assert callable(parse)
    with pytest.raises(InputError) as caught:
        parse(text)
    assert caught.value.what == what
