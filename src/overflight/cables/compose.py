"""Draft the action request: what each host state is asked about a flight, before it arrives.

The shape follows State's action requests to posts (the seed telegram's REF A): an action
paragraph, objectives, background, the flight's identity and schedule, for each host state
its entry point and time (a paragraph for its post), talking points that double as a
non-paper, a point of contact and a reporting deadline.

Portions: what every recipient may see is ``(S//REL Recipients)``; each ask is
``(S//REL TO USA, <the states asked it>)``, and each host state's entry, exit and aerodrome
``(S//REL TO USA, <that state>)``; so no state sees another's ask, route or aerodrome in what is
releasable to it, and each host state's non-paper holds exactly its own ask. The talking points
lie between ``Begin talking points/non-paper:`` and ``END POINTS.`` (cables/points.py).

Timing: the reporting deadline is derived from the first host state's entry time
(``reporting_due``), and a post whose host state the aircraft enters within a day gets the
telegram NIACT IMMEDIATE (``precedence_for``). A case's values come in as plain data.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from overflight.cables.drafting import (
    RELEASABLE,
    Drafting,
    closing_paragraphs,
    embassy_in,
    released_to,
    telegram_to,
)
from overflight.cables.flight_text import (
    FlightOfConcern,
    a_or_an,
    at_time,
    ddmm,
    name_of,
    type_name,
)
from overflight.cables.model import Block, Bullet, Heading, Paragraph, Precedence, Prose, Telegram
from overflight.cables.thanks import compose_thank_you
from overflight.errors import InputError
from overflight.interdiction import AskKind, StateAsk
from overflight.markings import Marking

__all__ = [
    "NIACT_WITHIN",
    "Drafting",
    "FlightOfConcern",
    "compose_action_request",
    "compose_thank_you",
    "embassy_in",
    "precedence_for",
    "reporting_due",
]

APOSTROPHE_S = "'s"
NIACT_WITHIN = timedelta(days=1)
"""A post whose host state the aircraft enters sooner than this gets NIACT IMMEDIATE."""
_BEGIN_POINTS = "Begin talking points/non-paper:"
_END_POINTS = Prose("END POINTS.")
_SUBJECTS = {
    AskKind.DENY_OVERFLIGHT: "REQUEST TO DENY OVERFLIGHT",
    AskKind.REQUIRE_LANDING: "REQUEST TO REQUIRE LANDING FOR INSPECTION",
    AskKind.MONITOR: "REQUEST TO MONITOR AND REPORT",
    AskKind.INFORM: "INFORMING HOST GOVERNMENTS",
}
_OBJECTIVES = {
    AskKind.DENY_OVERFLIGHT: "Ask host governments to deny the aircraft permission to overfly "
    "their territory, and to refuse any new request for it.",
    AskKind.REQUIRE_LANDING: "Ask host governments to require the aircraft to land for "
    "inspection at the aerodrome named below should it enter their airspace.",
    AskKind.MONITOR: "Ask host governments to monitor the flight and report at once any request "
    "to overfly or land, or the aircraft's entry into their airspace.",
    AskKind.INFORM: "Inform host governments of the flight, which may briefly cross their "
    "airspace; no action is requested of them.",
}


def precedence_for(ask: StateAsk, released_at: datetime) -> Precedence:
    """NIACT IMMEDIATE when the aircraft enters the state's airspace within a day, else IMMEDIATE.

    An entry time already past (the flight is airborne or late) counts as within a day.
    """
    entered = ask.crossing.entered_at if ask.crossing else None
    if entered is not None and entered - released_at < NIACT_WITHIN:
        return Precedence.NIACT_IMMEDIATE
    return Precedence.IMMEDIATE


def reporting_due(
    asks: Sequence[StateAsk],
    released_at: datetime,
    *,
    within: timedelta = timedelta(days=7),
    before_entry: timedelta = timedelta(hours=1),
    soonest: timedelta = timedelta(hours=1),
) -> datetime:
    """When posts must report: ``before_entry`` ahead of the first entry into a host state.

    Never sooner than ``soonest`` after release (a post needs time to deliver the points),
    never later than ``within`` after it (also when no entry time is known).
    """
    latest = released_at + within
    entries = [a.crossing.entered_at for a in asks if a.crossing and a.crossing.entered_at]
    if not entries:
        return latest
    due = min(entries) - before_entry
    return min(max(due, released_at + soonest), latest)


def compose_action_request(
    flight: FlightOfConcern,
    asks: Sequence[StateAsk],
    report_by: datetime,
    drafting: Drafting,
) -> Telegram:
    """The action request to the posts of the states asked (rules in the module docstring).

    Every ask but ``not-asked`` is addressed; the states may be asked different things (each
    ask goes only to its states), though the main job sends one telegram per ask.

    Raises:
        InputError: no state to approach, or a state with no embassy in the routing list.
    """
    asked = [a for a in asks if a.asked]
    if not asked:
        raise InputError("states", "an action request needs at least one state to approach")
    for ask in asked:
        embassy_in(ask.state)
    kinds = list(dict.fromkeys(a.kind for a in asked))
    subject = f"{flight.label.upper()}: " + (
        _SUBJECTS[kinds[0]] if len(kinds) == 1 else "REQUEST FOR ACTION"
    )
    released = drafting.released_at
    first = min(
        (a.crossing.entered_at for a in asked if a.crossing and a.crossing.entered_at),
        default=None,
    )
    before = f" before {at_time(first)}" if first is not None else ""
    body: list[Block] = [
        Paragraph(
            1,
            RELEASABLE,
            f"ACTION REQUEST: Posts are requested to approach appropriate-level host government "
            f"officials{before} about {flight.described} from {flight.origin} to "
            f"{flight.destination} that may carry {flight.concern}, as set out below. Posts may "
            "draw from background, objectives, and talking points/non-paper below as "
            "appropriate.",
        ),
        Heading("OBJECTIVES"),
        Paragraph(
            2,
            RELEASABLE,
            "Posts should seek to:",
            (
                *(
                    Bullet(_OBJECTIVES[kind], _released([a for a in asked if a.kind is kind]))
                    for kind in kinds
                ),
                Bullet(
                    "Learn whether the operator has requested overflight or landing permission."
                ),
                Bullet(
                    "Urge host governments to share any information on the flight or its cargo."
                ),
            ),
        ),
        Heading("BACKGROUND"),
        Paragraph(3, RELEASABLE, _background(flight)),
        Heading("THE FLIGHT"),
        Paragraph(4, RELEASABLE, _identity(flight)),
    ]
    number = 5
    for ask in sorted(asked, key=lambda a: embassy_in(a.state).name):
        body.append(Paragraph(number, released_to([ask.state]), _for_post(ask)))
        number += 1
    body += [
        Heading("TALKING POINTS/NON-PAPER"),
        Paragraph(number, RELEASABLE, _BEGIN_POINTS, (*_points(flight, asked), _END_POINTS)),
        *closing_paragraphs(number + 1, _report_sentence(report_by, released, first), drafting),
    ]
    precedences = {a.state: precedence_for(a, released) for a in asked}
    return telegram_to([a.state for a in asked], subject, tuple(body), drafting, precedences)


def _released(asks: Sequence[StateAsk]) -> Marking:
    return released_to([a.state for a in asks])


def _background(flight: FlightOfConcern) -> str:
    since = f"Since {flight.tracked_since}, " if flight.tracked_since else ""
    tracking = "Washington has been tracking" if since else "Washington is tracking"
    history = f", which {flight.history}," if flight.history else ""
    route = f" from {flight.origin} to {flight.destination}"
    return (
        f"{since}{tracking} {a_or_an(flight.label)}{history}{route}. The flight appears to be "
        f"intended to transport {flight.concern}."
    )


def _identity(flight: FlightOfConcern) -> str:
    """Callsign, registration, 24-bit address, type, operator, times: what a post passes on."""
    name = flight.operator or "not known"
    operator = f"{name} ({flight.operator_code})" if flight.operator_code else name
    kind = type_name(flight.aircraft_type)
    designator = f" (ICAO type {flight.aircraft_type})" if flight.aircraft_type else ""
    parts = [
        f"Callsign {flight.callsign or 'not known'}",
        f"registration {flight.registration or 'not known'}",
        f"ICAO 24-bit address {flight.address or 'not filed'}",
        f"aircraft {kind}{designator}",
        f"operator {operator}",
    ]
    departs = f" at {at_time(flight.departs_at)}" if flight.departs_at else ""
    arrives = f", arriving about {at_time(flight.arrives_at)}" if flight.arrives_at else ""
    origin = f"{flight.origin} ({flight.origin_code})" if flight.origin_code else flight.origin
    destination = (
        f"{flight.destination} ({flight.destination_code})"
        if flight.destination_code
        else flight.destination
    )
    return f"{'; '.join(parts)}. Planned to depart {origin}{departs} for {destination}{arrives}."


def _passage(ask: StateAsk, whose: str) -> str:
    """``enter your airspace at 4352N08030E at 0547Z on 1 February 2008 and leave it …``."""
    crossing = ask.crossing
    if crossing is None:
        return (
            f"stay out of {whose} airspace on its filed route, but it could fly through "
            f"{whose} airspace if denied elsewhere"
        )
    entry = f" at {at_time(crossing.entered_at)}" if crossing.entered_at else ""
    exit_ = f" at {at_time(crossing.exited_at)}" if crossing.exited_at else ""
    return (
        f"enter {whose} airspace at {ddmm(crossing.entry)}{entry} and leave it at "
        f"{ddmm(crossing.exit)}{exit_}, after {crossing.distance_km:,.0f} km {crossing.over}"
    )


def _for_post(ask: StateAsk) -> str:
    """For the post alone: where and when the aircraft enters, and what to ask."""
    post = embassy_in(ask.state).name.removeprefix("AMEMBASSY ").title()
    name = name_of(ask.state)
    text = (
        f"For Embassy {post}: the aircraft is expected to {_passage(ask, name + APOSTROPHE_S)}. "
        f"Post should ask the government of {name} to {ask.kind.phrase}"
    )
    site = ask.site
    if site is not None:
        text += (
            f" at {site.label}, a {site.diversion_km:,.0f} km diversion from its route "
            f"({site.runway_m:,.0f} m {site.surface} runway)"
        )
    return text + "."


def _points(flight: FlightOfConcern, asked: Sequence[StateAsk]) -> list[Bullet]:
    """The talking points: the flight, each state's passage and ask, released to it alone."""
    departs = f" on {flight.departs_at.day} {flight.departs_at:%B %Y}" if flight.departs_at else ""
    points = [
        Bullet(
            f"We have information that {flight.operator_text} plans to fly {flight.aircraft}"
            f"{', ICAO 24-bit address ' + flight.address if flight.address else ''}"
            f"{', callsign ' + flight.callsign if flight.callsign else ''}, from "
            f"{flight.origin} to {flight.destination}{departs}, with a possible cargo of "
            f"{flight.concern}."
        )
    ]
    points += [
        Bullet(f"The aircraft is expected to {_passage(ask, 'your')}.", released_to([ask.state]))
        for ask in asked
        if ask.kind is not AskKind.INFORM
    ]
    for kind in dict.fromkeys(a.kind for a in asked):
        group = [a for a in asked if a.kind is kind]
        if kind is AskKind.REQUIRE_LANDING:
            points += [_landing_point(a) for a in group]
        else:
            points.append(Bullet(_ASK_POINTS[kind], _released(group)))
    points.append(Bullet("We would welcome any information you have on this flight or its cargo."))
    return points


_ASK_POINTS = {
    AskKind.DENY_OVERFLIGHT: "We ask that you deny this aircraft permission to overfly your "
    "territory, and any new request for it, in keeping with the Proliferation Security "
    "Initiative.",
    AskKind.MONITOR: "We ask that you monitor this flight and let us know at once if the operator "
    "requests permission to overfly or land in your territory, or if the aircraft enters your "
    "airspace.",
    AskKind.INFORM: "We are informing you of this flight, whose planned route may briefly cross "
    "your airspace; we do not ask you to act at this time.",
}


def _landing_point(ask: StateAsk) -> Bullet:
    site = ask.site
    where = f" at {site.label}" if site is not None else ""
    return Bullet(
        f"We ask that you require the aircraft to land for inspection{where} should it enter "
        "your airspace, and seize any cargo of proliferation concern found, in keeping with "
        "the Proliferation Security Initiative.",
        released_to([ask.state]),
    )


def _report_sentence(report_by: datetime, released: datetime, first: datetime | None) -> str:
    """The reporting sentence: a day, or a day and time when set by the first entry."""
    day = f"{report_by.day} {report_by:%B}"
    if report_by - released <= timedelta(hours=1):
        return (
            f"Please report host government responses immediately, and by {day}, "
            f"{report_by:%H%M}Z at the latest."
        )
    if first is not None and report_by < first:
        return (
            f"Please report host government responses by {day}, {report_by:%H%M}Z, before "
            "the aircraft is expected to enter the first host state's airspace."
        )
    return f"Please report host government responses by {day}."
