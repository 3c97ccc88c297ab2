"""The live map of watched aircraft: a page, a snapshot and a server-sent event stream.

``overflight watch`` writes where each aircraft of concern was last seen (``watched_aircraft``);
these routes give each reader what they may see of it (``services.live_map``). The stream polls
the store once a second and sends what changed; it ends after ``STREAM_S`` so that a login that
expired or changed is checked again when the browser reconnects (``EventSource`` does so itself).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response, StreamingResponse
from starlette.concurrency import run_in_threadpool

from overflight.services.accounts import Account
from overflight.services.live_map import LivePicture, live_picture
from overflight.web.deps import (
    CurrentLogin,
    DbSession,
    PageLogin,
    current_login,
    note_audit,
    page_login,
    store_of,
)
from overflight.web.pages import render_page
from overflight.web.schemas import LiveAircraft, answer

__all__ = ["STREAM_S", "api_router", "page_router"]

api_router = APIRouter(prefix="/api", tags=["watch"], dependencies=[Depends(current_login)])
page_router = APIRouter(include_in_schema=False, dependencies=[Depends(page_login)])

STREAM_S = 60.0
"""How long one stream lasts before the browser reconnects (and its login is checked again)."""
POLL_S = 1.0

Since = Annotated[int, Query(ge=0, le=2**31 - 1, description="the last seq seen (0: everything)")]


def _body(picture: LivePicture) -> LiveAircraft:
    return LiveAircraft(
        seq=picture.seq, banner=picture.banner.banner(), aircraft=list(picture.sightings)
    )


@page_router.get("/watch")
def watch_page(request: Request, session: DbSession, login: PageLogin) -> Response:
    """The live map: watched aircraft the reader may see, their trails, and their cases."""
    picture = live_picture(session, login.account, 0, datetime.now(UTC))
    note_audit(session, login.account.username, "read", "watch", "", "live map",
               marking=picture.banner)  # fmt: skip
    return render_page(request, "watch.html", picture.banner, login=login, picture=picture)


@api_router.get("/watch/aircraft", response_model=LiveAircraft)
def watched_aircraft(session: DbSession, login: CurrentLogin, since: Since = 0) -> Response:
    """Watched aircraft the reader may see, written after ``since``; ``seq`` to ask from next."""
    return answer(_body(live_picture(session, login.account, since, datetime.now(UTC))))


@api_router.get("/watch/stream", include_in_schema=False)  # an event stream, not JSON
async def watched_stream(request: Request, login: CurrentLogin, since: Since = 0) -> Response:
    """Server-sent events: each second, the watched aircraft the reader may see that changed."""
    return StreamingResponse(
        _events(request, login.account, since),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


async def _events(request: Request, account: Account, since: int) -> AsyncIterator[bytes]:
    store = store_of(request)

    def poll(seq: int) -> LivePicture:
        with store.session() as session, session.begin():
            return live_picture(session, account, seq, datetime.now(UTC))

    yield b"retry: 2000\n\n"
    loop = asyncio.get_running_loop()
    ends = loop.time() + STREAM_S
    seq = since
    while loop.time() < ends and not await request.is_disconnected():
        picture = await run_in_threadpool(poll, seq)
        if picture.sightings or picture.seq < seq:  # new sightings, or a store started afresh
            yield b"id: %d\ndata: %s\n\n" % (picture.seq, _body(picture).json_bytes())
        seq = picture.seq
        await asyncio.sleep(POLL_S)
