"""The REST API: log in, screen, route transits, chokepoint jobs, airspace, list import, audit.

Cases, their telegrams and the work done on them are in ``web.case_api``. Handlers parse the
request, call one service, and serialise; access is decided in ``services.web`` alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel, Field

from overflight.errors import InputError
from overflight.geo import parse_state, route_geojson
from overflight.interdiction import FeasibleRoute
from overflight.markings import UNCLASSIFIED
from overflight.services.accounts import (
    LoginKind,
    NotAuthenticatedError,
    Role,
    end_login,
    require,
    start_login,
)
from overflight.services.audit import (
    AUDIT_ROWS_DEFAULT,
    AUDIT_ROWS_MAX,
    record_audit,
)
from overflight.services.case_map import plan_chokepoint_analysis, run_chokepoint_analysis
from overflight.services.interdiction import ChokepointStudy, posts_for
from overflight.services.routes import RouteRequest, route_transits
from overflight.services.schemas import dump_json, screening_result_data
from overflight.services.submission import screen_submitted, screen_submitted_unaudited
from overflight.services.web import visible_audit_trail
from overflight.web.deps import (
    AdminLogin,
    CurrentLogin,
    DbSession,
    attempt_login,
    audit_writer_of,
    current_login,
    import_screening_list,
    note_own_audit,
    screening_lists_of,
    settings_of,
    store_of,
)
from overflight.web.geodata import airspace_geojson
from overflight.web.jobs import jobs_of
from overflight.web.schemas import (
    AuditRow,
    ChokepointRoute,
    ChokepointSet,
    ChokepointStudyOut,
    FeatureCollection,
    JobStarted,
    ListImported,
    LoginToken,
    Me,
    RouteOut,
    ScreeningOut,
    answer,
)
from overflight.web.uploads import (
    ENVELOPE_BYTES,
    read_upload_form,
    submitted,
    upload_request_body,
)

__all__ = ["public_router", "router"]

public_router = APIRouter(prefix="/api", tags=["login"])
router = APIRouter(prefix="/api", dependencies=[Depends(current_login)])


@public_router.post("/token", response_model=LoginToken)
def issue_token(
    request: Request,
    session: DbSession,
    username: Annotated[str, Form()],
    password: Annotated[str, Form()],
) -> Response:
    """Log in with a user name and password; returns a bearer token that expires."""
    account = attempt_login(request, session, username, password)
    if account is None:
        raise NotAuthenticatedError("wrong user name or password")
    login = start_login(session, account, LoginKind.BEARER, ttl=settings_of(request).session_ttl)
    record_audit(
        session, account.username, "login", "user", account.id, "bearer token", marking=UNCLASSIFIED
    )
    return answer(
        LoginToken(access_token=login.token, token_type="bearer", expires_at=login.expires_at)
    )


@router.delete("/token", status_code=204)
def revoke_token(request: Request, session: DbSession, login: CurrentLogin) -> Response:
    """Log out: the token used for this request stops working."""
    end_login(session, login.token)
    return Response(status_code=204)


@router.get("/me", response_model=Me)
def whoami(login: CurrentLogin) -> Response:
    """The logged-in account: name, clearance, nationality, organisation, role."""
    account = login.account
    return answer(
        Me(
            username=account.username,
            clearance=account.clearance.name,
            nationality=account.nationality,
            organisation=account.organisation,
            role=account.role.value,
        )
    )


class ScreenFields(BaseModel):
    """The fields of a screening beside its ``file``."""

    text: str = Field("", description="pasted ATS messages or permit text")
    record: bool = Field(False, description="store messages and verdicts")
    marking: str = Field("", description="portion mark for a case opened")


@router.post(
    "/screen",
    response_model=ScreeningOut,
    openapi_extra=upload_request_body(
        ScreenFields, "ATS messages or a permit", file_required=False
    ),
)
async def screen_upload(request: Request, login: CurrentLogin) -> Response:
    """Screen a flight plan or a permit request; with ``record``, store and open cases.

    Multipart: a ``file`` or ``text``, ``record``, ``marking``. Too large: 413. Unreadable (a
    message or permit field): 422 with the source, line, column and field, and nothing stored.
    """
    limit = settings_of(request).max_upload_bytes
    fields, upload = await read_upload_form(
        request, ScreenFields, limit, text_limit=limit + ENVELOPE_BYTES
    )
    source, raw = submitted(upload, fields.text, limit)
    record, marking = fields.record, fields.marking
    if record:
        require(login.account, Role.ANALYST)
    # In a thread: the screening is CPU work. The newest list version is read in the
    # screening's own transaction. Not recorded, its audit row is committed by the audit writer
    # while the event loop waits, holding no thread (a recording commits its own).
    if record:
        outcome = await run_in_threadpool(
            screen_submitted,
            store_of(request),
            login.account,
            raw,
            source,
            screening_lists_of(request),
            record=True,
            marking=marking,
        )
    else:
        outcome, audits = await run_in_threadpool(
            screen_submitted_unaudited,
            store_of(request),
            login.account,
            raw,
            source,
            screening_lists_of(request),
            marking=marking,
        )
        await audit_writer_of(request).write_async(audits)
    found = screening_result_data(outcome.verdicts, outcome.problems)  # ScreeningOut's JSON
    return Response(
        dump_json({**found, "case_ids": list(outcome.case_ids)}), media_type="application/json"
    )


ROUTE_VIA_MAX = 50  # points in between: 50 legs round the world cost ~0.5 s of CPU


@router.get("/route", response_model=RouteOut)
def route(
    dep: Annotated[str, Query(description="departure: ICAO aerodrome or lat/lon")],
    dest: Annotated[str, Query(description="destination")],
    via: Annotated[
        list[str] | None, Query(max_length=ROUTE_VIA_MAX, description="points in between")
    ] = None,
) -> Response:
    """Sovereign airspaces a geodesic route crosses, as GeoJSON plus a transit list.

    More than 50 ``via`` points is a 422.
    """
    found = route_transits(RouteRequest((dep, *(via or ()), dest)))
    geojson = FeatureCollection.of(route_geojson(found.route, found.transits))
    return answer(RouteOut(transits=found.transits, geojson=geojson))


CHOKEPOINT_MAX_SIZE = 2  # a flight with no case: sets of two at most (a case's analysis: three)


@router.post("/chokepoints", status_code=202, response_model=JobStarted)
def chokepoints(
    request: Request,
    session: DbSession,
    login: CurrentLogin,
    dep: Annotated[str, Form(description="departure aerodrome (ICAO or IATA)")],
    dest: Annotated[str, Form(description="destination aerodrome")],
    aircraft: Annotated[str, Form(description="ICAO type designator, e.g. IL76 or IL76/TD")],
    max_size: Annotated[
        int, Form(ge=1, le=CHOKEPOINT_MAX_SIZE, description="largest set of states")
    ] = CHOKEPOINT_MAX_SIZE,
    include: Annotated[
        list[str] | None, Form(description="also try this state (permissive, an end)")
    ] = None,
    exclude: Annotated[list[str] | None, Form(description="never ask this state")] = None,
) -> Response:
    """Start a search for the minimal sets of states whose denial leaves the flight no route.

    Checked at once: an unknown aircraft, aerodrome or state, or ``max_size`` outside 1 to 2,
    is a 422 saying which. Then it runs in the background (seconds to a minute): 202 with the
    ``job`` and its ``status`` URL, whose ``result`` when done is the analysis (sets with their
    proofs and posts; stances: the PSI prior as of the day it runs). ``DELETE`` the job to
    cancel it. 429 (nothing queued) when you already have as many analyses running or queued as
    one user may, or the server as many as it takes.
    """
    planned = plan_chokepoint_analysis(
        dep,
        dest,
        aircraft,
        max_size=max_size,
        include=[parse_state(s, "include") for s in include or ()],
        exclude=[parse_state(s, "exclude") for s in exclude or ()],
    )

    def work(is_cancelled: Callable[[], bool]) -> dict[str, Any]:
        day = datetime.now(UTC).date()
        study = run_chokepoint_analysis(planned, day, is_cancelled)
        return _chokepoints(study, planned.aircraft).json_data()

    username = login.account.username
    job = jobs_of(request).submit(session, username, "chokepoints", planned.describe(), work)
    note_own_audit(
        session, login.account, "read", "chokepoints", f"{planned.describe()} (job {job.id})"
    )
    return answer(JobStarted(job=job.id, status=f"/api/jobs/{job.id}", detail=job.detail), 202)


def _route_states(route: FeasibleRoute) -> ChokepointRoute:
    return ChokepointRoute(
        stops=list(route.stops),
        distance_km=round(route.distance_km, 1),
        states=sorted(route.overflown_states | route.landing_states),
    )


def _chokepoints(study: ChokepointStudy, aircraft: str) -> ChokepointStudyOut:
    oracle, analysis = study.oracle, study.analysis
    return ChokepointStudyOut(
        settings={
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
        feasible=analysis.feasible,
        route=_route_states(analysis.route) if analysis.route else None,
        no_route_reason=analysis.no_route_reason,
        denying=sorted(analysis.denying),
        sets=[
            ChokepointSet(
                states=list(found.states),
                cooperating=list(found.cooperating),
                unknown=list(found.unknown),
                posts={s: list(posts_for(s)) for s in found.states},
                proof=[
                    {"reopened": r.state, **_route_states(r.route).json_data()}
                    for r in found.blocking.reopened
                ],
            )
            for found in analysis.answers
        ],
        unavoidable_states=list(analysis.unavoidable_states),
        oracle_calls=analysis.oracle_calls,
    )


GEOJSON = "application/geo+json"
_AIRSPACE_SCHEMA = {
    "type": "object",
    "description": "a GeoJSON FeatureCollection: one MultiPolygon feature per state",
    "properties": {
        "type": {"const": "FeatureCollection"},
        "features": {"type": "array", "items": {"type": "object"}},
    },
    "required": ["type", "features"],
}


@router.get(
    "/airspace.geojson",
    response_class=Response,
    responses={200: {"content": {GEOJSON: {"schema": _AIRSPACE_SCHEMA}}}},
)
def airspace() -> Response:
    """Every state's sovereign airspace, simplified (0.05°) for the map."""
    return Response(airspace_geojson(), media_type=GEOJSON)


class _NoFields(BaseModel):
    """A form with a ``file`` alone."""


@router.post(
    "/lists",
    response_model=ListImported,
    openapi_extra=upload_request_body(
        _NoFields, "OFAC CSV/XML, UN XML, OpenSanctions", file_required=True
    ),
)
async def import_lists(request: Request, login: AdminLogin) -> Response:
    """Replace the screening lists with an uploaded list file (admin only), for every worker.

    Multipart: ``file``. The role is checked before the file is read. The file is stored only
    if every record reads: else 422 with the first fault's position.
    """
    _, upload = await read_upload_form(request, _NoFields, settings_of(request).max_list_bytes)
    if upload is None:
        raise InputError("file", "send the list file to import")
    name, body = upload.name, upload.body
    # Reading and indexing a large list takes seconds: not on the event loop.
    listed = await run_in_threadpool(
        import_screening_list, request, login.account.username, name, body
    )
    found = ListImported(
        entities=listed.entities,
        label=listed.label,
        list_version_id=listed.id,
        list_file_id=listed.files[0].id,
    )
    return answer(found)


@router.get("/audit", response_model=list[AuditRow])
def audit(
    session: DbSession,
    login: CurrentLogin,
    user: Annotated[str, Query(description="only this user's rows")] = "",
    action: Annotated[str, Query(description="only this action (read, change, login…)")] = "",
    limit: Annotated[int, Query(ge=1, le=AUDIT_ROWS_MAX, description="rows")] = AUDIT_ROWS_DEFAULT,
) -> Response:
    """The latest audit rows, newest first, filtered by user and action (admin only)."""
    require(login.account, Role.ADMIN)
    user, action = user.strip(), action.strip()
    rows = visible_audit_trail(session, login.account, username=user, action=action, limit=limit)
    detail = f"user={user!r} action={action!r} limit={limit}"
    note_own_audit(session, login.account, "read", "audit", detail)
    return answer([AuditRow.of(row) for row in rows])
