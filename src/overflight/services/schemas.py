"""The JSON the API returns and the CLI prints, as pydantic models: one shape for both.

Each model is the response schema of an API operation (``/openapi.json`` is generated from
them) and the one place its JSON is built. A field may hold a domain dataclass (a screening
verdict, an engagement): pydantic derives its schema from the dataclass, and ``json_data``
writes it with ``to_jsonable``, as every interface always has (datetimes with their offset,
enums as their values). Models are built from typed service results; a dataclass instance
is kept as it is, not validated again.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date, datetime
from enum import Enum
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field

from overflight import cases
from overflight.model import to_jsonable
from overflight.screening import ScreeningVerdict
from overflight.services.web import CaseView

__all__ = [
    "CaseDetail",
    "CaseFields",
    "CaseTelegram",
    "DeadlineLine",
    "JsonModel",
    "ScreeningResult",
    "TimelineLineOut",
    "case_detail_data",
    "case_fields_data",
    "dump_json",
    "screening_result_data",
]


class JsonModel(BaseModel):
    """A response model whose JSON is built by ``json_data`` (by alias), not by validation."""

    model_config = ConfigDict(frozen=True, populate_by_name=True, extra="forbid")

    def json_data(self) -> dict[str, Any]:
        """The model as JSON data, each field under its alias.

        Nested models by their own rule, domain values by ``to_jsonable``, plain JSON (dicts
        a service built, strings, numbers) as it is.
        """
        fields = type(self).model_fields
        return {
            (info.serialization_alias or info.alias or name): _data(getattr(self, name))
            for name, info in fields.items()
        }

    def json_bytes(self, *, indent: bool = False) -> bytes:
        """``json_data`` as UTF-8 JSON (orjson), indented by two spaces with ``indent``."""
        return dump_json(self.json_data(), indent=indent)


def dump_json(data: Any, *, indent: bool = False) -> bytes:
    """JSON data as UTF-8 JSON (orjson; numpy numbers, as geometry holds, written as numbers)."""
    option = orjson.OPT_SERIALIZE_NUMPY | (orjson.OPT_INDENT_2 if indent else 0)
    return orjson.dumps(data, option=option)


def _data(value: Any) -> Any:
    if isinstance(value, JsonModel):
        return value.json_data()
    if isinstance(value, list | tuple):
        return [_data(v) for v in value]
    if isinstance(value, Enum | datetime | date) or dataclasses.is_dataclass(value):
        return to_jsonable(value)
    return value  # str, int, float, bool, None, or a dict of JSON a service built


class ScreeningResult(JsonModel):
    """What screening gave: each flight's verdict and what could not be read.

    ``overflight screen --format json`` prints it; ``POST /api/screen`` returns it with
    ``case_ids``. Both build its JSON with ``screening_result_data``.
    """

    verdicts: tuple[ScreeningVerdict, ...] = Field(description="one per flight, in input order")
    problems: tuple[str, ...] = Field(description="what could not be read, and where")


def screening_result_data(
    verdicts: Sequence[ScreeningVerdict], problems: Sequence[str]
) -> dict[str, Any]:
    """``ScreeningResult(verdicts=..., problems=...).json_data()``, built from the verdicts.

    A verdict is some 250 values (every indicator's run, each transit): finding each value's
    rule by reflection cost about a third of a screening's CPU (issue 17). ``ScreeningResult``
    stays the schema; a test holds the two equal.
    """
    return {"verdicts": [_verdict_data(v) for v in verdicts], "problems": list(problems)}


def _verdict_data(v: ScreeningVerdict) -> dict[str, Any]:
    p = v.provenance
    return {
        "aircraft_id": v.aircraft_id,
        "departure": v.departure,
        "destination": v.destination,
        "provenance": (
            None
            if p is None
            else {"source": p.source, "message_index": p.message_index, "line": p.line}
        ),
        "score": _number(v.score),
        "level": v.level.value,
        "findings": [
            {
                "indicator": f.indicator.value,
                "weight": _number(f.weight),
                "summary": f.summary,
                "evidence": list(f.evidence),
            }
            for f in v.findings
        ],
        "runs": [
            {
                "indicator": r.indicator.value,
                "status": r.status.value,
                "findings": r.findings,
                "reason": r.reason,
            }
            for r in v.runs
        ],
        "actions": [
            {
                "state": a.state,
                "name": a.name,
                "action": a.action.value,
                "reason": a.reason,
                "transits": [to_jsonable(t) for t in a.transits],
                "aerodrome": None if a.aerodrome is None else to_jsonable(a.aerodrome),
                "diversion_km": _number(a.diversion_km),
            }
            for a in v.actions
        ],
        "policy": v.policy,
        "lists": v.lists,
    }


def _number(value: float | None) -> float | None:
    """A number as ``to_jsonable`` writes it: a float rounded to 6 places, an int as it is."""
    return round(value, 6) if isinstance(value, float) else value


class CaseFields(JsonModel):
    """A case's own fields, its marking as the portion mark (``(S//NF)``)."""

    id: int
    title: str
    status: cases.CaseStatus
    opened_at: datetime
    opened_by: cases.OpenedBy
    reason: str
    marking: str = Field(description="portion mark, e.g. (S//NF)")
    updated_at: datetime

    @staticmethod
    def fields_of(case: cases.Case) -> dict[str, Any]:
        """The keyword arguments of a case's fields, for this model or one extending it."""
        return {
            "id": case.id,
            "title": case.title,
            "status": case.status,
            "opened_at": case.opened_at,
            "opened_by": case.opened_by,
            "reason": case.reason,
            "marking": case.marking.portion(),
            "updated_at": case.updated_at,
        }


class TimelineLineOut(JsonModel):
    """One event of a case as the reader may see it."""

    at: datetime
    actor: str
    kind: str
    detail: str
    marking: str | None = Field(description="portion mark of what the line derives from")

    @classmethod
    def of(cls, entry: cases.TimelineEntry) -> TimelineLineOut:
        """The line of a timeline entry."""
        mark = entry.marking.portion() if entry.marking is not None else None
        return cls(
            at=entry.at, actor=entry.actor, kind=entry.kind, detail=entry.detail, marking=mark
        )


class DeadlineLine(JsonModel):
    """A reporting deadline as the reader may see it, and its state today."""

    id: int
    case_id: int
    due_on: date
    what: str
    met_on: date | None
    state: cases.DeadlineState
    telegram_ref: str
    marking: str | None = Field(description="portion mark of the paragraph that set it")

    @classmethod
    def of(cls, deadline: cases.Deadline) -> DeadlineLine:
        """The line of a deadline."""
        d = deadline
        mark = d.marking.portion() if d.marking is not None else None
        return cls(
            id=d.id,
            case_id=d.case_id,
            due_on=d.due_on,
            what=d.what,
            met_on=d.met_on,
            state=d.state,
            telegram_ref=d.telegram_ref,
            marking=mark,
        )


class CaseTelegram(JsonModel):
    """A telegram of a case the reader may open some portion of."""

    id: int
    serial: str
    banner: str = Field(description="the banner of the reader's copy")


class CaseDetail(CaseFields):
    """One case with its timeline, engagements, deadlines, verdicts and telegrams."""

    timeline: tuple[TimelineLineOut, ...]
    engagements: tuple[cases.Engagement, ...]
    deadlines: tuple[DeadlineLine, ...]
    verdicts: tuple[cases.StoredVerdict, ...]
    telegrams: tuple[CaseTelegram, ...]

    @classmethod
    def of(cls, view: CaseView) -> CaseDetail:
        """The case as its reader may see it (``services.web.open_case_view``)."""
        return cls(
            **CaseFields.fields_of(view.case),
            timeline=tuple(TimelineLineOut.of(e) for e in view.timeline),
            engagements=view.engagements,
            deadlines=tuple(DeadlineLine.of(d) for d in view.deadlines),
            verdicts=view.verdicts,
            telegrams=tuple(
                CaseTelegram(id=t.id, serial=t.serial, banner=t.banner.banner())
                for t in view.telegrams
            ),
        )


def case_fields_data(case: cases.Case) -> dict[str, Any]:
    """``CaseFields(**CaseFields.fields_of(case)).json_data()``, built straight from the case."""
    return {
        "id": case.id,
        "title": case.title,
        "status": case.status.value,
        "opened_at": case.opened_at.isoformat(),
        "opened_by": case.opened_by.value,
        "reason": case.reason,
        "marking": case.marking.portion(),
        "updated_at": case.updated_at.isoformat(),
    }


def case_detail_data(view: CaseView) -> dict[str, Any]:
    """``CaseDetail.of(view).json_data()``, built straight from the view.

    The case view is the API's most frequent answer: building and walking the models cost
    about as much as reading the case (issue 17). ``CaseDetail`` stays its schema; a test
    holds the two equal.
    """
    return {
        **case_fields_data(view.case),
        "timeline": [
            {
                "at": e.at.isoformat(),
                "actor": e.actor,
                "kind": e.kind,
                "detail": e.detail,
                "marking": e.marking.portion() if e.marking is not None else None,
            }
            for e in view.timeline
        ],
        "engagements": [to_jsonable(e) for e in view.engagements],
        "deadlines": [
            {
                "id": d.id,
                "case_id": d.case_id,
                "due_on": d.due_on.isoformat(),
                "what": d.what,
                "met_on": d.met_on.isoformat() if d.met_on is not None else None,
                "state": d.state.value,
                "telegram_ref": d.telegram_ref,
                "marking": d.marking.portion() if d.marking is not None else None,
            }
            for d in view.deadlines
        ],
        "verdicts": [to_jsonable(v) for v in view.verdicts],
        "telegrams": [
            {"id": t.id, "serial": t.serial, "banner": t.banner.banner()} for t in view.telegrams
        ],
    }
