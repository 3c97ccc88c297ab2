"""The AFTN header a message travels under: priority, addressees, filing time, originator.

An AFTN message (ICAO Annex 10 Vol II, 4.4.15) carries, before the ATS text, an optional
start-of-message line (``ZCZC ABC123``), the address line (priority indicator ``SS DD FF GG
KK`` then one or more eight-letter addressee indicators, possibly on several lines) and the
origin line (filing time ``DDHHMM`` and the originator's eight-letter indicator, then optional
priority alarm or extra text). Example (from the reference notes, §1.2)::

    FF KZOBZZQA
    240040 KATLDALQ

Headers in Cyrillic letters and lines that fit neither form are not read (the message still is).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

__all__ = ["AftnHeader", "read_aftn_header"]

_ADDRESS = re.compile(r"^\s*(SS|DD|FF|GG|KK)((?:\s+[A-Z]{8})+)\s*$")
_MORE_ADDRESSES = re.compile(r"^\s*[A-Z]{8}(?:\s+[A-Z]{8})*\s*$")
_ORIGIN = re.compile(r"^\s*(\d{2})(\d{2})(\d{2})\s+([A-Z]{8})\b")
_DAYS_NEAR = 20  # a filing day-of-month more than this past the reference is last month's


@dataclass(frozen=True, slots=True)
class AftnHeader:
    """The AFTN address and origin lines of one message.

    Attributes:
        priority: ``SS``, ``DD``, ``FF``, ``GG`` or ``KK``.
        addressees: the eight-letter addressee indicators, in order.
        filing_time: ``DDHHMM`` as written (day of month, UTC hour and minute).
        originator: the originator's eight-letter indicator.
    """

    priority: str
    addressees: tuple[str, ...]
    filing_time: str
    originator: str

    def filed_at(self, reference: date) -> datetime:
        """The filing time as a UTC datetime: the day of month nearest ``reference``.

        Raises:
            ValueError: the filing time is not a real time of a real day near the reference.
        """
        day, hour, minute = (int(self.filing_time[i : i + 2]) for i in (0, 2, 4))
        at = time(hour, minute)
        candidates = []
        for shift in (-1, 0, 1):
            month = (reference.month - 1 + shift) % 12 + 1
            year = reference.year + (reference.month - 1 + shift) // 12
            try:
                candidates.append(datetime.combine(date(year, month, day), at, tzinfo=UTC))
            except ValueError:
                continue
        if not candidates:
            raise ValueError(f"day {day} is in no month near {reference}")
        noon = datetime.combine(reference, time(12), tzinfo=UTC)
        best = min(candidates, key=lambda value: abs(value - noon))
        if abs(best - noon) > timedelta(days=_DAYS_NEAR):
            raise ValueError(f"filing time {self.filing_time} is not near {reference}")
        return best


def read_aftn_header(text: str) -> AftnHeader | None:
    """The last AFTN address and origin lines in ``text`` (the gap before a message), if any."""
    lines = text.splitlines()
    header: AftnHeader | None = None
    index = 0
    while index < len(lines):
        address = _ADDRESS.match(lines[index])
        if address is None:
            index += 1
            continue
        addressees = address[2].split()
        index += 1
        while index < len(lines) and _MORE_ADDRESSES.match(lines[index]):
            addressees.extend(lines[index].split())
            index += 1
        origin = _ORIGIN.match(lines[index]) if index < len(lines) else None
        if origin is not None:
            filing = f"{origin[1]}{origin[2]}{origin[3]}"
            if _valid_filing(filing):
                header = AftnHeader(address[1], tuple(addressees), filing, origin[4])
            index += 1
    return header


def _valid_filing(filing: str) -> bool:
    day, hour, minute = (int(filing[i : i + 2]) for i in (0, 2, 4))
    return 1 <= day <= 31 and hour <= 23 and minute <= 59
