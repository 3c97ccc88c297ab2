"""The app factory: store, routers, static files, and the one place errors become responses.

Nothing but the login page, the token endpoint and static assets answers without a login:
``web.bodies`` authenticates every other request before its body is read, the API router and
the page router carry the login dependency as well, and ``/openapi.json`` is served by an
authenticated route of our own (FastAPI's public docs routes are turned off).
"""

from __future__ import annotations

import gc
import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import anyio.to_thread
import xstatic.pkg.leaflet
from fastapi import Depends, FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from overflight.errors import InputError, OverflightError, Param, ParseError
from overflight.markings import ceiling
from overflight.services.accounts import (
    ForbiddenError,
    NotAuthenticatedError,
)
from overflight.services.audit import (
    AuditWriter,
    record_audit,
)
from overflight.services.lists import StoredReference
from overflight.services.web import NotVisibleError
from overflight.store import LoginLookup, open_store, use_write_ahead_log
from overflight.web import admin, api, case_api, live, pages, users
from overflight.web.bodies import BodyGuard, BodyLimits
from overflight.web.deps import (
    PageLoginRequiredError,
    current_login,
    is_api_path,
)
from overflight.web.jobs import JobRunner, TooManyJobsError
from overflight.web.kept_answers import AnswerCache
from overflight.web.settings import WebSettings
from overflight.web.throttle import LoginThrottle, TooManyLoginsError
from overflight.web.uploads import UploadTooLargeError

__all__ = ["create_app"]

STATIC = Path(__file__).with_name("static")
REQUEST_THREADS = 8
"""Sync handlers run at once per worker (anyio's default is 40): the GIL runs one at a time,
and the store's pool (``store.sql``) has a connection for each, so none waits for one."""


def create_app(settings: WebSettings | None = None) -> FastAPI:
    """Build the web app on the store named in ``settings`` (migrated on open)."""
    config = settings or WebSettings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        anyio.to_thread.current_default_thread_limiter().total_tokens = REQUEST_THREADS
        # What is loaded by now (modules, the app, the store's tables, the airspace) lives as
        # long as the worker: out of the cycle collector's sight, its full passes no longer
        # walk it, and each one stopped every request for tens of ms (p99 133 -> 40 ms, me).
        gc.freeze()
        yield
        gc.unfreeze()  # an app in a longer process (a test) leaves the collector as it was
        _report_kept_answers(app.state.answers)
        app.state.jobs.shutdown()
        app.state.audit_writer.close()
        app.state.logins.close()
        app.state.store.close()

    app = FastAPI(
        title="overflight",
        summary="Screen flights, follow cases, read telegrams cut to your clearance.",
        version="0.1",
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        lifespan=lifespan,
    )
    app.state.settings = config
    app.state.store = open_store(config.database)
    # Every read writes an audit row: on SQLite, WAL lets those writes pass concurrent reads.
    use_write_ahead_log(app.state.store.engine)
    app.state.audit_writer = AuditWriter(app.state.store)
    app.state.logins = LoginLookup(app.state.store.engine)
    app.state.answers = AnswerCache(config.kept_answers)
    app.state.jobs = JobRunner(app.state.store, config.max_jobs, config.max_jobs_per_user)
    app.state.login_throttle = LoginThrottle(
        config.login_failures_per_address, config.login_failure_window
    )
    # Screening uses the newest list file stored by an import (read now), else config.reference.
    app.state.screening_lists = StoredReference(config.reference)
    with app.state.store.session() as session, session.begin():
        app.state.screening_lists.current(session)
    app.mount("/static/leaflet", StaticFiles(directory=xstatic.pkg.leaflet.BASE_DIR), "leaflet")
    app.mount("/static/app", StaticFiles(directory=STATIC), "static")
    app.include_router(api.public_router)
    app.include_router(api.router)
    app.include_router(case_api.router)  # /api/cases…, /api/telegrams…, /api/jobs…
    app.include_router(pages.public_router)
    app.include_router(pages.router)
    app.include_router(users.api_router)  # /api/users, /api/me/password
    app.include_router(users.page_router)  # /admin/users, /account/password
    app.include_router(admin.page_router)  # /admin/lists, /admin/audit
    app.include_router(live.api_router)  # /api/watch/aircraft, /api/watch/stream
    app.include_router(live.page_router)  # /watch

    @app.get("/openapi.json", include_in_schema=False, dependencies=[Depends(current_login)])
    def openapi() -> dict[str, Any]:
        return _with_problems(app.openapi())

    _add_error_handlers(app)
    # Inside the security headers, so that its refusals (401, 413) carry them too.
    app.add_middleware(BodyGuard, limits=BodyLimits.of(config))
    _add_security_headers(app, hsts=config.secure_cookies)
    return app


def _report_kept_answers(answers: AnswerCache) -> None:
    """One line on stderr as a worker stops: how often kept answers served (the bench reads it)."""
    if answers.hits or answers.misses:
        line = f"overflight: kept answers: {answers.hits} hits, {answers.misses} misses"
        print(f"{line} (worker {os.getpid()})", file=sys.stderr, flush=True)


_PROBLEM = {
    "title": "Problem",
    "description": "A refusal: what is wrong and where (a parse error adds its position).",
    "type": "object",
    "required": ["detail"],
    "properties": {
        "detail": {"type": "string", "title": "Detail"},
        "what": {"type": "string", "title": "The parameter at fault"},
    },
}


def _with_problems(spec: dict[str, Any]) -> dict[str, Any]:
    """The OpenAPI document, its 422s as they are: a validation error list or a problem.

    FastAPI documents only the list; the app's own refusals (``InputError``, ``ParseError``)
    answer ``{"detail": "...", "what": ...}``. Idempotent: the cached document is amended once.
    """
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    schemas["Problem"] = _PROBLEM
    either = {
        "anyOf": [
            {"$ref": "#/components/schemas/HTTPValidationError"},
            {"$ref": "#/components/schemas/Problem"},
        ]
    }
    for operations in spec.get("paths", {}).values():
        for operation in operations.values():
            invalid = operation.get("responses", {}).get("422")
            if invalid is not None:
                invalid["content"] = {"application/json": {"schema": either}}
    return spec


# Scripts, styles and images come from the app itself; nothing may frame it or be sent elsewhere.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
    "object-src 'none'"
)
_SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
}
# Served over HTTPS (--secure-cookies): browsers must never come back over plain HTTP.
STRICT_TRANSPORT_SECURITY = "max-age=31536000; includeSubDomains"


def _add_security_headers(app: FastAPI, *, hsts: bool) -> None:
    """Every answer gets the security headers; all but static assets get ``no-store``.

    Pages and API answers hold marked material cut to one reader: no browser or proxy may keep
    a copy (``Cache-Control: no-store``). With ``hsts`` (secure cookies, so HTTPS), every answer
    also carries ``Strict-Transport-Security``.
    """
    headers = dict(_SECURITY_HEADERS)
    if hsts:
        headers["Strict-Transport-Security"] = STRICT_TRANSPORT_SECURITY
    app.add_middleware(_SecurityHeaders, headers=headers)


class _SecurityHeaders:
    """ASGI middleware that sets ``headers`` (and ``no-store`` but on assets) on every answer.

    A plain ASGI one: Starlette's ``BaseHTTPMiddleware`` would read the request body while it
    waits for a disconnect, after ``web.bodies`` refused it unread. The headers are encoded once;
    an answer's own header of the same name gives way to ours.
    """

    def __init__(self, app: ASGIApp, headers: dict[str, str]) -> None:
        self.app = app
        raw = [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
        self.assets = (frozenset(k for k, _ in raw), raw)
        raw = [*raw, (b"cache-control", b"no-store")]
        self.answers = (frozenset(k for k, _ in raw), raw)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names, ours = self.assets if scope["path"].startswith("/static/") else self.answers

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                theirs = message.get("headers", ())
                message["headers"] = [h for h in theirs if h[0].lower() not in names] + ours
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _is_api(request: Request) -> bool:
    return is_api_path(request.url.path)


def _answer(request: Request, status: int, message: str, **extra: Any) -> Response:
    if _is_api(request):
        headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
        return JSONResponse({"detail": message, **extra}, status_code=status, headers=headers)
    return pages.error_page(request, status, message)


WEB_FIELDS = {"departure": "dep", "destination": "dest", "for_state": "for"}
"""The web's names for parameters it spells otherwise (``/api/route?dep=…``, ``?for=``)."""


def field_of(param: Param) -> str:
    """How the web names a parameter: its form or query field."""
    return WEB_FIELDS.get(param, str(param))


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(PageLoginRequiredError)
    async def _login_required(request: Request, err: PageLoginRequiredError) -> Response:
        return RedirectResponse("/login" + ("?expired=1" if err.expired else ""), status_code=303)

    @app.exception_handler(NotAuthenticatedError)
    async def _unauthenticated(request: Request, err: NotAuthenticatedError) -> Response:
        if not _is_api(request):
            return RedirectResponse("/login?expired=1", status_code=303)
        return _answer(request, 401, str(err))

    @app.exception_handler(TooManyLoginsError)
    async def _too_many(request: Request, err: TooManyLoginsError) -> Response:
        response = _answer(request, 429, str(err))
        response.headers["Retry-After"] = str(err.retry_after)
        return response

    @app.exception_handler(TooManyJobsError)
    async def _too_many_jobs(request: Request, err: TooManyJobsError) -> Response:
        response = _answer(request, 429, str(err))
        response.headers["Retry-After"] = str(err.retry_after)
        return response

    @app.exception_handler(ForbiddenError)
    async def _forbidden(request: Request, err: ForbiddenError) -> Response:
        return _answer(request, 403, str(err))

    @app.exception_handler(NotVisibleError)
    async def _not_found(request: Request, err: NotVisibleError) -> Response:
        account = getattr(request.state, "account", None)
        if account is not None:  # audited in its own transaction: the request rolled back
            with request.app.state.store.session() as session, session.begin():
                record_audit(
                    session,
                    account.username,
                    "not-found",
                    err.kind,
                    err.object_id,
                    marking=ceiling(account.reader),  # what they typed, not what exists
                )
        return _answer(request, 404, str(err))

    @app.exception_handler(RequestValidationError)
    async def _invalid(request: Request, err: RequestValidationError) -> Response:
        # Where and what, never the value sent: it may be a password (``input``, ``ctx``).
        problems = [
            {"type": e.get("type", ""), "loc": list(e.get("loc", ())), "msg": e.get("msg", "")}
            for e in err.errors()
        ]
        if _is_api(request):
            return JSONResponse({"detail": problems}, status_code=422)
        said = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in problems)
        return pages.error_page(request, 422, f"the request does not read: {said}")

    @app.exception_handler(UploadTooLargeError)
    async def _too_large(request: Request, err: UploadTooLargeError) -> Response:
        return _answer(request, 413, err.message, limit=err.limit)

    @app.exception_handler(ParseError)
    async def _parse_error(request: Request, err: ParseError) -> Response:
        where = {
            "source": err.source,
            "line": err.line,
            "column": err.column,
            "field": err.field,
        }
        return _answer(request, 422, str(err), **where)

    @app.exception_handler(InputError)
    async def _input_error(request: Request, err: InputError) -> Response:
        what = field_of(err.what) if isinstance(err.what, Param) else err.what
        return _answer(request, 422, f"{what}: {err.message}", what=what)

    @app.exception_handler(OverflightError)
    async def _overflight_error(request: Request, err: OverflightError) -> Response:
        return _answer(request, 422, str(err))
