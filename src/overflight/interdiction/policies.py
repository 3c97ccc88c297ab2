"""States' standing policies towards suspect flights: the documented table a case can override.

A standing policy is what a state does with suspect flights whatever it is asked, as a source
records it; the ask follows it (``asks.plan_asks``, rule 7) unless the case chooses otherwise
(``AskPolicy.states``). Each entry is dated by its source, like the PSI roster: it is in force
from ``effective`` on.

| state | policy | from | source |
| --- | --- | --- | --- |
| TR | require suspect flights to land for inspection | 2008-05-28 | STATE 056778, para 3 |
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from overflight.interdiction.asks import AskKind

__all__ = ["STANDING_POLICIES", "StandingPolicy", "standing_policies_on", "standing_policy_of"]


@dataclass(frozen=True, slots=True)
class StandingPolicy:
    """From ``effective`` on, ``state`` does ``ask`` with suspect flights, because ``basis``."""

    state: str
    ask: AskKind
    effective: date
    basis: str
    policy: str = ""  # in a drafter's words: "standing policy of requiring suspect flights …"


STANDING_POLICIES: tuple[StandingPolicy, ...] = (
    StandingPolicy(
        "TR",
        AskKind.REQUIRE_LANDING,
        date(2008, 5, 28),
        "Turkey's standing policy of requiring suspect flights to land for inspection "
        "(STATE 056778, 28 May 2008, para 3)",
        "standing policy of requiring suspect flights to land for inspection",
    ),
)
"""The documented table (see the module docstring)."""


def standing_policies_on(
    day: date, table: tuple[StandingPolicy, ...] = STANDING_POLICIES
) -> Mapping[str, tuple[AskKind, str]]:
    """The policies in force on ``day``: state -> (ask, basis); the latest entry wins."""
    found: dict[str, tuple[AskKind, str]] = {}
    for entry in sorted(table, key=lambda p: p.effective):
        if entry.effective <= day:
            found[entry.state] = (entry.ask, entry.basis)
    return MappingProxyType(found)


def standing_policy_of(
    state: str, day: date, table: tuple[StandingPolicy, ...] = STANDING_POLICIES
) -> StandingPolicy | None:
    """The standing policy ``state`` holds on ``day``, if the table records one."""
    held = [p for p in table if p.state == state and p.effective <= day]
    return max(held, key=lambda p: p.effective) if held else None
