"""Aircraft performance for route feasibility: payload and ranges, every figure with its source.

A published figure is a :class:`Figure` (value plus where it came from); a figure nobody has
published (or that we have not seen) is a ``Figure`` with ``value=None`` and a source saying so,
never an invented number. A case that knows better (a weighed load, an operator's own chart)
replaces a figure with :func:`dataclasses.replace` or :meth:`AircraftPerformance.with_range`.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rapidfuzz import process

from overflight.errors import InputError, OverflightError

__all__ = [
    "AircraftPerformance",
    "Figure",
    "MissingFigureError",
    "UnknownAircraftError",
    "aircraft_performance",
    "known_designators",
    "variants_of",
]


@dataclass(frozen=True, slots=True)
class Figure:
    """One published number with its source; ``value`` is ``None`` where no figure was seen."""

    value: float | None
    source: str
    note: str = ""

    @property
    def known(self) -> bool:
        """Whether a number was published (and seen)."""
        return self.value is not None


def unknown_figure(reason: str) -> Figure:
    """A figure we do not have, saying why (kept honest rather than filled with a guess)."""
    return Figure(None, reason)


@dataclass(frozen=True, slots=True)
class AircraftPerformance:
    """Payload and range of one aircraft type (and variant), each figure with its source.

    ``designator`` is the ICAO type designator (ICAO Doc 8643), e.g. ``IL76``. ``variant`` names
    the sub-type the figures belong to (``"TD"``, ``"M"``); ``""`` is the generic or design entry.
    ``ferry_range_km`` is the range at maximum fuel as published (often with a reduced payload,
    see its note), not a planning figure for a loaded aircraft.
    """

    designator: str
    variant: str
    name: str
    max_payload_kg: Figure
    range_at_max_payload_km: Figure
    ferry_range_km: Figure
    notes: tuple[str, ...] = ()

    @property
    def key(self) -> str:
        """``IL76`` or ``IL76/TD``: the designator with the variant, if any."""
        return f"{self.designator}/{self.variant}" if self.variant else self.designator

    def with_range(self, range_km: float, source: str) -> AircraftPerformance:
        """A copy whose range at max payload is ``range_km``, from ``source`` (a case override).

        Raises:
            InputError: ``range_km`` is not a positive number.
        """
        if not range_km > 0:
            raise InputError("range_km", f"must be a positive distance in km, not {range_km!r}")
        return replace(self, range_at_max_payload_km=Figure(float(range_km), source))

    def with_payload(self, payload_kg: float, source: str) -> AircraftPerformance:
        """A copy whose max payload is ``payload_kg``, from ``source`` (a case override).

        Raises:
            InputError: ``payload_kg`` is not a positive number.
        """
        if not payload_kg > 0:
            raise InputError("payload_kg", f"must be a positive mass in kg, not {payload_kg!r}")
        return replace(self, max_payload_kg=Figure(float(payload_kg), source))

    def loaded_range_km(self) -> float:
        """Range at max payload in km, the figure a chokepoint search plans a loaded leg with.

        Raises:
            MissingFigureError: no such figure has been seen for this type; supply one per case
                with :meth:`with_range`.
        """
        figure = self.range_at_max_payload_km
        if figure.value is None:
            raise MissingFigureError(self.key, "range at max payload", figure.source)
        return figure.value


class UnknownAircraftError(InputError):
    """An aircraft type designator (or variant) not in the table; the message lists close ones."""

    def __init__(self, designator: str, suggestions: tuple[str, ...]) -> None:
        hint = f"; close matches: {', '.join(suggestions)}" if suggestions else ""
        super().__init__("aircraft type", f"{designator!r} is not in the performance table{hint}")
        self.designator = designator
        self.suggestions = suggestions


class MissingFigureError(OverflightError):
    """A performance figure the table does not have (no published figure was seen)."""

    def __init__(self, key: str, figure: str, reason: str) -> None:
        super().__init__(
            f"{key}: no {figure} figure ({reason}); give one for this case "
            "(AircraftPerformance.with_range)"
        )
        self.key = key
        self.figure = figure


def _table() -> dict[str, AircraftPerformance]:
    from overflight.interdiction.aircraft_table import AIRCRAFT_PERFORMANCE

    return {entry.key: entry for entry in AIRCRAFT_PERFORMANCE}


def known_designators() -> tuple[str, ...]:
    """Every ICAO designator in the table, sorted."""
    return tuple(sorted({entry.designator for entry in _table().values()}))


def variants_of(designator: str) -> tuple[AircraftPerformance, ...]:
    """Every entry for ``designator`` (generic first, then variants by name)."""
    code = designator.strip().upper()
    return tuple(
        sorted(
            (entry for entry in _table().values() if entry.designator == code),
            key=lambda entry: (entry.variant != "", entry.variant),
        )
    )


def aircraft_performance(designator: str, variant: str = "") -> AircraftPerformance:
    """Look up an aircraft type by ICAO designator (``"IL76"``) and optional variant (``"TD"``).

    ``"IL76/TD"`` is accepted as a shorthand for ``("IL76", "TD")``.

    Raises:
        UnknownAircraftError: the designator or variant is not in the table; the message lists
            the closest known keys (rapidfuzz).
    """
    code = designator.strip().upper()
    wanted = variant.strip().upper()
    if "/" in code and not wanted:
        code, wanted = (part.strip() for part in code.split("/", 1))
    table = _table()
    key = f"{code}/{wanted}" if wanted else code
    if key in table:
        return table[key]
    if code in known_designators():
        suggestions = tuple(entry.key for entry in variants_of(code))
    else:
        matches = process.extract(code, known_designators(), limit=3, score_cutoff=50)
        suggestions = tuple(match for match, _score, _index in matches)
    raise UnknownAircraftError(key, suggestions)
