"""The traits of one flight, request or sighting: what the case register keeps and compares.

``traits_of(intent, context)`` reads what screening reads (the plan, a permit's parties and
cargo, the route's transits, the DLA/CHG history) and returns normalised ``Trait`` values.
Pure: the same input gives the same traits.
"""

from __future__ import annotations

import re

from overflight.model import INTERNATIONAL, FlightIntent, Trait, TraitKind
from overflight.permits import PartyRole
from overflight.screening.context import ScreeningContext
from overflight.watchlist import IdentifierKind, normalise_identifier

_MSN = re.compile(r"\b(?:MSN|S/N|SERIAL)\s*[:/ ]?\s*([A-Z0-9-]{3,})", re.IGNORECASE)
_PARTIES = (PartyRole.AGENT, PartyRole.CONSIGNOR, PartyRole.CONSIGNEE, PartyRole.CHARTERER)


def _identity(intent: FlightIntent) -> list[Trait]:
    traits = []
    if intent.aircraft_address is not None:
        address = f"{intent.aircraft_address:06X}"
        traits.append(Trait(TraitKind.ADDRESS, address, f"24-bit address {address}"))
    registration = normalise_identifier(IdentifierKind.REGISTRATION, intent.registration)
    if registration:
        traits.append(
            Trait(TraitKind.REGISTRATION, registration, f"registration {intent.registration}")
        )
    texts = [intent.remarks, *(str(o) for o in intent.other_indicators)]
    for found in _MSN.finditer(" ".join(texts)):
        msn = normalise_identifier(IdentifierKind.MSN, found.group(1))
        if msn:
            traits.append(Trait(TraitKind.MSN, msn, f"serial number {found.group(1)}"))
    if intent.aircraft_type:
        kind = intent.aircraft_type.upper()
        traits.append(Trait(TraitKind.AIRCRAFT_TYPE, kind, f"type {kind}"))
    if intent.aircraft_id:
        callsign = intent.aircraft_id.upper()
        traits.append(Trait(TraitKind.CALLSIGN, callsign, f"callsign {callsign}"))
    return traits


def _names(intent: FlightIntent, context: ScreeningContext) -> list[Trait]:
    traits = []
    operators = [
        intent.operator,
        *(p.name for p in context.parties if p.role is PartyRole.OPERATOR),
    ]
    for name in dict.fromkeys(n.strip() for n in operators if n.strip()):
        traits.append(Trait(TraitKind.OPERATOR, name, f"operator {name}"))
    for party in context.parties:
        if party.role in _PARTIES and party.name.strip():
            name = party.name.strip()
            traits.append(Trait(TraitKind.PARTY, name, f"{party.role.value} {name}"))
    return traits


def _route(intent: FlightIntent, context: ScreeningContext) -> list[Trait]:
    traits = []
    if intent.departure and intent.destination:
        pair = f"{intent.departure}-{intent.destination}".upper()
        traits.append(Trait(TraitKind.CITY_PAIR, pair, f"city pair {pair}"))
    for state in dict.fromkeys(t.state for t in context.transits):
        if state != INTERNATIONAL:
            traits.append(Trait(TraitKind.TRANSIT_STATE, state, f"crosses {state}"))
    return traits


def _cargo(intent: FlightIntent, context: ScreeningContext) -> list[Trait]:
    texts = [intent.remarks]
    if context.cargo is not None:
        texts += context.cargo.texts
    lexicon = context.policy.lexicon
    traits = []
    for text in texts:
        for hit in lexicon.find_goods(text) if text.strip() else ():
            entry = hit.entry
            label = f"cargo {entry.regime} {entry.item} ({', '.join(hit.words)})"
            traits.append(Trait(TraitKind.CARGO_ITEM, entry.id, label))
    return traits


def _timing(context: ScreeningContext) -> list[Trait]:
    history = context.history
    if history is None:
        return []
    traits = [Trait(TraitKind.TIMING, "filed", "filed")]
    if history.delays:
        traits.append(Trait(TraitKind.TIMING, "delayed", "delayed"))
    if history.changes:
        traits.append(Trait(TraitKind.TIMING, "rescheduled", "rescheduled"))
    return traits


def traits_of(intent: FlightIntent, context: ScreeningContext) -> frozenset[Trait]:
    """Every trait of a flight: identity, names, route, cargo items and timing."""
    found = [
        *_identity(intent),
        *_names(intent, context),
        *_route(intent, context),
        *_cargo(intent, context),
        *_timing(context),
    ]
    first: dict[tuple[TraitKind, str], Trait] = {}
    for trait in found:
        first.setdefault((trait.kind, trait.key), trait)
    return frozenset(first.values())


__all__ = ["traits_of"]
