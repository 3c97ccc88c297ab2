"""Errors of the case layer."""

from __future__ import annotations

from overflight.errors import InputError
from overflight.markings import Marking

__all__ = ["CaseError", "HiddenCaseError", "UnknownRecordError"]


class CaseError(InputError):
    """A case operation that cannot be done as asked (bad state code, response, date)."""


class UnknownRecordError(CaseError):
    """A case, flight, engagement or deadline id that is not in the store."""

    def __init__(self, kind: str, record_id: int) -> None:
        super().__init__(kind, f"no {kind} with id {record_id}")
        self.record_id = record_id


class HiddenCaseError(CaseError):
    """A write that would change a case the writer may not see: refused, the case not named.

    The message says only that ``what`` could not be recorded; ``hidden`` (each case's id and
    marking) is for the audit log, where it is marked as the case, never for the writer.
    """

    def __init__(self, what: str, hidden: tuple[tuple[int, Marking], ...]) -> None:
        super().__init__(what, "could not be recorded")
        self.hidden = hidden
