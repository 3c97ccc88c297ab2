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
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from overflight.ats.errors import FieldSyntaxError
from overflight.model.flight import EetEstimate, OtherIndicator, SpecialHandling

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
_STAYINFO = re.compile(r"STAYINFO\d")
_EET_ENTRY = re.compile(r"[A-Z0-9]{2,15}\d\d[0-5]\d")  # location, hours, minutes
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
_TYPED = frozenset({"STS", "DOF", "EET", "CODE"})


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

    Raises:
        FieldSyntaxError: the text neither is ``0`` nor starts with an indicator.
    """
    if text == "0":
        return EMPTY_FIELD18
    values: dict[str, Any] = {}  # texts by attribute, in the order they first came
    typed: list[str] = []  # the typed indicators present, in the order they first came
    repeats: dict[str, list[str]] = {}
    others: list[OtherIndicator] = []
    for name, value, _ in split_indicators(text):
        attribute = _KNOWN_ATTR.get(name)
        if attribute is None:
            others.append(OtherIndicator(name, value))
        elif attribute not in values:
            values[attribute] = value
            if name in _TYPED:
                typed.append(name)
        else:
            texts = repeats.get(attribute)
            if texts is None:
                texts = repeats[attribute] = [values[attribute]]
            if value not in texts:
                texts.append(value)
    for attribute, texts in repeats.items():
        values[attribute] = (
            texts[0] if len(texts) == 1 else " ".join(part for part in texts if part)
        )
    for name in typed:
        attribute = _KNOWN_ATTR[name]
        typed_value = _typed_value(name, values[attribute], reference)
        if typed_value is None:
            others.append(OtherIndicator(name, values.pop(attribute)))
        else:
            values[attribute] = typed_value
    if others:
        values["others"] = tuple(others)
    return Field18(**values)


def _typed_value(name: str, text: str, reference: date | None) -> Any:
    """The typed value of a known indicator, or ``None`` when the text does not fit."""
    if name not in _TYPED:
        return text
    if name == "STS":
        return tuple(_STS_BY_NAME.get(word, word) for word in text.split())
    if name == "DOF":
        return parse_dof(text, reference)
    if name == "EET":
        return parse_eet(text)
    if name == "CODE":
        return text if _CODE.fullmatch(text) else None
    return text


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
    entries = []
    for word in text.split():
        if _EET_ENTRY.fullmatch(word) is None:
            return None
        entries.append(EetEstimate(word[:-4], int(word[-4:-2]) * 60 + int(word[-2:])))
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
