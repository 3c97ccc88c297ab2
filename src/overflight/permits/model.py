"""A permit request as domain values: the flight (``FlightIntent``) plus cargo, parties and legs.

Fields follow the forms in real use (India DGCA non-scheduled flight application, Sri Lanka AIP
non-scheduled flight format, Poland MoD diplomatic clearance, Thailand CAAT dangerous goods
approval); see docs/permits.md for the mapping.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from overflight.model import FlightIntent, GeoPoint


class PermitType(StrEnum):
    """What is asked of the state: to overfly, to land for fuel only, to land for traffic."""

    OVERFLIGHT = "overflight"
    TECHNICAL_LANDING = "technical-landing"
    TRAFFIC_LANDING = "traffic-landing"
    DIPLOMATIC = "diplomatic"  # state or military aircraft, through the foreign ministry


class Purpose(StrEnum):
    """The purpose of the flight, as the permit forms list them."""

    CARGO = "cargo"
    PASSENGER = "passenger"
    VIP = "vip"
    AMBULANCE = "ambulance"
    RELIEF = "relief"
    PRIVATE = "private"
    STATE = "state"
    OTHER = "other"


class PartyRole(StrEnum):
    """The part a person or organisation plays in a flight."""

    OPERATOR = "operator"
    CONSIGNOR = "consignor"
    CONSIGNEE = "consignee"
    CHARTERER = "charterer"
    AGENT = "agent"
    PILOT_IN_COMMAND = "pilot-in-command"
    RESPONSIBLE_FOR_CARGO = "responsible-for-cargo"


@dataclass(frozen=True, slots=True)
class Party:
    """A person or organisation named in a request; ``country`` is ISO alpha-2 or ``""``.

    ``designator`` is the ICAO three-letter designator, for an operator that has one.
    """

    role: PartyRole
    name: str
    address: str = ""
    country: str = ""
    designator: str = ""


@dataclass(frozen=True, slots=True)
class DangerousGoods:
    """One dangerous goods entry: UN number, class, what it is, how much, and the permit."""

    un_number: str
    hazard_class: str
    description: str
    quantity: str = ""
    permit_ref: str = ""


@dataclass(frozen=True, slots=True)
class Cargo:
    """What the aircraft carries, as declared."""

    description: str
    weight_kg: float | None = None
    hs_code: str = ""
    air_waybill: str = ""
    dangerous_goods: tuple[DangerousGoods, ...] = ()
    arms_munitions: bool = False

    @property
    def texts(self) -> tuple[str, ...]:
        """Every free text describing goods: the description and each dangerous goods entry."""
        return (self.description, *(d.description for d in self.dangerous_goods))


@dataclass(frozen=True, slots=True)
class FirCrossing:
    """Where and when the flight enters and leaves one FIR (times aware UTC).

    ``state`` is the state whose location indicators the FIR's share (``LTAA`` → ``TR``);
    a point given as coordinates (``3900N04400E``) has its position, a named one ``None``.
    """

    fir: str
    entry_point: str
    entry_time: datetime | None
    exit_point: str
    exit_time: datetime | None
    state: str = ""
    entry_position: GeoPoint | None = None
    exit_position: GeoPoint | None = None


@dataclass(frozen=True, slots=True)
class Landing:
    """An aerodrome (ICAO indicator) and a time (aware UTC), either may be unknown."""

    aerodrome: str
    time: datetime | None = None


@dataclass(frozen=True, slots=True)
class PermitRequest:
    """One overflight or landing permit request, read into the shared ``FlightIntent`` plus more.

    ``stops`` are the intermediate landings (technical stops) in order; ``last_landing`` and
    ``next_landing`` are the aerodromes before entering and after leaving the requested
    state's airspace.
    """

    reference: str
    intent: FlightIntent
    permit_type: PermitType
    purpose: Purpose
    nationality: str  # state of registry, ISO alpha-2
    mtow_kg: float | None
    parties: tuple[Party, ...]
    cargo: Cargo | None = None
    stops: tuple[Landing, ...] = ()
    fir_crossings: tuple[FirCrossing, ...] = ()
    last_landing: Landing | None = None
    next_landing: Landing | None = None
    requested_states: tuple[str, ...] = ()
    air_drop_capable: bool | None = None
    valid_from: datetime | None = None  # the window the permit is asked for, aware UTC
    valid_until: datetime | None = None

    def parties_as(self, role: PartyRole) -> tuple[Party, ...]:
        """The parties with ``role``, in request order."""
        return tuple(p for p in self.parties if p.role is role)

    @property
    def operator(self) -> Party | None:
        """The operator, when named."""
        found = self.parties_as(PartyRole.OPERATOR)
        return found[0] if found else None


__all__ = [
    "Cargo",
    "DangerousGoods",
    "FirCrossing",
    "Landing",
    "Party",
    "PartyRole",
    "PermitRequest",
    "PermitType",
    "Purpose",
]
