"""Chokepoints of one flight under the states' stances: which states to ask, ranked."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from overflight.interdiction.cancellation import CancelCheck, never_cancelled
from overflight.interdiction.chokepoints import (
    DEFAULT_MAX_SIZE,
    BlockingSet,
    find_blocking_sets,
)
from overflight.interdiction.oracle import FeasibleRoute, RouteOracle
from overflight.interdiction.stance import Stance, StanceSnapshot

__all__ = ["ChokepointAnalysis", "ChokepointAnswer", "find_chokepoints"]


@dataclass(frozen=True, slots=True)
class ChokepointAnswer:
    """One minimal blocking set with the stance of each member on the analysis day."""

    blocking: BlockingSet
    cooperating: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def states(self) -> tuple[str, ...]:
        """The states to ask, sorted."""
        return self.blocking.states

    @property
    def size(self) -> int:
        """How many states must be persuaded."""
        return self.blocking.size


@dataclass(frozen=True, slots=True)
class ChokepointAnalysis:
    """Every way to close a flight's routes with at most ``max_size`` demarches, best first.

    ``answers`` are ranked by size, then by how many members already cooperate (more is better),
    then by state codes. ``route`` is the route found with only the denying states closed; when it
    is ``None`` no feasible route exists at all and ``no_route_reason`` says why.
    """

    route: FeasibleRoute | None
    no_route_reason: str
    denying: frozenset[str]
    answers: tuple[ChokepointAnswer, ...]
    max_size: int
    oracle_calls: int

    @property
    def feasible(self) -> bool:
        """Whether the flight can be flown at all with the states now denying."""
        return self.route is not None

    @property
    def unavoidable_states(self) -> tuple[str, ...]:
        """Candidate states every feasible route crosses or lands in (one demarche suffices)."""
        return tuple(answer.states[0] for answer in self.answers if answer.size == 1)


def find_chokepoints(
    oracle: RouteOracle,
    stances: StanceSnapshot,
    *,
    departure_state: str,
    destination_state: str,
    max_size: int = DEFAULT_MAX_SIZE,
    include: Iterable[str] = (),
    exclude: Iterable[str] = (),
    is_cancelled: CancelCheck = never_cancelled,
) -> ChokepointAnalysis:
    """Minimal sets of states to ask to deny a flight, ranked, each with its proof.

    Candidates are the states whose stance is cooperating or unknown, less the departure and
    destination states; permissive states are left out. ``include`` adds states back (a
    permissive state the user wants tried, or the destination itself), ``exclude`` removes
    more. States whose stance is denying are closed from the start. ``is_cancelled`` is asked
    between the search's steps (see :mod:`~overflight.interdiction.cancellation`).

    Raises:
        InputError: ``max_size`` is negative.
        OracleContractError: the oracle breaks its contract (see :class:`RouteOracle`).
        AnalysisCancelledError: ``is_cancelled()`` turned true.
    """
    wanted = frozenset(code.upper() for code in include)
    unwanted = frozenset(code.upper() for code in exclude)
    ends = frozenset({departure_state.upper(), destination_state.upper()})
    denying = stances.states_with(Stance.DENYING)
    askable = {Stance.COOPERATING, Stance.UNKNOWN}

    def is_candidate(state: str) -> bool:
        if not state or state in unwanted:
            return False
        if state in wanted:
            return True
        return state not in ends and stances.stance(state) in askable

    search = find_blocking_sets(
        oracle,
        is_candidate,
        base_denied=denying,
        max_size=max_size,
        is_cancelled=is_cancelled,
    )
    answers = sorted(
        (_answer(blocking, stances) for blocking in search.sets),
        key=lambda answer: (answer.size, -len(answer.cooperating), answer.states),
    )
    return ChokepointAnalysis(
        route=search.route,
        no_route_reason=search.no_route_reason,
        denying=denying,
        answers=tuple(answers),
        max_size=max_size,
        oracle_calls=search.oracle_calls,
    )


def _answer(blocking: BlockingSet, stances: StanceSnapshot) -> ChokepointAnswer:
    return ChokepointAnswer(
        blocking=blocking,
        cooperating=tuple(s for s in blocking.states if stances.stance(s) is Stance.COOPERATING),
        unknown=tuple(s for s in blocking.states if stances.stance(s) is not Stance.COOPERATING),
    )
