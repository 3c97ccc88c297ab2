"""What screening reads besides the flight: reference data (policy, lists) and per-flight facts."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from overflight.ats import Flight, Title
from overflight.model import Route, Transit
from overflight.permits import Cargo, Party, PermitRequest
from overflight.screening.policy import Policy
from overflight.watchlist import WatchlistIndex

if TYPE_CHECKING:
    from overflight.screening.memory import CaseMemory


@dataclass(frozen=True, slots=True)
class History:
    """How often a flight's plan was delayed (DLA) and changed (CHG) before screening."""

    delays: int = 0
    changes: int = 0

    @property
    def total(self) -> int:
        """DLA plus CHG messages."""
        return self.delays + self.changes

    @classmethod
    def of_flight(cls, flight: Flight) -> History:
        """Count the DLA and CHG messages in a linked flight's history."""
        titles = [event.message.title for event in flight.history]
        return cls(titles.count(Title.DLA), titles.count(Title.CHG))


@dataclass(frozen=True, slots=True)
class Denial:
    """A state that denied (or refused) a flight in a case: which, when, and the flight."""

    state: str  # ISO alpha-2
    case_id: int
    flight: str  # as the case names it, "SYR9101 OIIE-LBSF"
    on: date | None = None


@dataclass(frozen=True, slots=True)
class PermitFacts:
    """What the store knows beside a permit request: other requests, and denials in cases.

    ``other_requests`` are stored requests (this one left out) as ``(source, request)``.
    ``searched`` says the store was asked at all, for the report when it was not.
    """

    other_requests: tuple[tuple[str, PermitRequest], ...] = ()
    denials: tuple[Denial, ...] = ()
    searched: bool = False


@dataclass(frozen=True, slots=True, eq=False)
class ReferenceData:
    """Reference data shared by every flight of a run: the policy and, if loaded, the lists.

    ``lists`` is ``None`` when no list was given: list-based indicators are then reported as
    not run. ``lists_label`` says which lists (file names, counts) for the report.
    """

    policy: Policy
    lists: WatchlistIndex | None = None
    lists_label: str = ""


@dataclass(frozen=True, slots=True)
class ScreeningContext:
    """Everything an indicator may read about one flight besides its ``FlightIntent``.

    ``cargo`` and ``parties`` come from a permit request (a flight plan has none); ``stops`` are
    intermediate landings (ICAO indicators); ``history`` is ``None`` when the source gives none
    (a single FPL or a permit), and ``transits`` are the route's airspaces in flight order.
    ``memory`` is the register of past cases the reader may see (``None``: the memory
    indicator is not run); ``own_cases`` the cases the flight already belongs to.
    ``request`` is the permit request screened (or the one a plan is flown under), ``route``
    the route its transits come from, ``permit_facts`` what the store adds.
    """

    reference: ReferenceData
    cargo: Cargo | None = None
    parties: tuple[Party, ...] = ()
    stops: tuple[str, ...] = ()
    operator_designator: str = ""
    history: History | None = None
    transits: tuple[Transit, ...] = ()
    memory: CaseMemory | None = None
    own_cases: frozenset[int] = frozenset()
    request: PermitRequest | None = None
    route: Route | None = None
    permit_facts: PermitFacts = PermitFacts()

    @property
    def policy(self) -> Policy:
        """The policy in force."""
        return self.reference.policy


def context_for_permit(
    request: PermitRequest, reference: ReferenceData, transits: tuple[Transit, ...] = ()
) -> ScreeningContext:
    """The screening context of a permit request: its cargo, parties, stops and designator."""
    operator = request.operator
    return ScreeningContext(
        reference=reference,
        cargo=request.cargo,
        parties=request.parties,
        stops=tuple(stop.aerodrome for stop in request.stops),
        operator_designator=operator.designator if operator else "",
        transits=transits,
        request=request,
    )


__all__ = [
    "Denial",
    "History",
    "PermitFacts",
    "ReferenceData",
    "ScreeningContext",
    "context_for_permit",
]
