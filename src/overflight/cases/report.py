"""What an ingest run reports: its counts and errors at the end, its progress on the way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from overflight.ats import AtsMessage
from overflight.errors import OverflightError

__all__ = ["IngestProgress", "IngestReport"]

IngestProgress = Callable[[int, AtsMessage], None]
"""Called as ``progress(n, message)`` once the n-th message (1-based) is linked."""


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What an ingest run did.

    Attributes:
        source: the file or feed name.
        added: messages stored by this run.
        duplicates: messages already stored (or repeated within the run), skipped.
        new_flights: flights opened by FPLs.
        linked: non-FPL messages linked to a flight.
        unmatched: messages that linked to no flight (kept, with the reason).
        errors: messages that could not be read or stored, with their place.
    """

    source: str
    added: int = 0
    duplicates: int = 0
    new_flights: int = 0
    linked: int = 0
    unmatched: int = 0
    errors: tuple[OverflightError, ...] = ()

    @property
    def read(self) -> int:
        """Messages read from the source (stored, skipped or not linked)."""
        return self.added + self.duplicates
