"""A case's telegrams from the store: numbering, the action request and thank-you, replies.

``next_drafting`` numbers telegrams on from a serial; ``compose_for_case`` drafts the action
request to every state engaged (each with the ask its engagement keeps) or the thank-you;
``classify_response`` reads a host state's answer from a post's reply; ``asked_by`` says which
states a stored telegram asked. The main job, the CLI and the web share them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta

from overflight import cases
from overflight.cables import (
    CableReference,
    Cooperation,
    Drafting,
    Serial,
    Telegram,
    compose_action_request,
    compose_thank_you,
    embassy_in,
    reporting_due,
)
from overflight.errors import InputError, Param
from overflight.interdiction import AskKind, Stance, StateAsk, standing_policy_of
from overflight.services.asking import (
    ACTING,
    ask_of_note,
    crossings_of,
    flight_of_concern,
    intent_of_plan,
)
from overflight.services.interdiction import stances_on
from overflight.store import Session, latest_transit_snapshot, take_serial

_SERIAL = re.compile(r"([A-Z]+)\s+0*(\d+)")
_DEMARCHE = re.compile(r"^([A-Z]{2})\b.*\(([A-Z]+ \d+)\)$")
_ANSWERED = (cases.StateResponse.DENIED_OVERFLIGHT, cases.StateResponse.WILL_REQUIRE_LANDING)

__all__ = [
    "DraftingDefaults",
    "asked_by",
    "classify_response",
    "compose_for_case",
    "concern_of",
    "has_embassy",
    "next_drafting",
    "serial_text",
    "take_drafting",
]


@dataclass(frozen=True, slots=True)
class DraftingDefaults:
    """Who drafts the telegrams a run writes, how they are numbered and dated, what they say."""

    classified_by: str = "ISN/CPI"
    point_of_contact: str = ""
    slugs: tuple[str, ...] = ()
    signature: str = ""
    serial: str = "STATE 1"  # the next serial; a run numbers its telegrams on from it
    report_within_days: int = 7
    concern: str = ""  # what the flight may carry, as the desk puts it; "" reads the findings


def _either_order(verbs: str, objects: str) -> re.Pattern[str]:
    """Words of ``verbs`` and of ``objects`` within 60 characters of each other, in any order."""
    return re.compile(
        rf"\b({verbs})\b.{{0,60}}\b({objects})|\b({objects})\b.{{0,60}}\b({verbs})",
        re.IGNORECASE | re.DOTALL,
    )


def next_drafting(
    defaults: DraftingDefaults, now: datetime, refs: tuple[CableReference, ...] = ()
) -> tuple[Drafting, DraftingDefaults]:
    """The particulars of the next telegram, and the defaults numbered on by one.

    Raises:
        InputError: the serial is not like ``STATE 43804``.
    """
    match = _SERIAL.fullmatch(defaults.serial.strip().upper())
    if match is None:
        raise InputError("serial", f"{defaults.serial!r} is not like STATE 43804")
    station, number = match[1], int(match[2])
    drafting = Drafting(
        released_at=now,
        serial=Serial(station, number),
        classified_by=defaults.classified_by,
        point_of_contact=defaults.point_of_contact,
        slugs=defaults.slugs,
        signature=defaults.signature,
        refs=refs,
    )
    return drafting, replace(defaults, serial=f"{station} {number + 1}")


def take_drafting(
    session: Session,
    defaults: DraftingDefaults,
    now: datetime,
    refs: tuple[CableReference, ...] = (),
) -> tuple[Drafting, DraftingDefaults]:
    """``next_drafting`` with the serial taken from the store (``store.take_serial``).

    Never below the defaults' serial, never one the store gave before for that originator and
    year.

    Take it in the transaction that stores the telegram: a rollback gives the number back.

    Raises:
        InputError: the serial is not like ``STATE 43804``.
    """
    drafting, _ = next_drafting(defaults, now, refs)
    wanted = drafting.serial
    if wanted is None:
        return drafting, defaults
    number = take_serial(session, wanted.station, now.year, wanted.number)
    taken = replace(drafting, serial=Serial(wanted.station, number))
    return taken, replace(defaults, serial=f"{wanted.station} {number + 1}")


def concern_of(findings: Sequence[object], told: str = "") -> str:
    """What the flight may carry: the desk's words, else read from the findings."""
    if told:
        return told
    summaries = " ".join(str(getattr(f, "summary", f)) for f in findings).lower()
    if "missile" in summaries or "mtcr" in summaries:
        return "missile-related items"
    return "items of proliferation concern"


def compose_for_case(
    session: Session,
    case_id: int,
    kind: str,
    drafting: Callable[[tuple[CableReference, ...]], Drafting],
    now: datetime,
    report_within_days: int = 7,
    concern: str = "",
) -> Telegram | None:
    """Draft a case's telegram from what the store holds.

    The flight is the case's latest stored plan or, for a case opened on a permit request
    whose plan has not been filed, that request.

    ``action`` goes to every state engaged, each asked what its engagement keeps (its entry and
    exit from the case's transits); ``thanks``, once some state answered that it denied
    overflight or will land the aircraft, to every state asked to act on the route that did not
    let the flight pass (and to states asked in advance that answered so), citing the action
    requests and the replies in the order they came. None when there is no state to address.

    Raises:
        InputError: an unknown kind.
        UnknownRecordError: no such case.
    """
    if kind not in ("action", "thanks"):
        raise InputError(Param("kind"), f"{kind!r}: compose 'action' or 'thanks'")
    case = cases.get_case(session, case_id)
    engaged = cases.case_engagements(session, case_id)
    flights = cases.stored_flights(session, case_id)
    verdicts = cases.case_verdicts(session, case_id)
    if flights:
        flight = flights[-1]
        changes = sum(e.title in ("DLA", "CHG") for e in cases.flight_history(session, flight.id))
        intent = intent_of_plan(flight.plan_text, dof=flight.dof, eobt=flight.eobt)
    else:  # a case opened on a permit request, its plan not yet filed
        requests = cases.case_permit_requests(session, case_id)
        if not requests:
            return None
        changes, intent = 0, requests[-1].intent
    since = case.opened_at
    about = flight_of_concern(
        intent,
        concern_of(verdicts[-1].findings if verdicts else (), concern),
        tracked_since=f"{since:%B}" if since.year == now.year else f"{since:%B %Y}",
        history="has been rescheduled multiple times" if changes > 1 else "",
    )
    within = timedelta(days=report_within_days)
    if kind == "action":
        asks = _stored_asks(session, case_id, engaged)
        if not asks:
            return None
        due = reporting_due(asks, now, within=within)
        return compose_action_request(about, asks, due, drafting(()))
    timeline = cases.case_timeline(session, case_id)
    thanked = _thanked(engaged)
    if not any(e.response in _ANSWERED for e in thanked):
        return None  # nobody acted: nothing to thank anyone for
    cooperation = Cooperation(
        denied=tuple(
            e.state for e in thanked if e.response is cases.StateResponse.DENIED_OVERFLIGHT
        ),
        landing={
            e.state: _landing_policy(e.state, now)
            for e in thanked
            if e.response is cases.StateResponse.WILL_REQUIRE_LANDING
        },
        partners=frozenset(
            s
            for s in (e.state for e in thanked)
            if stances_on(now.date()).stance(s) is Stance.COOPERATING
        ),
        delayed=changes > 1,
    )
    outcome = "had to be canceled, and the shipment did not take place"
    refs = _refs(timeline, thanked)
    states = [e.state for e in thanked]
    return compose_thank_you(
        about, states, cooperation, outcome, (now + within).date(), drafting(refs)
    )


def _stored_asks(
    session: Session, case_id: int, engaged: Sequence[cases.Engagement]
) -> list[StateAsk]:
    snapshot = latest_transit_snapshot(session, case_id)
    crossings = crossings_of(snapshot.transits if snapshot is not None else [])
    asks = []
    for engagement in engaged:
        found = ask_of_note(engagement.note)
        kind, on_route = found if found is not None else (AskKind.DENY_OVERFLIGHT, True)
        if kind is AskKind.NOT_ASKED:
            continue
        crossing = crossings.get(engagement.state) if on_route else None
        if kind is AskKind.REQUIRE_LANDING:
            kind = AskKind.REQUIRE_LANDING if crossing is not None else AskKind.DENY_OVERFLIGHT
        asks.append(StateAsk(engagement.state, kind, engagement.note, crossing, Stance.UNKNOWN))
    return asks


def _thanked(engaged: Sequence[cases.Engagement]) -> list[cases.Engagement]:
    """States asked to act that did not let the flight pass; asked in advance: those that acted."""
    thanked = []
    for engagement in engaged:
        found = ask_of_note(engagement.note)
        kind, on_route = found if found is not None else (AskKind.DENY_OVERFLIGHT, True)
        if kind not in ACTING or engagement.response is cases.StateResponse.GRANTED:
            continue
        if on_route or engagement.response in _ANSWERED:
            thanked.append(engagement)
    return thanked


def _landing_policy(state: str, now: datetime) -> str:
    policy = standing_policy_of(state, now.date())
    return policy.policy if policy is not None else ""


def asked_by(timeline: Sequence[cases.TimelineEntry]) -> dict[str, list[str]]:
    """Each telegram's serial and the states its demarches went to, from the case's timeline."""
    found: dict[str, list[str]] = {}
    for entry in timeline:
        if entry.kind != "demarche":
            continue
        match = _DEMARCHE.match(entry.detail)
        if match:
            found.setdefault(match[2], []).append(match[1])
    return found


def meet_answered_deadlines(
    session: Session, case_id: int, met_on: date, now: datetime, actor: str = "analyst"
) -> list[int]:
    """Meet each open deadline whose telegram's asked states have all answered; their ids.

    A deadline set by an action request is met once no state it was sent to is still
    waiting (``no response``), on ``met_on``, so replies recorded from the CLI or the web
    close what they answer.
    """
    asked = asked_by(cases.case_timeline(session, case_id))
    engaged = {e.state: e for e in cases.case_engagements(session, case_id)}
    met: list[int] = []
    for deadline in cases.case_deadlines(session, case_id, now):
        states = asked.get(deadline.telegram_ref)
        if deadline.met_on is not None or not states:
            continue
        waiting = [
            s
            for s in states
            if s in engaged and engaged[s].response is cases.StateResponse.NO_RESPONSE
        ]
        if not waiting:
            cases.meet_deadline(session, deadline.id, met_on=met_on, at=now, actor=actor)
            met.append(deadline.id)
    return met


def _refs(
    timeline: Sequence[cases.TimelineEntry], thanked: Sequence[cases.Engagement]
) -> tuple[CableReference, ...]:
    """The action requests to the states thanked, then their replies as they came in."""
    states = {e.state for e in thanked}
    cited = [serial for serial, asked in asked_by(timeline).items() if states & set(asked)]
    order = [e.detail.split(":")[0] for e in timeline if e.kind == "response"]
    replies = {e.state: e.telegram_ref for e in thanked if e.telegram_ref not in cited}
    for state in dict.fromkeys(order):
        if replies.get(state):
            cited.append(replies[state])
    refs: list[CableReference] = []
    for text in dict.fromkeys(cited):
        match = _SERIAL.fullmatch(text)
        if match:
            refs.append(CableReference(chr(ord("A") + len(refs)), match[1], int(match[2])))
    return tuple(refs)


_RESPONSES = (
    (
        _either_order(r"require\w*|land(ing)?", r"inspect\w*|land(ing)?"),
        cases.StateResponse.WILL_REQUIRE_LANDING,
    ),
    (
        _either_order(
            r"den(y|ied|ial|ies)|refus\w*|reject\w*|will not grant",
            r"overflight|transit|permission|request",
        ),
        cases.StateResponse.DENIED_OVERFLIGHT,
    ),
    (
        _either_order(r"grant\w*|approv\w*|allow\w*", r"overflight|transit|permission"),
        cases.StateResponse.GRANTED,
    ),
)


def classify_response(telegram: Telegram) -> cases.StateResponse:
    """A host state's answer, read from a post's reply: the first rule whose words appear.

    Landing for inspection is looked for first (a state that will require a landing often also
    says it will not simply grant transit), then denial, then consent; else no response.
    """
    text = " ".join(
        " ".join([p.text, *(part.text for part in p.parts)]) for p in telegram.paragraphs
    )
    text = f"{telegram.subject} {text}"
    for pattern, response in _RESPONSES:
        if pattern.search(text):
            return response
    return cases.StateResponse.NO_RESPONSE


def has_embassy(state: str) -> bool:
    """Whether the United States has an embassy in ``state`` to carry a demarche."""
    try:
        embassy_in(state)
    except InputError:
        return False
    return True


def serial_text(telegram: Telegram) -> str:
    """The telegram's serial as stored and cited (``STATE 043804``), or ``""``."""
    serial = telegram.serial
    return f"{serial.station} {serial.number:06d}" if serial else ""
