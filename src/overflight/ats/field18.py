"""Field 18, other information: typed indicators, the rest kept verbatim and in order.

Rules chosen for real traffic:

- indicators may come in any order and more than once; repeated texts are joined with a space
  (identical repeats count once);
- a word of three or more capitals followed by ``/`` starts an indicator, known or not, except
  inside ``RMK/`` where only the known indicators do (so ``RMK/CTC OPS/LIDO`` stays one remark);
- an indicator whose text does not fit its typed form (``DOF/091332``, ``CODE/XYZ``) is kept among
  ``others`` exactly as written, and validation reports it: nothing is ever dropped.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime
from typing import Any

from overflight.ats.build import constructor
from overflight.ats.errors import FieldSyntaxError
from overflight.model import EetEstimate, OtherIndicator, SpecialHandling

INDICATORS = (
    "STS",
    "PBN",
    "NAV",
    "COM",
    "DAT",
    "SUR",
    "DEP",
    "DEST",
    "DOF",
    "REG",
    "EET",
    "SEL",
    "TYP",
    "CODE",
    "DLE",
    "OPR",
    "ORGN",
    "PER",
    "ALTN",
    "RALT",
    "TALT",
    "RIF",
    "RMK",
)
"""The Doc 4444 indicators, in the order the document gives (a priority order)."""

EXTRA_INDICATORS = frozenset({"IFP", "RVR", "SRC", "AWR", "RFP", "EST", "RFISTS"})
"""EUROCONTROL IFPS additions, recognised as boundaries and kept among ``others``."""

_KNOWN = frozenset(INDICATORS) | EXTRA_INDICATORS
_INDICATOR = re.compile(r"(?<!\S)([A-Z]{3}[A-Z0-9]{0,6})/")
# The same on folded text with a space put in front: a literal first character is found faster.
_SPACED_INDICATOR = re.compile(r" ([A-Z][A-Z][A-Z][A-Z0-9]{0,6})/")
_STAYINFO = re.compile(r"STAYINFO\d")
_EET_ENTRY = re.compile(r"[A-Z0-9]{2,15}\d\d[0-5]\d")  # location, hours, minutes
_EET_LIST = re.compile(rf"{_EET_ENTRY.pattern}(?: {_EET_ENTRY.pattern})*")  # single-spaced
_CODE = re.compile(r"[0-9A-F]{6}")
_STS_BY_NAME = {member.value: member for member in SpecialHandling}


@dataclass(frozen=True, slots=True)
class Field18:
    """Field 18 as typed values; empty strings and tuples mean "not given"."""

    sts: tuple[SpecialHandling | str, ...] = ()
    pbn: str = ""
    nav: str = ""
    com: str = ""
    dat: str = ""
    sur: str = ""
    dep: str = ""
    dest: str = ""
    dof: date | None = None
    reg: str = ""
    eet: tuple[EetEstimate, ...] = ()
    sel: str = ""
    typ: str = ""
    code: str = ""  # ICAO 24-bit aircraft address: six upper-case hex digits (A120F3)
    dle: str = ""
    opr: str = ""
    orgn: str = ""
    per: str = ""
    altn: str = ""
    ralt: str = ""
    talt: str = ""
    rif: str = ""
    rmk: str = ""
    others: tuple[OtherIndicator, ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when the field is ``0``: no indicator at all."""
        return self == EMPTY_FIELD18

    def text_of(self, indicator: str) -> str:
        """The text of ``indicator`` as it would be written (``""`` when absent)."""
        name = indicator.upper()
        if name in _KNOWN_ATTR:
            return _format_value(name, getattr(self, _KNOWN_ATTR[name]))
        return " ".join(other.text for other in self.others if other.indicator == name)

    def has(self, indicator: str) -> bool:
        """Whether ``indicator`` (``"PBN"``) is present, typed or among ``others``."""
        name = indicator.upper()
        if name in _KNOWN_ATTR and _format_value(name, getattr(self, _KNOWN_ATTR[name])):
            return True
        return any(other.indicator == name for other in self.others)


EMPTY_FIELD18 = Field18()
_KNOWN_ATTR = {name: name.lower() for name in INDICATORS}
# Field18's fields are the indicators in Doc 4444 order, then ``others``: a slot per indicator.
_SLOTS = {name: slot for slot, name in enumerate(INDICATORS)}
_DEFAULTS = tuple(getattr(EMPTY_FIELD18, field.name) for field in fields(Field18))
_build_field18 = constructor(Field18)
_build_eet = constructor(EetEstimate)
# Pieces that repeat across messages and processes' feeds (immutable values), bounded.
_MEMO_SIZE = 4096
_DOF_MEMO: dict[tuple[str, date], date | None] = {}
_EET_MEMO: dict[str, EetEstimate] = {}
_UNREAD = object()


def split_indicators(text: str) -> list[tuple[str, str, int]]:
    """Split field 18 text into ``(indicator, text, offset)`` in source order.

    Raises:
        FieldSyntaxError: the text neither is ``0`` nor starts with an indicator.
    """
    # [before the first indicator, name, text, name, text, ...]
    parts = _INDICATOR.split(text)
    if len(parts) == 1 or parts[0]:
        raise FieldSyntaxError(
            "field 18 must be 0 or start with an indicator such as DOF/", field="18"
        )
    found: list[tuple[str, str, int]] = []
    current, value, at = parts[1], parts[2], 0
    position = len(current) + 1 + len(value)  # where the next indicator starts
    for number in range(3, len(parts), 2):
        name, chunk = parts[number], parts[number + 1]
        if current == "RMK" and name not in _KNOWN and not _STAYINFO.fullmatch(name):
            value = f"{value}{name}/{chunk}"  # inside a remark, an unknown word/ is text
        else:
            found.append((current, value.strip(), at))
            current, value, at = name, chunk, position
        position += len(name) + 1 + len(chunk)
    found.append((current, value.strip(), at))
    return found


def parse_field18(text: str, *, reference: date | None = None) -> Field18:
    """Read field 18 (``0`` or indicators) into a ``Field18``.

    Args:
        text: the field.
        reference: the date two-digit DOF years resolve against (default: today, UTC).

    Raises:
        FieldSyntaxError: the text neither is ``0`` nor starts with an indicator.
    """
    return read_field18(" ".join(text.split()), reference=reference)


def read_field18(text: str, *, reference: date | None = None) -> Field18:
    """``parse_field18`` of text whose whitespace is already folded (as the message reader's is).

    One pass over the indicators (one regex split), the typed ones converted once each;
    repeated pieces (a ``DOF/``, an ``EET/`` entry) are read once per process.

    Raises:
        FieldSyntaxError: the text neither is ``0`` nor starts with an indicator.
    """
    if text == "0":
        return EMPTY_FIELD18
    # [before the first indicator, name, text, name, text, ...]; texts keep no separating space
    parts = _SPACED_INDICATOR.split(" " + text)
    if len(parts) == 1 or parts[0]:
        raise FieldSyntaxError(
            "field 18 must be 0 or start with an indicator such as DOF/", field="18"
        )
    found: list[Any] = list(map(_SLOTS.get, parts[1::2]))
    values = list(_DEFAULTS)
    others: list[OtherIndicator]
    if None not in found and len(set(found)) == len(found):
        # Doc 4444 indicators only, none repeated: nothing to merge, join or keep aside.
        others = []
        for slot, value in zip(found, parts[2::2], strict=True):
            values[slot] = value.strip()
    else:
        others, texts = _indicator_texts(parts)
        for slot, value in texts.items():
            values[slot] = value
        found = list(texts)
    # the typed ones in the order given: those that do not fit join others in that order
    for slot in [slot for slot in found if slot in _TYPED_SLOTS]:
        value = values[slot]
        converted = _TYPED_READERS[slot](value, reference)
        if converted is None:
            values[slot] = _DEFAULTS[slot]
            others.append(OtherIndicator(INDICATORS[slot], value))
        else:
            values[slot] = converted
    if others:
        values[-1] = tuple(others)
    field18: Field18 = _build_field18(*values)
    return field18


def _indicator_texts(parts: list[str]) -> tuple[list[OtherIndicator], dict[int, str]]:
    """Indicators outside Doc 4444 (in order) and the texts of those in it, by slot.

    ``parts`` is ``[before the first indicator, name, text, name, text, ...]``, split at the
    space before each indicator (:data:`_SPACED_INDICATOR`). Inside a remark an
    unknown ``word/`` is text; a repeated indicator's texts are joined (identical ones once).
    """
    count = len(parts)
    others: list[OtherIndicator] = []
    texts: dict[int, str] = {}  # by slot, in the order the indicators first came
    repeats: dict[int, list[str]] | None = None
    slots = _SLOTS
    number = 1
    while number < count:
        name, value = parts[number], parts[number + 1]
        number += 2
        if name == "RMK":  # inside a remark, an unknown word/ is text
            while number < count:
                word = parts[number]
                if word in _KNOWN or _STAYINFO.fullmatch(word):
                    break
                value = f"{value} {word}/{parts[number + 1]}"
                number += 2
        value = value.strip()
        slot = slots.get(name)
        if slot is None:
            others.append(OtherIndicator(name, value))
        elif slot not in texts:
            texts[slot] = value
        else:  # repeated: texts joined with a space, identical repeats once
            if repeats is None:
                repeats = {}
            seen = repeats.get(slot)
            if seen is None:
                seen = repeats[slot] = [texts[slot]]
            if value not in seen:
                seen.append(value)
    if repeats is not None:
        for slot, seen in repeats.items():
            texts[slot] = seen[0] if len(seen) == 1 else " ".join(part for part in seen if part)
    return others, texts


def _read_sts(text: str, reference: date | None) -> tuple[SpecialHandling | str, ...]:
    return tuple(_STS_BY_NAME.get(word, word) for word in text.split())


def _read_dof(text: str, reference: date | None) -> date | None:
    key = (text, reference if reference is not None else datetime.now(UTC).date())
    value = _DOF_MEMO.get(key, _UNREAD)
    if value is _UNREAD:
        if len(_DOF_MEMO) > _MEMO_SIZE:
            _DOF_MEMO.clear()
        value = _DOF_MEMO[key] = parse_dof(text, key[1])
    return value  # type: ignore[return-value]


def _read_eet(text: str, reference: date | None) -> tuple[EetEstimate, ...] | None:
    return parse_eet(text)


def _read_code(text: str, reference: date | None) -> str | None:
    return text if _CODE.fullmatch(text) else None


# The typed indicators' readers by slot: the typed value, or None when the text does not fit.
_TYPED_READERS: dict[int, Callable[[str, date | None], Any]] = {
    _SLOTS["STS"]: _read_sts,
    _SLOTS["DOF"]: _read_dof,
    _SLOTS["EET"]: _read_eet,
    _SLOTS["CODE"]: _read_code,
}
_TYPED_SLOTS = frozenset(_TYPED_READERS)


def forget_field18_pieces() -> None:
    """Drop the ``DOF/`` dates and ``EET/`` entries remembered across calls."""
    _DOF_MEMO.clear()
    _EET_MEMO.clear()


def parse_dof(text: str, reference: date | None = None) -> date | None:
    """A ``DOF/`` date (YYMMDD), or ``None`` when it is not a real date.

    The two-digit year takes the century nearest ``reference`` (default: today, UTC), as a
    flight-data processor reads it: a plan is filed days ahead, not decades, so ``870601`` read
    in 2026 is 1987-06-01, and ``991231`` read on 2000-01-02 is 1999-12-31.
    """
    if len(text) != 6 or not text.isdigit() or not text.isascii():
        return None
    near = reference if reference is not None else datetime.now(UTC).date()
    year = near.year - near.year % 100 + int(text[:2])
    if year - near.year > 50:
        year -= 100
    elif near.year - year > 50:
        year += 100
    try:
        return date(year, int(text[2:4]), int(text[4:]))
    except ValueError:
        return None


def parse_eet(text: str) -> tuple[EetEstimate, ...] | None:
    """``EET/`` entries (``CZYZ0018 CZUL0051``), or ``None`` when one of them does not fit."""
    if _EET_LIST.fullmatch(text) is None:  # checked in one match, not word by word
        return _parse_eet_words(text)
    memo = _EET_MEMO
    if len(memo) > _MEMO_SIZE:
        memo.clear()
    entries = []
    for word in text.split(" "):
        entry = memo.get(word)
        if entry is None:
            entry = memo[word] = _build_eet(word[:-4], int(word[-4:-2]) * 60 + int(word[-2:]))
        entries.append(entry)
    return tuple(entries)


def _parse_eet_words(text: str) -> tuple[EetEstimate, ...] | None:
    """``parse_eet`` word by word, for text that is not single-spaced entries."""
    entries = []
    memo = _EET_MEMO
    for word in text.split():
        entry = memo.get(word)
        if entry is None:
            if _EET_ENTRY.fullmatch(word) is None:
                return None
            if len(memo) > _MEMO_SIZE:
                memo.clear()
            entry = memo[word] = _build_eet(word[:-4], int(word[-4:-2]) * 60 + int(word[-2:]))
        entries.append(entry)
    return tuple(entries) if entries else None


def _format_value(name: str, value: Any) -> str:
    if name == "STS":
        return " ".join(item.value if isinstance(item, SpecialHandling) else item for item in value)
    if name == "DOF":
        return value.strftime("%y%m%d") if value is not None else ""
    if name == "EET":
        return " ".join(str(entry) for entry in value)
    if name == "CODE":
        return value if value is not None else ""
    return str(value)


def format_field18(field18: Field18) -> str:
    """Write field 18 canonically: Doc 4444 order, then unknown indicators, ``RMK/`` last."""
    words = []
    for name in INDICATORS[:-1]:
        text = _format_value(name, getattr(field18, _KNOWN_ATTR[name]))
        if text:
            words.append(f"{name}/{text}")
    words.extend(str(other) for other in field18.others)
    if field18.rmk:
        words.append(f"RMK/{field18.rmk}")
    return " ".join(words) if words else "0"
