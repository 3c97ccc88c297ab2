"""Errors of the ATS package: where in a source, which message, which field."""

from __future__ import annotations

from overflight.errors import ParseError


class FieldSyntaxError(ParseError):
    """A field's text does not fit its syntax; ``offset`` is the 0-based position in the field.

    Field readers raise it with positions inside the field; the message reader moves them to the
    line and column of the source.
    """

    def __init__(self, message: str, *, field: str, offset: int = 0) -> None:
        super().__init__(message, field=f"field {field}", column=offset + 1)
        self.field_number = field
        self.offset = offset


class AtsParseError(ParseError):
    """A message that was rejected, with its source, 1-based index, line, column and field."""

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        message_index: int | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str = "",
    ) -> None:
        self.message_index = message_index
        super().__init__(message, source=source, line=line, column=column, field=field)

    def _render(self) -> str:
        where = ":".join(
            str(part) for part in (self.source, self.line, self.column) if part not in ("", None)
        )
        parts = [where] if where else []
        if self.message_index is not None:
            parts.append(f"message {self.message_index}")
        if self.field:
            parts.append(self.field)
        parts.append(self.message)
        return ": ".join(parts)


class AtsValidationError(AtsParseError):
    """A message that reads but breaks a Doc 4444 consistency rule.

    ``offset`` is the 0-based position of the offending text inside the field. A ``fatal``
    problem rejects the message in lenient mode too (a destination ``XXXX`` without ``DEST/``).
    """

    def __init__(
        self,
        message: str,
        *,
        source: str = "",
        message_index: int | None = None,
        line: int | None = None,
        column: int | None = None,
        field: str = "",
        offset: int = 0,
        fatal: bool = False,
    ) -> None:
        super().__init__(
            message,
            source=source,
            message_index=message_index,
            line=line,
            column=column,
            field=field,
        )
        self.offset = offset
        self.fatal = fatal
