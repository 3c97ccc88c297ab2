"""Cruising speed as filed in field 15 (``N0450``, ``K0830``, ``M082``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from overflight.errors import InputError

KNOT_M_S = 1852 / 3600
# Speed of sound at the ISA tropopause and above (-56.5 °C), where jets cruise: 295.07 m/s.
MACH_AT_CRUISE_M_S = 295.07
_SPEED = re.compile(r"(?:([NK])(\d{4})|(M)(\d{3}))")


class SpeedUnit(Enum):
    """Units a flight plan gives a speed in."""

    KNOTS = "N"
    KM_H = "K"
    MACH = "M"


@dataclass(frozen=True, slots=True)
class Speed:
    """A true airspeed: ``value`` in ``unit`` (Mach in hundredths is stored as a fraction)."""

    value: float
    unit: SpeedUnit

    @property
    def m_s(self) -> float:
        """The speed in metres per second (Mach converted at the ISA tropopause)."""
        if self.unit is SpeedUnit.KNOTS:
            return self.value * KNOT_M_S
        if self.unit is SpeedUnit.KM_H:
            return self.value / 3.6
        return self.value * MACH_AT_CRUISE_M_S

    def __str__(self) -> str:
        if self.unit is SpeedUnit.MACH:
            return f"M{round(self.value * 100):03d}"
        return f"{self.unit.value}{round(self.value):04d}"


def parse_speed(text: str, what: str = "speed") -> Speed:
    """Read an ICAO speed group: ``N0450`` knots, ``K0830`` km/h or ``M082`` Mach 0.82.

    Raises:
        InputError: ``text`` is not one of those forms, or is zero.
    """
    match = _SPEED.fullmatch(text.strip().upper())
    if match is None:
        raise InputError(what, f"{text!r} is not a speed (N0450 knots, K0830 km/h, M082 Mach)")
    if match.group(3):
        speed = Speed(int(match.group(4)) / 100, SpeedUnit.MACH)
    else:
        speed = Speed(int(match.group(2)), SpeedUnit(match.group(1)))
    if speed.value <= 0:
        raise InputError(what, f"{text!r} is zero; a flight needs a speed")
    return speed
