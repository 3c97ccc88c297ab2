"""Aircraft of concern: which observed aircraft the watch reports on, and why.

An aircraft is of concern when its ICAO 24-bit address lies in the block of a state of concern
(rs1090's ``aircraft_information``), when a watch list names its address, registration or
operator's designator (or the policy lists the designator), or when a case follows a filed
flight with its callsign or registration (open and closed cases alike). A case's concern
carries the case's marking; the others are public (address blocks, published lists):
UNCLASSIFIED.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache

import rs1090

from overflight.errors import OverflightError
from overflight.geo import parse_state, state_name
from overflight.markings import ClassificationLevel, Marking
from overflight.screening import Policy
from overflight.services.watch_flights import CaseRef, WatchedFlight, normal_tail
from overflight.watchlist import Entity, IdentifierKind, normalise_identifier

__all__ = ["PUBLIC", "Concern", "ConcernIndex", "address_state"]

PUBLIC = Marking(ClassificationLevel.U)
_DESIGNATOR = re.compile(r"([A-Z]{3})\d")


@dataclass(frozen=True, slots=True)
class Concern:
    """Why an aircraft is watched; ``flight`` and ``case``: what it was linked to, if anything."""

    why: str
    marking: Marking
    flight: WatchedFlight | None = None
    case: CaseRef | None = None


@lru_cache(maxsize=65_536)
def address_state(icao24: str) -> tuple[str, str]:
    """(state alpha-2, registration) that the address block gives ("" where it gives none)."""
    try:
        found = rs1090.aircraft_information(icao24)
    except BaseException as err:  # rs1090 panics on bad input: never let it escape
        if isinstance(err, KeyboardInterrupt | SystemExit):
            raise
        return "", ""
    country = str(found.get("country") or "") if isinstance(found, dict) else ""
    registration = str(found.get("registration") or "") if isinstance(found, dict) else ""
    try:
        state = parse_state(country, "address block") if country else ""
    except OverflightError:
        state = ""
    return state, normal_tail(registration)


class ConcernIndex:
    """Everything that makes an aircraft of concern, indexed by address, tail and callsign."""

    def __init__(
        self,
        policy: Policy,
        flights: Sequence[WatchedFlight] = (),
        entities: Iterable[Entity] = (),
        remembered: Mapping[str, Sequence[CaseRef]] | None = None,
    ) -> None:
        self.policy = policy
        self.flights = tuple(flights)
        # The register of past cases: an address (``A:730123``) or a registration
        # (``R:EPMNA``) of any case, closed ones too, whenever it is seen again.
        self._remembered = dict(remembered or {})
        self._by_ident: dict[str, list[WatchedFlight]] = {}
        for flight in self.flights:
            for ident in {flight.aircraft_id, flight.registration} - {""}:
                self._by_ident.setdefault(ident, []).append(flight)
        self._addresses: dict[str, str] = {}
        self._tails: dict[str, str] = {}
        self._designators: dict[str, str] = {
            code: f"designator {code} of concern ({d.operator}, {d.state})"
            for code, d in policy.designators.items()
        }
        for entity in entities:
            _index_entity(entity, self._addresses, self._tails, self._designators)

    def concerns(
        self, icao24: str, callsign: str, registration: str, at: datetime | None = None
    ) -> tuple[Concern, ...]:
        """Why this aircraft is of concern (empty: it is not); case concerns first.

        ``at`` (an aware datetime) keeps only filed flights whose time window holds it.
        """
        found: list[Concern] = []
        block_state, block_tail = address_state(icao24)
        tail = normal_tail(registration) or block_tail
        sign = normal_tail(callsign)
        linked: dict[int, tuple[WatchedFlight, list[str]]] = {}
        for ident in dict.fromkeys(i for i in (sign, tail) if i):
            for flight in self._by_ident.get(ident, ()):
                if at is None or flight.in_window(at):
                    linked.setdefault(flight.flight_id, (flight, []))[1].append(ident)
        for flight, idents in linked.values():
            for case in flight.cases:
                why = f"{' / '.join(idents)}: the aircraft of case {case.id} ({case.title})"
                found.append(Concern(why, case.marking, flight, case))
        seen = {c.case.id for c in found if c.case is not None}
        for key, ident in ((f"A:{icao24.upper()}", icao24.upper()), (f"R:{tail}", tail)):
            for case in self._remembered.get(key, ()) if ident else ():
                if case.id not in seen:
                    seen.add(case.id)
                    why = f"{ident}: the aircraft of past case {case.id} ({case.title})"
                    found.append(Concern(why, case.marking, None, case))
        public: list[str] = []
        if block_state and self.policy.of_concern(block_state):
            public.append(f"address {icao24} is in the block of {state_name(block_state)}")
        listed = self._addresses.get(icao24.upper()) or (tail and self._tails.get(tail))
        if listed:
            public.append(listed)
        designator = _DESIGNATOR.match(sign)
        if designator and designator.group(1) in self._designators:
            public.append(self._designators[designator.group(1)])
        if public:  # one public concern with every reason: one alert per event, not several
            found.append(Concern("; ".join(public), PUBLIC))
        return tuple(found)


def _index_entity(
    entity: Entity, addresses: dict[str, str], tails: dict[str, str], designators: dict[str, str]
) -> None:
    label = f"{entity.caption} ({entity.source.value} {entity.source_ref})"
    for ident in entity.identifiers:
        if ident.kind is IdentifierKind.ICAO24:
            addresses[ident.key.upper()] = f"address listed for {label}"
        elif ident.kind is IdentifierKind.REGISTRATION:
            tails[normal_tail(normalise_identifier(ident.kind, ident.value))] = (
                f"registration {ident.value} listed for {label}"
            )
        elif ident.kind is IdentifierKind.ICAO_AIRLINE:
            designators.setdefault(ident.key.upper()[:3], f"designator {ident.value} of {label}")
