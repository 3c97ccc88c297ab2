"""Admin pages for the screening lists (``/admin/lists``) and the audit log (``/admin/audit``).

Only admins see them (``AdminPageLogin`` refuses others with the 403 page before anything is
read). An import goes through ``deps.import_screening_list``, as ``POST /api/lists`` does; an
unreadable or oversized file re-renders the page with the message, and nothing is stored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from starlette.concurrency import run_in_threadpool

from overflight.errors import InputError, ParseError
from overflight.markings import UNCLASSIFIED, compute_banner
from overflight.services.accounts import (
    IssuedLogin,
)
from overflight.services.audit import (
    AUDIT_ROWS_DEFAULT,
    AUDIT_ROWS_MAX,
)
from overflight.services.lists import stored_list_files
from overflight.services.web import visible_audit_trail
from overflight.store import Session
from overflight.web.deps import (
    AdminPageLogin,
    DbSession,
    check_csrf,
    import_screening_list,
    note_audit,
    note_own_audit,
    page_login,
    screening_lists_of,
    settings_of,
    store_of,
)
from overflight.web.pages import render_page
from overflight.web.uploads import UploadTooLargeError, read_upload

__all__ = ["LISTED_FILES", "page_router"]

page_router = APIRouter(include_in_schema=False, dependencies=[Depends(page_login)])

LISTED_FILES = 50  # stored imports shown on the lists page, newest first


def _lists_page(
    request: Request, session: Session, login: IssuedLogin, code: int = 200, error: str = ""
) -> HTMLResponse:
    lists = screening_lists_of(request)
    broken = ""
    try:
        label = lists.current(session).lists_label
    except (ParseError, InputError) as err:  # the newest stored file no longer reads
        label, broken = "", str(err)
    return render_page(
        request,
        "lists.html",
        UNCLASSIFIED,
        code,
        login=login,
        label=label,
        broken=broken,
        in_use=lists.list_file_id,
        files=stored_list_files(session, LISTED_FILES),
        shown=LISTED_FILES,
        limit=settings_of(request).max_list_bytes,
        error=error,
    )


@page_router.get("/admin/lists")
def lists_page(request: Request, session: DbSession, login: AdminPageLogin) -> Response:
    """The list screened against now, the stored imports, and a form to import one (admin)."""
    note_audit(session, login.account.username, "read", "lists", "", "list", marking=UNCLASSIFIED)
    return _lists_page(request, session, login)


@page_router.post("/admin/lists")
async def import_list_page(
    request: Request,
    login: AdminPageLogin,
    file: Annotated[UploadFile | None, File()] = None,
    csrf_token: Annotated[str, Form()] = "",
) -> Response:
    """Import a list file from the page's form; a refused file is shown above the form."""
    check_csrf(login, csrf_token)
    try:
        if file is None or not file.filename:
            raise InputError("file", "choose a list file to import")
        name, body = await read_upload(request, file, "", settings_of(request).max_list_bytes)
        # Reading and indexing a large list takes seconds: not on the event loop.
        await run_in_threadpool(import_screening_list, request, login.account.username, name, body)
    except UploadTooLargeError as err:
        return await run_in_threadpool(_refused, request, login, 413, err.message)
    except (ParseError, InputError) as err:
        return await run_in_threadpool(_refused, request, login, 422, str(err))
    return RedirectResponse("/admin/lists", status_code=303)


def _refused(request: Request, login: IssuedLogin, code: int, error: str) -> HTMLResponse:
    with store_of(request).session() as session, session.begin():
        return _lists_page(request, session, login, code, error)


def _audit_limit(text: str) -> int:
    """The ``limit`` query parameter: 1 to ``AUDIT_ROWS_MAX`` rows (200 when not given)."""
    if not text.strip():
        return AUDIT_ROWS_DEFAULT
    if not text.strip().isdigit() or not 1 <= int(text) <= AUDIT_ROWS_MAX:
        raise InputError("limit", f"{text!r}: give a number of rows from 1 to {AUDIT_ROWS_MAX}")
    return int(text)


@page_router.get("/admin/audit")
def audit_page(
    request: Request,
    session: DbSession,
    login: AdminPageLogin,
    user: str = "",
    action: str = "",
    limit: str = "",
) -> Response:
    """The latest audit rows, newest first, filtered by user and action (admin)."""
    rows = _audit_limit(limit)
    user, action = user.strip(), action.strip()
    entries = visible_audit_trail(session, login.account, username=user, action=action, limit=rows)
    detail = f"user={user!r} action={action!r} limit={rows}"
    note_own_audit(session, login.account, "read", "audit", detail)
    return render_page(
        request,
        "audit.html",
        compute_banner(e.marking for e in entries),
        login=login,
        entries=entries,
        user=user,
        action=action,
        limit=rows,
        max_limit=AUDIT_ROWS_MAX,
    )
