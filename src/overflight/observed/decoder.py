"""Mode S frames decoded with rs1090 into ``ObservedPosition`` values, one aircraft state at a time.

What is trusted: an address only from frames whose parity carries it in the clear (DF11, 17,
18); the address of any other reply (DF0/4/5/16/20/21, where parity is address XOR CRC) is used
only once that address has been seen so. A position is decoded locally against the aircraft's
last position (under ``REFERENCE_MAX_AGE_S`` old) or the receiver's, else globally from an even
and an odd frame at most ``PAIR_MAX_GAP_S`` apart. Surface positions need a reference.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import rs1090

from overflight.errors import ParseError
from overflight.observed.frames import Frame, check_frame
from overflight.observed.position import ObservedPosition, Reading, utc_from_epoch

__all__ = ["ModeSDecoder"]

REFERENCE_MAX_AGE_S = 600.0
PAIR_MAX_GAP_S = 10.0
_TRUSTED_FORMATS = frozenset({"11", "17", "18"})
_POSITION_CODES = frozenset({"05", "06"})


@dataclass(slots=True)
class _Aircraft:
    """What is known of one address (mutable: every frame may add to it)."""

    callsign: str = ""
    altitude_ft: float | None = None
    ground_speed_kt: float | None = None
    track_deg: float | None = None
    squawk: str = ""
    on_ground: bool = False
    reference: tuple[float, float, float] | None = None  # lat, lon, time
    unpaired: dict[str, tuple[str, float]] = field(default_factory=dict)  # parity -> frame, time


class ModeSDecoder:
    """Decodes frames as they come, keeping each aircraft's state between calls.

    Args:
        receiver: the receiver's (lat, lon), a reference for first fixes and surface positions.
        source: the name positions carry (``beast``, ``avr``, ``frames``).
    """

    def __init__(self, receiver: tuple[float, float] | None = None, source: str = "beast") -> None:
        self.receiver = receiver
        self.source = source
        self.aircraft: dict[str, _Aircraft] = {}
        self.untrusted = 0  # replies from addresses never seen in DF11/17/18

    def decode(self, frames: Iterable[Frame | ParseError]) -> Iterator[Reading]:
        """Positions decoded from ``frames``; errors (and frames that fail) pass through."""
        for frame in frames:
            if isinstance(frame, ParseError):
                yield frame
                continue
            try:
                found = self._decode_one(frame)
            except ParseError as err:
                yield err
                continue
            if found is not None:
                yield found

    def _decode_one(self, frame: Frame) -> ObservedPosition | None:
        text = check_frame(frame.hex, frame.where)
        message = _rs1090(text, frame.where)
        if message is None:
            raise ParseError(
                "parity check failed (corrupted frame)", source=frame.where, field="frame"
            )
        address = str(message.get("icao24", ""))
        if message.get("df") in _TRUSTED_FORMATS:
            state = self.aircraft.setdefault(address, _Aircraft())
        else:
            found = self.aircraft.get(address)
            if found is None:
                self.untrusted += 1
                return None
            state = found
        _learn(state, message)
        if message.get("bds") not in _POSITION_CODES:
            return None
        place = self._place(text, message, state, frame)
        if place is None:
            return None
        lat, lon = place
        state.reference = (lat, lon, frame.at)
        state.on_ground = message.get("bds") == "06"
        return ObservedPosition(
            at=utc_from_epoch(frame.at),
            icao24=address,
            lat=lat,
            lon=lon,
            callsign=state.callsign,
            altitude_ft=state.altitude_ft,
            ground_speed_kt=state.ground_speed_kt,
            track_deg=state.track_deg,
            squawk=state.squawk,
            on_ground=state.on_ground,
            source=self.source,
        )

    def _place(
        self, text: str, message: dict[str, Any], state: _Aircraft, frame: Frame
    ) -> tuple[float, float] | None:
        reference = None
        if state.reference is not None and frame.at - state.reference[2] <= REFERENCE_MAX_AGE_S:
            reference = state.reference[:2]
        elif self.receiver is not None:
            reference = self.receiver
        if reference is not None:
            local = _rs1090(text, frame.where, reference=reference)
            if local is not None and "latitude" in local:
                return float(local["latitude"]), float(local["longitude"])
            return None
        parity = str(message.get("parity", ""))
        other = state.unpaired.get("odd" if parity == "even" else "even")
        state.unpaired[parity] = (text, frame.at)
        if other is None or abs(frame.at - other[1]) > PAIR_MAX_GAP_S:
            return None
        pair = _rs1090_pair([other[0], text], [other[1], frame.at], frame.where)
        if pair and "latitude" in pair[-1]:
            state.unpaired.clear()
            return float(pair[-1]["latitude"]), float(pair[-1]["longitude"])
        return None


def _learn(state: _Aircraft, message: dict[str, Any]) -> None:
    """Keep what a message says of the aircraft (callsign, altitude, speed, track, squawk)."""
    callsign = message.get("callsign") or (message.get("bds20") or {}).get("callsign")
    if callsign:
        state.callsign = str(callsign).strip("_ #")
    altitude = message.get("altitude")
    if isinstance(altitude, int | float):
        state.altitude_ft = float(altitude)
    speed = message.get("groundspeed")
    if isinstance(speed, int | float):
        state.ground_speed_kt = float(speed)
    track = message.get("track")
    if isinstance(track, int | float):
        state.track_deg = float(track)
    squawk = message.get("squawk")
    if squawk:
        state.squawk = str(squawk)


def _rs1090(text: str, where: str, reference: tuple[float, float] | None = None) -> Any:
    """rs1090's decoding of one checked frame; a panic becomes a ``ParseError``."""
    try:
        return rs1090.decode(text, reference=reference)
    except BaseException as err:  # rs1090's PanicException derives from BaseException
        if isinstance(err, KeyboardInterrupt | SystemExit):
            raise
        raise ParseError(
            f"rs1090 could not decode it ({err})", source=where, field="frame"
        ) from None


def _rs1090_pair(texts: list[str], times: list[float], where: str) -> list[Any]:
    """rs1090's batch decoding of an even/odd pair (global CPR)."""
    try:
        return list(rs1090.decode(texts, times))
    except BaseException as err:
        if isinstance(err, KeyboardInterrupt | SystemExit):
            raise
        raise ParseError(
            f"rs1090 could not decode it ({err})", source=where, field="frame"
        ) from None
