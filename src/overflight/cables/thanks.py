"""Draft the thank-you after the outcome: thank the states asked, ask them to stay vigilant.

The shape is the seed telegram's (STATE 056778): an action paragraph naming the airspace the
flight was to cross and citing the action request, objectives, background that says whose
efforts stopped the flight (PSI partners that denied overflight, a state whose policy is to
land suspect flights for inspection), four talking points, point of contact, deadline, slugs.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from overflight.cables.drafting import (
    RELEASABLE,
    Drafting,
    closing_paragraphs,
    telegram_to,
)
from overflight.cables.flight_text import (
    FlightOfConcern,
    a_or_an,
    adjective_of,
    and_list,
    name_of,
    regions_of,
)
from overflight.cables.model import Block, Bullet, Heading, Paragraph, Prose, Telegram
from overflight.errors import InputError

__all__ = ["Cooperation", "compose_thank_you"]

_MOST_NAMED = 4  # more lone states than this and the subject says "host nations"


@dataclass(frozen=True, slots=True)
class Cooperation:
    """Who did what: states that denied overflight, states that would land it, and why.

    ``landing`` maps a state to the policy it acted on (``standing policy of requiring suspect
    flights to land for inspection``), or ``""`` when it decided for this flight alone.
    """

    denied: tuple[str, ...] = ()
    landing: Mapping[str, str] | None = None
    partners: frozenset[str] = frozenset()  # PSI endorsers among them
    delayed: bool = False  # the flight was put off again and again


def compose_thank_you(
    flight: FlightOfConcern,
    states: Sequence[str],
    cooperation: Cooperation,
    outcome: str,
    report_by: date,
    drafting: Drafting,
) -> Telegram:
    """The thank-you to the posts of ``states`` (rules in the module docstring).

    ``outcome`` completes "thanks to your efforts the flight …" (``had to be canceled, and the
    shipment did not take place``).

    Raises:
        InputError: no state given, or a state with no embassy in the routing list.
    """
    if not states:
        raise InputError("states", "a thank-you needs at least one state")
    lone, regions = regions_of(states)
    if len(lone) > _MOST_NAMED:
        who = "HOST NATIONS"
    else:
        who = ", ".join(
            [
                *(name_of(s).upper() for s in lone),
                *(f"{adjective.upper()} STATES" for _, adjective in regions),
            ]
        )
    named = f"{flight.operator} flight" if flight.operator else flight.label
    subject = f"{named.upper()}: THANKING {who} FOR THEIR COOPERATION"
    airspace = and_list([*(adjective for _, adjective in regions), *map(adjective_of, lone)])
    ends = _ends(flight)
    cited = " (REF A)." if drafting.refs else ""
    body: tuple[Block, ...] = (
        Paragraph(
            1,
            RELEASABLE,
            "ACTION REQUEST: Posts are requested to approach appropriate-level host nation "
            "officials and thank them for their cooperation regarding "
            f"{flight.operator_flight} that was scheduled to transit {airspace} airspace en route "
            f"{ends}. The aircraft was to transport a possible cargo of {flight.concern} "
            f"{ends}.{cited} Posts may draw from background, objectives, and talking "
            "points/non-paper below as appropriate.",
        ),
        Heading("OBJECTIVES"),
        Paragraph(
            2,
            RELEASABLE,
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
        Paragraph(3, RELEASABLE, _background(flight, cooperation)),
        Heading("TALKING POINTS/NON-PAPER:"),
        Paragraph(
            4,
            RELEASABLE,
            "Begin talking points/non-paper:",
            (*_points(flight, outcome), Prose("END POINTS.")),
        ),
        *closing_paragraphs(
            5,
            "Please report delivery of points and any immediate response by "
            f"{report_by.day} {report_by:%B}.",
            drafting,
        ),
    )
    return telegram_to(states, subject, body, drafting)


def _ends(flight: FlightOfConcern) -> str:
    origin = flight.origin_state or flight.origin
    destination = flight.destination_state or flight.destination
    return f"from {origin} to {destination}"


def _background(flight: FlightOfConcern, cooperation: Cooperation) -> str:
    since = f"Since {flight.tracked_since}, " if flight.tracked_since else ""
    tracking = "Washington has been tracking" if since else "Washington tracked"
    history = f", which {flight.history}," if flight.history else ""
    text = (
        f"{since}{tracking} {_tracked(flight)}{history} from {flight.origin} to "
        f"{flight.destination}. The flight appears to be intended to transport "
        f"{flight.concern} {_ends(flight)}."
    )
    efforts = _efforts(cooperation)
    result = (
        "this flight has been continually delayed"
        if cooperation.delayed
        else ("this flight did not take place")
    )
    if efforts:
        text += f" Thanks to {efforts}, {result}."
    return text


def _tracked(flight: FlightOfConcern) -> str:
    """``an Air Koryo charter flight`` (the seed's words), ``charter flight SYR9101`` else."""
    if flight.operator:
        return f"{a_or_an(flight.operator)} {flight.kind}"
    return flight.label


def _efforts(cooperation: Cooperation) -> str:
    """``cooperative efforts from PSI partner nations in Central Asia, as well as Turkey's …``."""
    parts = []
    if cooperation.denied:
        partners = [s for s in cooperation.denied if s in cooperation.partners]
        others = [s for s in cooperation.denied if s not in cooperation.partners]
        lone, regions = regions_of(partners)
        if partners and not lone and len(regions) == 1:
            parts.append(f"cooperative efforts from PSI partner nations in {regions[0][0]}")
        elif partners:
            parts.append(f"cooperative efforts from PSI partners {and_list(_names(partners))}")
        if others:
            parts.append(f"the cooperation of {and_list(_names(others))}")
    for state, policy in sorted((cooperation.landing or {}).items()):
        name = name_of(state)
        parts.append(
            f"{name}'s {policy}"
            if policy
            else f"{name}'s readiness to require the aircraft to land for inspection"
        )
    if len(parts) <= 1:
        return "".join(parts)
    return f"{', '.join(parts[:-1])}, as well as {parts[-1]}"


def _recent(flight: FlightOfConcern) -> str:
    """``Air Koryo flight``, or ``flight (SYR9101)`` when the operator is not known."""
    if flight.operator:
        return f"{flight.operator} flight"
    return f"flight ({flight.callsign})" if flight.callsign else "flight"


def _names(states: Sequence[str]) -> list[str]:
    return sorted(name_of(s) for s in states)


def _points(flight: FlightOfConcern, outcome: str) -> tuple[Bullet, ...]:
    return (
        Bullet(
            "We would like to thank you for your cooperation regarding a recent "
            f"{_recent(flight)} of proliferation concern that was scheduled to transit "
            "your airspace."
        ),
        Bullet(f"According to our information, thanks to your efforts the flight {outcome}."),
        Bullet(
            "We believe that your cooperation in this matter has led to a successful outcome. "
            "This is exactly the type of cooperation we seek to foster in accordance with the "
            "Proliferation Security Initiative."
        ),
        Bullet(
            "We would like to ask for your continued support regarding flights of this nature "
            "and urge you to be vigilant for any similar overflight requests in the future."
        ),
    )
