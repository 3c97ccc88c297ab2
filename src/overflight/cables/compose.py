"""Draft telegrams from a case: the action request to the posts, and the thank-you after.

The shape follows the seed telegram (SECSTATE to the posts of the transit states): an action
paragraph, objectives, background, talking points that double as a non-paper releasable to the
recipients (``REL Recipients``), a point of contact and a reporting deadline. The talking points
sit between ``Begin talking points/non-paper:`` and ``END POINTS.`` under their own heading, so
every telegram drafted here yields a non-paper for each state it goes to; a point meant for some
states only (a different ask, an aerodrome) is released to those states only. A case's values come
in as plain data, so this layer needs nothing from the case store.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from enum import Enum

from overflight.cables.model import (
    Addressee,
    Block,
    Bullet,
    Dtg,
    Heading,
    Paragraph,
    Precedence,
    Prose,
    Reference,
    Serial,
    Telegram,
)
from overflight.cables.posts import ORIGINATORS, POSTS, Post
from overflight.errors import InputError
from overflight.markings import (
    ClassificationAuthority,
    Declassification,
    Level,
    Marking,
    alpha2_to_trigraph,
    canonical_rel_to,
    parse_reasons,
)
from overflight.markings.declass import DeclassKind

__all__ = [
    "Ask",
    "Drafting",
    "FlightOfConcern",
    "StateRequest",
    "compose_action_request",
    "compose_thank_you",
    "embassy_in",
]

_RELEASABLE = Marking(Level.S, rel_recipients=True)
_UNCLASSIFIED = Marking(Level.U)
# The talking points lie between these two lines (and under the TALKING POINTS/NON-PAPER
# heading): the non-paper is made of them and of nothing else (cables/points.py).
_BEGIN_POINTS = "Begin talking points/non-paper:"
_END_POINTS = Prose("END POINTS.")
DECLASSIFY_AFTER_YEARS = 25


class Ask(Enum):
    """What a transit state is asked to do (PSI Statement of Interdiction Principles, 4(d))."""

    DENY_TRANSIT = "deny overflight"
    REQUIRE_LANDING = "require the aircraft to land for inspection"


@dataclass(frozen=True, slots=True)
class FlightOfConcern:
    """What the telegrams say about the flight, in the words a drafter would use."""

    operator: str  # "Air Koryo"
    aircraft: str  # "an Il-76 (registration P-912)"
    origin: str  # "Pyongyang, North Korea"
    destination: str  # "Damascus, Syria"
    concern: str  # "a possible cargo of missile-related items"
    tracked_since: str = ""  # "February"
    history: str = ""  # "has been rescheduled multiple times"


@dataclass(frozen=True, slots=True)
class StateRequest:
    """One state's part of an action request: the ask, and where to land for inspection."""

    state: str  # ISO 3166-1 alpha-2
    ask: Ask
    aerodrome: str = ""  # for REQUIRE_LANDING: "Ankara Esenboga (LTAC)"


@dataclass(frozen=True, slots=True)
class Drafting:
    """The drafter's particulars: who releases what, when, under which authority."""

    released_at: datetime  # aware UTC
    serial: Serial
    classified_by: str  # "ISN Acting Assistant Secretary Patricia A. McNerney"
    reasons: str = "1.4 b, c, and d"
    classification: Level = Level.S
    tags: tuple[str, ...] = ("PARM", "PREL", "MNUC")
    point_of_contact: str = ""
    slugs: tuple[str, ...] = ()
    signature: str = ""
    refs: tuple[Reference, ...] = ()


def embassy_in(state: str) -> Post:
    """The U.S. embassy in a state (the post that covers it).

    Raises:
        InputError: no embassy in that state is in the routing list.
    """
    for post in POSTS:
        if post.country == state and post.name.startswith("AMEMBASSY "):
            return post
    raise InputError("state", f"no U.S. embassy in {state} is in the routing list")


def compose_action_request(
    flight: FlightOfConcern,
    requests: Sequence[StateRequest],
    report_by: date,
    drafting: Drafting,
) -> Telegram:
    """The action request: posts ask their host states to deny transit or require a landing.

    Raises:
        InputError: no state given, or a state with no embassy in the routing list.
    """
    if not requests:
        raise InputError("states", "an action request needs at least one state to approach")
    asks = {request.ask for request in requests}
    subject = f"{flight.operator.upper()} FLIGHT: REQUEST TO {_ask_phrase(asks).upper()}"
    points = [
        Bullet(
            f"We have information that {flight.operator} plans to fly {flight.aircraft} from "
            f"{flight.origin} to {flight.destination}, through your airspace, with "
            f"{flight.concern}."
        ),
        *_ask_points(requests),
        Bullet("We would welcome any information you have on this flight or its cargo."),
    ]
    body: tuple[Block, ...] = (
        Paragraph(
            1,
            _RELEASABLE,
            "ACTION REQUEST: Posts are requested to approach appropriate-level host nation "
            f"officials and ask them to {_ask_phrase(asks)} for an {flight.operator} flight "
            f"from {flight.origin} to {flight.destination} that may carry {flight.concern}. "
            "Posts may draw from background, objectives, and talking points/non-paper below "
            "as appropriate.",
        ),
        Heading("OBJECTIVES"),
        Paragraph(
            2,
            _RELEASABLE,
            "Posts should seek to:",
            (
                Bullet(f"Ask host nations to {_ask_phrase(asks)}."),
                Bullet("Learn whether the operator has requested overflight permission."),
                Bullet("Urge host nations to share any information on the flight."),
            ),
        ),
        Heading("BACKGROUND"),
        Paragraph(3, _RELEASABLE, _background(flight)),
        Heading("TALKING POINTS/NON-PAPER"),
        Paragraph(4, _RELEASABLE, _BEGIN_POINTS, (*points, _END_POINTS)),
        *_closing(5, report_by, "Please report host nation responses", drafting),
    )
    return _telegram(subject, requests, body, drafting)


def compose_thank_you(
    flight: FlightOfConcern,
    states: Sequence[str],
    outcome: str,
    report_by: date,
    drafting: Drafting,
) -> Telegram:
    """The follow-up after the outcome: thank the states, ask them to stay vigilant.

    ``outcome`` completes "thanks to your efforts the flight …" (``had to be canceled, and the
    shipment did not take place``).
    """
    requests = [StateRequest(state, Ask.DENY_TRANSIT) for state in states]
    if not requests:
        raise InputError("states", "a thank-you needs at least one state")
    subject = f"{flight.operator.upper()} FLIGHT: THANKING HOST NATIONS FOR THEIR COOPERATION"
    body: tuple[Block, ...] = (
        Paragraph(
            1,
            _RELEASABLE,
            "ACTION REQUEST: Posts are requested to approach appropriate-level host nation "
            f"officials and thank them for their cooperation regarding an {flight.operator} "
            f"flight that was scheduled to transit their airspace en route from {flight.origin} "
            f"to {flight.destination}. Posts may draw from background, objectives, and talking "
            "points/non-paper below as appropriate.",
        ),
        Heading("OBJECTIVES"),
        Paragraph(
            2,
            _RELEASABLE,
            "Posts should seek to:",
            (
                Bullet("Thank host nations for their cooperation, particularly on short notice."),
                Bullet(
                    "Encourage host nations to continue their cooperation with us on possible "
                    "flights of proliferation concern."
                ),
                Bullet(
                    "Urge host nations to remain vigilant for similar overflight requests in "
                    "the future."
                ),
            ),
        ),
        Heading("BACKGROUND"),
        Paragraph(3, _RELEASABLE, _background(flight)),
        Heading("TALKING POINTS/NON-PAPER"),
        Paragraph(
            4,
            _RELEASABLE,
            _BEGIN_POINTS,
            (
                Bullet(
                    f"We would like to thank you for your cooperation regarding a recent "
                    f"{flight.operator} flight of proliferation concern that was scheduled to "
                    "transit your airspace."
                ),
                Bullet(
                    f"According to our information, thanks to your efforts the flight {outcome}."
                ),
                Bullet(
                    "This is exactly the type of cooperation we seek to foster in accordance "
                    "with the Proliferation Security Initiative."
                ),
                Bullet(
                    "We would like to ask for your continued support regarding flights of "
                    "this nature and urge you to be vigilant for any similar overflight "
                    "requests in the future."
                ),
                _END_POINTS,
            ),
        ),
        *_closing(
            5, report_by, "Please report delivery of points and any immediate response", drafting
        ),
    )
    return _telegram(subject, requests, body, drafting)


def _ask_points(requests: Sequence[StateRequest]) -> list[Bullet]:
    """The ask, and where to land, as talking points; each goes only to the states it is for.

    One ask for every state is one point for all recipients. Different asks make one point per
    ask, releasable to the USA and the states asked it; an aerodrome named for a landing is
    releasable to the USA and its own state. So no state's non-paper carries another's ask or
    aerodrome.
    """
    asks = dict.fromkeys(request.ask for request in requests)
    points: list[Bullet] = []
    for ask in asks:
        states = [r.state for r in requests if r.ask is ask]
        marking = None if len(asks) == 1 else _released_to(states)
        points.append(
            Bullet(
                f"We ask that you {ask.value} should the operator request permission to "
                "overfly your territory, in keeping with the Proliferation Security Initiative.",
                marking,
            )
        )
    points.extend(
        Bullet(
            f"Should the aircraft land, a suitable aerodrome for inspection is {r.aerodrome}.",
            _released_to([r.state]),
        )
        for r in requests
        if r.ask is Ask.REQUIRE_LANDING and r.aerodrome
    )
    return points


def _released_to(states: Sequence[str]) -> Marking:
    """A portion releasable to the USA and these states (ISO alpha-2) only.

    Raises:
        InputError: a state is not an ISO alpha-2 code.
    """
    try:
        trigraphs = [alpha2_to_trigraph(state) for state in states]
    except ValueError as err:
        raise InputError("state", str(err)) from None
    return Marking(_RELEASABLE.level, rel_to=canonical_rel_to(trigraphs))


def _ask_phrase(asks: set[Ask]) -> str:
    if asks == {Ask.REQUIRE_LANDING}:
        return Ask.REQUIRE_LANDING.value
    if asks == {Ask.DENY_TRANSIT}:
        return Ask.DENY_TRANSIT.value
    return "deny overflight or require the aircraft to land for inspection"


def _background(flight: FlightOfConcern) -> str:
    since = f"Since {flight.tracked_since}, " if flight.tracked_since else ""
    tracking = "Washington has been tracking" if since else "Washington is tracking"
    history = f", which {flight.history}," if flight.history else ""
    return (
        f"{since}{tracking} an {flight.operator} flight{history} from {flight.origin} to "
        f"{flight.destination}. The flight appears to be intended to transport {flight.concern}."
    )


def _closing(first: int, report_by: date, report: str, drafting: Drafting) -> tuple[Paragraph, ...]:
    paragraphs = []
    number = first
    if drafting.point_of_contact:
        paragraphs.append(
            Paragraph(
                number,
                _UNCLASSIFIED,
                f"Washington point of contact for follow-up is {drafting.point_of_contact}.",
            )
        )
        number += 1
    paragraphs.append(
        Paragraph(number, _UNCLASSIFIED, f"{report} by {report_by.day} {report_by:%B}.")
    )
    slugs = f" Please slug responses for {_and_list(drafting.slugs)}." if drafting.slugs else ""
    paragraphs.append(
        Paragraph(number + 1, _UNCLASSIFIED, f"Washington thanks posts for assistance.{slugs}")
    )
    return tuple(paragraphs)


def _and_list(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])}, and {items[-1]}"


def _telegram(
    subject: str, requests: Sequence[StateRequest], body: tuple[Block, ...], drafting: Drafting
) -> Telegram:
    action = tuple(
        Addressee(embassy_in(state), Precedence.IMMEDIATE)
        for state in dict.fromkeys(r.state for r in requests)
    )
    released = drafting.released_at
    return Telegram(
        classification=drafting.classification,
        serial=drafting.serial,
        dtg=Dtg(Precedence.IMMEDIATE, released.replace(second=0, microsecond=0)),
        origin=ORIGINATORS[0],
        action=action,
        declassification=Declassification(
            _executive_order(released.date()),
            DeclassKind.DATE,
            on=_years_later(released.date(), DECLASSIFY_AFTER_YEARS),
        ),
        tags=drafting.tags,
        subject=subject,
        refs=drafting.refs,
        authority=ClassificationAuthority(drafting.classified_by, parse_reasons(drafting.reasons)),
        body=body,
        signature=drafting.signature,
    )


def _executive_order(day: date) -> str:
    """E.O. 13526 governs from 27 June 2010; before that, E.O. 12958 as amended."""
    return "13526" if day >= date(2010, 6, 27) else "12958"


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
