"""The one error tree: every failure a user can cause says what and where."""

from __future__ import annotations

from typing import TypedDict


class OverflightError(Exception):
    """Root of every error overflight raises on purpose."""


class Param(str):
    """A parameter's name as no interface spells it (``via``, ``departure_time``).

    It is the name the command's and the service's parameter carry. Layers below the
    interfaces name what the user gave this way; each interface shows it its own way: the CLI
    as its option or argument (``--via``, ``--departure``, ``DEPARTURE``), the web as its form
    or query field (``via``, ``dep``).
    """

    __slots__ = ()


class InputError(OverflightError):
    """A value given by the user (an argument, a setting) is not usable.

    Args:
        what: the parameter (a ``Param``), or a setting or file as the user named it
            (``OVERFLIGHT_DB``, ``routes.csv``).
        message: what is wrong with it, and what would be right.
    """

    def __init__(self, what: str, message: str) -> None:
        super().__init__(f"{what}: {message}")
        self.what = what
        self.message = message


class Place(TypedDict, total=False):
    """Where something was read, spread into ``ParseError(message, **place)``.

    The keys are ``ParseError``'s keyword arguments other than ``column``, which each raise site
    gives on its own.
    """

    source: str
    line: int | None
    field: str


class ParseError(OverflightError):
    """Text that cannot be read, with its position.

    ``str(err)`` reads ``source:line:column: field: message``; parts that are unknown are left out.
    """

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        line: int | None = None,
        column: int | None = None,
        field: str = "",
    ) -> None:
        self.message = message
        self.source = source
        self.line = line
        self.column = column
        self.field = field
        super().__init__(self._render())

    def _render(self) -> str:
        where = ":".join(
            str(part) for part in (self.source, self.line, self.column) if part not in ("", None)
        )
        text = f"{self.field}: {self.message}" if self.field else self.message
        return f"{where}: {text}" if where else text
