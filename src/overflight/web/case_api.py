"""The REST API of cases: list, open, map, telegrams, and the work done on a case.

Reads are audited; changes need the analyst role on a case the reader may see (a hidden case is
a 404 whatever the role). A chokepoint analysis runs as a background job (``web.jobs``); the
job endpoints (list, status, cancel) are here too.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import PlainTextResponse, Response

from overflight.cables import format_non_paper
from overflight.geo import parse_state
from overflight.model.jsonable import to_jsonable
from overflight.services.accounts import (
    Account,
)
from overflight.services.case_map import (
    case_map_geojson,
    plan_case_chokepoints,
    run_case_chokepoints,
)
from overflight.services.case_similar import visible_similar_cases
from overflight.services.coordination import (
    draft_case_telegram,
    meet_case_deadline,
    record_case_outcome,
    record_case_response,
)
from overflight.services.interdiction import (
    parse_stance_overrides,
)
from overflight.services.web import (
    NotVisibleError,
    open_case_view,
    open_telegram,
    visible_cases,
)
from overflight.store import Session
from overflight.web.deps import (
    CaseAnalyst,
    CurrentLogin,
    DbSession,
    FormDate,
    PathId,
    current_login,
    export_non_paper,
    note_audit,
    note_case_audit,
    note_own_audit,
    require_case_analyst,
    settings_of,
)
from overflight.web.jobs import Job, JobState, jobs_of
from overflight.web.marked import marked_json

__all__ = ["cancel_job", "router", "start_case_chokepoints"]

router = APIRouter(prefix="/api", tags=["cases"], dependencies=[Depends(current_login)])
BOARD_PAGE_MAX = 1000  # the most cases one request may list


@router.get("/cases")
def cases(
    session: DbSession,
    login: CurrentLogin,
    q: Annotated[str, Query(description="search in title and reason")] = "",
    limit: Annotated[int, Query(ge=1, le=BOARD_PAGE_MAX, description="cases per page")] = 100,
    offset: Annotated[int, Query(ge=0, description="cases to skip")] = 0,
) -> dict[str, Any]:
    """The cases the reader may see, overdue first; ``q`` searches title and reason.

    ``count`` is every visible case that matches; ``cases`` is the page asked for.
    """
    found = visible_cases(session, login.account, datetime.now(UTC), q)
    detail = f"list q={q!r} offset={offset} limit={limit}"
    note_own_audit(session, login.account, "read", "case", detail)
    return {
        "count": len(found),
        "offset": offset,
        "cases": [
            {
                **to_jsonable(s.case),
                "marking": s.case.marking.portion(),
                "latest_level": s.latest_level,
                "overdue": len(s.overdue),
                "next_due": s.next_due.isoformat() if s.next_due else None,
            }
            for s in found[offset : offset + limit]
        ],
    }


@router.get("/cases/{case_id}")
def case(case_id: PathId, session: DbSession, login: CurrentLogin) -> dict[str, Any]:
    """One case with its timeline, engagements, deadlines, verdicts and telegrams."""
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    note_case_audit(session, login.account, "read", case_id, seen=view.case)
    return {
        **to_jsonable(view.case),
        "marking": view.case.marking.portion(),
        "timeline": marked_json(view.timeline),
        "engagements": to_jsonable(list(view.engagements)),
        "deadlines": marked_json(view.deadlines),
        "verdicts": to_jsonable(list(view.verdicts)),
        "telegrams": [
            {"id": t.id, "serial": t.serial, "banner": t.banner.banner()} for t in view.telegrams
        ],
    }


@router.get("/cases/{case_id}/timeline")
def timeline(case_id: PathId, session: DbSession, login: CurrentLogin) -> list[Any]:
    """A case's events, oldest first."""
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    note_case_audit(session, login.account, "read", case_id, "timeline")
    events: list[Any] = marked_json(view.timeline)
    return events


@router.get("/cases/{case_id}/similar")
def similar(
    request: Request, case_id: PathId, session: DbSession, login: CurrentLogin
) -> dict[str, Any]:
    """Cases like this one that the reader may see: ``past`` (opened before) and ``newer``.

    Each with its score and the features that decided it (what is shared, and the policy's
    reason). A case the reader may not see is never compared: it is absent, not counted.
    """
    policy = settings_of(request).reference.policy
    view = visible_similar_cases(session, login.account, case_id, policy)
    note_case_audit(session, login.account, "read", case_id, "similar")
    return view.to_json()


@router.get("/cases/{case_id}/engagements")
def engagements(case_id: PathId, session: DbSession, login: CurrentLogin) -> list[Any]:
    """A case's demarches and the states' responses."""
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    note_case_audit(session, login.account, "read", case_id, "engagements")
    rows: list[Any] = to_jsonable(list(view.engagements))
    return rows


@router.get("/cases/{case_id}/route")
def case_route(case_id: PathId, session: DbSession, login: CurrentLogin) -> dict[str, Any]:
    """The case map: the latest flight's route with its transits (no features if none).

    Foreign members: ``stances`` (each state's stance as of today), ``stances_as_of``, and
    ``chokepoints`` (the latest result kept with the case: ``sets``, ``unavoidable``,
    ``states``; ``null`` if none).
    """
    found = case_map_geojson(session, login.account, case_id, datetime.now(UTC).date())
    note_case_audit(session, login.account, "read", case_id, "route")
    return found


@router.post("/cases/{case_id}/chokepoints", status_code=202)
def case_chokepoints(
    request: Request,
    case_id: PathId,
    session: DbSession,
    login: CurrentLogin,
    aircraft: Annotated[str, Form(description="ICAO type (default: the flight plan's)")] = "",
    dep: Annotated[str, Form(description="departure (default: the flight plan's)")] = "",
    dest: Annotated[str, Form(description="destination (default: the flight plan's)")] = "",
    max_size: Annotated[int, Form(description="largest set of states, 1 to 3")] = 2,
    include: Annotated[list[str] | None, Form(description="also try this state")] = None,
    exclude: Annotated[list[str] | None, Form(description="never ask this state")] = None,
    stance: Annotated[
        list[str] | None, Form(description="a state's stance for this case: TR=cooperating")
    ] = None,
) -> dict[str, Any]:
    """Start a chokepoint analysis for a case (analyst); it is kept with the case when done.

    Checked at once (422 for an unknown aircraft or aerodrome, or a case with no flight and no
    ``dep``/``dest``/``aircraft``), then run in the background: ask ``status`` for the job,
    ``DELETE`` it to cancel. 429 (nothing queued) when the starter already has as many analyses
    running or queued as one user may, or the server as many as it takes.
    """
    job = start_case_chokepoints(
        request,
        session,
        login.account,
        case_id,
        aircraft=aircraft,
        departure=dep,
        destination=dest,
        max_size=max_size,
        include=[parse_state(s, "include") for s in include or ()],
        exclude=[parse_state(s, "exclude") for s in exclude or ()],
        stances=parse_stance_overrides(stance or (), "stance"),
    )
    return {"job": job.id, "status": f"/api/jobs/{job.id}", "detail": job.detail}


def start_case_chokepoints(
    request: Request, session: Session, account: Account, case_id: int, **params: Any
) -> Job:
    """Check a case's chokepoint analysis (analyst), start it in the background, audit it.

    A hidden case is the usual 404 whatever the role; a viewer gets 403; then 422 for what
    does not check, and 429 (``TooManyJobsError``) when no more jobs may be queued.
    """
    require_case_analyst(session, account, case_id)
    planned = plan_case_chokepoints(session, account, case_id, **params)
    store, username = request.app.state.store, account.username

    def work(is_cancelled: Callable[[], bool]) -> dict[str, Any]:
        now = datetime.now(UTC)
        result_id = run_case_chokepoints(store, planned, account, now, is_cancelled)
        return {"case_id": case_id, "result_id": result_id}

    job = jobs_of(request).submit(
        session,
        username,
        "chokepoints",
        f"case {case_id}: {planned.describe()}",
        work,
        case_id=case_id,
    )
    detail = f"chokepoints {planned.describe()} (job {job.id})"
    note_case_audit(session, account, "change", case_id, detail)
    return job


def cancel_job(
    request: Request, session: Session, account: Account, job_id: str, case_id: int | None = None
) -> Job:
    """Cancel a job the account started: a queued one at once, a running one at its next check.

    Audited (``cancel``, on the job's case, or on its kind) when it stopped or was asked to; a
    job already finished is left as it is. ``case_id``, when given, must be the job's case.

    Raises:
        NotVisibleError: no such job of this account's (or not of that case): the same 404.
    """
    runner = jobs_of(request)
    job = runner.get(session, job_id, account.username)
    if job is None or (case_id is not None and job.case_id != case_id):
        raise NotVisibleError("job", job_id)
    cancelled = runner.cancel(session, job)
    if cancelled is None:
        return job
    detail = f"job {job.id}: {job.detail}"
    if job.case_id is not None:
        note_case_audit(session, account, "cancel", job.case_id, detail)
    else:
        note_own_audit(session, account, "cancel", job.kind, detail)
    return cancelled


@router.get("/jobs")
def jobs(request: Request, session: DbSession, login: CurrentLogin) -> list[dict[str, Any]]:
    """The latest background jobs you started (on any worker), newest first (no results)."""
    found = jobs_of(request).started_by(session, login.account.username)
    return [job.status(with_result=False) for job in found]


@router.get("/jobs/{job_id}")
def job_status(
    request: Request, job_id: str, session: DbSession, login: CurrentLogin
) -> dict[str, Any]:
    """A background job you started, with its ``state`` (and ``result`` or ``error``).

    ``state`` is queued, running, cancelling, cancelled, done (with its ``result``) or failed
    (with its ``error``). Anyone else's job is a 404, as a missing one.
    """
    job = jobs_of(request).get(session, job_id, login.account.username)
    if job is None:
        raise NotVisibleError("job", job_id)
    return job.status()


@router.delete("/jobs/{job_id}")
def job_cancel(
    request: Request, job_id: str, session: DbSession, login: CurrentLogin, response: Response
) -> dict[str, Any]:
    """Cancel a background job you started (its status, without result).

    A queued job is cancelled at once (200, ``cancelled``); a running one is asked to stop and
    does within about a second (202, ``cancelling``; then ``cancelled``, with nothing kept). A
    finished job is left as it is (200). Anyone else's job is a 404, as a missing one.
    """
    job = cancel_job(request, session, login.account, job_id)
    status = job.status(with_result=False)
    if status["state"] == JobState.CANCELLING:
        response.status_code = 202
    return status


@router.post("/cases/{case_id}/telegrams")
def draft_telegram(
    request: Request,
    case_id: PathId,
    session: DbSession,
    login: CaseAnalyst,
    response: Response,
    kind: Annotated[str, Form(description="action (every state engaged) or thanks")],
    serial: Annotated[str, Form(description="the telegram's serial, like STATE 43804")],
    keep: Annotated[bool, Form(description="store it with the case")] = False,
) -> dict[str, Any]:
    """Draft a case's action request or thank-you from the store (analyst); ``keep`` stores it.

    201 when kept (``id`` is the telegram's), 200 for a draft only. 422 for an unknown kind, a
    missing or malformed serial, or a case with no state to address.
    """
    draft = draft_case_telegram(
        session,
        login.account,
        case_id,
        kind,
        serial,
        datetime.now(UTC),
        keep=keep,
        desk=settings_of(request).desk,
    )
    action = "change" if keep else "read"
    note_case_audit(session, login.account, action, case_id, f"{kind} {draft.serial}")
    if draft.id is not None:
        response.status_code = 201
    return {
        "id": draft.id,
        "case_id": case_id,
        "serial": draft.serial,
        "banner": draft.banner.banner(),
        "subject": draft.subject,
        "text": draft.text,
    }


@router.post("/cases/{case_id}/engagements/{engagement_id}/response")
def engagement_response(
    case_id: PathId,
    engagement_id: PathId,
    session: DbSession,
    login: CaseAnalyst,
    response: Annotated[
        str, Form(description="denied_overflight, will_require_landing, granted, no_response")
    ],
    responded_on: Annotated[FormDate | None, Form(description="the day the state answered")] = None,
    telegram_ref: Annotated[str, Form(description="the reply telegram's serial")] = "",
) -> dict[str, Any]:
    """Record a state's response to one of the case's demarches (analyst)."""
    engagement = record_case_response(
        session,
        login.account,
        case_id,
        engagement_id,
        response,
        datetime.now(UTC),
        responded_on=responded_on,
        telegram_ref=telegram_ref,
    )
    detail = f"engagement {engagement_id}: {engagement.state} {engagement.response.value}"
    note_case_audit(session, login.account, "change", case_id, detail)
    found: dict[str, Any] = to_jsonable(engagement)
    return found


@router.post("/cases/{case_id}/deadlines/{deadline_id}/met")
def deadline_met(
    case_id: PathId,
    deadline_id: PathId,
    session: DbSession,
    login: CaseAnalyst,
    met_on: Annotated[
        FormDate | None, Form(description="the day it was met (default today)")
    ] = None,
) -> dict[str, Any]:
    """Mark one of the case's reporting deadlines met (analyst)."""
    deadline = meet_case_deadline(
        session, login.account, case_id, deadline_id, datetime.now(UTC), met_on
    )
    detail = f"deadline {deadline_id} met on {deadline.met_on}"
    note_case_audit(session, login.account, "change", case_id, detail)
    found: dict[str, Any] = to_jsonable(deadline)
    return found


@router.post("/cases/{case_id}/outcomes", status_code=201)
def outcome(
    case_id: PathId,
    session: DbSession,
    login: CaseAnalyst,
    kind: Annotated[
        str,
        Form(description="cancelled, delayed, diverted, landed_and_inspected, transited"),
    ],
    note: Annotated[str, Form(description="what happened, in a line")] = "",
) -> dict[str, Any]:
    """Record what became of the case's flight (analyst); a final outcome closes the case."""
    case = record_case_outcome(session, login.account, case_id, kind, datetime.now(UTC), note)
    note_case_audit(session, login.account, "change", case_id, f"outcome {kind}")
    return {"case_id": case.id, "status": case.status.value}


@router.get("/telegrams/{telegram_id}", response_model=None)
def telegram(
    telegram_id: PathId,
    session: DbSession,
    login: CurrentLogin,
    for_state: Annotated[
        str, Query(alias="for", description="host state trigraph: the non-paper for it")
    ] = "",
    format: Annotated[Literal["json", "text"], Query(description="json or text")] = "json",
) -> Any:
    """A telegram with only the reader's portions and their banner; ``for`` gives a non-paper."""
    view = open_telegram(session, login.account, telegram_id)
    if for_state:
        text = format_non_paper(export_non_paper(session, login.account, view, for_state))
    else:
        text = view.text
        note_audit(
            session, login.account.username, "read", "telegram", telegram_id, marking=view.banner
        )
    if format == "text":
        return PlainTextResponse(text)
    return {
        "id": view.id,
        "case_id": view.case_id,
        "serial": view.serial,
        "banner": view.banner.banner(),
        "subject": view.subject,
        "for": for_state.upper() or None,
        "text": text,
    }
