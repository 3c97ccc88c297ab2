"""Errors of the cables package."""

from __future__ import annotations

from overflight.errors import InputError, ParseError

__all__ = ["CableParseError", "UnknownPostError"]


class CableParseError(ParseError):
    """A telegram that cannot be read; the message says what was expected and on which line."""


class UnknownPostError(InputError):
    """A post name that is not in the table of posts, collectives and offices."""

    def __init__(self, name: str, suggestion: str = "") -> None:
        hint = f"; did you mean {suggestion!r}?" if suggestion else ""
        message = f"{name!r} is not a post, collective or office of the posts table{hint}"
        super().__init__("post", message)
        self.name = name
