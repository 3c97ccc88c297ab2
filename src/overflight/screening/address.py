"""ICAO 24-bit aircraft addresses: the state whose block holds one, and its nationality mark.

The allocation table is rs1090's (``aircraft_information``: the Annex 10 Vol III Chapter 9
table, 2007 edition with amendments to 88-A, as in traffic's ``patterns.json``). Small-state
block sizes differ between sources (reference/ats-messages.md §3.2), so an address outside the
block of the registration's state is a soft sign, weighed as such by the policy.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import rs1090

from overflight.errors import InputError
from overflight.geo import parse_state


@dataclass(frozen=True, slots=True)
class AddressBlock:
    """The state an address is allocated to, and the registration pattern of that block."""

    address: int
    state: str  # ISO alpha-2
    country: str  # as rs1090 names it
    pattern: str  # registration regex, e.g. ^P-

    @property
    def hex(self) -> str:
        """The address as six upper-case hexadecimal digits."""
        return f"{self.address:06X}"

    @property
    def nationality_mark(self) -> str:
        """The pattern cut after the nationality mark's hyphen: ``^D-A`` gives ``^D-``."""
        head, hyphen, _ = self.pattern.partition("-")
        return head + hyphen


@lru_cache(maxsize=4096)
def _state_of(country: str) -> str:
    try:
        return parse_state(country)
    except InputError:
        return ""


@lru_cache(maxsize=65536)
def address_block(address: int) -> AddressBlock | None:
    """The block ``address`` falls in, or ``None`` when unallocated or the state is unknown."""
    if not 0 < address <= 0xFFFFFF:
        return None
    found = rs1090.aircraft_information(f"{address:06x}")
    state = _state_of(str(found.get("country", "")))
    if not state:
        return None
    return AddressBlock(address, state, str(found["country"]), str(found.get("pattern", "")))


def registration_fits(registration: str, block: AddressBlock) -> bool | None:
    """Whether ``registration`` carries the block's nationality mark (``None``: cannot tell).

    A registration written without its hyphen (``REG/P912``, as field 18 wants it) is compared
    with the mark's hyphen removed.
    """
    mark = block.nationality_mark
    text = registration.strip().upper()
    if not mark or not text:
        return None
    if "-" not in text:
        mark = mark.replace("-", "")
    try:
        return re.match(mark, text) is not None
    except re.error:
        return None


__all__ = ["AddressBlock", "address_block", "registration_fits"]
