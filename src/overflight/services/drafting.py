"""A case's telegrams from the store: numbering, the action request and thank-you, replies.

``next_drafting`` numbers telegrams on from a serial; ``compose_for_case`` drafts the action
request to every state engaged or the thank-you to those that answered; ``classify_response``
reads a host state's answer from a post's reply. The main job, the CLI and the web share them.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import datetime, timedelta

from overflight import cases
from overflight.ats import parse_message
from overflight.cables.compose import (
    Ask,
    Drafting,
    FlightOfConcern,
    StateRequest,
    compose_action_request,
    compose_thank_you,
    embassy_in,
)
from overflight.cables.model import Reference, Serial, Telegram
from overflight.errors import InputError
from overflight.geo import find_aerodrome, state_name
from overflight.screening import (
    Verdict,
)
from overflight.store import Session

_ANSWERED = (cases.Response.DENIED_OVERFLIGHT, cases.Response.WILL_REQUIRE_LANDING)
_SERIAL = re.compile(r"([A-Z]+)\s+0*(\d+)")

__all__ = [
    "DraftingDefaults",
    "classify_response",
    "compose_for_case",
    "flight_of_concern",
    "has_embassy",
    "next_drafting",
    "serial_text",
]


@dataclass(frozen=True, slots=True)
class DraftingDefaults:
    """Who drafts the telegrams a run writes, and how they are numbered and dated."""

    classified_by: str = "ISN/CPI"
    point_of_contact: str = ""
    slugs: tuple[str, ...] = ()
    signature: str = ""
    serial: str = "STATE 1"  # the next serial; a run numbers its telegrams on from it
    report_within_days: int = 7


def _either_order(verbs: str, objects: str) -> re.Pattern[str]:
    """Words of ``verbs`` and of ``objects`` within 60 characters of each other, in any order."""
    return re.compile(
        rf"\b({verbs})\b.{{0,60}}\b({objects})|\b({objects})\b.{{0,60}}\b({verbs})",
        re.IGNORECASE | re.DOTALL,
    )


def next_drafting(
    defaults: DraftingDefaults, now: datetime, refs: tuple[Reference, ...] = ()
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


def compose_for_case(
    session: Session,
    case_id: int,
    kind: str,
    drafting: Callable[[tuple[Reference, ...]], Drafting],
    now: datetime,
    report_within_days: int = 7,
) -> Telegram | None:
    """Draft a case's telegram from what the store holds.

    ``action`` goes to every state engaged, ``thanks`` to the states that answered (with the
    action request and their replies as references); None when there is no state to address.

    Raises:
        InputError: an unknown kind.
        UnknownRecordError: no such case.
    """
    case = cases.get_case(session, case_id)
    engaged = cases.case_engagements(session, case_id)
    flights = cases.stored_flights(session, case_id)
    verdicts = cases.case_verdicts(session, case_id)
    flight = flights[-1] if flights else None
    changes = (
        sum(e.title in ("DLA", "CHG") for e in cases.flight_history(session, flight.id))
        if flight
        else 0
    )
    since = case.opened_at
    about = FlightOfConcern(
        operator=(_operator_of(flight) if flight else "") or case.title,
        aircraft=_aircraft_of(flight) if flight else "an aircraft",
        origin=_place(flight.departure) if flight else "",
        destination=_place(flight.destination) if flight else "",
        concern=_concern(verdicts[-1].findings if verdicts else ()),
        tracked_since=f"{since:%B}" if since.year == now.year else f"{since:%B %Y}",
        history="has been rescheduled multiple times" if changes > 1 else "",
    )
    due = now.date() + timedelta(days=report_within_days)
    if kind == "thanks":
        answered = [e.state for e in engaged if e.response in _ANSWERED]
        if not answered:
            return None
        outcome = "had to be canceled, and the shipment did not take place"
        return compose_thank_you(about, answered, outcome, due, drafting(_refs(engaged)))
    if kind == "action":
        requests = [StateRequest(e.state, Ask.DENY_TRANSIT) for e in engaged]
        if not requests:
            return None
        return compose_action_request(about, requests, due, drafting(()))
    raise InputError("--kind", f"{kind!r}: compose 'action' or 'thanks'")


_RESPONSES = (
    (
        _either_order(r"require\w*|land(ing)?", r"inspect\w*|land(ing)?"),
        cases.Response.WILL_REQUIRE_LANDING,
    ),
    (
        _either_order(
            r"den(y|ied|ial)|refus\w*|reject\w*|will not grant",
            r"overflight|transit|permission|request",
        ),
        cases.Response.DENIED_OVERFLIGHT,
    ),
    (
        _either_order(r"grant\w*|approv\w*|allow\w*", r"overflight|transit|permission"),
        cases.Response.GRANTED,
    ),
)


def classify_response(telegram: Telegram) -> cases.Response:
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
    return cases.Response.NO_RESPONSE


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


def _refs(engagements: Sequence[cases.Engagement]) -> tuple[Reference, ...]:
    cited = dict.fromkeys(e.telegram_ref for e in engagements if e.telegram_ref)
    refs = []
    for i, text in enumerate(cited):
        match = _SERIAL.fullmatch(text)
        if match:
            refs.append(Reference(chr(ord("A") + i), match[1], int(match[2])))
    return tuple(refs)


def _place(icao: str) -> str:
    try:
        aerodrome = find_aerodrome(icao)
    except InputError:
        return icao
    return f"{aerodrome.city}, {state_name(aerodrome.country)}"


def flight_of_concern(verdict: Verdict, operator: str) -> FlightOfConcern:
    """What an action request says of the flight, from its verdict and operator."""
    return FlightOfConcern(
        operator=operator.title() if operator.isupper() else operator,
        aircraft="an aircraft",
        origin=_place(verdict.departure),
        destination=_place(verdict.destination),
        concern=_concern(verdict.findings),
    )


def _concern(findings: Sequence[object]) -> str:
    summaries = " ".join(str(getattr(f, "summary", f)) for f in findings).lower()
    if "missile" in summaries or "mtcr" in summaries:
        return "a possible cargo of missile-related items"
    return "a possible cargo of proliferation concern"


def _operator_of(flight: cases.StoredFlight) -> str:
    """OPR/ of the stored plan, as the ATS parser reads it."""
    other = parse_message(flight.plan_text).other
    return " ".join(other.opr.split()).title() if other and other.opr else ""


def _aircraft_of(flight: cases.StoredFlight) -> str:
    """REG/ of the stored plan, as the ATS parser reads it."""
    other = parse_message(flight.plan_text).other
    return f"an aircraft registered {other.reg}" if other and other.reg else "an aircraft"
