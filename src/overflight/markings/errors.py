"""Errors of the markings package: impossible or unreadable markings, with their position."""

from __future__ import annotations

from typing import TypedDict

from overflight.errors import ParseError

__all__ = ["MarkingError", "MarkingPlace"]


class MarkingPlace(TypedDict, total=False):
    """Where a marking was read; spread into ``MarkingError(..., **place)``.

    The keys are the keyword arguments of `ParseError` other than ``column``, which each
    raise site gives on its own.
    """

    source: str
    line: int | None
    field: str


class MarkingError(ParseError):
    """A marking that cannot be read or cannot exist (REL TO with NOFORN, unknown country...).

    The position (``line``, ``column``) is that of the marking in the text it came from, when
    there was one.
    """
