"""One ask per state: what a transit state is asked to do about a flight, and why.

``plan_asks`` turns the screening's suggestion for each state a route crosses into the ask a
desk officer would send, from five things: the suggestion (high concern: act; review: monitor;
a technical stop: inspect there), the state's stance on the flight's day (``StanceSnapshot``),
its crossing (entry and exit points and times, length, land or territorial sea only), its
standing policy (``policies.STANDING_POLICIES``) and the case's ``AskPolicy``. The rules, in
order, each recorded as the ask's ``reason``:

1. no suggestion (a clear flight): nothing is asked;
2. a permissive state (it will let the flight pass): not asked;
3. a monitoring suggestion (review, or the departure, destination or a state of concern):
   monitor and report;
4. a state that already denies the flight: informed;
5. a crossing shorter than ``min_crossing_km``: informed, not asked (a 1-km clip of a border
   is no place to stop a flight, and asking costs goodwill);
6. a technical stop in the state: require landing for inspection there (PSI 4(e));
7. otherwise the wanted ask is the case's choice for the state, else the state's standing
   policy, else (for a state with no PSI record) ``unknown``, else ``default``, else the
   screening's suggestion. A landing is asked only where a real aerodrome qualifies
   (``inspection.inspection_sites``); else overflight is to be denied, and the reason says why.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from overflight.errors import InputError
from overflight.geo import find_aerodrome
from overflight.interdiction.inspection import InspectionSite, inspection_sites, site_at
from overflight.interdiction.stance import Stance, StanceSnapshot
from overflight.model import Aerodrome, GeoPoint, Transit

__all__ = [
    "AskKind",
    "AskPolicy",
    "Crossing",
    "StateAsk",
    "Suggestion",
    "parse_ask_kind",
    "plan_asks",
]


class AskKind(StrEnum):
    """What a state is asked (PSI Statement of Interdiction Principles, 4(d) and 4(e))."""

    DENY_OVERFLIGHT = "deny-overflight"
    REQUIRE_LANDING = "require-landing"
    MONITOR = "monitor"
    INFORM = "inform"
    NOT_ASKED = "not-asked"

    @property
    def phrase(self) -> str:
        """The ask in a drafter's words."""
        return _PHRASES[self]


_PHRASES = {
    AskKind.DENY_OVERFLIGHT: "deny overflight",
    AskKind.REQUIRE_LANDING: "require the aircraft to land for inspection",
    AskKind.MONITOR: "monitor the flight and report",
    AskKind.INFORM: "be informed of the flight",
    AskKind.NOT_ASKED: "not be approached",
}
_ALIASES = {"deny-transit": AskKind.DENY_OVERFLIGHT, "deny": AskKind.DENY_OVERFLIGHT}


def parse_ask_kind(text: str, what: str = "ask") -> AskKind:
    """An ask kind from its name (``deny-overflight``, ``require-landing``, ``monitor``…).

    Raises:
        InputError: not an ask this project knows.
    """
    key = text.strip().lower().replace("_", "-").replace(" ", "-")
    if key in _ALIASES:
        return _ALIASES[key]
    try:
        return AskKind(key)
    except ValueError:
        names = ", ".join(kind.value for kind in AskKind if kind is not AskKind.NOT_ASKED)
        raise InputError(what, f"{text!r} is not an ask: use one of {names}") from None


@dataclass(frozen=True, slots=True)
class Crossing:
    """A route's passage through one state: first entry, last exit, and what lies between."""

    state: str
    name: str
    entry: GeoPoint
    exit: GeoPoint
    entered_at: datetime | None
    exited_at: datetime | None
    distance_km: float
    sea_only: bool  # over its territorial sea only, never its land
    stretches: tuple[Transit, ...]

    @classmethod
    def of(cls, transits: Sequence[Transit]) -> Crossing:
        """The crossing made of one state's stretches, in flight order.

        Raises:
            InputError: no stretch given.
        """
        if not transits:
            raise InputError("transits", "a crossing needs at least one stretch of the route")
        first, last = transits[0], transits[-1]
        return cls(
            state=first.state,
            name=first.name,
            entry=first.entry,
            exit=last.exit,
            entered_at=first.entered_at,
            exited_at=last.exited_at,
            distance_km=round(sum(t.distance_m for t in transits) / 1000.0, 1),
            sea_only=all(t.territorial_sea_only for t in transits),
            stretches=tuple(transits),
        )

    @property
    def over(self) -> str:
        """``over land`` or ``over its territorial sea only``."""
        return "over its territorial sea only" if self.sea_only else "over land"


@dataclass(frozen=True, slots=True)
class Suggestion:
    """The screening's suggestion for one state: ``None`` asks nothing."""

    state: str
    kind: AskKind | None
    reason: str = ""
    stop: Aerodrome | None = None  # a technical stop the flight makes in the state


@dataclass(frozen=True, slots=True)
class StateAsk:
    """The one ask for one state, the reason for it, and where a landing would be."""

    state: str
    kind: AskKind
    reason: str
    crossing: Crossing | None  # None: off the filed route (a chokepoint asked in advance)
    stance: Stance
    sites: tuple[InspectionSite, ...] = ()  # for a landing: best first

    @property
    def site(self) -> InspectionSite | None:
        """The aerodrome named in the ask (the best site), for a landing."""
        return self.sites[0] if self.sites and self.kind is AskKind.REQUIRE_LANDING else None

    @property
    def asked(self) -> bool:
        """Whether a telegram goes to the state (every ask but ``not-asked``)."""
        return self.kind is not AskKind.NOT_ASKED


@dataclass(frozen=True, slots=True)
class AskPolicy:
    """How a case chooses asks: defaults, thresholds and its own per-state choices.

    Args:
        default: the ask for states that should act; ``None`` follows the screening's
            suggestion (deny transit or require landing, from the screening policy).
        unknown: the ask for states with no PSI record (``Stance.UNKNOWN``); ``None``: as
            ``default``.
        min_crossing_km: below this a state is informed rather than asked.
        max_diversion_km: the most extra flying a landing for inspection may cost.
        states: the case's own ask per state (ISO alpha-2), over everything but rules 1-2.
        aerodromes: the case's named inspection aerodrome per state (ICAO).
        aerodromes_of_entry: each state's designated aerodromes of entry, where known.
        runway_m: paved runway the aircraft needs (``None``: from its type).
    """

    default: AskKind | None = None
    unknown: AskKind | None = None
    min_crossing_km: float = 50.0
    max_diversion_km: float = 400.0
    states: Mapping[str, AskKind] = field(default_factory=dict)
    aerodromes: Mapping[str, str] = field(default_factory=dict)
    aerodromes_of_entry: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    runway_m: float | None = None


def plan_asks(
    suggestions: Sequence[Suggestion],
    crossings: Mapping[str, Crossing],
    stances: StanceSnapshot,
    standing: Mapping[str, tuple[AskKind, str]],
    policy: AskPolicy,
    *,
    day: date,
    needed_m: float,
) -> tuple[StateAsk, ...]:
    """One ask per state with a suggestion, in flight order (rules above).

    A suggestion for a state the route does not cross (a member of a blocking set) is asked in
    advance, off the route: rules 1, 2 and 4 apply, then 7 (a landing needs a route, so such a
    state is asked to deny overflight).

    Args:
        suggestions: the screening's suggestion per state.
        crossings: each state's crossing.
        stances: every state's stance on the flight's day.
        standing: standing policies in force that day: state -> (ask, basis).
        policy: the case's choices.
        day: the flight's day (aerodromes must be open then).
        needed_m: paved runway the aircraft needs.
    """
    asks = []
    for suggestion in suggestions:
        crossing = crossings.get(suggestion.state)
        if suggestion.kind is None:
            continue
        asks.append(
            _plan_one(suggestion, crossing, stances, standing, policy, day=day, needed_m=needed_m)
        )
    return tuple(sorted(asks, key=_flight_order))


def _flight_order(ask: StateAsk) -> tuple[int, float, str]:
    if ask.crossing is None:
        return (1, 0.0, ask.state)
    return (0, ask.crossing.stretches[0].entry_m, ask.state)


def _plan_one(
    suggestion: Suggestion,
    crossing: Crossing | None,
    stances: StanceSnapshot,
    standing: Mapping[str, tuple[AskKind, str]],
    policy: AskPolicy,
    *,
    day: date,
    needed_m: float,
) -> StateAsk:
    state = suggestion.state
    stance = stances.stance(state)
    basis = stances.basis(state)
    extent = (
        f"crosses {crossing.distance_km:,.0f} km {crossing.over}"
        if crossing is not None
        else "off the filed route, asked in advance"
    )

    def ask(kind: AskKind, why: str, sites: tuple[InspectionSite, ...] = ()) -> StateAsk:
        return StateAsk(state, kind, why, crossing, stance, sites)

    if stance is Stance.PERMISSIVE:
        return ask(AskKind.NOT_ASKED, f"permissive, it would let the flight pass ({basis})")
    if suggestion.kind is AskKind.MONITOR and state not in policy.states:
        return ask(AskKind.MONITOR, f"{suggestion.reason or 'screening asks to monitor'}; {extent}")
    if stance is Stance.DENYING:
        return ask(AskKind.INFORM, f"it already denies the flight ({basis})")
    if crossing is None:
        wanted, why = _wanted(suggestion, stance, basis, standing, policy)
        kind = AskKind.DENY_OVERFLIGHT if wanted is AskKind.REQUIRE_LANDING else wanted
        return ask(kind, f"{why}; {extent}")
    if crossing.distance_km < policy.min_crossing_km:
        return ask(
            AskKind.INFORM,
            f"{extent}, under the {policy.min_crossing_km:,.0f} km minimum for an ask",
        )
    if suggestion.stop is not None:
        site = _named_site(suggestion.stop.icao, crossing, day=day)
        sites = (site,) if site is not None else ()
        return ask(
            AskKind.REQUIRE_LANDING,
            f"PSI 4(e): the flight stops at {suggestion.stop.icao}; inspect it there",
            sites,
        )
    wanted, why = _wanted(suggestion, stance, basis, standing, policy)
    why = f"{why}; {extent}"
    if wanted is not AskKind.REQUIRE_LANDING:
        return ask(wanted, why)
    found = _sites(state, crossing, policy, day=day, needed_m=needed_m)
    if found:
        best = found[0]
        where = (
            f"at {best.aerodrome.icao}, {best.diversion_km:,.0f} km of diversion, "
            f"{best.runway_m:,.0f} m {best.surface} runway"
        )
        return ask(AskKind.REQUIRE_LANDING, f"{why}; {where}", found)
    return ask(
        AskKind.DENY_OVERFLIGHT,
        f"{why}; no aerodrome open on {day:%d %b %Y} with a paved runway of "
        f"{needed_m:,.0f} m or more lies within {policy.max_diversion_km:,.0f} km of "
        "diversion, so overflight is to be denied instead",
    )


def _wanted(
    suggestion: Suggestion,
    stance: Stance,
    basis: str,
    standing: Mapping[str, tuple[AskKind, str]],
    policy: AskPolicy,
) -> tuple[AskKind, str]:
    state = suggestion.state
    if state in policy.states:
        return policy.states[state], "the case's choice for this state"
    if state in standing:
        kind, why = standing[state]
        return kind, f"standing policy: {why}"
    if stance is Stance.UNKNOWN and policy.unknown is not None:
        return policy.unknown, "no PSI endorsement on record; the case's ask for such states"
    kind = policy.default or suggestion.kind or AskKind.DENY_OVERFLIGHT
    origin = "the case's default ask" if policy.default else "as screening suggests"
    return kind, f"{stance.value} ({basis}); {origin}"


def _sites(
    state: str, crossing: Crossing, policy: AskPolicy, *, day: date, needed_m: float
) -> tuple[InspectionSite, ...]:
    named = policy.aerodromes.get(state, "")
    if named:
        site = _named_site(named, crossing, day=day)
        return (site,) if site is not None else ()
    return inspection_sites(
        state,
        crossing.stretches,
        day=day,
        needed_m=needed_m,
        max_diversion_km=policy.max_diversion_km,
        aerodromes_of_entry=policy.aerodromes_of_entry.get(state, ()),
    )


def _named_site(code: str, crossing: Crossing, *, day: date) -> InspectionSite | None:
    """A named aerodrome (a stop, or the case's choice) as a site, whatever its runway.

    ``None`` when the code is unknown or the aerodrome was not open on ``day``.
    """
    try:
        aerodrome = find_aerodrome(code)
    except InputError:
        return None
    return site_at(aerodrome, crossing.stretches, day=day)
