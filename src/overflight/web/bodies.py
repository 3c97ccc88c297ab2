"""Request bodies: bounded in size, and never read before the login that may send them.

FastAPI reads (and python-multipart spools to disk) a form before any dependency runs, so the
login and size checks live here, in an ASGI middleware in front of the routes:

* every request with a body (a ``Content-Length`` above 0, or chunked) to a path that needs
  a login (all but ``/login``, ``POST /api/token`` and ``/static/``) is authenticated first,
  from its headers alone (``deps.authenticate_request``:
  bearer or cookie for the API, cookie for pages). Without a valid login it gets the app's 401
  or redirect and not a byte of its body is read. The login found is kept for the route's
  own dependency, which then asks the store nothing;
* a declared ``Content-Length`` over the route's limit is refused (413) as soon as the route
  asks for the body, before a byte of it is read: after the route's checks that need no body
  (an admin-only import answers a viewer 403 first);
* a body sent without one (chunked) is counted as it is read, and refused (413) as soon as it
  passes the limit;
* an answer given while some of the body is unread closes the connection, so the server does
  not take in the rest to keep the connection alive;
* no text may hold a NUL character (PostgreSQL cannot store one: it was a 500) nor, in JSON, a
  lone surrogate (not Unicode: it failed where the text was encoded). A path or query with one
  is a 422 at once; a body with one is a 422 before the route has seen all of it (list files,
  stored as bytes, are read as they are; their name and fields are checked in ``uploads``).

Limits (``BodyLimits.for_path``): screening uploads (``/api/screen``, ``/screen``) take
``max_upload_bytes``, list imports (``/api/lists``, ``/admin/lists``) ``max_list_bytes``, each
with ``ENVELOPE_BYTES`` for the multipart envelope and the small fields beside the file; every
other route takes ``max_form_bytes``. Refusals are the app's own answers (its exception
handlers), so a 413 or a 401 reads the same whichever layer gave it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from starlette.datastructures import MutableHeaders
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from overflight.errors import InputError
from overflight.web.deps import authenticate_request
from overflight.web.settings import WebSettings
from overflight.web.uploads import ENVELOPE_BYTES, UploadTooLargeError

__all__ = ["BodyGuard", "BodyLimit", "BodyLimits", "needs_login"]

_UPLOAD_PATHS = frozenset({"/api/screen", "/screen"})
_LIST_PATHS = frozenset({"/api/lists", "/admin/lists"})
_DIGITS = re.compile(r"[0-9]{1,20}")
_NOT_TEXT = "holds a NUL character or a lone surrogate, which no text here may hold"
_NUL_IN_URL = "holds a NUL character (%00), which no text here may hold"
_NUL = rb"\x00"
_LONE_SURROGATE = (  # a high one not followed by a low one, or a low one without a high one
    rb"\\u[dD][89abAB][0-9a-fA-F]{2}(?!\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    rb"|(?<!\\u[dD][89abAB][0-9a-fA-F]{2})\\u[dD][c-fC-F][0-9a-fA-F]{2}"
)
_NOT_TEXT_IN = {  # by media type: how each writes a NUL character (or a lone surrogate)
    "application/x-www-form-urlencoded": re.compile(_NUL + rb"|%00"),
    "application/json": re.compile(_NUL + rb"|\\u0000|" + _LONE_SURROGATE),
}


@dataclass(frozen=True, slots=True)
class BodyLimit:
    """One route's limit: ``told`` is named in a refusal, ``allowed`` bytes are read at most."""

    told: int
    allowed: int
    what: str  # "file" for an upload, "body" for any other request
    checks_text: bool = True  # False for list files: bytes, stored as sent


@dataclass(frozen=True, slots=True)
class BodyLimits:
    """The largest body each kind of route takes, in bytes."""

    upload_bytes: int
    list_bytes: int
    form_bytes: int

    @classmethod
    def of(cls, settings: WebSettings) -> BodyLimits:
        """The limits an app's settings give."""
        return cls(settings.max_upload_bytes, settings.max_list_bytes, settings.max_form_bytes)

    def for_path(self, path: str) -> BodyLimit:
        """The limit of the route at ``path``."""
        if path in _UPLOAD_PATHS:
            return BodyLimit(self.upload_bytes, self.upload_bytes + ENVELOPE_BYTES, "file")
        if path in _LIST_PATHS:
            return BodyLimit(self.list_bytes, self.list_bytes + ENVELOPE_BYTES, "file", False)
        return BodyLimit(self.form_bytes, self.form_bytes, "body")


def needs_login(method: str, path: str) -> bool:
    """Whether a request must be logged in: all but the login page, a new token, assets."""
    if path == "/login" or path.startswith("/static/"):
        return False
    return not (path == "/api/token" and method == "POST")


class BodyGuard:
    """ASGI middleware: the login first, then the body, and never more of it than its limit."""

    def __init__(self, app: ASGIApp, limits: BodyLimits) -> None:
        self.app = app
        self.limits = limits

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Authenticate, then pass the request on with its body bounded and counted."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        carries_body = _carries_body(request)
        # A request without a body is left to the route's own login dependency: so an unknown
        # path stays a 404 (a redirect of /favicon.ico to /login would reissue the login
        # form's CSRF cookie under the browser's feet).
        if carries_body and needs_login(scope["method"], scope["path"]):
            try:
                await authenticate_request(request)  # one indexed read
            except Exception as err:  # the app's own answer to it (401, redirect), or re-raised
                await _answer(request, err, send, close=True)
                return
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
            where = "path" if "\x00" in scope["path"] else "query"
            await _answer(request, InputError(where, _NUL_IN_URL), send, close=True)
            return
        if not carries_body:  # nothing to count or check
            await self.app(scope, receive, send)
            return
        limit = self.limits.for_path(scope["path"])
        await _CountedBody(self.app, request, limit, receive, send).run()


def _carries_body(request: Request) -> bool:
    declared = request.headers.get("content-length", "").strip()
    return declared not in ("", "0") or "transfer-encoding" in request.headers


class _TextCheck:
    """Finds what no text may hold in a body, chunk by chunk.

    A multipart body is checked a chunk at a time (a raw NUL byte), since a route reads its
    parts as they come; any other body is held and checked whole at its last chunk (a form or
    JSON is only parsed once it is all in), so a pattern cut between two chunks is found.
    """

    def __init__(self, content_type: str, checks_text: bool) -> None:
        media = content_type.split(";", 1)[0].strip().lower()
        self.streamed = media.startswith("multipart/")
        self.pattern = _NOT_TEXT_IN.get(media, re.compile(_NUL)) if checks_text else None
        self.held = bytearray()

    def finds(self, chunk: bytes, last: bool) -> bool:
        if self.pattern is None:
            return False
        if self.streamed:
            return self.pattern.search(chunk) is not None
        self.held += chunk
        return last and self.pattern.search(self.held) is not None


class _CountedBody:
    """One request passed on with its body counted and checked; a refusal replaces the answer.

    Past the limit the answer is a 413, with text no request may hold a 422. A declared length
    over the limit is refused when the route first asks for the body, so that the checks a
    route makes before it (its role) still answer first.
    """

    def __init__(
        self, app: ASGIApp, request: Request, limit: BodyLimit, receive: Receive, send: Send
    ) -> None:
        self.app = app
        self.request = request
        self.limit = limit
        self.receive = receive
        self.send = send
        declared = request.headers.get("content-length", "").strip()
        self.declared_over = bool(declared) and (
            not _DIGITS.fullmatch(declared) or int(declared) > limit.allowed
        )
        self.text = _TextCheck(request.headers.get("content-type", ""), limit.checks_text)
        self.unread = _carries_body(request)  # some of the body is still to come
        self.read = 0
        self.refusal: tuple[int, Exception] | None = None  # the status and error answered
        self.started = False
        self.refused = False

    async def run(self) -> None:
        try:
            await self.app(self.request.scope, self._receive, self._send)
        except Exception:
            if self.refusal is None or self.started:
                raise
            await self._refuse()

    def _refusing(self, status: int, err: Exception) -> Exception:
        self.refusal = (status, err)
        return err

    async def _receive(self) -> Message:
        if self.refusal is not None:
            raise self.refusal[1]
        if self.declared_over:
            raise self._refusing(413, UploadTooLargeError(self.limit.told, self.limit.what))
        message = await self.receive()
        if message["type"] == "http.request":
            chunk = message.get("body", b"")
            self.read += len(chunk)
            self.unread = bool(message.get("more_body", False))
            if self.read > self.limit.allowed:
                raise self._refusing(413, UploadTooLargeError(self.limit.told, self.limit.what))
            if self.text.finds(chunk, last=not self.unread):
                raise self._refusing(422, InputError("body", _NOT_TEXT))
        elif message["type"] == "http.disconnect":
            self.unread = False
        return message

    async def _send(self, message: Message) -> None:
        # Whatever the app made of the error (FastAPI turns it into a 400 while parsing a
        # form), a refused body is answered 413 or 422, unless the app already said so.
        if message["type"] == "http.response.start" and not self.started:
            self.started = True
            if self.refusal is not None and message["status"] != self.refusal[0]:
                await self._refuse()
            elif self.refusal is not None or self.unread:  # answered with a body unread
                MutableHeaders(scope=message)["Connection"] = "close"
        if self.refused:
            return
        await self.send(message)

    async def _refuse(self) -> None:
        if self.refusal is None:  # only called once a refusal was noted
            return
        self.started = self.refused = True
        await _answer(self.request, self.refusal[1], self.send, close=True)


async def _answer(request: Request, err: Exception, send: Send, *, close: bool) -> None:
    """Send the app's answer to ``err`` (its exception handler); re-raise if it has none.

    With ``close``, the answer ends the connection: the server then reads no more of a body
    left unread, rather than take it all in to keep the connection alive.
    """
    handlers = request.app.exception_handlers
    for kind in type(err).__mro__:
        if kind in handlers:
            response: Response = await handlers[kind](request, err)
            if close:
                response.headers["Connection"] = "close"
            await response(request.scope, _no_body, send)
            return
    raise err


async def _no_body() -> Message:
    return {"type": "http.disconnect"}
