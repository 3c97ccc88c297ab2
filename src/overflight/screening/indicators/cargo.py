"""What it carries: goods named in the lexicon, vague descriptions, listed consignors and others."""

from __future__ import annotations

from overflight.model import FlightIntent
from overflight.permits import PartyRole
from overflight.screening.context import ScreeningContext
from overflight.screening.finding import Finding, Indicator
from overflight.screening.indicators.names import match_listed_name
from overflight.watchlist import PersonFacts, Schema


def _goods_texts(intent: FlightIntent, context: ScreeningContext) -> tuple[tuple[str, str], ...]:
    texts = []
    if context.cargo is not None:
        texts.append(("cargo description", context.cargo.description))
        texts += [("dangerous goods", d.description) for d in context.cargo.dangerous_goods]
    if intent.remarks:
        texts.append(("RMK/", intent.remarks))
    return tuple((where, text) for where, text in texts if text.strip())


def controlled_goods(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The cargo description (or RMK/) names goods of a lexicon entry (MTCR item, EU category).

    Weight: the indicator's weight times the heaviest entry found.
    """
    lexicon = context.policy.lexicon
    evidence = []
    heaviest = 0.0
    for where, text in _goods_texts(intent, context):
        for hit in lexicon.find_goods(text):
            evidence.append(f"{where} {text!r}: {hit.explain()}")
            heaviest = max(heaviest, hit.entry.weight)
    if context.cargo is not None and context.cargo.arms_munitions:
        evidence.append("arms or munitions declared on board")
        heaviest = max(heaviest, 1.0)
    if not evidence:
        return ()
    weight = round(context.policy.weight(Indicator.CONTROLLED_GOODS) * heaviest, 2)
    summary = (
        f"cargo names controlled goods ({len(evidence)} hit{'s' if len(evidence) > 1 else ''})"
    )
    return (Finding(Indicator.CONTROLLED_GOODS, weight, summary, tuple(evidence)),)


def vague_cargo(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """The cargo says almost nothing, or names goods controlled only in forms it does not say.

    "machine parts" is vague; so is "centrifuges" (gas and test centrifuges are controlled,
    dairy ones are not). A description that names lexicon goods outright is not vague.
    """
    if context.cargo is None:
        return ()
    lexicon = context.policy.lexicon
    text = context.cargo.description
    words = lexicon.find_vague(text)
    unqualified = lexicon.find_unqualified(text)
    if (not words and not unqualified) or lexicon.find_goods(text):
        return ()
    summary = f"vague cargo description {text!r}"
    evidence = tuple(
        f"cargo description {text!r} names {', '.join(map(repr, hit.words))}, controlled only "
        f"in some forms ({hit.explain()}), and does not say which"
        for hit in unqualified
    )
    if words:
        evidence += (f"cargo description {text!r} uses only {', '.join(map(repr, words))}",)
    return (
        Finding(
            Indicator.VAGUE_CARGO, context.policy.weight(Indicator.VAGUE_CARGO), summary, evidence
        ),
    )


def listed_party(intent: FlightIntent, context: ScreeningContext) -> tuple[Finding, ...]:
    """A consignor, consignee, charterer, agent or pilot in command matches a list entry.

    The operator is left to ``listed-operator``. People are matched against persons,
    organisations against organisations; a pilot's nationality qualifies the match (see
    ``watchlist.qualifiers``); the weight scales by the best match score.
    """
    index = context.reference.lists
    if index is None:
        return ()
    policy = context.policy
    evidence = []
    best = 0.0
    for party in context.parties:
        if party.role is PartyRole.OPERATOR or not party.name.strip():
            continue
        person = party.role in (PartyRole.PILOT_IN_COMMAND, PartyRole.RESPONSIBLE_FOR_CARGO)
        schema = Schema.PERSON if person else Schema.ORGANISATION
        # A pilot's country is the nationality the request gives; other parties' is an address.
        pilot = party.role is PartyRole.PILOT_IN_COMMAND
        facts = PersonFacts(nationality=party.country) if pilot and party.country else None
        for match in match_listed_name(
            index, party.name.strip(), schema, policy.name_match_threshold, 2, facts
        ):
            evidence.append(f"{party.role.value} {party.name!r}: {match.explain()}")
            best = max(best, match.score)
    if not evidence:
        return ()
    weight = round(policy.weight(Indicator.LISTED_PARTY) * best, 2)
    summary = f"{len(evidence)} part{'ies' if len(evidence) > 1 else 'y'} of the flight on a list"
    return (Finding(Indicator.LISTED_PARTY, weight, summary, tuple(evidence)),)


__all__ = ["controlled_goods", "listed_party", "vague_cargo"]
