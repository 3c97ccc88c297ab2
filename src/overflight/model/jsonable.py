"""Domain values as plain JSON data (dicts, lists, strings, numbers), for every interface."""

from __future__ import annotations

import dataclasses
from datetime import date, datetime
from enum import Enum
from typing import Any


def to_jsonable(value: Any) -> Any:
    """Turn frozen dataclasses, enums, dates and tuples into JSON-ready values, recursively.

    Dataclass fields become object keys (properties are not included); datetimes are ISO 8601
    with their offset (``2008-06-01T01:00:00+00:00``); enums give their value.
    """
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, datetime | date):
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
