"""Admin pages for the screening lists (``/admin/lists``) and the audit log (``/admin/audit``).

Only admins see them (``AdminPageLogin`` refuses others with the 403 page before anything is
read). An import goes through ``deps.import_screening_list``, as ``POST /api/lists`` does; an
unreadable or oversized file re-renders the page with the message, and nothing is stored.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel
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
from overflight.services.lists import stored_list_versions
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
from overflight.web.uploads import UploadTooLargeError, read_upload_form

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
    except (ParseError, InputError) as err:  # the newest stored version no longer reads
        label, broken = "", str(err)
    return render_page(
        request,
        "lists.html",
        UNCLASSIFIED,
        code,
        login=login,
        label=label,
        broken=broken,
        in_use=lists.list_version_id,
        versions=stored_list_versions(session, LISTED_FILES),
        shown=LISTED_FILES,
        limit=settings_of(request).max_list_bytes,
        error=error,
    )


@page_router.get("/admin/lists")
def lists_page(request: Request, session: DbSession, login: AdminPageLogin) -> Response:
    """The list screened against now, the stored imports, and a form to import one (admin)."""
    note_audit(session, login.account.username, "read", "lists", "", "list", marking=UNCLASSIFIED)
    return _lists_page(request, session, login)


class _ImportFields(BaseModel):
    """The import form's field beside its ``file``."""

    csrf_token: str = ""


@page_router.post("/admin/lists")
async def import_list_page(request: Request, login: AdminPageLogin) -> Response:
    """Import a list file from the page's form; a refused file is shown above the form.

    The admin role is checked before the form is read, its CSRF token before the file is used.
    """
    limit = settings_of(request).max_list_bytes
    try:
        fields, upload = await read_upload_form(request, _ImportFields, limit)
        check_csrf(login, fields.csrf_token)
        if upload is None:
            raise InputError("file", "choose a list file to import")
        # Reading and indexing a large list takes seconds: not on the event loop.
        await run_in_threadpool(
            import_screening_list, request, login.account.username, upload.name, upload.body
        )
    except UploadTooLargeError as err:
        return await run_in_threadpool(_refused, request, login, 413, err.message)
    except (ParseError, InputError) as err:
        return await run_in_threadpool(_refused, request, login, 422, str(err))
    return RedirectResponse("/admin/lists", status_code=303)


def _refused(request: Request, login: IssuedLogin, code: int, error: str) -> HTMLResponse:
    with store_of(request).session() as session, session.begin():
        return _lists_page(request, session, login, code, error)


@page_router.get("/admin/audit")
def audit_page(
    request: Request,
    session: DbSession,
    login: AdminPageLogin,
    user: str = "",
    action: str = "",
    limit: Annotated[int, Query(ge=1, le=AUDIT_ROWS_MAX)] = AUDIT_ROWS_DEFAULT,
) -> Response:
    """The latest audit rows, newest first, filtered by user and action (admin).

    ``limit`` is 1 to ``AUDIT_ROWS_MAX`` rows (else the 422 page).
    """
    rows = limit
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
