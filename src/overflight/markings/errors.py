"""Errors of the markings package: impossible or unreadable markings, with their position."""

from __future__ import annotations

from overflight.errors import ParseError

__all__ = ["MarkingError"]


class MarkingError(ParseError):
    """A marking that cannot be read or cannot exist (REL TO with NOFORN, unknown country...).

    The position (``line``, ``column``) is that of the marking in the text it came from, when
    there was one.
    """
