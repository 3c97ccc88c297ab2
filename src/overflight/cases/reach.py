"""Which cases a writer may change: those they may read, and no other.

A write that reaches a case through a flight (a message joining it, a flight it follows changing
status, a refiled plan it would follow, a verdict recorded against the flight) passes the same
gate as a read. ``reader`` ``None`` is the store's owner (the command line), who may change any.
"""

from __future__ import annotations

from collections.abc import Iterable

from overflight.cases.errors import HiddenCaseError
from overflight.markings import Reader, may_read, parse_portion
from overflight.store import CaseRow

__all__ = ["check_reach"]


def check_reach(reader: Reader | None, cases: Iterable[CaseRow], what: str) -> None:
    """Refuse, before anything is written, a write that would change a case ``reader`` may not see.

    Raises:
        HiddenCaseError: some of ``cases`` are hidden from ``reader`` (``what`` names the flight
            or message; the cases are not named).
    """
    if reader is None:
        return
    hidden = []
    for case in cases:
        marking = parse_portion(case.classification, source=f"case {case.id}")
        if not may_read(reader, marking).allowed:
            hidden.append((case.id, marking))
    if hidden:
        raise HiddenCaseError(what, tuple(hidden))
