"""The state of registry a registration names, by its ICAO nationality mark.

The marks table (``nationality_marks.csv``, beside this module) holds one row per mark: the
mark, the ISO alpha-2 code of the state of registry and, where registries share a mark (China
``B-1234``, Taiwan ``B-18201``), what the rest must look like. A registration written with its
hyphen (``P-912``) is read by the part before it; one written without (``REG/P999``, as field
18 wants it) by the longest mark it starts with (``P4ABC`` is Aruba's, ``P999`` the DPRK's).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from overflight.errors import ParseError

MARKS_FILE = "nationality_marks.csv"


@dataclass(frozen=True, slots=True)
class NationalityMark:
    """One row of the marks table: ``mark`` (``P``, ``EP``, ``B-H``), state, rest pattern."""

    mark: str
    state: str  # ISO 3166-1 alpha-2 of the state of registry
    rest: str = ""  # regex the part after the mark must fit, "" when any

    @property
    def bare(self) -> str:
        """The mark without its hyphen (``B-H`` → ``BH``), as a registration without one starts."""
        return self.mark.replace("-", "")


@dataclass(frozen=True, slots=True)
class RegistryState:
    """What a registration says about its state of registry."""

    registration: str
    state: str
    mark: str

    @property
    def shown(self) -> str:
        """The mark as people write it: ``P-``, ``EP-``, ``B-H``."""
        return self.mark if "-" in self.mark else self.mark + "-"


def _read_marks(text: str, source: str) -> tuple[NationalityMark, ...]:
    marks = []
    header_seen = False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        if not header_seen:
            header_seen = True
            continue
        mark, state, rest = ([*next(csv.reader([line])), "", ""])[:3]
        mark, state, rest = mark.strip().upper(), state.strip().upper(), rest.strip()
        if not re.fullmatch(r"[A-Z0-9]{1,4}(-[A-Z])?", mark):
            raise ParseError(
                f"{mark!r} is not a nationality mark", source=source, line=number, field="mark"
            )
        if not re.fullmatch(r"[A-Z]{2}", state):
            raise ParseError(
                f"{state!r} is not an alpha-2 code", source=source, line=number, field="state"
            )
        marks.append(NationalityMark(mark, state, rest))
    return tuple(marks)


@lru_cache(maxsize=1)
def nationality_marks() -> tuple[NationalityMark, ...]:
    """The packaged marks table, longest marks first."""
    text = resources.files("overflight.screening").joinpath(MARKS_FILE).read_text("utf-8")
    marks = _read_marks(text, f"<packaged {MARKS_FILE}>")
    return tuple(sorted(marks, key=lambda m: (-len(m.bare), m.rest == "", m.mark)))


def _fits(mark: NationalityMark, rest: str) -> bool:
    return not mark.rest or re.fullmatch(mark.rest, rest) is not None


@lru_cache(maxsize=4096)
def registry_state(registration: str) -> RegistryState | None:
    """The state of registry ``registration`` names, or ``None`` when no mark fits (memoised).

    >>> registry_state("P999").state
    'KP'
    >>> registry_state("EP-MNA").state
    'IR'
    """
    text = "".join(registration.split()).upper()
    if not text:
        return None
    head, hyphen, tail = text.partition("-")
    for mark in nationality_marks():
        if hyphen:
            prefix, _, inner = mark.mark.partition("-")
            if prefix != head or not tail.startswith(inner):
                continue
            rest = tail[len(inner) :]
        else:
            if not text.startswith(mark.bare) or len(text) == len(mark.bare):
                continue
            rest = text[len(mark.bare) :]
        if _fits(mark, rest):
            return RegistryState(registration, mark.state, mark.mark)
    return None


__all__ = ["MARKS_FILE", "NationalityMark", "RegistryState", "nationality_marks", "registry_state"]
