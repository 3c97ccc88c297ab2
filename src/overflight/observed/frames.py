"""Raw Mode S frames: de-framing the Beast binary protocol and AVR text, and checking frames.

Beast (port 30005): ``0x1a``, a type byte (``1`` Mode A/C, ``2`` Mode S short, ``3`` Mode S
long, ``4`` status), a 6-byte 12 MHz counter, a signal byte, then 2, 7 or 14 message bytes;
every ``0x1a`` after the first is doubled. AVR (port 30002): ``*<hex>;`` or, with the counter,
``@<12 hex counter><hex>;``. The 12 MHz counter is not a time of day: ``clock`` turns it into
one (live feeds pass the time of arrival instead).

A frame is checked before anyone decodes it: hex only, 14 or 28 digits, a Mode S downlink format,
and 28 digits for a long one. Bad input becomes a ``ParseError`` with its byte offset or line.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from overflight.errors import ParseError

__all__ = [
    "BEAST_CLOCK_HZ",
    "BeastDeframer",
    "Frame",
    "check_frame",
    "read_avr",
]

BEAST_CLOCK_HZ = 12_000_000
_ESCAPE = 0x1A
_BODY = {0x31: 2, 0x32: 7, 0x33: 14, 0x34: 14}  # message bytes after counter and signal
_HEX = re.compile(r"[0-9a-fA-F]+")
_SHORT_FORMATS = frozenset({0, 4, 5, 11})  # 56-bit replies and squitters
_LONG_FORMATS = frozenset({16, 17, 18, 19, 20, 21, 24})  # 112-bit


@dataclass(frozen=True, slots=True)
class Frame:
    """One Mode S message as hex, with when it was received (Unix seconds)."""

    at: float
    hex: str  # upper-case, 14 or 28 digits
    where: str = ""  # source and position, for errors


Clock = Callable[[int], float]
"""Turns a 12 MHz counter value into Unix seconds."""


def check_frame(text: str, where: str = "") -> str:
    """A Mode S frame as upper-case hex, or a ``ParseError`` saying what is wrong.

    rs1090 panics (an uncatchable-by-``Exception`` ``PanicException``) on odd-length or non-hex
    input, so nothing reaches it unchecked.
    """
    frame = text.strip()
    if not _HEX.fullmatch(frame):
        raise ParseError(f"{frame[:40]!r} is not hex", source=where, field="frame")
    if len(frame) not in (14, 28):
        raise ParseError(
            f"a Mode S frame has 14 or 28 hex digits, this one {len(frame)}",
            source=where,
            field="frame",
        )
    downlink = min(int(frame[:2], 16) >> 3, 24)  # 11xxx is DF24 whatever follows
    if downlink not in _SHORT_FORMATS | _LONG_FORMATS:
        raise ParseError(
            f"downlink format {downlink} is not a Mode S reply", source=where, field="frame"
        )
    # Some receivers pass on 112 bits for every reply; a short one is read from its first 56.
    if downlink in _LONG_FORMATS and len(frame) != 28:
        raise ParseError(
            f"downlink format {downlink} has 28 hex digits, this frame {len(frame)}",
            source=where,
            field="frame",
        )
    return frame.upper()


class BeastDeframer:
    """Cuts a Beast byte stream into frames; feed it chunks as they arrive.

    Bytes that do not form a frame (noise, a stream joined mid-frame) are skipped up to the next
    ``0x1a`` and reported once per run as a ``ParseError`` at their byte offset.
    """

    def __init__(self, clock: Clock, source: str = "beast") -> None:
        self._clock = clock
        self._source = source
        self._buffer = bytearray()
        self._offset = 0  # stream offset of the buffer's first byte

    def feed(
        self, chunk: bytes, *, arrived_at: float | None = None
    ) -> Iterator[Frame | ParseError]:
        """Frames completed by ``chunk``; ``arrived_at`` times them instead of the counter."""
        self._buffer += chunk
        position = 0
        data = self._buffer
        while True:
            start = data.find(_ESCAPE, position)
            if start < 0:
                skipped = len(data) - position
                if skipped:
                    yield self._noise(position, skipped)
                position = len(data)
                break
            if start > position:
                yield self._noise(position, start - position)
            parsed = self._frame_at(data, start)
            if parsed is None:  # incomplete: wait for more bytes
                position = start
                break
            end, kind, counter, body = parsed
            if end < 0:  # not a frame start (an unknown type byte): skip this 0x1a
                yield self._noise(start, 1)
                position = start + 1
                continue
            position = end
            if kind in (0x32, 0x33):
                where = f"{self._source}@{self._offset + start}"
                at = arrived_at if arrived_at is not None else self._clock(counter)
                yield Frame(at, body.hex().upper(), where)
        del self._buffer[:position]
        self._offset += position

    def _noise(self, at: int, length: int) -> ParseError:
        return ParseError(
            f"{length} byte(s) that are no Beast frame skipped",
            source=f"{self._source}@{self._offset + at}",
        )

    @staticmethod
    def _frame_at(data: bytearray, start: int) -> tuple[int, int, int, bytes] | None:
        """(end, type, counter, message) of the frame at ``start``; ``None`` if incomplete.

        An end of -1 means the byte after ``0x1a`` is not a frame type.
        """
        if start + 1 >= len(data):
            return None
        kind = data[start + 1]
        size = _BODY.get(kind)
        if size is None:
            return -1, kind, 0, b""
        wanted = 7 + size
        out = bytearray()
        i = start + 2
        while len(out) < wanted:
            if i >= len(data):
                return None
            byte = data[i]
            if byte == _ESCAPE:
                if i + 1 >= len(data):
                    return None
                if data[i + 1] != _ESCAPE:  # an unescaped 0x1a: the frame was cut short
                    return -1, kind, 0, b""
                i += 1
            out.append(byte)
            i += 1
        counter = int.from_bytes(out[:6], "big")
        return i, kind, counter, bytes(out[7:])


def read_avr(
    lines: Iterable[str],
    clock: Clock,
    source: str = "avr",
    arrival: Callable[[], float] | None = None,
) -> Iterator[Frame | ParseError]:
    """Frames from AVR lines (``*hex;`` or ``@counter hex;``); a bad line yields its error.

    Without a counter, a frame is timed by ``arrival`` (the time it was read), else by 0.
    """
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text:
            continue
        where = f"{source}:{number}"
        if text[0] not in "*@" or not text.endswith(";"):
            yield ParseError(
                f"{text[:40]!r} is not an AVR frame (*hex; or @hex;)", source=source, line=number
            )
            continue
        body = text[1:-1]
        at = arrival() if arrival is not None else 0.0
        if text[0] == "@":
            if len(body) < 12 or not _HEX.fullmatch(body[:12]):
                yield ParseError(
                    "an @ frame starts with a 12-digit counter", source=source, line=number
                )
                continue
            at = clock(int(body[:12], 16))
            body = body[12:]
        try:
            yield Frame(at, check_frame(body, where), where)
        except ParseError as err:
            yield ParseError(err.message, source=source, line=number, field="frame")
