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

_HEADER = re.compile(
    r"(?m)^[ \t]*(?P<priority>SS|DD|FF|GG|KK)(?P<first>(?:[ \t]+[A-Z]{8})+)[ \t]*\r?\n"
    r"(?P<more>(?:[ \t]*[A-Z]{8}(?:[ \t]+[A-Z]{8})*[ \t]*\r?\n)*)"
    r"[ \t]*(?P<filing>\d{6})[ \t]+(?P<originator>[A-Z]{8})\b"
)
_TAIL = 2000  # the header sits just before its message: read only the end of the gap
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
    last = None
    for match in _HEADER.finditer(text, max(len(text) - _TAIL, 0)):
        if _valid_filing(match["filing"]):
            last = match
    if last is None:
        return None
    addressees = (*last["first"].split(), *last["more"].split())
    return AftnHeader(last["priority"], addressees, last["filing"], last["originator"])


def _valid_filing(filing: str) -> bool:
    return "01" <= filing[:2] <= "31" and filing[2:4] <= "23" and filing[4:6] <= "59"
