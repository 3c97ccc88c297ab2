"""The desk's configuration: who drafts and signs, whom posts call, and how states are asked.

Read from a YAML file (``overflight run --desk FILE``, the ``drafting:`` and ``asks:`` sections
of a story) and from the environment, the file winning over the environment:

    drafting:
      classified_by: ISN Acting Assistant Secretary Patricia A. McNerney
      point_of_contact: Mark Felipe, ISN/CPI, (202) 647-5376, felipem2@state.sgov.gov
      slugs: [EUR, ISN, SCA, T]
      signature: RICE
      serial: STATE 43804
      report_within_days: 8
      concern: missile-related items
    asks:
      default: deny-overflight      # or require-landing, monitor; absent: as screening says
      unknown: monitor              # states with no PSI record
      min_crossing_km: 50
      max_diversion_km: 400
      states: {TR: require-landing}
      aerodromes: {TR: LTAC}
      aerodromes_of_entry: {TR: [LTAC, LTBA]}
      runway_m: 2500

Environment: ``OVERFLIGHT_CLASSIFIED_BY``, ``OVERFLIGHT_POINT_OF_CONTACT``,
``OVERFLIGHT_SIGNATURE``, ``OVERFLIGHT_SLUGS`` (comma separated).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml

from overflight.errors import InputError
from overflight.interdiction import AskKind, AskPolicy, parse_ask_kind
from overflight.services.drafting import DraftingDefaults
from overflight.textfile import (
    check_plain_value,
    read_text_file,
    unconvertible_value,
    yaml_data,
)

__all__ = ["Desk", "desk_from", "read_desk"]

_ENVIRONMENT = {
    "OVERFLIGHT_CLASSIFIED_BY": "classified_by",
    "OVERFLIGHT_POINT_OF_CONTACT": "point_of_contact",
    "OVERFLIGHT_SIGNATURE": "signature",
    "OVERFLIGHT_SLUGS": "slugs",
}


@dataclass(frozen=True, slots=True)
class Desk:
    """The drafting particulars and the ask policy a run works with."""

    drafting: DraftingDefaults = field(default_factory=DraftingDefaults)
    asks: AskPolicy = field(default_factory=AskPolicy)


_SECTIONS = ("drafting", "asks")


def read_desk(path: Path | None, environ: Mapping[str, str]) -> Desk:
    """The desk from a YAML file (optional) over the environment.

    Raises:
        InputError: the file cannot be read, is not YAML, has sections other than
            ``drafting`` and ``asks``, or holds a bad value (named).
        ParseError: it is not UTF-8, holds a number past 4,300 digits or a lone surrogate.
    """
    data: Any = {}
    if path is not None:
        text = read_text_file(path)
        try:
            data = yaml_data(text) or {}
        except yaml.YAMLError as err:
            raise InputError(str(path), f"not YAML: {err}") from None
        except (ValueError, RecursionError) as err:  # a number past Python's digit limit
            raise unconvertible_value(text, str(path), err) from None
        check_plain_value(data, str(path))
        if not isinstance(data, dict):
            raise InputError(str(path), "a desk file holds 'drafting:' and 'asks:' sections")
        unknown = sorted(str(key) for key in data if key not in _SECTIONS)
        if unknown:
            raise InputError(
                str(path), f"unknown sections {unknown}: a desk file holds 'drafting:' and 'asks:'"
            )
    return desk_from(data, environ, source=str(path or "environment"))


def desk_from(data: Mapping[str, Any], environ: Mapping[str, str], *, source: str) -> Desk:
    """The desk from parsed YAML (``drafting`` and ``asks`` sections) over the environment.

    Raises:
        InputError: a bad value, named with its place in ``source``.
    """
    drafting = _drafting_from_environment(environ)
    section = data.get("drafting") or {}
    if not isinstance(section, dict):
        raise InputError(f"{source}: drafting", "is not a mapping")
    known = DraftingDefaults.__dataclass_fields__
    values = {k: v for k, v in section.items() if k in known}
    if "slugs" in values:
        values["slugs"] = tuple(str(s) for s in values["slugs"] or ())
    for key in ("serial", "classified_by", "point_of_contact", "signature", "concern"):
        if key in values:
            values[key] = str(values[key])
    if "report_within_days" in values:
        values["report_within_days"] = _number(
            values["report_within_days"], f"{source}: drafting", "report_within_days"
        )
    drafting = replace(drafting, **values)
    asks = data.get("asks") or {}
    if not isinstance(asks, dict):
        raise InputError(f"{source}: asks", "is not a mapping")
    return Desk(drafting, _ask_policy(asks, f"{source}: asks"))


def _drafting_from_environment(environ: Mapping[str, str]) -> DraftingDefaults:
    values: dict[str, Any] = {}
    for variable, name in _ENVIRONMENT.items():
        text = environ.get(variable, "").strip()
        if text:
            values[name] = (
                tuple(s.strip() for s in text.split(",") if s.strip()) if name == "slugs" else text
            )
    return DraftingDefaults(**values)


def _ask_policy(data: Mapping[str, Any], where: str) -> AskPolicy:
    def kind(key: str) -> AskKind | None:
        value = data.get(key)
        return parse_ask_kind(str(value), f"{where}: {key}") if value else None

    def mapping(key: str) -> dict[str, Any]:
        value = data.get(key) or {}
        if not isinstance(value, dict):
            raise InputError(f"{where}: {key}", "is not a mapping of states")
        return {str(state).upper(): v for state, v in value.items()}

    policy = AskPolicy(
        default=kind("default"),
        unknown=kind("unknown"),
        states={
            state: parse_ask_kind(str(v), f"{where}: states: {state}")
            for state, v in mapping("states").items()
        },
        aerodromes={state: str(v).upper() for state, v in mapping("aerodromes").items()},
        aerodromes_of_entry={
            state: tuple(str(code).upper() for code in (v or ()))
            for state, v in mapping("aerodromes_of_entry").items()
        },
    )
    numbers = {
        key: float(_number(data[key], where, key))
        for key in ("min_crossing_km", "max_diversion_km", "runway_m")
        if data.get(key) is not None
    }
    return replace(
        policy,
        min_crossing_km=numbers.get("min_crossing_km", policy.min_crossing_km),
        max_diversion_km=numbers.get("max_diversion_km", policy.max_diversion_km),
        runway_m=numbers.get("runway_m", policy.runway_m),
    )


def _number(value: Any, where: str, key: str) -> int | float:
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise InputError(f"{where}: {key}", f"{value!r} is not a number of zero or more")
    return value
