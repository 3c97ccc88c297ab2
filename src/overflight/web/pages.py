"""Server-rendered pages: login, case board, case with map and timeline, screening, telegram.

Every form POST carries the login's CSRF token; the login form, made before any login exists,
uses a double-submit cookie instead.
"""

from __future__ import annotations

import hmac
import secrets
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel

from overflight.cables import format_non_paper
from overflight.cases import OutcomeKind, StateResponse
from overflight.errors import OverflightError, ParseError
from overflight.markings import UNCLASSIFIED, Marking, ceiling, compute_banner
from overflight.services.accounts import (
    AccountLockedError,
    LoginKind,
    Role,
    end_login,
    require,
    start_login,
)
from overflight.services.audit import (
    AuditRecord,
    record_audit,
)
from overflight.services.case_similar import visible_similar_cases
from overflight.services.coordination import (
    draft_case_telegram,
    meet_case_deadline,
    record_case_outcome,
    record_case_response,
)
from overflight.services.interdiction import parse_stance_overrides
from overflight.services.submission import screen_submitted
from overflight.services.web import (
    open_case_view,
    open_telegram,
    visible_cases,
)
from overflight.store import Session
from overflight.web.case_api import cancel_job, start_case_chokepoints
from overflight.web.casepage import case_page_of
from overflight.web.deps import (
    COOKIE_NAME,
    CaseAnalystPage,
    DbSession,
    FormDate,
    PageLogin,
    PathId,
    ScreeningReference,
    answers_of,
    attempt_login,
    audit_read,
    audit_writer_of,
    check_csrf,
    export_non_paper,
    kept_page_login,
    note_audit,
    note_case_audit,
    page_login,
    settings_of,
    store_of,
)
from overflight.web.jobs import jobs_of
from overflight.web.kept_answers import KeptAnswer
from overflight.web.uploads import (
    ENVELOPE_BYTES,
    UploadTooLargeError,
    read_upload_form,
    submitted,
)

__all__ = ["error_page", "public_router", "render_page", "router", "templates"]

templates = Jinja2Templates(directory=Path(__file__).with_name("templates"))
public_router = APIRouter(include_in_schema=False)
router = APIRouter(include_in_schema=False, dependencies=[Depends(page_login)])
_LOGIN_CSRF = "overflight_login_csrf"
BOARD_PAGE = 100  # cases per board page


def render_page(
    request: Request, name: str, banner: Marking, code: int = 200, **context: Any
) -> HTMLResponse:
    """A page with its banner on top and at the bottom: the highest marking it shows."""
    return templates.TemplateResponse(
        request, name, {**context, "banner": banner}, status_code=code
    )


def error_page(request: Request, status: int, message: str) -> Response:
    """An error as a page (the API answers JSON instead), with the menu for a logged-in reader."""
    return render_page(
        request,
        "error.html",
        UNCLASSIFIED,
        status,
        status=status,
        phrase=_phrase(status),
        message=message,
        login=kept_page_login(request),
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return ""


@public_router.get("/login")
def login_form(request: Request, expired: int = 0, failed: int = 0, locked: int = 0) -> Response:
    """The login page."""
    token = secrets.token_urlsafe(24)
    message = ""
    if expired:
        message = "Your session has expired or you are not logged in: log in again."
    if failed:
        message = "Wrong user name or password."
    if locked:
        message = "Too many failed logins: try again later."
    response = render_page(request, "login.html", UNCLASSIFIED, csrf_token=token, message=message)
    response.set_cookie(
        _LOGIN_CSRF,
        token,
        httponly=True,
        samesite="strict",
        secure=settings_of(request).secure_cookies,
    )
    return response


@public_router.post("/login")
def login(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Check the password; on success set the session cookie and go to the case board."""
    cookie = request.cookies.get(_LOGIN_CSRF, "")
    if not cookie or not hmac.compare_digest(cookie, csrf_token):
        return error_page(request, 403, "missing or wrong CSRF token: reload the login page")
    try:
        account = attempt_login(request, session, username, password)
    except AccountLockedError:
        return RedirectResponse("/login?locked=1", status_code=303)
    if account is None:
        return RedirectResponse("/login?failed=1", status_code=303)
    settings = settings_of(request)
    issued = start_login(session, account, LoginKind.COOKIE, ttl=settings.session_ttl)
    record_audit(
        session, account.username, "login", "user", account.id, "page session", marking=UNCLASSIFIED
    )
    response = RedirectResponse("/", status_code=303)
    response.set_cookie(
        COOKIE_NAME,
        issued.token,
        max_age=int(settings.session_ttl.total_seconds()),
        httponly=True,
        samesite="strict",
        secure=settings.secure_cookies,
    )
    response.delete_cookie(_LOGIN_CSRF)
    return response


@router.post("/logout")
def logout(
    session: DbSession, login: PageLogin, csrf_token: Annotated[str, Form()] = ""
) -> Response:
    """End the page session."""
    check_csrf(login, csrf_token)
    end_login(session, login.token)
    response = RedirectResponse("/login", status_code=303)
    response.delete_cookie(COOKIE_NAME)
    return response


@router.get("/")
async def board(
    request: Request,
    login: PageLogin,
    q: str = "",
    page: Annotated[int, Query(ge=1)] = 1,
) -> Response:
    """The case board: status, latest verdict, deadlines; overdue first, a page at a time.

    Kept by the worker until the store changes (``web.kept_answers``) for this login alone
    (the page names the reader and holds the login's CSRF token); audited either way, as a
    search at the reader's ceiling.
    """
    now = datetime.now(UTC)

    def build(session: Session) -> KeptAnswer:
        found = visible_cases(session, login.account, now, q)
        pages = max(1, -(-len(found) // BOARD_PAGE))
        shown = found[(page - 1) * BOARD_PAGE : page * BOARD_PAGE]
        rendered = render_page(
            request,
            "board.html",
            compute_banner(s.case.marking for s in shown),  # the titles it lists
            login=login,
            cases=shown,
            q=q,
            page=page,
            pages=pages,
            total=len(found),
        )
        return KeptAnswer(bytes(rendered.body), ceiling(login.account.reader))

    key = ("board", q, page, login.account, login.csrf_token)
    kept = await answers_of(request).answer(key, login, now, store_of(request), build)
    detail = f"board q={q!r} page={page}"
    who = login.account.username
    await audit_read(request, AuditRecord(who, "read", "case", "", detail, kept.marking))
    return HTMLResponse(kept.body)


@router.get("/cases/{case_id}")
def case_page(request: Request, case_id: PathId, session: DbSession, login: PageLogin) -> Response:
    """One case: why it exists, the route, the flight's story, engagements, telegrams.

    A ``?job=`` this reader did not start here (or the server forgot) is said to be unknown,
    rather than followed into a 404.
    """
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    policy = settings_of(request).reference.policy
    similar = visible_similar_cases(session, login.account, case_id, policy, seen=view.case)
    note_case_audit(session, login.account, "read", case_id, seen=view.case)
    page = case_page_of(view)
    job = request.query_params.get("job", "")
    job_unknown = ""
    if job and jobs_of(request).get(session, job, login.account.username) is None:
        job, job_unknown = "", job
    return render_page(
        request,
        "case.html",
        similar.banner(view.banner),
        login=login,
        page=page,
        job=job,
        job_unknown=job_unknown,
        may_act=login.account.may(Role.ANALYST) and not page.closed,
        responses=list(StateResponse),
        outcomes=list(OutcomeKind),
        similar=similar,
    )


@router.post("/cases/{case_id}/telegrams")
def draft_telegram_page(
    request: Request,
    case_id: PathId,
    session: DbSession,
    login: CaseAnalystPage,
    kind: Annotated[str, Form()] = "action",
    serial: Annotated[str, Form()] = "",
) -> Response:
    """Draft the case's action request or thank-you, keep it, and show it."""
    draft = draft_case_telegram(
        session,
        login.account,
        case_id,
        kind,
        serial,
        datetime.now(UTC),
        keep=True,
        desk=settings_of(request).desk,
    )
    note_case_audit(session, login.account, "change", case_id, f"{kind} {draft.serial}")
    return RedirectResponse(f"/telegrams/{draft.id}", status_code=303)


@router.post("/cases/{case_id}/engagements/{engagement_id}/response")
def engagement_response_page(
    case_id: PathId,
    engagement_id: PathId,
    session: DbSession,
    login: CaseAnalystPage,
    response: Annotated[str, Form()] = "",
    responded_on: Annotated[FormDate | None, Form()] = None,
) -> Response:
    """Record a state's response to a demarche; back to the case."""
    now = datetime.now(UTC)
    record_case_response(
        session, login.account, case_id, engagement_id, response, now, responded_on=responded_on
    )
    note_case_audit(session, login.account, "change", case_id, f"response {response}")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/deadlines/{deadline_id}/met")
def deadline_met_page(
    case_id: PathId,
    deadline_id: PathId,
    session: DbSession,
    login: CaseAnalystPage,
) -> Response:
    """Mark a reporting deadline met today; back to the case."""
    meet_case_deadline(session, login.account, case_id, deadline_id, datetime.now(UTC))
    note_case_audit(session, login.account, "change", case_id, "deadline met")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/outcomes")
def outcome_page(
    case_id: PathId,
    session: DbSession,
    login: CaseAnalystPage,
    kind: Annotated[str, Form()] = "",
    note: Annotated[str, Form()] = "",
) -> Response:
    """Record what became of the flight; back to the case."""
    record_case_outcome(session, login.account, case_id, kind, datetime.now(UTC), note)
    note_case_audit(session, login.account, "change", case_id, f"outcome {kind}")
    return RedirectResponse(f"/cases/{case_id}", status_code=303)


@router.post("/cases/{case_id}/chokepoints")
def case_chokepoints_page(
    request: Request,
    case_id: PathId,
    session: DbSession,
    login: PageLogin,
    csrf_token: Annotated[str, Form()] = "",
    aircraft: Annotated[str, Form()] = "",
    max_size: Annotated[int, Form()] = 2,
    stances: Annotated[str, Form()] = "",
) -> Response:
    """Start a chokepoint analysis for the case; back to the case, which follows the job.

    ``stances``: the case's own view of states, ``TR=cooperating, KZ=denying``.
    """
    check_csrf(login, csrf_token)
    job = start_case_chokepoints(
        request,
        session,
        login.account,
        case_id,
        aircraft=aircraft,
        max_size=max_size,
        stances=parse_stance_overrides(stances.replace(",", " ").split(), "stances"),
    )
    return RedirectResponse(f"/cases/{case_id}?job={job.id}", status_code=303)


@router.post("/cases/{case_id}/jobs/{job_id}/cancel")
def cancel_case_job_page(
    request: Request,
    case_id: int,
    job_id: str,
    session: DbSession,
    login: PageLogin,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Cancel an analysis of the case you started; back to the case, which follows it stopping.

    Anyone else's job, or one of another case, is the 404 page of a missing job.
    """
    check_csrf(login, csrf_token)
    cancel_job(request, session, login.account, job_id, case_id)
    return RedirectResponse(f"/cases/{case_id}?job={job_id}", status_code=303)


@router.get("/telegrams/{telegram_id}")
def telegram_page(
    request: Request, telegram_id: PathId, session: DbSession, login: PageLogin
) -> Response:
    """A telegram cut to the reader's portions, with the banner of what they see."""
    view = open_telegram(session, login.account, telegram_id)
    note_audit(
        session, login.account.username, "read", "telegram", telegram_id, marking=view.banner
    )
    may_export = login.account.may(Role.ANALYST)
    return render_page(
        request, "telegram.html", view.banner, login=login, view=view, may_export=may_export
    )


@router.get("/telegrams/{telegram_id}/non-paper")
def non_paper_page(
    request: Request,
    telegram_id: PathId,
    session: DbSession,
    login: PageLogin,
    for_state: Annotated[str, Query(alias="for")] = "",
) -> Response:
    """The non-paper for a host state, made from the reader's copy (analyst)."""
    view = open_telegram(session, login.account, telegram_id)
    paper = export_non_paper(session, login.account, view, for_state)
    text = format_non_paper(paper)
    return render_page(request, "non_paper.html", paper.banner, login=login, view=view, text=text)


@router.get("/screen")
def screen_form(request: Request, login: PageLogin) -> Response:
    """Paste a flight plan or upload a permit request."""
    limit = settings_of(request).max_upload_bytes
    return render_page(
        request, "screen.html", UNCLASSIFIED, login=login, outcome=None, error="", limit=limit
    )


class _ScreenPageFields(BaseModel):
    """The screening form's fields beside its ``file``."""

    csrf_token: str = ""
    text: str = ""
    record: bool = False
    marking: str = ""


@router.post("/screen")
async def screen_page(
    request: Request, login: PageLogin, reference: ScreeningReference
) -> Response:
    """Screen what was sent and show each explained verdict (and the case it opened).

    The form is read after the login (``PageLogin``); then its CSRF token is checked.
    """
    limit = settings_of(request).max_upload_bytes
    try:
        fields, upload = await read_upload_form(
            request, _ScreenPageFields, limit, text_limit=limit + ENVELOPE_BYTES
        )
        check_csrf(login, fields.csrf_token)
        if fields.record:
            require(login.account, Role.ANALYST)
        source, raw = submitted(upload, fields.text, limit)
    except UploadTooLargeError:
        # The form again, empty (what was sent is not kept: it is over the limit), and why.
        said = (
            f"What you sent is larger than the limit of {limit:,} bytes, so nothing was "
            "screened. Send fewer messages at a time (split the file or the paste) and try again."
        )
        return render_page(
            request,
            "screen.html",
            UNCLASSIFIED,
            413,
            login=login,
            outcome=None,
            error=said,
            limit=limit,
        )
    text = fields.text
    try:
        outcome = await run_in_threadpool(  # CPU work; its audit row waits for the writer
            screen_submitted,
            store_of(request),
            login.account,
            raw,
            source,
            reference,
            record=fields.record,
            marking=fields.marking,
            writer=audit_writer_of(request),
        )
    except (ParseError, OverflightError) as err:
        own = ceiling(login.account.reader)  # the text shown again is theirs, unmarked
        return render_page(
            request,
            "screen.html",
            own,
            422,
            login=login,
            outcome=None,
            error=str(err),
            text=text,
            limit=limit,
        )
    return render_page(
        request,
        "screen.html",
        outcome.marking,
        login=login,
        outcome=outcome,
        error="",
        text=text,
        limit=limit,
    )
