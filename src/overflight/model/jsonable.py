"""Domain values as plain JSON data (dicts, lists, strings, numbers), for every interface."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import Any

import numpy as np
import orjson

from overflight.model.geo import Aerodrome, GeoPoint, Route, RoutePoint, Transit

__all__ = ["json_line", "round_floats", "to_jsonable"]

_AS_IS = frozenset({str, int, bool, type(None)})
_FIELD_NAMES: dict[type, tuple[str, ...] | None] = {}


def to_jsonable(value: Any, *, leave_out: Collection[str] = (), keep_times: bool = False) -> Any:
    """Turn frozen dataclasses, enums, dates, times and tuples into JSON-ready values, recursively.

    Dataclass fields become object keys (properties are not included), except the fields of
    ``value`` itself named in ``leave_out`` (a message's ``origin``); datetimes are ISO 8601 with
    their offset (``2008-06-01T01:00:00+00:00``), times of day ``HH:MM:SS``; enums give their
    value; floats are rounded to 6 decimal places. Each class's fields are looked up once (ingest
    converts every message it stores); routes and transits, which batches turn out by the
    hundred thousand, have converters of their own that give the same (``_FAST``).

    With ``keep_times``, datetimes, dates and times stay as they are, for ``json_line`` (orjson
    writes them exactly as ``isoformat`` does, and many times faster).
    """
    kind = type(value)
    if kind in _AS_IS:
        return value
    fast = _FAST.get(kind)
    if fast is not None and not leave_out:
        return fast(value, keep_times)
    return _reflected(value, leave_out, keep_times)


def _reflected(value: Any, leave_out: Collection[str], keep_times: bool) -> Any:
    """``to_jsonable`` by the general rule, field by field (what ``_FAST``'s converters match)."""
    kind = type(value)
    names = _FIELD_NAMES[kind] if kind in _FIELD_NAMES else _field_names(kind)
    if names is not None:
        return {
            n: to_jsonable(getattr(value, n), keep_times=keep_times)
            for n in names
            if n not in leave_out
        }
    if isinstance(value, datetime | date | time):
        return value if keep_times else value.isoformat()
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {str(k): to_jsonable(v, keep_times=keep_times) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [to_jsonable(v, keep_times=keep_times) for v in value]
    if isinstance(value, float):
        return round(value, 6)
    return value


def json_line(data: Any) -> bytes:
    """One line of compact UTF-8 JSON, newline included, for a JSON-lines file (orjson).

    ``data`` is JSON-ready (``to_jsonable``, whose ``keep_times`` this accepts); a datetime
    without a zone is taken as UTC (``+00:00``), as a route batch's transit times are.

    Raises:
        TypeError: ``data`` holds something JSON cannot write (orjson's ``JSONEncodeError``).
    """
    return orjson.dumps(data, option=orjson.OPT_APPEND_NEWLINE | orjson.OPT_NAIVE_UTC)


def round_floats(values: Sequence[float], digits: int = 6) -> list[float]:
    """``[round(v, digits) for v in values]``, bit for bit, for many values at once.

    ``rint(v * 10**digits) / 10**digits`` in numpy gives the same double as ``round`` (the one
    nearest the decimal rounded half to even) unless ``v * 10**digits`` came out within a unit
    in the last place of a half: those few, and values too large or not finite, go to
    ``round`` itself.
    """
    if not values:
        return []
    x = np.asarray(values, dtype=np.float64)
    scale = 10.0**digits
    with np.errstate(over="ignore", invalid="ignore"):
        scaled = x * scale
        rounded = np.rint(scaled) / scale
        doubtful = ~(np.abs(x) < 1e9) | (
            np.abs(scaled - np.floor(scaled) - 0.5) <= np.spacing(np.abs(scaled))
        )
    out: list[float] = rounded.tolist()
    for i in np.flatnonzero(doubtful).tolist():
        out[i] = round(values[i], digits)
    return out


def _field_names(kind: type) -> tuple[str, ...] | None:
    """The field names of a dataclass, ``None`` for any other class; kept for the next value."""
    fields = dataclasses.fields(kind) if dataclasses.is_dataclass(kind) else None
    names = _FIELD_NAMES[kind] = None if fields is None else tuple(f.name for f in fields)
    return names


# Converters written out for the values a route batch turns out in bulk: each gives exactly what
# the general rule above gives for fields holding their annotated types (an int where a float is
# annotated stays an int either way), as one dict built with no look-up per field.
# tests/model/test_jsonable.py checks them field for field against the general rule.


def _position(p: GeoPoint, keep_times: bool = False) -> dict[str, Any]:
    return {"lat": round(p.lat, 6), "lon": round(p.lon, 6)}


def _aerodrome(a: Aerodrome, keep_times: bool = False) -> dict[str, Any]:
    return {
        "icao": a.icao,
        "iata": a.iata,
        "name": a.name,
        "city": a.city,
        "country": a.country,
        "position": _position(a.position),
        "elevation_ft": round(a.elevation_ft, 6),
    }


def _route_point(p: RoutePoint, keep_times: bool = False) -> dict[str, Any]:
    at, aerodrome = p.time, p.aerodrome
    return {
        "name": p.name,
        "position": _position(p.position),
        "along_m": round(p.along_m, 6),
        "time": at if at is None or keep_times else at.isoformat(),
        "aerodrome": None if aerodrome is None else _aerodrome(aerodrome),
    }


def _route(r: Route, keep_times: bool = False) -> dict[str, Any]:
    return {
        "points": [_route_point(p, keep_times) for p in r.points],
        "distance_m": round(r.distance_m, 6),
    }


def _transit(t: Transit, keep_times: bool = False) -> dict[str, Any]:
    entered, exited, entry, exit_ = t.entered_at, t.exited_at, t.entry, t.exit
    return {
        "state": t.state,
        "name": t.name,
        "entry": {"lat": round(entry.lat, 6), "lon": round(entry.lon, 6)},
        "exit": {"lat": round(exit_.lat, 6), "lon": round(exit_.lon, 6)},
        "entry_m": round(t.entry_m, 6),
        "exit_m": round(t.exit_m, 6),
        "entered_at": entered if entered is None or keep_times else entered.isoformat(),
        "exited_at": exited if exited is None or keep_times else exited.isoformat(),
        "territorial_sea_only": t.territorial_sea_only,
    }


_FAST: dict[type, Callable[[Any, bool], Any]] = {
    GeoPoint: _position,
    Aerodrome: _aerodrome,
    RoutePoint: _route_point,
    Route: _route,
    Transit: _transit,
}
