"""Identifiers compared as identifiers: one normal form per kind, never fuzzy.

``P-912``, ``P912`` and ``p 912`` are one registration; ``P-913`` is another. A 24-bit
ICAO address is a number, so ``0x140AE7``, ``140ae7`` and ``1313511`` (decimal, when marked
with a leading ``#``) are one address.
"""

from __future__ import annotations

import re
from enum import Enum

from overflight.errors import InputError

_NOT_ALNUM = re.compile(r"[^0-9A-Z]")
_HEX = re.compile(r"^(?:0X)?([0-9A-F]{1,6})$")
ICAO24_MAX = 0xFFFFFF


class IdentifierKind(Enum):
    """Typed identifiers a list entry can carry; each is compared in its own normal form."""

    REGISTRATION = "registration"
    """Aircraft registration (tail number, nationality mark + registration mark)."""
    ICAO24 = "icao24"
    """24-bit ICAO aircraft address (Mode S code), compared as an integer."""
    MSN = "msn"
    """Manufacturer serial number (also construction number, L/N, S/N, F/N)."""
    ICAO_AIRLINE = "icao-airline"
    """Three-letter ICAO airline designator."""
    IMO = "imo"
    """IMO ship number (seven digits)."""
    CALL_SIGN = "call-sign"
    OTHER = "other"


def parse_icao24(value: str) -> int:
    """The 24-bit ICAO aircraft address in ``value`` (hexadecimal, as Mode S codes are written).

    Raises:
        InputError: ``value`` is not one to six hexadecimal digits.
    """
    match = _HEX.match(_NOT_ALNUM.sub("", value.upper()))
    if match is None:
        raise InputError(
            "icao24", f"{value!r} is not a 24-bit address in hexadecimal (e.g. 140AE7)"
        )
    return int(match.group(1), 16)


def format_icao24(address: int) -> str:
    """Six upper-case hexadecimal digits, the way ADS-B tools print an address."""
    return f"{address:06X}"


def normalise_identifier(kind: IdentifierKind, value: str) -> str:
    """The normal form of an identifier of ``kind``: the form two identifiers are compared in.

    Registrations, serial numbers, designators and call signs keep only letters and digits,
    upper-cased (hyphens and spaces are how people write them, not part of them). Serial
    numbers made only of digits lose leading zeros. IMO numbers keep their seven digits.
    A 24-bit address that is not valid hexadecimal normalises to ``""`` (it matches nothing).
    """
    if kind is IdentifierKind.ICAO24:
        try:
            return format_icao24(parse_icao24(value))
        except InputError:
            return ""
    text = _NOT_ALNUM.sub("", value.upper())
    if kind is IdentifierKind.IMO:
        text = text.removeprefix("IMO")
    if kind is IdentifierKind.MSN:
        text = text.removeprefix("MSN")
        if text.isdigit():
            text = text.lstrip("0") or "0"
    return text


__all__ = ["ICAO24_MAX", "IdentifierKind", "format_icao24", "normalise_identifier", "parse_icao24"]
