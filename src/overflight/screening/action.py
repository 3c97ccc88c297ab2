"""What a transit state can do about a flight (PSI Statement of Interdiction Principles, 4(d))."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from overflight.model import Aerodrome, Transit


class StateAction(StrEnum):
    """The action asked of one state.

    ``deny-transit`` is principle 4(d)(2) (deny transit rights in advance); ``require-landing``
    is 4(d)(1) (require the aircraft to land for inspection); ``monitor`` asks the state to watch
    and report; ``none`` means nothing is asked (a clear flight).
    """

    DENY_TRANSIT = "deny-transit"
    REQUIRE_LANDING = "require-landing"
    MONITOR = "monitor"
    NONE = "none"


@dataclass(frozen=True, slots=True)
class TransitAction:
    """The action for one state a flight crosses, why, and where it would land for inspection.

    ``transits`` are the stretches of the route in that state, in flight order (a route can
    leave and re-enter a state).
    """

    state: str
    name: str
    action: StateAction
    reason: str
    transits: tuple[Transit, ...]
    aerodrome: Aerodrome | None = None
    diversion_km: float | None = None  # from the nearer of entry/exit to the aerodrome

    @property
    def distance_m(self) -> float:
        """Geodesic metres flown in the state, over all its stretches."""
        return sum(t.distance_m for t in self.transits)


__all__ = ["StateAction", "TransitAction"]
