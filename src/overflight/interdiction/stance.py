"""What each state will do when asked about a flight, and how that changes over time."""

from __future__ import annotations

import bisect
import enum
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from overflight.errors import InputError

__all__ = ["Stance", "StanceChange", "StanceSnapshot", "StanceTable"]


class Stance(enum.Enum):
    """A state's posture towards a suspect flight crossing or landing in its territory."""

    COOPERATING = "cooperating"
    """Will deny transit or require a landing for inspection when asked (PSI principle 4(d))."""
    DENYING = "denying"
    """Already denies this flight (or this operator, or flights to this destination)."""
    PERMISSIVE = "permissive"
    """Will let it pass whatever is asked: not worth a demarche."""
    UNKNOWN = "unknown"
    """No prior either way: a candidate to ask, not one to count on."""


@dataclass(frozen=True, slots=True)
class StanceChange:
    """From ``effective`` on, ``state`` (ISO 3166-1 alpha-2) holds ``stance``, because ``basis``."""

    state: str
    stance: Stance
    effective: date
    basis: str

    def __post_init__(self) -> None:
        if len(self.state) != 2 or not self.state.isalpha() or not self.state.isupper():
            raise InputError("state", f"{self.state!r} is not an ISO 3166-1 alpha-2 code")


@dataclass(frozen=True, slots=True)
class StanceSnapshot:
    """Every state's stance on one day, with the change that set it (its basis)."""

    day: date
    entries: Mapping[str, StanceChange]
    default: Stance = Stance.UNKNOWN

    def stance(self, state: str) -> Stance:
        """The stance of ``state`` on this day (the default where nothing is recorded)."""
        entry = self.entries.get(state)
        return entry.stance if entry else self.default

    def basis(self, state: str) -> str:
        """Why ``state`` holds its stance ("no record" where nothing is recorded)."""
        entry = self.entries.get(state)
        return entry.basis if entry else "no record"

    def states_with(self, stance: Stance) -> frozenset[str]:
        """The recorded states holding ``stance`` (the default is not expanded)."""
        return frozenset(code for code, entry in self.entries.items() if entry.stance is stance)


@dataclass(frozen=True, slots=True)
class StanceTable:
    """Dated history of stance changes; a case copies and extends it, never mutates it.

    Changes apply in date order; two changes to one state on one day apply in the order they
    were added (so a case's override added later wins over the prior of the same day).
    """

    changes: tuple[StanceChange, ...] = ()
    default: Stance = Stance.UNKNOWN

    @classmethod
    def from_changes(
        cls, changes: Iterable[StanceChange], default: Stance = Stance.UNKNOWN
    ) -> StanceTable:
        """A table holding ``changes`` (in any order)."""
        ordered = tuple(sorted(changes, key=lambda change: change.effective))
        return cls(changes=ordered, default=default)

    def with_change(self, change: StanceChange) -> StanceTable:
        """A copy with one more change (kept in date order, after same-day changes)."""
        days = [existing.effective for existing in self.changes]
        at = bisect.bisect_right(days, change.effective)
        return StanceTable(
            changes=(*self.changes[:at], change, *self.changes[at:]), default=self.default
        )

    def override(
        self, state: str, stance: Stance, basis: str, effective: date = date.min
    ) -> StanceTable:
        """A case's own view of one state, from ``effective`` (by default: always)."""
        return self.with_change(StanceChange(state.upper(), stance, effective, basis))

    def as_of(self, day: date) -> StanceSnapshot:
        """Every state's stance on ``day``: the last change effective on or before it."""
        entries: dict[str, StanceChange] = {}
        for change in self.changes:
            if change.effective > day:
                break
            entries[change.state] = change
        return StanceSnapshot(day=day, entries=MappingProxyType(entries), default=self.default)

    def history(self, state: str) -> tuple[StanceChange, ...]:
        """Every recorded change for ``state``, oldest first."""
        code = state.upper()
        return tuple(change for change in self.changes if change.state == code)
