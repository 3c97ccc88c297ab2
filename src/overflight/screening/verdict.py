"""The verdict: score, level, ordered findings, and the action asked of each transit state."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from overflight.errors import InputError
from overflight.geo import find_aerodrome, sovereign_of, state_name
from overflight.model import INTERNATIONAL, Aerodrome, FlightIntent, Provenance, Transit
from overflight.screening.action import StateAction, TransitAction
from overflight.screening.context import ScreeningContext
from overflight.screening.finding import (
    Finding,
    IndicatorRun,
    RunStatus,
    order_findings,
)
from overflight.screening.indicators import INDICATORS
from overflight.screening.indicators.route import landings_of_concern
from overflight.screening.inspection import inspection_aerodrome
from overflight.screening.policy import Policy


class ConcernLevel(StrEnum):
    """How much concern a flight raises, from its score and the policy's thresholds."""

    CLEAR = "clear"
    REVIEW = "review"
    HIGH = "high"


@dataclass(frozen=True, slots=True)
class ScreeningVerdict:
    """One flight's screening outcome; ``findings`` heaviest first, ``actions`` in flight order.

    ``runs`` says, for every indicator, whether it ran (lists absent: not run, with the reason).
    """

    aircraft_id: str
    departure: str
    destination: str
    provenance: Provenance | None
    score: float
    level: ConcernLevel
    findings: tuple[Finding, ...]
    runs: tuple[IndicatorRun, ...]
    actions: tuple[TransitAction, ...]
    policy: str  # name and version of the policy used
    lists: str  # which lists were searched, or "" when none

    @property
    def not_run(self) -> tuple[IndicatorRun, ...]:
        """The indicators that did not run."""
        return tuple(run for run in self.runs if run.status is RunStatus.NOT_RUN)


def level_of(score: float, policy: Policy) -> ConcernLevel:
    """The level a score reaches under ``policy``."""
    if score >= policy.high_threshold:
        return ConcernLevel.HIGH
    if score >= policy.review_threshold:
        return ConcernLevel.REVIEW
    return ConcernLevel.CLEAR


def run_indicators(
    intent: FlightIntent, context: ScreeningContext
) -> tuple[tuple[Finding, ...], tuple[IndicatorRun, ...]]:
    """Every indicator on one flight: the findings and each indicator's run status."""
    findings: list[Finding] = []
    runs = []
    no_lists = context.reference.lists is None
    for indicator, function in INDICATORS:
        if indicator.needs_lists and no_lists:
            runs.append(IndicatorRun(indicator, RunStatus.NOT_RUN, 0, "no watch lists given"))
            continue
        if indicator.needs_memory and context.memory is None:
            runs.append(IndicatorRun(indicator, RunStatus.NOT_RUN, 0, "no case register given"))
            continue
        if indicator.needs_request and context.request is None:
            reason = "no permit request"
            runs.append(IndicatorRun(indicator, RunStatus.NOT_APPLICABLE, 0, reason))
            continue
        found = function(intent, context)
        findings += found
        runs.append(IndicatorRun(indicator, RunStatus.RAN, len(found)))
    return order_findings(findings), tuple(runs)


def _by_state(transits: tuple[Transit, ...]) -> dict[str, tuple[Transit, ...]]:
    grouped: dict[str, list[Transit]] = {}
    for transit in transits:
        if transit.state != INTERNATIONAL:
            grouped.setdefault(transit.state, []).append(transit)
    return {state: tuple(stretches) for state, stretches in grouped.items()}


def _stop_aerodromes(codes: tuple[str, ...]) -> dict[str, Aerodrome]:
    found: dict[str, Aerodrome] = {}
    for code in codes:
        try:
            aerodrome = find_aerodrome(code)
        except InputError:
            continue
        found.setdefault(aerodrome.country, aerodrome)
    return found


def decide_actions(
    intent: FlightIntent,
    context: ScreeningContext,
    level: ConcernLevel,
) -> tuple[TransitAction, ...]:
    """The action asked of each state the route crosses (PSI principle 4(d)), in flight order.

    - clear: nothing is asked (``none``);
    - review: every state is asked to ``monitor`` and report;
    - high: the departure and destination states and states of concern are only monitored
      (they will not interdict); every other transit state is asked to require landing for
      inspection at a named aerodrome within ``max_diversion_km`` of the route, or else to
      deny transit in advance. The policy's ``high_concern`` action and per-state choices
      override this (a state set to ``deny-transit`` is never asked to land the flight).
      A state where the flight makes a technical stop is asked to inspect it there (PSI 4(e)).
    """
    policy = context.policy
    ends = {
        sovereign_of(t.state)
        for t in (context.transits[:1] + context.transits[-1:])
        if t.state != INTERNATIONAL
    }
    ends |= {state for _, _, state in landings_of_concern(intent, context)}
    stops = _stop_aerodromes(context.stops)
    actions = []
    for state, stretches in _by_state(context.transits).items():
        name = state_name(state)
        sovereign = sovereign_of(state)
        if level is ConcernLevel.CLEAR:
            actions.append(
                TransitAction(state, name, StateAction.NONE, "flight is clear", stretches)
            )
            continue
        if level is ConcernLevel.REVIEW:
            reason = "flight needs review: watch the flight and report"
            actions.append(TransitAction(state, name, StateAction.MONITOR, reason, stretches))
            continue
        if sovereign in ends or policy.of_concern(sovereign):
            reason = "departure, destination or state of concern: it will not interdict; watch"
            actions.append(TransitAction(state, name, StateAction.MONITOR, reason, stretches))
            continue
        stop = stops.get(state)
        if stop is not None and policy.state_actions.get(state) is not StateAction.DENY_TRANSIT:
            reason = f"PSI 4(e): inspect at the technical stop {stop.icao} ({stop.name})"
            actions.append(
                TransitAction(
                    state, name, StateAction.REQUIRE_LANDING, reason, stretches, stop, 0.0
                )
            )
            continue
        wanted = policy.state_actions.get(state, policy.high_concern_action)
        if wanted is StateAction.REQUIRE_LANDING:
            found = inspection_aerodrome(
                state, stretches, policy.inspection_aerodromes.get(state, "")
            )
            if found is not None and found[1] <= policy.max_diversion_km:
                aerodrome, km = found
                reason = (
                    f"PSI 4(d)(1): require landing for inspection at {aerodrome.icao} "
                    f"({aerodrome.name}), {km:.0f} km from the route"
                )
                actions.append(
                    TransitAction(
                        state,
                        name,
                        StateAction.REQUIRE_LANDING,
                        reason,
                        stretches,
                        aerodrome,
                        round(km, 1),
                    )
                )
                continue
            why = (
                "no suitable aerodrome"
                if found is None
                else (f"nearest suitable aerodrome {found[0].icao} is {found[1]:.0f} km away")
            )
            reason = f"PSI 4(d)(2): deny transit in advance ({why})"
        else:
            reason = "PSI 4(d)(2): deny transit in advance (policy)"
        actions.append(TransitAction(state, name, StateAction.DENY_TRANSIT, reason, stretches))
    return tuple(actions)


def screen(intent: FlightIntent, context: ScreeningContext) -> ScreeningVerdict:
    """Screen one flight: run every indicator, score, level, and the action per transit state.

    Pure: the same intent and context always give the same verdict.
    """
    findings, runs = run_indicators(intent, context)
    score = round(sum(f.weight for f in findings), 2)
    level = level_of(score, context.policy)
    return ScreeningVerdict(
        aircraft_id=intent.aircraft_id,
        departure=intent.departure,
        destination=intent.destination,
        provenance=intent.provenance,
        score=score,
        level=level,
        findings=findings,
        runs=runs,
        actions=decide_actions(intent, context, level),
        policy=context.policy.label,
        lists=context.reference.lists_label,
    )


__all__ = [
    "ConcernLevel",
    "ScreeningVerdict",
    "decide_actions",
    "level_of",
    "run_indicators",
    "screen",
]
