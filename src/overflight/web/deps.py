"""Request dependencies: a store session per request, the logged-in account, roles, CSRF.

Who the account is and what it may read and do are ``services.accounts``' (``may_see``,
``require``); these only find the login on the request and ask it.

Pages log in with a cookie; the API takes ``Authorization: Bearer <token>`` (or the page
cookie, for the map's own fetches). A request that changes something with the cookie must carry
the login's CSRF token (form field ``csrf_token`` or header ``X-CSRF-Token``).

The login is first resolved by ``web.bodies`` (``authenticate_request``) before the request's
body is read; the route's dependency then finds it on the request and asks the store nothing.
Path ids are ``PathId`` (1 to 2^31 - 1, else 422) and form dates ``FormDate`` (``YYYY-MM-DD``).
"""

from __future__ import annotations

import asyncio
import hmac
import re
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Annotated

from fastapi import Depends, Form, Path, Request
from pydantic import BeforeValidator

from overflight.cables import NonPaper, compose_non_paper
from overflight.cases import Case
from overflight.markings import UNCLASSIFIED, Marking, ceiling
from overflight.screening import ReferenceData
from overflight.services.accounts import (
    Account,
    ExpiredLoginError,
    ForbiddenError,
    IssuedLogin,
    LoginKind,
    NotAuthenticatedError,
    Role,
    authenticate,
    read_login,
    require,
)
from overflight.services.audit import (
    AuditRecord,
    AuditWriter,
    record_audit,
)
from overflight.services.list_rescreen import import_and_rescreen
from overflight.services.lists import ListFileBody, ListVersion, StoredReference
from overflight.services.web import TelegramView, visible_case
from overflight.store import LoginLookup, Session, Store
from overflight.web.kept_answers import AnswerCache
from overflight.web.settings import WebSettings
from overflight.web.throttle import LoginThrottle

__all__ = [
    "COOKIE_NAME",
    "AdminLogin",
    "AdminPageLogin",
    "CaseAnalyst",
    "CaseAnalystPage",
    "CurrentLogin",
    "DbSession",
    "FormDate",
    "PageLogin",
    "PageLoginRequiredError",
    "PathId",
    "ScreeningReference",
    "answers_of",
    "attempt_login",
    "audit_read",
    "authenticate_request",
    "check_csrf",
    "current_login",
    "current_reference",
    "db_session",
    "export_non_paper",
    "import_screening_list",
    "is_api_path",
    "kept_page_login",
    "logins_of",
    "note_audit",
    "note_case_audit",
    "note_own_audit",
    "page_login",
    "require_case_analyst",
    "screening_lists_of",
    "settings_of",
    "store_of",
]

COOKIE_NAME = "overflight_session"
MAX_PATH_ID = 2**31 - 1  # PostgreSQL's integer; SQLite's rowid goes further, no stored id does

PathId = Annotated[
    int, Path(ge=1, le=MAX_PATH_ID, description=f"a stored object's id, 1 to {MAX_PATH_ID}")
]
"""An id in a path: out of range is a 422, as a malformed one is (no object can have it)."""

EARLIEST_DATE = date(1980, 1, 1)
LATEST_DATE = date(2099, 12, 31)
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: object) -> date:
    """A form's date: ``YYYY-MM-DD`` only (no timestamps, no week dates), within a sane range."""
    if not isinstance(value, str) or not _ISO_DATE.fullmatch(value):
        raise ValueError("give the date as YYYY-MM-DD")
    day = date.fromisoformat(value)  # a ValueError names a day or month out of range
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise ValueError(f"give a date from {EARLIEST_DATE} to {LATEST_DATE}")
    return day


FormDate = Annotated[date, BeforeValidator(_iso_date)]
"""A date sent in a form: ``2026-05-29``; ``0``, ``1717000000`` or ``2026-W22`` are 422."""


class PageLoginRequiredError(Exception):
    """A page was asked for without a valid login: send the browser to the login page.

    ``expired``: the login was good once and has expired (the page then says so).
    """

    def __init__(self, message: str, *, expired: bool = False) -> None:
        super().__init__(message)
        self.message = message
        self.expired = expired


def store_of(request: Request) -> Store:
    """The app's store."""
    store: Store = request.app.state.store
    return store


def logins_of(request: Request) -> LoginLookup:
    """The app's login lookup: each request's login read on a connection of its own."""
    logins: LoginLookup = request.app.state.logins
    return logins


def answers_of(request: Request) -> AnswerCache:
    """The worker's kept answers (``web.kept_answers``)."""
    answers: AnswerCache = request.app.state.answers
    return answers


def settings_of(request: Request) -> WebSettings:
    """The app's settings."""
    settings: WebSettings = request.app.state.settings
    return settings


def screening_lists_of(request: Request) -> StoredReference:
    """The app's screening lists: the newest stored list version, else the start-up reference."""
    lists: StoredReference = request.app.state.screening_lists
    return lists


def current_reference(request: Request) -> ReferenceData:
    """The reference to screen against, rebuilt first if another worker imported a newer list.

    One cheap query (the newest list version's id) in a short transaction of its own.
    """
    with store_of(request).session() as session, session.begin():
        return screening_lists_of(request).current(session)


ScreeningReference = Annotated[ReferenceData, Depends(current_reference)]


def import_screening_list(request: Request, username: str, name: str, body: bytes) -> ListVersion:
    """Store an uploaded list file as a version, audited, and screen with it (API and page).

    The open cases are screened again against it (``import_and_rescreen``), in the same
    transaction, which takes SQLite's write lock first as it reads before it writes. Committed
    before this process switches to it; other workers notice the newer version on their next
    screening.

    Raises:
        ParseError: a record is unreadable (nothing is stored).
        InputError: no list format, or no entity (nothing is stored).
    """
    policy = settings_of(request).reference.policy
    with store_of(request).session(writing=True) as session, session.begin():
        reference, listed, _ = import_and_rescreen(
            session, username, [ListFileBody(name, body)], policy, datetime.now(UTC)
        )
        record_audit(
            session, username, "change", "lists", listed.id, listed.label, marking=UNCLASSIFIED
        )
    screening_lists_of(request).replace(reference, listed.id)
    return listed


async def db_session(request: Request) -> AsyncIterator[Session]:
    """One transaction per request: committed when the handler returns, else rolled back.

    A request that may change something (not GET or HEAD) takes SQLite's write lock when its
    transaction begins, so that its reads and writes are one turn (see ``Store.session``).

    Audit rows noted with ``note_audit`` are written after it by the app's audit writer
    (``services.audit.AuditWriter``), batched with other requests' rows, before the response
    leaves: on SQLite a read transaction that later writes can deadlock with another one doing
    the same, and a write transaction per request makes readers queue for the write lock.

    On the event loop: the session connects when the handler (in a worker thread) first reads.
    A reading request's transaction ends in place (it has nothing to write to disk); a writing
    one's in a thread apart from the handlers' (it may wait for the disk), so that ending a
    transaction, which gives its connection back, never waits for a handler's turn.
    """
    writing = request.method not in _READING_METHODS
    session = store_of(request).session(writing=writing)
    session.begin()
    try:
        yield session
    except BaseException:
        await _end(session, commit=False, in_thread=writing)
        raise
    audits: list[AuditRecord] = session.info.pop(_AUDITS, [])
    await _end(session, commit=True, in_thread=writing)
    await audit_writer_of(request).write_async(audits)


async def _end(session: Session, *, commit: bool, in_thread: bool) -> None:
    if in_thread:
        await asyncio.to_thread(_end_now, session, commit)
    else:
        _end_now(session, commit)


def _end_now(session: Session, commit: bool) -> None:
    try:
        if commit:
            session.commit()
        else:
            session.rollback()
    finally:
        session.close()


def audit_writer_of(request: Request) -> AuditWriter:
    """The app's audit writer: audit rows of reads, committed before the response leaves."""
    writer: AuditWriter = request.app.state.audit_writer
    return writer


DbSession = Annotated[Session, Depends(db_session, scope="function")]
_READING_METHODS = frozenset({"GET", "HEAD"})
_AUDITS = "overflight.audits"


def note_audit(
    session: Session,
    who: str,
    action: str,
    kind: str,
    object_id: object = "",
    detail: str = "",
    *,
    marking: Marking,
) -> None:
    """Audit a read done in the request's session (written when the request's reads are over).

    ``marking`` is that of what the row is about (see ``services.audit``).
    """
    record = AuditRecord(who, action, kind, object_id, detail, marking)
    session.info.setdefault(_AUDITS, []).append(record)


async def audit_read(request: Request, record: AuditRecord) -> None:
    """Audit a read answered without a session of the request's (a kept answer, on the loop).

    Committed by the audit writer, in a batch with other requests' rows, before it returns.
    """
    await audit_writer_of(request).write_async([record])


def note_case_audit(
    session: Session,
    account: Account,
    action: str,
    case_id: int,
    detail: str = "",
    *,
    seen: Case | None = None,
) -> None:
    """Audit a read of, or a change to, a case the account may see: marked as the case.

    ``seen`` is the case as this request already read it through ``visible_case`` (or a view
    built on it), so its row is not read again; otherwise the case is read and checked here.
    """
    if seen is None or seen.id != case_id:
        seen = visible_case(session, account, case_id)
    note_audit(session, account.username, action, "case", case_id, detail, marking=seen.marking)


def note_own_audit(
    session: Session, account: Account, action: str, kind: str, detail: str = ""
) -> None:
    """Audit what the account typed themselves (a search, a query): marked at their ceiling."""
    note_audit(session, account.username, action, kind, "", detail, marking=ceiling(account.reader))


def export_non_paper(
    session: Session, account: Account, view: TelegramView, for_state: str
) -> NonPaper:
    """The non-paper for a host state from the account's copy of a telegram (analyst), audited.

    Raises:
        ForbiddenError: the account is not an analyst.
        InputError: an unknown or U.S. state, or nothing releasable to it.
    """
    require(account, Role.ANALYST)
    paper = compose_non_paper(view.telegram, for_state)
    detail = f"for {for_state}"
    note_audit(
        session, account.username, "export", "telegram", view.id, detail, marking=paper.banner
    )
    return paper


def is_api_path(path: str) -> bool:
    """Whether a path answers JSON (the API and its spec) rather than pages."""
    return path.startswith("/api") or path == "/openapi.json"


def _bearer(request: Request) -> str:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    return token.strip() if scheme.lower() == "bearer" else ""


async def _resolve(request: Request, token: str, kind: LoginKind) -> IssuedLogin:
    kept = getattr(request.state, _KEPT_LOGIN, None)
    if kept is not None and kept[0] is kind and kept[1].token == token:
        login: IssuedLogin = kept[1]  # resolved before the body was read (web.bodies)
        return login
    # One indexed read on the lookup's own connection, outside the request's transaction (a
    # read lock held for the whole request would block the handler's own writes on SQLite);
    # on PostgreSQL awaited, with the logins other requests ask for meanwhile.
    login = await read_login(logins_of(request), token, kind)
    setattr(request.state, _KEPT_LOGIN, (kind, login))
    return login


_KEPT_LOGIN = "overflight_login"


def kept_page_login(request: Request) -> IssuedLogin | None:
    """The page login this request already resolved, if any (an error page keeps the menu)."""
    kept = getattr(request.state, _KEPT_LOGIN, None)
    if kept is None or kept[0] is not LoginKind.COOKIE:
        return None
    login: IssuedLogin = kept[1]
    return login


def require_case_analyst(session: Session, account: Account, case_id: int) -> None:
    """A change to a case: the case must be visible (else the usual 404), then the analyst role.

    Raises:
        NotVisibleError: no such case for this reader (whatever their role).
        ForbiddenError: the account is not an analyst.
    """
    visible_case(session, account, case_id)
    require(account, Role.ANALYST)


def attempt_login(
    request: Request, session: Session, username: str, password: str
) -> Account | None:
    """``authenticate``, with failures counted against the client's address.

    Raises:
        TooManyLoginsError: this address failed too often lately (checked before the password).
        AccountLockedError: the account is locked.
    """
    throttle: LoginThrottle = request.app.state.login_throttle
    address = request.client.host if request.client else ""
    now = datetime.now(UTC)
    throttle.check(session, address, now)
    attempt = throttle.attempt(session, address, username, now)
    account = authenticate(session, username, password)  # a refusal commits the failure
    if account is not None:
        attempt.succeeded()
    return account


async def _api_login(request: Request) -> IssuedLogin:
    token = _bearer(request)
    if token:
        login = await _resolve(request, token, LoginKind.BEARER)
    else:
        login = await _resolve(request, request.cookies.get(COOKIE_NAME, ""), LoginKind.COOKIE)
    request.state.account = login.account
    return login


async def current_login(request: Request) -> IssuedLogin:
    """The login of an API request: a bearer token, else the page cookie.

    Async, as are the other login dependencies: read on the event loop, no thread (in place on
    SQLite; on PostgreSQL awaited, so the loop serves other requests meanwhile).

    Raises:
        NotAuthenticatedError: no valid login (the app answers 401).
        ForbiddenError: a change made with the cookie lacks the login's CSRF header.
    """
    login = await _api_login(request)
    if not _bearer(request) and request.method not in _READING_METHODS:
        check_csrf(login, request.headers.get("x-csrf-token", ""))
    return login


async def authenticate_request(request: Request) -> IssuedLogin:
    """The login of a request that needs one, from its headers alone: before its body is read.

    The API takes a bearer token, else the page cookie; pages take the cookie. Read on the
    event loop, as ``current_login`` reads. The login is kept on the request, so the route's
    own dependency asks the store nothing more. CSRF and roles are the route's: checked after.

    Raises:
        NotAuthenticatedError: an API request without a valid login (the app answers 401).
        PageLoginRequiredError: a page request without one (sent to the login page).
    """
    if is_api_path(request.url.path):
        return await _api_login(request)
    return await page_login(request)


async def page_login(request: Request) -> IssuedLogin:
    """The login of a page request (cookie only).

    Raises:
        PageLoginRequiredError: no valid login (the app redirects to the login page).
    """
    try:
        login = await _resolve(request, request.cookies.get(COOKIE_NAME, ""), LoginKind.COOKIE)
    except NotAuthenticatedError as err:
        expired = isinstance(err, ExpiredLoginError)
        raise PageLoginRequiredError(str(err), expired=expired) from None
    request.state.account = login.account
    return login


CurrentLogin = Annotated[IssuedLogin, Depends(current_login)]


def check_csrf(login: IssuedLogin, sent: str) -> None:
    """Refuse a change whose CSRF token is not the login's.

    Raises:
        ForbiddenError: the token is missing or wrong.
    """
    if not sent or not hmac.compare_digest(sent, login.csrf_token):
        raise ForbiddenError("missing or wrong CSRF token: reload the page and try again")


PageLogin = Annotated[IssuedLogin, Depends(page_login)]


async def _admin_login(login: CurrentLogin) -> IssuedLogin:
    require(login.account, Role.ADMIN)
    return login


async def _admin_page_login(login: PageLogin) -> IssuedLogin:
    require(login.account, Role.ADMIN)
    return login


AdminLogin = Annotated[IssuedLogin, Depends(_admin_login)]
AdminPageLogin = Annotated[IssuedLogin, Depends(_admin_page_login)]


def _case_analyst(case_id: PathId, session: DbSession, login: CurrentLogin) -> IssuedLogin:
    require_case_analyst(session, login.account, case_id)
    return login


def _case_analyst_page(
    case_id: PathId,
    session: DbSession,
    login: PageLogin,
    csrf_token: Annotated[str, Form()] = "",
) -> IssuedLogin:
    check_csrf(login, csrf_token)
    require_case_analyst(session, login.account, case_id)
    return login


CaseAnalyst = Annotated[IssuedLogin, Depends(_case_analyst)]
"""An API change to case ``case_id``: visible to the reader (else 404), then the analyst role."""
CaseAnalystPage = Annotated[IssuedLogin, Depends(_case_analyst_page)]
"""A form that changes case ``case_id``: its CSRF token, the case visible, the analyst role."""
