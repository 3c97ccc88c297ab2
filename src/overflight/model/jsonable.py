"""Domain values as plain JSON data (dicts, lists, strings, numbers), for every interface."""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date, datetime, time
from enum import Enum
from typing import Any

__all__ = ["to_jsonable"]

_AS_IS = frozenset({str, int, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def to_jsonable(value: Any, *, leave_out: Collection[str] = ()) -> Any:
    """Turn frozen dataclasses, enums, dates, times and tuples into JSON-ready values, recursively.

    Dataclass fields become object keys (properties are not included), except the fields of
    ``value`` itself named in ``leave_out`` (a message's ``origin``); datetimes are ISO 8601 with
    their offset (``2008-06-01T01:00:00+00:00``), times of day ``HH:MM:SS``; enums give their
    value. Each class's fields are looked up once (ingest converts every message it stores).
    """
    kind = type(value)
    if kind in _AS_IS:
        return value
    names = _FIELD_NAMES[kind] if kind in _FIELD_NAMES else _field_names(kind)
    if names is not None:
        return {n: to_jsonable(getattr(value, n)) for n in names if n not in leave_out}
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, ``None`` for any other class; kept for the next value."""
    fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
    names = _FIELD_NAMES[kind] = None if fields is None else tuple(f.name for f in fields)
    return names
