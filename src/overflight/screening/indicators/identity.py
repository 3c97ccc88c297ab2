"""Who flies: operator and aircraft on a list, 24-bit address, airline designator."""

from __future__ import annotations

from overflight.errors import InputError
from overflight.geo import sovereign_of, state_name
from overflight.model import FlightIntent
from overflight.screening.address import address_block, registration_fits
from overflight.screening.context import ScreeningContext
from overflight.screening.finding import Finding, Indicator
from overflight.screening.indicators.names import match_listed_name
from overflight.screening.operators import designators_of, operator_airlines
from overflight.screening.registration import registry_state
from overflight.watchlist import IdentifierKind, Match, Resolved, Schema, analyse_name


def _describe(match: Match) -> str:
    entity = match.entity
    parts = [match.explain()]
    if entity.programmes:
        parts.append("programmes " + ", ".join(entity.programmes))
    if entity.aircraft is not None and entity.aircraft.model:
        parts.append(f"model {entity.aircraft.model}")
    if entity.operator is not None:
        parts.append(f"operator {entity.operator.name}")
    return "; ".join(parts)


def listed_aircraft(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The registration or 24-bit address is an aircraft's identifier on a list (exact, normalised).

    Identifiers are never fuzzy: ``P-912`` finds P-912, never P-913.
    """
    index = context.reference.lists
    if index is None:
        return ()
    matches: list[tuple[str, Match]] = []
    if intent.registration:
        key = intent.registration
        matches += [
            (f"registration {key}", m)
            for m in index.match_identifier(IdentifierKind.REGISTRATION, key)
        ]
    if intent.aircraft_address is not None:
        hex_address = f"{intent.aircraft_address:06X}"
        matches += [
            (f"24-bit address {hex_address}", m)
            for m in index.match_identifier(IdentifierKind.ICAO24, intent.aircraft_address)
        ]
    if not matches:
        return ()
    entities = dict.fromkeys(m.entity.caption for _, m in matches)
    summary = f"aircraft {', '.join(entities)} is on a watch list"
    evidence = tuple(f"{what}: {_describe(m)}" for what, m in matches)
    return (
        Finding(
            Indicator.LISTED_AIRCRAFT,
            context.policy.weight(Indicator.LISTED_AIRCRAFT),
            summary,
            evidence,
        ),
    )


def listed_operator(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The operator matches an organisation on a list at or above the policy threshold.

    Searched: the operator text as given, and the names of the airlines it, the aircraft id
    (``KOR151``) and the declared designator resolve to in the policy's airline table. The
    weight is the indicator's weight times the best match score.
    """
    index = context.reference.lists
    if index is None:
        return ()
    policy = context.policy
    operator = intent.operator.strip()
    airlines = operator_airlines(intent, context)
    queries: dict[str, str] = {}
    by_designator = any(
        known.how is Resolved.DESIGNATOR and known.said.startswith("operator") for known in airlines
    )
    if operator and not by_designator:
        queries[operator] = f"operator {operator!r}"
    for known in airlines:
        if not any(_same_name(known.airline.name, name) for name in queries):
            queries[known.airline.name] = known.explained
    best: dict[str, tuple[Match, str, str]] = {}
    for name, said in queries.items():
        for match in match_listed_name(
            index, name, Schema.ORGANISATION, policy.name_match_threshold, 3
        ):
            current = best.get(match.entity.id)
            if current is None or match.score > current[0].score:
                best[match.entity.id] = (match, said, name)
    if not best:
        return ()
    ranked = sorted(best.values(), key=lambda found: (-found[0].score, found[0].entity.id))[:3]
    top, said, _ = ranked[0]
    weight = policy.weight(Indicator.LISTED_OPERATOR) * top.score
    shown = operator or said
    summary = f"operator {shown!r} matches {top.entity.caption} ({top.score:.2f})"
    if said != f"operator {operator!r}":
        summary = f"{said}, which matches {top.entity.caption} ({top.score:.2f})"
    evidence = tuple(f"{how}: {_describe(m)}" for m, how, _ in ranked)
    return (Finding(Indicator.LISTED_OPERATOR, round(weight, 2), summary, evidence),)


def address_state_of_concern(
    intent: FlightIntent, context: ScreeningContext
) -> tuple[Finding, ...]:
    """The 24-bit address (field 18 ``CODE/``) lies in the block of a state of concern."""
    if intent.aircraft_address is None:
        return ()
    block = address_block(intent.aircraft_address)
    if block is None or not context.policy.of_concern(block.state):
        return ()
    summary = f"24-bit address {block.hex} is allocated to {state_name(block.state)}"
    evidence = (
        f"CODE/{block.hex} lies in the ICAO Annex 10 block of {block.country} ({block.state}); "
        f"registrations there match {block.pattern}",
    )
    weight = context.policy.weight(Indicator.ADDRESS_STATE_OF_CONCERN)
    return (Finding(Indicator.ADDRESS_STATE_OF_CONCERN, weight, summary, evidence),)


def _same_name(one: str, other: str) -> bool:
    return analyse_name(one).text == analyse_name(other).text


def registration_state_of_concern(
    intent: FlightIntent, context: ScreeningContext
) -> tuple[Finding, ...]:
    """The registration's nationality mark names a state of concern (``P-``, ``EP-``, ``YK-``)."""
    if not intent.registration:
        return ()
    registry = registry_state(intent.registration)
    if registry is None or not context.policy.of_concern(_sovereign(registry.state)):
        return ()
    summary = (
        f"registration {intent.registration} is of {state_name(registry.state)} "
        f"(nationality mark {registry.shown})"
    )
    evidence = (
        f"REG/{intent.registration}: ICAO nationality mark {registry.shown} "
        f"-> state of registry {registry.state}",
    )
    weight = context.policy.weight(Indicator.REGISTRATION_STATE_OF_CONCERN)
    return (Finding(Indicator.REGISTRATION_STATE_OF_CONCERN, weight, summary, evidence),)


def _sovereign(state: str) -> str:
    try:
        return sovereign_of(state)
    except InputError:
        return state


def address_registration_mismatch(
    intent: FlightIntent, context: ScreeningContext
) -> tuple[Finding, ...]:
    """The state of registry (nationality mark) and the 24-bit address block's state differ.

    States are compared through their sovereign (``B-HKE`` in China's block agrees); where the
    marks table knows no mark, the block's own registration pattern decides.
    """
    if intent.aircraft_address is None or not intent.registration:
        return ()
    block = address_block(intent.aircraft_address)
    if block is None:
        return ()
    registry = registry_state(intent.registration)
    if registry is not None:
        if _sovereign(registry.state) == _sovereign(block.state):
            return ()
        said = f"nationality mark {registry.shown} names {state_name(registry.state)}"
    elif registration_fits(intent.registration, block) is False:
        said = f"no nationality mark known, and not the block's {block.nationality_mark}"
    else:
        return ()
    summary = (
        f"registration {intent.registration} and 24-bit address {block.hex} name different "
        f"states ({said}; the address is {state_name(block.state)}'s)"
    )
    evidence = (
        f"REG/{intent.registration}: {said}",
        f"CODE/{block.hex} -> {block.country} ({block.state}), whose registrations match "
        f"{block.nationality_mark} (a soft sign: block tables differ between sources)",
    )
    weight = context.policy.weight(Indicator.ADDRESS_REGISTRATION_MISMATCH)
    return (Finding(Indicator.ADDRESS_REGISTRATION_MISMATCH, weight, summary, evidence),)


def designator_of_concern(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The aircraft id (``KOR151``), ``OPR/`` or declared operator designator is of concern."""
    policy = context.policy
    hits = [
        policy.designators[d] for d in designators_of(intent, context) if d in policy.designators
    ]
    if not hits:
        return ()
    first = hits[0]
    summary = f"airline designator {first.designator} ({first.operator}, {state_name(first.state)})"
    evidence = tuple(
        f"{d.designator}: {d.operator}, {d.state}" + (f"; {d.note}" if d.note else "") for d in hits
    )
    weight = policy.weight(Indicator.DESIGNATOR_OF_CONCERN)
    return (Finding(Indicator.DESIGNATOR_OF_CONCERN, weight, summary, evidence),)


__all__ = [
    "address_registration_mismatch",
    "address_state_of_concern",
    "designator_of_concern",
    "listed_aircraft",
    "listed_operator",
    "registration_state_of_concern",
]
