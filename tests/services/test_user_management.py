"""Lockout and account management as services, on SQLite and PostgreSQL.

The web tests go through the API; these pin what needs a clock (the lock's end) or a rolled-back
transaction, and what the command line does without an account.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from overflight.errors import InputError
from overflight.markings import ClassificationLevel
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
    hash_password,
    normalise_username,
    parse_clearance,
    parse_nationality,
    parse_role,
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
    reset_password,
)
from overflight.services.web import NotVisibleError
from overflight.store import Session, Store, add
from overflight.store.accounts import user_by_name
from overflight.store.schema import UserRow

T0 = datetime(2026, 11, 29, 9, 0, tzinfo=UTC)
PASSWORD = "right password 1"
WRONG = "wrong password 1"


def _user(
    session: Session,
    name: str = "ayse",
    role: Role = Role.VIEWER,
    *,
    clearance: ClassificationLevel = ClassificationLevel.S,
    nationality: str = "TUR",
    organisation: str = "",
) -> Account:
    account = create_user(
        session,
        name,
        PASSWORD,
        clearance=clearance,
        nationality=nationality,
        organisation=organisation,
        role=role,
        now=T0,
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
        admin = _user(session, "boss", Role.ADMIN, nationality="USA", organisation="TURMFA")
        cases = (
            (AccountChange(unlock=True), True),
            (AccountChange(organisation=""), None),  # no change at all: refused below
            (AccountChange(organisation="TURMFA"), False),
            (AccountChange(role=Role.ANALYST), False),
            (AccountChange(nationality="AZE"), False),
        )
        for change, kept in cases:
            login = start_login(session, account, LoginKind.BEARER, now=T0)
            session.commit()
            if kept is None:
                with pytest.raises(InputError, match="nothing to change"):
                    change_account(session, admin, "ayse", change, now=T0)
                continue
            change_account(session, admin, "ayse", change, now=T0)
            assert _resolves(session, login) is kept, change
        (record,) = [r for r in list_accounts(session, admin, now=T0) if r.username == "ayse"]
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
                session,
                admin,
                " Boss ",
                PASSWORD,
                clearance=ClassificationLevel.U,
                nationality="TUR",
                now=T0,
            )
        with pytest.raises(NotVisibleError, match="user ghost not found"):
            change_account(session, admin, "ghost", AccountChange(unlock=True))
        with pytest.raises(InputError, match="organisation"):
            change_account(session, admin, "boss", AccountChange(organisation="x" * 101))


@pytest.mark.parametrize(
    ("parse", "text", "expected"),
    [
        (parse_clearance, " ts ", ClassificationLevel.TS),
        (parse_clearance, "u", ClassificationLevel.U),
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


# --- user names ------------------------------------------------------------------------------

_HASH = hash_password(PASSWORD)  # once, for rows written as an old store holds them

NAMES = [
    (" Ayse.Demir ", "ayse.demir"),
    ("tr_partner-2", "tr_partner-2"),
    ("ＡＤＭＩＮ２", "admin2"),  # full-width forms: NFKC makes them ASCII
    ("7th", "7th"),
    ("x" * 64, "x" * 64),
]


@pytest.mark.parametrize(("typed", "stored"), NAMES)
def test_a_new_user_name_is_stored_normalised(typed: str, stored: str) -> None:
    assert normalise_username(typed) == stored


BAD_NAMES = [
    ("\u0430dmin", "'аdmin' holds 'а', U+0430 CYRILLIC SMALL LETTER A, which is not ASCII"),
    ("r\u00f6ot", "U+00F6 LATIN SMALL LETTER O WITH DIAERESIS, which is not ASCII"),
    ("ad\x07min", "holds a control or invisible character, U+0007"),
    ("ad\tmin", "holds a control or invisible character, U+0009"),
    ("ad\u200bmin", "U+200B ZERO WIDTH SPACE"),
    ("ad\u202emin", "U+202E RIGHT-TO-LEFT OVERRIDE"),
    ("ad min", "holds a space: a user name is one word"),
    ("ad\u00a0min", "holds a space"),  # NFKC makes a no-break space a space
    ("", "give a user name of 1 to 64 characters"),
    ("   ", "give a user name of 1 to 64 characters"),
    ("x" * 65, "give a user name of 1 to 64 characters"),
    ("_admin", "'_admin': start with a letter or a digit"),
    ("a@b", "'a@b' holds '@': use letters a-z, digits, '.', '_' and '-'"),
    ("../x", "holds '/'"),
    (".hidden", "start with a letter or a digit"),
]


@pytest.mark.parametrize(("typed", "message"), BAD_NAMES)
def test_a_bad_user_name_is_refused_naming_the_field(typed: str, message: str) -> None:
    with pytest.raises(InputError) as caught:
        normalise_username(typed)
    assert caught.value.what == "username"
    assert message in caught.value.message


def _legacy(session: Session, name: str) -> UserRow:
    """An account stored before the user-name rules (rows are written as they were then)."""
    row = add(
        session,
        UserRow(
            username=name,
            password_hash=_HASH,
            clearance="S",
            nationality="USA",
            organisation="",
            role="viewer",
            active=True,
            created_at=T0,
        ),
    )
    session.commit()
    return row


def test_logins_and_lookups_find_names_typed_in_any_case(store: Store) -> None:
    with store.session() as session:
        account = _user(session, "Ayse")
        assert account.username == "ayse"
        for typed in ("ayse", "AYSE", " Ayse ", "ＡＹＳＥ"):
            assert authenticate(session, typed, PASSWORD, now=T0) == account, typed
        change_account(session, None, "AYSE", AccountChange(unlock=True), now=T0)
        assert authenticate(session, "\u0430yse", PASSWORD, now=T0) is None  # Cyrillic а
        with pytest.raises(NotVisibleError, match="user \u0430yse not found"):
            change_account(session, None, "\u0430yse", AccountChange(unlock=True))
        assert authenticate(session, "ev\x1bil", PASSWORD, now=T0) is None
        session.commit()
        unknown = audit_trail(session, action="denied", object_id="")
        assert [(e.username, e.detail) for e in unknown] == [
            ("ev\\x1bil", "unknown user name"),  # a control character is not written raw
            ("\u0430yse", "unknown user name"),
        ]


def test_names_stored_before_the_rules_still_log_in_and_block_their_lower_case(
    store: Store,
) -> None:
    with store.session() as session:
        for name in ("Old Timer", "ADMIN2", "m\u00fcller"):
            _legacy(session, name)
            assert authenticate(session, name, PASSWORD, now=T0) is not None, name
            change_account(session, None, name, AccountChange(unlock=True), now=T0)
        assert {r.username for r in list_accounts(session, None)} == {
            "Old Timer",
            "ADMIN2",
            "m\u00fcller",
        }
        with pytest.raises(UserExistsError, match="'admin2' is taken"):
            _user(session, "Admin2")
