"""Who operates a flight: the airlines its operator text and designators resolve to.

The policy's airline table (its ``airlines:`` file plus its designators of concern) turns
``OPR/KOR``, ``OPR/AIR KORYO AIRLINES``, ``Air Koryo Airlines`` and the aircraft id
``KOR151`` into the same airline, Air Koryo (KOR), whose name is then searched in the lists
as well as the text the flight gave.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from overflight.model import FlightIntent
from overflight.screening.context import ScreeningContext
from overflight.watchlist import Airline, Resolved

_DESIGNATOR_IN_ID = re.compile(r"([A-Z]{3})\d[A-Z0-9]{0,3}")


@dataclass(frozen=True, slots=True)
class OperatorAirline:
    """An airline the flight names, what named it (``OPR/KOR``, ``aircraft id KOR151``), how."""

    airline: Airline
    said: str
    how: Resolved

    @property
    def explained(self) -> str:
        """``operator 'KOR' is Air Koryo (KOR, by designator)``."""
        return f"{self.said} is {self.airline.name} ({self.airline.designator}, by {self.how})"


def _id_designators(intent: FlightIntent, context: ScreeningContext) -> list[tuple[str, str]]:
    found = []
    match = _DESIGNATOR_IN_ID.fullmatch(intent.aircraft_id.strip().upper())
    if match:
        found.append((match.group(1), f"aircraft id {intent.aircraft_id}"))
    if context.operator_designator:
        found.append((context.operator_designator.upper(), "the declared operator designator"))
    return found


def operator_airlines(
    intent: FlightIntent, context: ScreeningContext
) -> tuple[OperatorAirline, ...]:
    """The airlines the operator text, the aircraft id and the declared designator resolve to."""
    table = context.policy.airlines
    found: dict[str, OperatorAirline] = {}
    operator = intent.operator.strip()
    if operator:
        for airline, how in table.resolve(operator):
            found.setdefault(
                airline.designator, OperatorAirline(airline, f"operator {operator!r}", how)
            )
    for designator, said in _id_designators(intent, context):
        listed = table.by_designator.get(designator)
        if listed is not None:
            found.setdefault(designator, OperatorAirline(listed, said, Resolved.DESIGNATOR))
    return tuple(found.values())


def designators_of(intent: FlightIntent, context: ScreeningContext) -> tuple[str, ...]:
    """ICAO designators the flight shows: aircraft id, OPR/, declared, and resolved names."""
    found = [designator for designator, _ in _id_designators(intent, context)]
    operator = intent.operator.strip().upper()
    if re.fullmatch(r"[A-Z]{3}", operator):
        found.append(operator)
    found += [known.airline.designator for known in operator_airlines(intent, context)]
    return tuple(dict.fromkeys(found))


__all__ = ["OperatorAirline", "designators_of", "operator_airlines"]
