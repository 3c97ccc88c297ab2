"""The permit request document (YAML or JSON), as pydantic models: the schema users write to.

``schema_version`` is ``1``. Times are ISO 8601 with an offset (``2008-06-01T01:00:00Z``).
Unknown keys are errors, so a misspelt field is reported rather than ignored.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator

from overflight.permits.model import PermitType, Purpose

_ICAO_AERODROME = r"^[A-Z]{4}$"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PartyDoc(_Strict):
    """A person or organisation: name, address, country (alpha-2 or name)."""

    name: str = Field(min_length=1)
    address: str = ""
    country: str = ""


class OperatorDoc(PartyDoc):
    """The operator: name, ICAO designator, AOC number, AFS/SITA address."""

    icao: str = Field(default="", pattern=r"^([A-Z]{3})?$")
    aoc: str = ""
    afs_address: str = ""


class AircraftDoc(_Strict):
    """The aircraft: ICAO type, registration, state of registry, MTOW, 24-bit address."""

    type: str = Field(min_length=2, max_length=4, pattern=r"^[A-Z0-9]{2,4}$")
    registration: str = Field(min_length=2, max_length=10)
    nationality: str = Field(min_length=2, description="state of registry, alpha-2 or name")
    mtow_kg: float | None = Field(default=None, gt=0)
    address24: str = Field(default="", pattern=r"^([0-9A-Fa-f]{6})?$")
    air_drop_capable: bool | None = None


class PilotDoc(_Strict):
    """The pilot in command: name and nationality."""

    name: str = Field(min_length=1)
    nationality: str = ""


class PointTimeDoc(_Strict):
    """An aerodrome (ICAO indicator) and a time."""

    aerodrome: str = Field(pattern=_ICAO_AERODROME)
    time: AwareDatetime | None = None


class StopDoc(_Strict):
    """A technical stop: aerodrome, arrival and departure times."""

    aerodrome: str = Field(pattern=_ICAO_AERODROME)
    arrival: AwareDatetime | None = None
    departure: AwareDatetime | None = None


class FirCrossingDoc(_Strict):
    """Entry and exit of one FIR: point names (or coordinates) and times."""

    fir: str = Field(pattern=r"^[A-Z]{4}$")
    entry_point: str = Field(min_length=2)
    entry_time: AwareDatetime | None = None
    exit_point: str = Field(min_length=2)
    exit_time: AwareDatetime | None = None


class ValidityDoc(_Strict):
    """The window the permit is asked for: from and until (ISO 8601 with an offset)."""

    valid_from: AwareDatetime = Field(alias="from")
    valid_until: AwareDatetime = Field(alias="until")


class RouteDoc(_Strict):
    """Departure, destination, technical stops, ATS route and FIR crossings."""

    departure: PointTimeDoc
    destination: PointTimeDoc
    stops: list[StopDoc] = []
    ats_route: str = ""
    fir_crossings: list[FirCrossingDoc] = []


class DangerousGoodsDoc(_Strict):
    """One dangerous goods line."""

    un_number: str = Field(pattern=r"^(UN)?\d{4}$")
    hazard_class: str = Field(min_length=1, alias="class")
    description: str = Field(min_length=1)
    quantity: str = ""
    permit_ref: str = ""


class CargoDoc(_Strict):
    """The cargo: description (required), weight, HS code, air waybill, consignor, consignee."""

    description: str = Field(min_length=1)
    weight_kg: float | None = Field(default=None, ge=0)
    hs_code: str = Field(default="", pattern=r"^(\d{4}(\.?\d{2}){0,3})?$")
    air_waybill: str = ""
    consignor: PartyDoc | None = None
    consignee: PartyDoc | None = None
    responsible_person: PartyDoc | None = None


class PermitRequestDoc(_Strict):
    """A permit request, as written (see docs/permits.md for every field)."""

    schema_version: Literal[1] = 1
    reference: str = ""
    permit_type: PermitType
    purpose: Purpose
    flight_type: Literal["scheduled", "non-scheduled", "general-aviation", "military", "other"]
    operator: OperatorDoc
    aircraft: AircraftDoc
    callsign: str = Field(min_length=2, max_length=9)
    pilot_in_command: PilotDoc | None = None
    route: RouteDoc
    last_landing: PointTimeDoc | None = None
    next_landing: PointTimeDoc | None = None
    cargo: CargoDoc | None = None
    dangerous_goods: list[DangerousGoodsDoc] = []
    arms_munitions: bool = False
    charterer: PartyDoc | None = None
    agent: PartyDoc | None = None
    requested_states: list[str] = []
    validity: ValidityDoc | None = None

    @field_validator("callsign")
    @classmethod
    def _callsign(cls, value: str) -> str:
        squashed = re.sub(r"[\s-]", "", value).upper()
        if not re.fullmatch(r"[A-Z0-9]{2,7}", squashed):
            raise ValueError("a call sign is 2-7 letters and digits (KOR151, P912)")
        return squashed


__all__ = [
    "AircraftDoc",
    "CargoDoc",
    "DangerousGoodsDoc",
    "FirCrossingDoc",
    "OperatorDoc",
    "PartyDoc",
    "PermitRequestDoc",
    "PilotDoc",
    "PointTimeDoc",
    "RouteDoc",
    "StopDoc",
    "ValidityDoc",
]
