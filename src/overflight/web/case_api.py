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
from overflight.cases import Deadline, Engagement
from overflight.geo import parse_state
from overflight.model import to_jsonable
from overflight.services.accounts import (
    Account,
)
from overflight.services.audit import AuditRecord
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
from overflight.services.schemas import (
    CaseDetail,
    TimelineLineOut,
    case_detail_data,
    dump_json,
)
from overflight.services.web import (
    NotVisibleError,
    open_case_view,
    open_telegram,
    visible_cases,
)
from overflight.store import Session
from overflight.web.deps import (
    MAX_PATH_ID,
    CaseAnalyst,
    CurrentLogin,
    DbSession,
    FormDate,
    PathId,
    answers_of,
    audit_read,
    current_login,
    export_non_paper,
    note_audit,
    note_case_audit,
    note_own_audit,
    require_case_analyst,
    settings_of,
    store_of,
)
from overflight.web.jobs import Job, JobState, jobs_of
from overflight.web.kept_answers import KeptAnswer, reader_view_key
from overflight.web.schemas import (
    CaseMap,
    CasePageOut,
    JobStarted,
    JobStatus,
    OutcomeRecorded,
    SimilarCases,
    TelegramDraftOut,
    TelegramOut,
    answer,
    case_row_data,
)

__all__ = ["cancel_job", "case_answer", "router", "start_case_chokepoints"]

router = APIRouter(prefix="/api", tags=["cases"], dependencies=[Depends(current_login)])
BOARD_PAGE_MAX = 1000  # the most cases one request may list


@router.get("/cases", response_model=CasePageOut)
def cases(
    session: DbSession,
    login: CurrentLogin,
    q: Annotated[str, Query(description="search in title and reason")] = "",
    limit: Annotated[int, Query(ge=1, le=BOARD_PAGE_MAX, description="cases per page")] = 100,
    offset: Annotated[int, Query(ge=0, le=MAX_PATH_ID, description="cases to skip")] = 0,
) -> Response:
    """The cases the reader may see, overdue first; ``q`` searches title and reason.

    ``count`` is every visible case that matches; ``cases`` is the page asked for.
    """
    found = visible_cases(session, login.account, datetime.now(UTC), q)
    detail = f"list q={q!r} offset={offset} limit={limit}"
    note_own_audit(session, login.account, "read", "case", detail)
    rows = [case_row_data(s) for s in found[offset : offset + limit]]
    page = {"count": len(found), "offset": offset, "cases": rows}
    return Response(dump_json(page), media_type="application/json")


@router.get("/cases/{case_id}", response_model=CaseDetail)
async def case(request: Request, case_id: PathId, login: CurrentLogin) -> Response:
    """One case with its timeline, engagements, deadlines, verdicts and telegrams.

    Kept by the worker until the store changes (``web.kept_answers``); audited either way.
    """
    now = datetime.now(UTC)

    def build(session: Session) -> KeptAnswer:
        return case_answer(session, login.account, case_id, now)

    key = ("case", case_id, reader_view_key(login.account))
    kept = await answers_of(request).answer(key, login, now, store_of(request), build)
    who = login.account.username
    await audit_read(request, AuditRecord(who, "read", "case", case_id, "", kept.marking))
    return Response(kept.body, media_type="application/json")


def case_answer(session: Session, account: Account, case_id: int, now: datetime) -> KeptAnswer:
    """The case view's JSON for ``account`` as of ``now``, with the case's marking.

    Raises:
        NotVisibleError: no such case for this reader.
    """
    view = open_case_view(session, account, case_id, now)
    return KeptAnswer(dump_json(case_detail_data(view)), view.case.marking)


@router.get("/cases/{case_id}/timeline", response_model=list[TimelineLineOut])
def timeline(case_id: PathId, session: DbSession, login: CurrentLogin) -> Response:
    """A case's events, oldest first."""
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    note_case_audit(session, login.account, "read", case_id, "timeline")
    return answer([TimelineLineOut.of(e) for e in view.timeline])


@router.get("/cases/{case_id}/similar", response_model=SimilarCases)
def similar(request: Request, case_id: PathId, session: DbSession, login: CurrentLogin) -> Response:
    """Cases like this one that the reader may see: ``past`` (opened before) and ``newer``.

    Each with its score and the features that decided it (what is shared, and the policy's
    reason). A case the reader may not see is never compared: it is absent, not counted.
    """
    policy = settings_of(request).reference.policy
    view = visible_similar_cases(session, login.account, case_id, policy)
    note_case_audit(session, login.account, "read", case_id, "similar")
    return answer(SimilarCases.of(view))


@router.get("/cases/{case_id}/engagements", response_model=list[Engagement])
def engagements(case_id: PathId, session: DbSession, login: CurrentLogin) -> Response:
    """A case's demarches and the states' responses."""
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    note_case_audit(session, login.account, "read", case_id, "engagements")
    return _json(to_jsonable(list(view.engagements)))


@router.get("/cases/{case_id}/route", response_model=CaseMap)
def case_route(case_id: PathId, session: DbSession, login: CurrentLogin) -> Response:
    """The case map: the latest flight's route with its transits (no features if none).

    Foreign members: ``stances`` (each state's stance as of today), ``stances_as_of``, and
    ``chokepoints`` (the latest result kept with the case: ``sets``, ``unavoidable``,
    ``states``; ``null`` if none).
    """
    found = case_map_geojson(session, login.account, case_id, datetime.now(UTC).date())
    note_case_audit(session, login.account, "read", case_id, "route")
    return answer(CaseMap.of(found))


@router.post("/cases/{case_id}/chokepoints", status_code=202, response_model=JobStarted)
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
) -> Response:
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
    return answer(JobStarted(job=job.id, status=f"/api/jobs/{job.id}", detail=job.detail), 202)


def _json(data: Any) -> Response:
    """JSON data a domain value gave (``to_jsonable``), its schema the value's dataclass."""
    return Response(dump_json(data), media_type="application/json")


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


@router.get("/jobs", response_model=list[JobStatus])
def jobs(request: Request, session: DbSession, login: CurrentLogin) -> Response:
    """The latest background jobs you started (on any worker), newest first (no results)."""
    found = jobs_of(request).started_by(session, login.account.username)
    return answer([JobStatus.of(job.status(with_result=False)) for job in found])


@router.get("/jobs/{job_id}", response_model=JobStatus)
def job_status(request: Request, job_id: str, session: DbSession, login: CurrentLogin) -> Response:
    """A background job you started, with its ``state`` (and ``result`` or ``error``).

    ``state`` is queued, running, cancelling, cancelled, done (with its ``result``) or failed
    (with its ``error``). Anyone else's job is a 404, as a missing one.
    """
    job = jobs_of(request).get(session, job_id, login.account.username)
    if job is None:
        raise NotVisibleError("job", job_id)
    return answer(JobStatus.of(job.status()))


@router.delete(
    "/jobs/{job_id}",
    response_model=JobStatus,
    responses={202: {"model": JobStatus, "description": "Asked to stop (cancelling)"}},
)
def job_cancel(request: Request, job_id: str, session: DbSession, login: CurrentLogin) -> Response:
    """Cancel a background job you started (its status, without result).

    A queued job is cancelled at once (200, ``cancelled``); a running one is asked to stop and
    does within about a second (202, ``cancelling``; then ``cancelled``, with nothing kept). A
    finished job is left as it is (200). Anyone else's job is a 404, as a missing one.
    """
    job = cancel_job(request, session, login.account, job_id)
    status = job.status(with_result=False)
    return answer(JobStatus.of(status), 202 if status["state"] == JobState.CANCELLING else 200)


@router.post(
    "/cases/{case_id}/telegrams",
    response_model=TelegramDraftOut,
    responses={201: {"model": TelegramDraftOut, "description": "Kept with the case"}},
)
def draft_telegram(
    request: Request,
    case_id: PathId,
    session: DbSession,
    login: CaseAnalyst,
    kind: Annotated[str, Form(description="action (every state engaged) or thanks")],
    serial: Annotated[str, Form(description="the telegram's serial, like STATE 43804")],
    keep: Annotated[bool, Form(description="store it with the case")] = False,
) -> Response:
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
    found = TelegramDraftOut(
        id=draft.id,
        case_id=case_id,
        serial=draft.serial,
        banner=draft.banner.banner(),
        subject=draft.subject,
        text=draft.text,
    )
    return answer(found, 201 if draft.id is not None else 200)


@router.post("/cases/{case_id}/engagements/{engagement_id}/response", response_model=Engagement)
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
) -> Response:
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
    return _json(to_jsonable(engagement))


@router.post("/cases/{case_id}/deadlines/{deadline_id}/met", response_model=Deadline)
def deadline_met(
    case_id: PathId,
    deadline_id: PathId,
    session: DbSession,
    login: CaseAnalyst,
    met_on: Annotated[
        FormDate | None, Form(description="the day it was met (default today)")
    ] = None,
) -> Response:
    """Mark one of the case's reporting deadlines met (analyst)."""
    deadline = meet_case_deadline(
        session, login.account, case_id, deadline_id, datetime.now(UTC), met_on
    )
    detail = f"deadline {deadline_id} met on {deadline.met_on}"
    note_case_audit(session, login.account, "change", case_id, detail)
    return _json(to_jsonable(deadline))


@router.post("/cases/{case_id}/outcomes", status_code=201, response_model=OutcomeRecorded)
def outcome(
    case_id: PathId,
    session: DbSession,
    login: CaseAnalyst,
    kind: Annotated[
        str,
        Form(description="cancelled, delayed, diverted, landed_and_inspected, transited"),
    ],
    note: Annotated[str, Form(description="what happened, in a line")] = "",
) -> Response:
    """Record what became of the case's flight (analyst); a final outcome closes the case."""
    case = record_case_outcome(session, login.account, case_id, kind, datetime.now(UTC), note)
    note_case_audit(session, login.account, "change", case_id, f"outcome {kind}")
    return answer(OutcomeRecorded(case_id=case.id, status=case.status), 201)


@router.get(
    "/telegrams/{telegram_id}",
    response_model=TelegramOut,
    responses={200: {"content": {"text/plain": {"schema": {"type": "string"}}}}},
)
def telegram(
    telegram_id: PathId,
    session: DbSession,
    login: CurrentLogin,
    for_state: Annotated[
        str, Query(alias="for", description="host state trigraph: the non-paper for it")
    ] = "",
    format: Annotated[Literal["json", "text"], Query(description="json or text")] = "json",
) -> Response:
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
    found = TelegramOut(
        id=view.id,
        case_id=view.case_id,
        serial=view.serial,
        banner=view.banner.banner(),
        subject=view.subject,
        for_state=for_state.upper() or None,
        text=text,
    )
    return answer(found)
