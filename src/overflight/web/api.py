"""The REST API: log in, screen, route transits, cases, telegrams, list import.

Handlers parse the request, call one service, and serialise; access is decided in
``services.web`` alone. Every read of a case or telegram is audited.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, PlainTextResponse, Response

from overflight.cables import render_non_paper
from overflight.geo import parse_state
from overflight.geo.geojson import route_geojson
from overflight.interdiction import FeasibleRoute
from overflight.markings import parse_portion
from overflight.model.jsonable import to_jsonable
from overflight.services.accounts import (
    AUDIT_ROWS_DEFAULT,
    AUDIT_ROWS_MAX,
    Account,
    LoginKind,
    NotAuthenticatedError,
    Role,
    audit_trail,
    end_login,
    record_audit,
    start_login,
)
from overflight.services.case_map import (
    case_map_geojson,
    plan_case_chokepoints,
    run_case_chokepoints,
)
from overflight.services.coordination import (
    draft_case_telegram,
    record_case_outcome,
    record_case_response,
)
from overflight.services.interdiction import (
    ChokepointStudy,
    chokepoint_analysis,
    parse_stance_overrides,
    posts_for,
)
from overflight.services.routes import RouteRequest, route_transits
from overflight.services.submission import screen_submission
from overflight.services.web import (
    NotVisibleError,
    open_case_view,
    open_telegram,
    visible_cases,
)
from overflight.store import Session
from overflight.web.deps import (
    CurrentLogin,
    DbSession,
    ScreeningReference,
    attempt_login,
    current_login,
    import_screening_list,
    note_audit,
    require,
    require_case_analyst,
    settings_of,
)
from overflight.web.geodata import airspace_geojson
from overflight.web.jobs import Job
from overflight.web.uploads import decode_text, read_upload

__all__ = ["public_router", "router", "start_case_chokepoints"]

public_router = APIRouter(prefix="/api", tags=["login"])
router = APIRouter(prefix="/api", dependencies=[Depends(current_login)])


@public_router.post("/token")
def issue_token(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> dict[str, str]:
    """Log in with a user name and password; returns a bearer token that expires."""
    account = attempt_login(request, session, username, password)
    if account is None:
        raise NotAuthenticatedError("wrong user name or password")
    login = start_login(session, account, LoginKind.BEARER, ttl=settings_of(request).session_ttl)
    record_audit(session, account.username, "login", "user", account.id, "bearer token")
    return {
        "access_token": login.token,
        "token_type": "bearer",
        "expires_at": login.expires_at.isoformat(),
    }


@router.delete("/token", status_code=204)
def revoke_token(request: Request, session: DbSession, login: CurrentLogin) -> Response:
    """Log out: the token used for this request stops working."""
    end_login(session, login.token)
    return Response(status_code=204)


@router.get("/me")
def whoami(login: CurrentLogin) -> dict[str, Any]:
    """The logged-in account: name, clearance, nationality, organisation, role."""
    account = login.account
    return {
        "username": account.username,
        "clearance": account.clearance.name,
        "nationality": account.nationality,
        "organisation": account.organisation,
        "role": account.role.value,
    }


@router.post("/screen")
async def screen_upload(
    request: Request,
    login: CurrentLogin,
    reference: ScreeningReference,
    file: Annotated[UploadFile | None, File(description="ATS messages or a permit")] = None,
    text: Annotated[str, Form(description="pasted ATS messages or permit text")] = "",
    record: Annotated[bool, Form(description="store messages and verdicts")] = False,
    marking: Annotated[str, Form(description="portion mark for a case opened")] = "",
) -> dict[str, Any]:
    """Screen a flight plan or a permit request; with ``record``, store and open cases.

    Too large: 413. Unreadable (a message or permit field): 422 with the source, line, column
    and field, and nothing stored.
    """
    limit = settings_of(request).max_upload_bytes
    source, raw = await read_upload(request, file, text, limit)
    body = decode_text(source, raw)
    if record:
        require(login.account, Role.ANALYST)
    mark = parse_portion(marking) if marking.strip() else None
    store = request.app.state.store
    with store.session(writing=record) as session:  # ingest commits its batches: no begin()
        outcome = screen_submission(
            session,
            login.account,
            body,
            source,
            reference,
            record=record,
            marking=mark,
        )
        if record:
            for case_id in {c for c in outcome.case_ids if c is not None}:
                record_audit(session, login.account.username, "change", "case", case_id, source)
        session.commit()
    return {
        "verdicts": to_jsonable(list(outcome.verdicts)),
        "problems": list(outcome.problems),
        "case_ids": list(outcome.case_ids),
    }


@router.get("/route")
def route(
    dep: Annotated[str, Query(description="departure: ICAO aerodrome or lat/lon")],
    dest: Annotated[str, Query(description="destination")],
    via: Annotated[list[str] | None, Query(description="points in between")] = None,
) -> dict[str, Any]:
    """Sovereign airspaces a geodesic route crosses, as GeoJSON plus a transit list."""
    found = route_transits(RouteRequest((dep, *(via or ()), dest)))
    return {
        "transits": to_jsonable(list(found.transits)),
        "geojson": route_geojson(found.route, found.transits),
    }


CHOKEPOINT_MAX_SIZE = 2  # the search is exponential in the set size: keep a request short


@router.get("/chokepoints")
def chokepoints(
    session: DbSession,
    login: CurrentLogin,
    dep: Annotated[str, Query(description="departure aerodrome (ICAO or IATA)")],
    dest: Annotated[str, Query(description="destination aerodrome")],
    aircraft: Annotated[str, Query(description="ICAO type designator, e.g. IL76 or IL76/TD")],
    max_size: Annotated[
        int, Query(ge=1, le=CHOKEPOINT_MAX_SIZE, description="largest set of states")
    ] = CHOKEPOINT_MAX_SIZE,
    include: Annotated[
        list[str] | None, Query(description="also try this state (permissive, an end)")
    ] = None,
    exclude: Annotated[list[str] | None, Query(description="never ask this state")] = None,
) -> dict[str, Any]:
    """Minimal sets of states whose denial leaves the flight no feasible route, with proofs.

    Stances are the PSI prior as of today. An unknown aircraft or aerodrome is a 422 saying
    which; ``max_size`` above 2 is a 422.
    """
    study = chokepoint_analysis(
        dep,
        dest,
        aircraft,
        max_size=max_size,
        include=[parse_state(s, "include") for s in include or ()],
        exclude=[parse_state(s, "exclude") for s in exclude or ()],
        day=datetime.now(UTC).date(),
    )
    detail = f"{study.oracle.departure.icao}-{study.oracle.destination.icao} {aircraft.upper()}"
    note_audit(session, login.account.username, "read", "chokepoints", "", detail)
    return _chokepoints_json(study, aircraft)


def _route_states(route: FeasibleRoute) -> dict[str, Any]:
    return {
        "stops": list(route.stops),
        "distance_km": round(route.distance_km, 1),
        "states": sorted(route.overflown_states | route.landing_states),
    }


def _chokepoints_json(study: ChokepointStudy, aircraft: str) -> dict[str, Any]:
    oracle, analysis = study.oracle, study.analysis
    return {
        "settings": {
            "departure": oracle.departure.icao,
            "destination": oracle.destination.icao,
            "aircraft": aircraft.upper(),
            "range_km": oracle.range_km,
            "route_limit_km": round(oracle.graph.corridor.limit_km, 1),
            "grid_deg": oracle.settings.grid_deg,
            "detour": oracle.settings.detour,
            "candidate_stops": oracle.stop_count,
            "max_size": analysis.max_size,
            "stances_as_of": study.stances.day.isoformat(),
        },
        "feasible": analysis.feasible,
        "route": _route_states(analysis.route) if analysis.route else None,
        "no_route_reason": analysis.no_route_reason,
        "denying": sorted(analysis.denying),
        "sets": [
            {
                "states": list(answer.states),
                "cooperating": list(answer.cooperating),
                "unknown": list(answer.unknown),
                "posts": {s: list(posts_for(s)) for s in answer.states},
                "proof": [
                    {"reopened": r.state, **_route_states(r.route)}
                    for r in answer.blocking.reopened
                ],
            }
            for answer in analysis.answers
        ],
        "unavoidable_states": list(analysis.unavoidable_states),
        "oracle_calls": analysis.oracle_calls,
    }


@router.get("/airspace.geojson")
def airspace() -> Response:
    """Every state's sovereign airspace, simplified (0.05°) for the map."""
    return Response(airspace_geojson(), media_type="application/geo+json")


@router.get("/cases")
def cases(
    session: DbSession,
    login: CurrentLogin,
    q: Annotated[str, Query(description="search in title and reason")] = "",
) -> dict[str, Any]:
    """The cases the reader may see, overdue first; ``q`` searches title and reason."""
    found = visible_cases(session, login.account, datetime.now(UTC), q)
    note_audit(session, login.account.username, "read", "case", "", f"list q={q!r}")
    return {
        "count": len(found),
        "cases": [
            {
                **to_jsonable(s.case),
                "marking": s.case.marking.portion(),
                "latest_level": s.latest_level,
                "overdue": len(s.overdue),
                "next_due": s.next_due.isoformat() if s.next_due else None,
            }
            for s in found
        ],
    }


@router.get("/cases/{case_id}")
def case(case_id: int, session: DbSession, login: CurrentLogin) -> dict[str, Any]:
    """One case with its timeline, engagements, deadlines, verdicts and telegrams."""
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    note_audit(session, login.account.username, "read", "case", case_id)
    return {
        **to_jsonable(view.case),
        "marking": view.case.marking.portion(),
        "timeline": to_jsonable(list(view.timeline)),
        "engagements": to_jsonable(list(view.engagements)),
        "deadlines": to_jsonable(list(view.deadlines)),
        "verdicts": to_jsonable(list(view.verdicts)),
        "telegrams": [
            {"id": t.id, "serial": t.serial, "banner": t.banner.banner()} for t in view.telegrams
        ],
    }


@router.get("/cases/{case_id}/timeline")
def timeline(case_id: int, session: DbSession, login: CurrentLogin) -> list[Any]:
    """A case's events, oldest first."""
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    note_audit(session, login.account.username, "read", "case", case_id, "timeline")
    events: list[Any] = to_jsonable(list(view.timeline))
    return events


@router.get("/cases/{case_id}/engagements")
def engagements(case_id: int, session: DbSession, login: CurrentLogin) -> list[Any]:
    """A case's demarches and the states' responses."""
    view = open_case_view(session, login.account, case_id, datetime.now(UTC))
    note_audit(session, login.account.username, "read", "case", case_id, "engagements")
    rows: list[Any] = to_jsonable(list(view.engagements))
    return rows


@router.get("/cases/{case_id}/route")
def case_route(case_id: int, session: DbSession, login: CurrentLogin) -> dict[str, Any]:
    """The case map: the latest flight's route with its transits (no features if none).

    Foreign members: ``stances`` (each state's stance as of today), ``stances_as_of``, and
    ``chokepoints`` (the latest result kept with the case: ``sets``, ``unavoidable``,
    ``states``; ``null`` if none).
    """
    found = case_map_geojson(session, login.account, case_id, datetime.now(UTC).date())
    note_audit(session, login.account.username, "read", "case", case_id, "route")
    return found


@router.post("/cases/{case_id}/chokepoints", status_code=202)
def case_chokepoints(
    request: Request,
    case_id: int,
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
    ``dep``/``dest``/``aircraft``), then run in the background: ask ``status`` for the job.
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

    A hidden case is the usual 404 whatever the role; a viewer gets 403.
    """
    require_case_analyst(session, account, case_id)
    planned = plan_case_chokepoints(session, account, case_id, **params)
    store, username = request.app.state.store, account.username
    job: Job = request.app.state.jobs.submit(
        username,
        "chokepoints",
        f"case {case_id}: {planned.describe()}",
        lambda: {
            "case_id": case_id,
            "result_id": run_case_chokepoints(store, planned, username, datetime.now(UTC)),
        },
    )
    note_audit(session, username, "change", "case", case_id, f"chokepoints {planned.describe()}")
    return job


@router.get("/jobs/{job_id}")
def job_status(request: Request, job_id: str, login: CurrentLogin) -> dict[str, Any]:
    """A background job you started: running, done (with its result) or failed (with why)."""
    job = request.app.state.jobs.get(job_id, login.account.username)
    if job is None:
        raise NotVisibleError("job", job_id)
    status: dict[str, Any] = job.status()
    return status


@router.post("/cases/{case_id}/telegrams")
def draft_telegram(
    case_id: int,
    session: DbSession,
    login: CurrentLogin,
    response: Response,
    kind: Annotated[str, Form(description="action (every state engaged) or thanks")],
    serial: Annotated[str, Form(description="the telegram's serial, like STATE 43804")],
    keep: Annotated[bool, Form(description="store it with the case")] = False,
) -> dict[str, Any]:
    """Draft a case's action request or thank-you from the store (analyst); ``keep`` stores it.

    201 when kept (``id`` is the telegram's), 200 for a draft only. 422 for an unknown kind, a
    missing or malformed serial, or a case with no state to address.
    """
    require_case_analyst(session, login.account, case_id)
    draft = draft_case_telegram(
        session, login.account, case_id, kind, serial, datetime.now(UTC), keep=keep
    )
    action = "change" if keep else "read"
    note_audit(session, login.account.username, action, "case", case_id, f"{kind} {draft.serial}")
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
    case_id: int,
    engagement_id: int,
    session: DbSession,
    login: CurrentLogin,
    response: Annotated[
        str, Form(description="denied_overflight, will_require_landing, granted, no_response")
    ],
    responded_on: Annotated[date | None, Form(description="the day the state answered")] = None,
    telegram_ref: Annotated[str, Form(description="the reply telegram's serial")] = "",
) -> dict[str, Any]:
    """Record a state's response to one of the case's demarches (analyst)."""
    require_case_analyst(session, login.account, case_id)
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
    note_audit(session, login.account.username, "change", "case", case_id, detail)
    found: dict[str, Any] = to_jsonable(engagement)
    return found


@router.post("/cases/{case_id}/outcomes", status_code=201)
def outcome(
    case_id: int,
    session: DbSession,
    login: CurrentLogin,
    kind: Annotated[
        str,
        Form(description="cancelled, delayed, diverted, landed_and_inspected, transited"),
    ],
    note: Annotated[str, Form(description="what happened, in a line")] = "",
) -> dict[str, Any]:
    """Record what became of the case's flight (analyst); a final outcome closes the case."""
    require_case_analyst(session, login.account, case_id)
    case = record_case_outcome(session, login.account, case_id, kind, datetime.now(UTC), note)
    note_audit(session, login.account.username, "change", "case", case_id, f"outcome {kind}")
    return {"case_id": case.id, "status": case.status.value}


@router.get("/telegrams/{telegram_id}", response_model=None)
def telegram(
    telegram_id: int,
    session: DbSession,
    login: CurrentLogin,
    for_state: Annotated[
        str, Query(alias="for", description="host state trigraph: the non-paper for it")
    ] = "",
    format: Annotated[str, Query(description="json or text")] = "json",
) -> Any:
    """A telegram with only the reader's portions and their banner; ``for`` gives a non-paper."""
    view = open_telegram(session, login.account, telegram_id)
    if for_state:
        require(login.account, Role.ANALYST)
        text = render_non_paper(view.telegram, for_state)
        note_audit(
            session, login.account.username, "export", "telegram", telegram_id, f"for {for_state}"
        )
    else:
        text = view.text
        note_audit(session, login.account.username, "read", "telegram", telegram_id)
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


@router.post("/lists")
async def import_lists(
    request: Request,
    login: CurrentLogin,
    file: Annotated[UploadFile, File(description="OFAC CSV/XML, UN XML, OpenSanctions")],
) -> dict[str, Any]:
    """Replace the screening lists with an uploaded list file (admin only), for every worker.

    The file is stored only if every record reads: else 422 with the first fault's position.
    """
    require(login.account, Role.ADMIN)
    limit = settings_of(request).max_list_bytes
    name, body = await read_upload(request, file, "", limit)
    # Reading and indexing a large list takes seconds: not on the event loop.
    listed = await run_in_threadpool(
        import_screening_list, request, login.account.username, name, body
    )
    return {"entities": listed.entities, "label": listed.label, "list_file_id": listed.id}


@router.get("/audit")
def audit(
    session: DbSession,
    login: CurrentLogin,
    user: Annotated[str, Query(description="only this user's rows")] = "",
    action: Annotated[str, Query(description="only this action (read, change, login…)")] = "",
    limit: Annotated[int, Query(ge=1, le=AUDIT_ROWS_MAX, description="rows")] = AUDIT_ROWS_DEFAULT,
) -> JSONResponse:
    """The latest audit rows, newest first, filtered by user and action (admin only)."""
    require(login.account, Role.ADMIN)
    user, action = user.strip(), action.strip()
    rows = audit_trail(session, username=user, action=action, limit=limit)
    detail = f"user={user!r} action={action!r} limit={limit}"
    note_audit(session, login.account.username, "read", "audit", "", detail)
    return JSONResponse(to_jsonable(list(rows)))
