"""Which aircraft a history is about: addresses, tails, operators, blocks, lists, cases, or all.

A ``Selection`` is a small frozen value sent to every worker; ``reasons`` says why a flight is
selected ("" when it is not), from the flight's address, last callsign and registration, and
first time seen. Registrations are compared as the watch compares them (upper case, no dash);
a flight with no registration in the archive is matched on the one its address block gives
(rs1090), as the watch does. Operators are ICAO designators, matched on the callsign's first
three letters followed by a digit.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from overflight.errors import InputError, Param
from overflight.geo import parse_state, state_name
from overflight.observed import parse_icao24
from overflight.screening import Policy
from overflight.services.watch_concern import address_state
from overflight.services.watch_flights import LINK_AFTER, LINK_BEFORE, WatchedFlight, normal_tail
from overflight.watchlist import Entity, IdentifierKind, normalise_identifier

__all__ = ["CaseWindow", "Selection", "select_aircraft"]

_DESIGNATOR = re.compile(r"([A-Z]{3})\d")


@dataclass(frozen=True, slots=True)
class CaseWindow:
    """A case's filed flight: its callsign or tail, and when it may be seen (EOBT −3 h/+20 h)."""

    ident: str
    start: datetime | None  # None: any time (no EOBT)
    end: datetime | None
    why: str


@dataclass(frozen=True, slots=True)
class Selection:
    """The aircraft a history is about, each with why (see the module's description)."""

    everything: bool = False
    addresses: dict[str, str] = field(default_factory=dict)  # icao24 → why
    blocks: dict[str, str] = field(default_factory=dict)  # state alpha-2 → why
    registrations: dict[str, str] = field(default_factory=dict)  # normal tail → why
    designators: dict[str, str] = field(default_factory=dict)  # 3 letters → why
    cases: tuple[CaseWindow, ...] = ()

    def reasons(self, icao24: str, callsign: str, registration: str, first_seen: datetime) -> str:
        """Why this flight is selected, "; "-joined ("" when it is not)."""
        if self.everything:
            return "all aircraft"
        found: list[str] = []
        if icao24 in self.addresses:
            found.append(self.addresses[icao24])
        block, block_tail = address_state(icao24) if self.blocks or self.registrations else ("", "")
        if block in self.blocks:
            found.append(self.blocks[block])
        tail = normal_tail(registration) or block_tail
        if tail and tail in self.registrations:
            found.append(self.registrations[tail])
        sign = normal_tail(callsign)
        designator = _DESIGNATOR.match(sign)
        if designator and designator.group(1) in self.designators:
            found.append(self.designators[designator.group(1)])
        for case in self.cases:
            if case.ident in (sign, tail) and (
                case.start is None or case.start <= first_seen <= (case.end or first_seen)
            ):
                found.append(case.why)
        return "; ".join(dict.fromkeys(found))

    def only_addresses(self) -> frozenset[str] | None:
        """The addresses, when nothing but addresses selects (pushed down to the reader)."""
        if self.addresses and not (
            self.everything or self.blocks or self.registrations or self.designators or self.cases
        ):
            return frozenset(self.addresses)
        return None

    def digest(self) -> str:
        """A digest of the selection, for telling runs apart (resuming)."""
        body = json.dumps(
            [self.everything, self.addresses, self.blocks, self.registrations, self.designators,
             [(c.ident, str(c.start), str(c.end), c.why) for c in self.cases]],
            sort_keys=True,
        )  # fmt: skip
        return hashlib.sha256(body.encode()).hexdigest()[:16]

    def is_empty(self) -> bool:
        """Whether nothing at all is selected."""
        return not (
            self.everything
            or self.addresses
            or self.blocks
            or self.registrations
            or self.designators
            or self.cases
        )


def select_aircraft(
    *,
    everything: bool = False,
    addresses: Sequence[str] = (),
    registrations: Sequence[str] = (),
    operators: Sequence[str] = (),
    blocks: Sequence[str] = (),
    entities: Iterable[Entity] = (),
    policy: Policy | None = None,
    case_flights: Sequence[WatchedFlight] = (),
) -> Selection:
    """A selection from the command's options (each argument as the user named it).

    ``policy``: the aircraft the watch treats as of concern by policy (the address blocks of
    states of concern, the designators of concern). ``case_flights``: the flights of the store's
    open and closed cases, each within its EOBT window.

    Raises:
        InputError: an address, operator designator or state is not well formed.
    """
    chosen_addresses = {
        parse_icao24(a, source=Param("aircraft")): f"address {a.strip().lower()}" for a in addresses
    }
    chosen_tails = {normal_tail(r): f"registration {r.strip().upper()}" for r in registrations}
    chosen_designators: dict[str, str] = {}
    for code in operators:
        designator = code.strip().upper()
        if not re.fullmatch(r"[A-Z]{3}", designator):
            raise InputError(
                Param("operator"), f"{code!r}: give an ICAO designator of three letters"
            )
        chosen_designators[designator] = f"operator {designator}"
    chosen_blocks: dict[str, str] = {}
    for text in blocks:
        state = parse_state(text, Param("block"))
        chosen_blocks[state] = f"address in the block of {state_name(state)}"
    for entity in entities:
        _take_entity(entity, chosen_addresses, chosen_tails, chosen_designators)
    if policy is not None:
        for code, d in policy.designators.items():
            chosen_designators.setdefault(code, f"designator {code} of concern ({d.operator})")
        for state in sorted(policy.states_of_concern):
            chosen_blocks.setdefault(state, f"address in the block of {state_name(state)}")
    windows = tuple(
        CaseWindow(
            ident,
            None if f.eobt is None else f.eobt - LINK_BEFORE,
            None if f.eobt is None else f.eobt + LINK_AFTER,
            "; ".join(f"case {c.id} ({c.title})" for c in f.cases),
        )
        for f in case_flights
        for ident in dict.fromkeys(i for i in (f.aircraft_id, f.registration) if i)
    )
    return Selection(
        everything=everything,
        addresses=chosen_addresses,
        blocks=chosen_blocks,
        registrations=chosen_tails,
        designators=chosen_designators,
        cases=windows,
    )


def _take_entity(
    entity: Entity, addresses: dict[str, str], tails: dict[str, str], designators: dict[str, str]
) -> None:
    label = f"{entity.caption} ({entity.source.value} {entity.source_ref})"
    for ident in entity.identifiers:
        if ident.kind is IdentifierKind.ICAO24:
            addresses.setdefault(ident.key.lower(), f"address listed for {label}")
        elif ident.kind is IdentifierKind.REGISTRATION:
            tail = normal_tail(normalise_identifier(ident.kind, ident.value))
            tails.setdefault(tail, f"registration {ident.value} listed for {label}")
        elif ident.kind is IdentifierKind.ICAO_AIRLINE:
            designators.setdefault(ident.key.upper()[:3], f"designator {ident.value} of {label}")
