"""Response models of the API operations only the web has (the shared ones: ``services.schemas``).

A handler builds its model from the service's typed result and returns ``answer(model)``: the
model's JSON as it is, so FastAPI does not validate it again; ``response_model`` on the route
gives ``/openapi.json`` its schema. tests/web/test_api_schemas.py checks that every operation
has one and that the answers match it.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, Literal

from fastapi.responses import Response
from pydantic import Field

from overflight.cases import CaseStatus, CaseSummary
from overflight.model import Transit
from overflight.screening import MemoryFeature
from overflight.services import memory
from overflight.services.audit import AuditEntry
from overflight.services.case_similar import SimilarView
from overflight.services.schemas import (
    CaseFields,
    JsonModel,
    ScreeningResult,
    case_fields_data,
    dump_json,
)
from overflight.services.users import AccountRecord

__all__ = [
    "AccountOut",
    "AuditRow",
    "CaseAnalysisKept",
    "CaseMap",
    "CasePageOut",
    "CaseRowOut",
    "ChokepointStudyOut",
    "EndedLogins",
    "FeatureCollection",
    "JobStarted",
    "JobStatus",
    "ListImported",
    "LiveAircraft",
    "LoginToken",
    "Me",
    "OutcomeRecorded",
    "RouteOut",
    "ScreeningOut",
    "SimilarCases",
    "TelegramDraftOut",
    "TelegramOut",
    "answer",
    "case_row_data",
]


def answer(found: JsonModel | Sequence[JsonModel], status_code: int = 200) -> Response:
    """A model (or a list of them) as the JSON response, unvalidated, with orjson."""
    data = found.json_data() if isinstance(found, JsonModel) else [m.json_data() for m in found]
    return Response(dump_json(data), status_code, media_type="application/json")


class LoginToken(JsonModel):
    """A bearer token and when it expires."""

    access_token: str
    token_type: Literal["bearer"]
    expires_at: datetime


class Me(JsonModel):
    """The logged-in account."""

    username: str
    clearance: str = Field(description="U, C, S or TS")
    nationality: str = Field(description="trigraph")
    organisation: str
    role: str = Field(description="viewer, analyst or admin")


class ScreeningOut(ScreeningResult):
    """Screening's verdicts and problems, and the case each verdict was recorded with."""

    case_ids: tuple[int | None, ...] = Field(description="per verdict: its case, if recorded")


class GeoFeatureOut(JsonModel):
    """A GeoJSON feature (RFC 7946)."""

    type: Literal["Feature"]
    geometry: dict[str, Any] | None
    properties: dict[str, Any] | None


class FeatureCollection(JsonModel):
    """A GeoJSON FeatureCollection (RFC 7946), in WGS84 longitude, latitude."""

    type: Literal["FeatureCollection"]
    features: list[GeoFeatureOut]

    @classmethod
    def of(cls, found: dict[str, Any]) -> FeatureCollection:
        """The collection a service built as plain JSON (its features kept as they are)."""
        return cls.model_construct(type="FeatureCollection", features=found["features"])


class RouteOut(JsonModel):
    """The sovereign airspaces a route crosses, and the route with them as GeoJSON."""

    transits: tuple[Transit, ...]
    geojson: FeatureCollection


class CaseMap(FeatureCollection):
    """The case map: the filed route and route options, with stances and chokepoints."""

    stances: dict[str, str] = Field(description="each state's stance (trigraph: stance)")
    stances_as_of: date
    stances_basis: Literal["analysis", "prior"]
    chokepoints: dict[str, Any] | None = Field(
        description="the latest analysis kept with the case: sets, unavoidable, states"
    )

    @classmethod
    def of(cls, found: dict[str, Any]) -> CaseMap:
        """The map ``services.case_map.case_map_geojson`` built."""
        return cls.model_construct(**found)


class JobStarted(JsonModel):
    """A background job started: its id and the URL of its status."""

    job: str
    status: str = Field(description="the job's status URL")
    detail: str


class CaseAnalysisKept(JsonModel):
    """A case's chokepoint analysis, done and kept with the case."""

    case_id: int
    result_id: int


class JobStatus(JsonModel):
    """A background job: ``result`` when done, ``error`` when failed (absent otherwise)."""

    id: str
    kind: str
    detail: str
    case_id: int | None
    submitted_at: datetime
    state: Literal["queued", "running", "cancelling", "cancelled", "done", "failed"]
    result: ChokepointStudyOut | CaseAnalysisKept | None = Field(
        None, description="once done: the analysis, or for a case where it was kept"
    )
    error: str | None = Field(None, description="why it failed")

    @classmethod
    def of(cls, status: dict[str, Any]) -> JobStatus:
        """The status ``web.jobs.Job.status`` gives."""
        return cls.model_validate(status)

    def json_data(self) -> dict[str, Any]:
        """The status, ``result`` and ``error`` only where the job has them."""
        data = super().json_data()
        for key in ("result", "error"):
            if key not in self.model_fields_set:
                del data[key]
        return data


class ChokepointRoute(JsonModel):
    """A feasible route: its stops, length and the states it needs."""

    stops: list[str]
    distance_km: float
    states: list[str]


class ChokepointSet(JsonModel):
    """A minimal set of states whose denial leaves no route, with its proof."""

    states: list[str]
    cooperating: list[str]
    unknown: list[str]
    posts: dict[str, list[str]]
    proof: list[dict[str, Any]] = Field(description="each state reopened, and the route it gives")


class ChokepointStudyOut(JsonModel):
    """A chokepoint analysis (the ``result`` of a job from ``POST /api/chokepoints``)."""

    settings: dict[str, Any]
    feasible: bool
    route: ChokepointRoute | None
    no_route_reason: str
    denying: list[str]
    sets: list[ChokepointSet]
    unavoidable_states: list[str]
    oracle_calls: int


class ListImported(JsonModel):
    """A list version imported: how many entities, its label, its id and its first file's."""

    entities: int
    label: str
    list_version_id: int
    list_file_id: int


class AuditRow(JsonModel):
    """One audit row, its marking as the portion mark."""

    at: datetime
    username: str
    action: str
    object_kind: str
    object_id: str
    detail: str
    marking: str

    @classmethod
    def of(cls, entry: AuditEntry) -> AuditRow:
        """The row of an audit entry."""
        e = entry
        return cls(
            at=e.at,
            username=e.username,
            action=e.action,
            object_kind=e.object_kind,
            object_id=e.object_id,
            detail=e.detail,
            marking=e.marking.portion(),
        )


class CaseRowOut(CaseFields):
    """A case as the board lists it."""

    latest_level: str = Field(description="the latest verdict's level, empty if none")
    overdue: int = Field(description="deadlines past due and not met")
    next_due: date | None


class CasePageOut(JsonModel):
    """A page of the cases the reader may see: ``count`` of all that match."""

    count: int
    offset: int
    cases: list[CaseRowOut]


def case_row_data(summary: CaseSummary) -> dict[str, Any]:
    """``CaseRowOut``'s JSON of a listed case, built straight from it (the listing is hot)."""
    next_due = summary.next_due
    return {
        **case_fields_data(summary.case),
        "latest_level": summary.latest_level,
        "overdue": len(summary.overdue),
        "next_due": next_due.isoformat() if next_due is not None else None,
    }


class SimilarFeature(JsonModel):
    """A feature two cases share, and why the policy weighs it."""

    feature: MemoryFeature
    value: float = Field(description="what it adds to the score (or takes)")
    detail: str = Field(description="what was shared")
    why: str = Field(description="the policy's reason")


class SimilarCaseOut(JsonModel):
    """A case like this one, with its score and the features that decided."""

    marking: str
    case_id: int
    title: str
    closed: bool
    score: float
    features: list[SimilarFeature]


class SimilarCases(JsonModel):
    """Cases like this one: ``past`` (opened before) and ``newer``."""

    past: list[SimilarCaseOut]
    newer: list[SimilarCaseOut]

    @classmethod
    def of(cls, view: SimilarView) -> SimilarCases:
        """The look-alikes a reader may see (``services.case_similar.visible_similar_cases``)."""

        def one(similar: memory.SimilarCase) -> SimilarCaseOut:
            resemblance = similar.resemblance
            features = [
                SimilarFeature(feature=f.feature, value=f.value, detail=f.detail, why=f.why)
                for f in resemblance.features
            ]
            return SimilarCaseOut(
                marking=view.markings[similar.case_id].portion(),
                case_id=similar.case_id,
                title=resemblance.case.title,
                closed=resemblance.case.closed,
                score=resemblance.score,
                features=features,
            )

        return cls(past=[one(s) for s in view.past], newer=[one(s) for s in view.newer])


class TelegramDraftOut(JsonModel):
    """A telegram drafted for a case: ``id`` when kept, else null."""

    id: int | None = Field(description="the stored telegram's id (null for a draft not kept)")
    case_id: int
    serial: str
    banner: str
    subject: str
    text: str = Field(description="rendered, banner line on top and at the bottom")


class TelegramOut(JsonModel):
    """A telegram (or a non-paper ``for`` a state), with the reader's portions only."""

    id: int
    case_id: int | None
    serial: str
    banner: str
    subject: str
    for_state: str | None = Field(alias="for", description="the non-paper's host state")
    text: str = Field(description="rendered, banner line on top and at the bottom")


class OutcomeRecorded(JsonModel):
    """An outcome recorded: the case and its status now."""

    case_id: int
    status: CaseStatus


class LiveAircraft(JsonModel):
    """Watched aircraft the reader may see, written after ``since``; ``seq`` to ask from next."""

    seq: int
    banner: str
    aircraft: list[dict[str, Any]] = Field(
        description="key, icao24, callsign, registration, case_id, why, marking, at, lat, lon, "
        "altitude_ft, ground_speed_kt, track_deg, on_ground, state, trail"
    )


class AccountOut(JsonModel):
    """An account as an admin sees it."""

    username: str
    clearance: str
    nationality: str
    organisation: str
    role: str
    active: bool
    failed_logins: int
    locked_until: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, record: AccountRecord) -> AccountOut:
        """The account of a record."""
        r = record
        return cls(
            username=r.username,
            clearance=r.clearance.name,
            nationality=r.nationality,
            organisation=r.organisation,
            role=r.role.value,
            active=r.active,
            failed_logins=r.failed_logins,
            locked_until=r.locked_until,
            created_at=r.created_at,
        )


class EndedLogins(JsonModel):
    """A password set: whose, and how many of their logins ended."""

    username: str
    ended_logins: int
