"""Column types the store needs on every backend: aware UTC datetimes and JSON documents."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from overflight.errors import InputError

__all__ = ["JsonDocument", "UtcDateTime"]

# JSONB on PostgreSQL (indexable, compact), the generic JSON text type elsewhere.
JsonDocument = JSON().with_variant(JSONB(), "postgresql")


class UtcDateTime(TypeDecorator[datetime]):
    """An aware UTC ``datetime`` in, an aware UTC ``datetime`` out, on SQLite too.

    SQLite keeps no offset, so values are stored as naive UTC and given ``UTC`` back when read.
    A naive ``datetime`` is refused: the store never guesses a time zone.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Convert to UTC (naive on SQLite) before writing."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise InputError(
                "time", f"naive datetime {value.isoformat()}; the store takes aware UTC"
            )
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: Any, dialect: Dialect) -> datetime | None:
        """Give every value read back the UTC zone."""
        if value is None:
            return None
        # The driver hands back what ``DateTime`` reads: a ``datetime`` (naive on SQLite).
        moment: datetime = value
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)
