"""Errors of the case layer."""

from __future__ import annotations

from overflight.errors import InputError

__all__ = ["CaseError", "UnknownRecordError"]


class CaseError(InputError):
    """A case operation that cannot be done as asked (bad state code, response, date)."""


class UnknownRecordError(CaseError):
    """A case, flight, engagement or deadline id that is not in the store."""

    def __init__(self, kind: str, record_id: int) -> None:
        super().__init__(kind, f"no {kind} with id {record_id}")
        self.record_id = record_id
