"""Opening a feed by name: a file of any supported format, a TCP stream, a polled URL.

``sbs://host:port``, ``avr://host:port`` and ``beast://host:port`` are TCP streams;
``http(s)://…`` is an ``aircraft.json`` polled every ``poll_s``; anything else is a file, its
format told by its content (and, for Beast and parquet, its suffix). Every feed is an iterator of
``ObservedPosition``, ``ParseError`` (bad input and dropped connections, counted by the caller) and
``None`` (the feed was quiet for a second: time to look for coverage gaps).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from urllib.parse import urlsplit

from overflight.errors import InputError, Param, ParseError
from overflight.observed.decoder import ModeSDecoder
from overflight.observed.fr24 import read_fr24
from overflight.observed.frames import BEAST_CLOCK_HZ, BeastDeframer, Frame, check_frame, read_avr
from overflight.observed.http_poll import poll_url
from overflight.observed.position import Reading
from overflight.observed.readsb import decode_json_bytes, read_aircraft_json, read_trace
from overflight.observed.sbs import SbsReader, read_sbs
from overflight.observed.state_vectors import read_state_vector_csv, read_state_vector_parquet
from overflight.observed.tcp import read_tcp

__all__ = ["FeedFormat", "FeedOptions", "feed_format", "open_feed", "read_frames_jsonl"]

FeedItem = Reading | None


class FeedFormat(StrEnum):
    """The formats a feed may come in."""

    SBS = "sbs"
    AVR = "avr"
    BEAST = "beast"
    FRAMES = "frames"  # JSON lines of {"timestamp", "frame"} (rs1090, jet1090)
    JSON = "json"  # aircraft.json, a readsb trace or an FR24 flight: told by its keys
    STATE_VECTORS = "state vectors"
    PARQUET = "parquet"


@dataclass(frozen=True, slots=True)
class FeedOptions:
    """How to read a feed.

    ``receiver`` (lat, lon) helps decode raw frames; ``beast_start`` is the Unix time of a Beast
    or AVR file's first counter value (default: the file's modification time); ``attempts``
    bounds reconnections and polls (``None``: forever).
    """

    receiver: tuple[float, float] | None = None
    beast_start: float | None = None
    poll_s: float = 1.0
    attempts: int | None = None


def open_feed(spec: str, options: FeedOptions = FeedOptions()) -> Iterator[FeedItem]:
    """Readings from the feed named by ``spec``.

    Raises:
        InputError: the feed's name is not understood, or its file cannot be read.
    """
    scheme = urlsplit(spec).scheme.lower()
    if scheme in ("sbs", "avr", "beast"):
        host, port = _host_port(spec)
        return _tcp_feed(FeedFormat(scheme), host, port, options)
    if scheme in ("http", "https"):
        return _polled_feed(spec, options)
    return _file_feed(Path(spec), options)


def feed_format(path: Path, head: bytes) -> FeedFormat:
    """A file's format, told by its suffix and first bytes."""
    name = path.name.lower()
    if name.endswith(".parquet"):
        return FeedFormat.PARQUET
    if name.endswith(".bin") or head[:1] == b"\x1a":
        return FeedFormat.BEAST
    text = head.lstrip()
    if head[:2] == b"\x1f\x8b" or name.endswith((".json", ".json.gz")):
        return FeedFormat.JSON
    if text[:1] == b"{":
        return FeedFormat.FRAMES
    if text[:1] in (b"*", b"@"):
        return FeedFormat.AVR
    if text.startswith((b"MSG", b"AIR", b"ID,", b"STA", b"SEL")):
        return FeedFormat.SBS
    return FeedFormat.STATE_VECTORS


def read_frames_jsonl(lines: Iterable[str], source: str) -> Iterator[Frame | ParseError]:
    """Frames from JSON lines with ``timestamp`` (Unix seconds) and ``frame`` (hex)."""
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{source}:{number}"
        try:
            row = json.loads(line)
            at, text = float(row["timestamp"]), str(row["frame"])
            yield Frame(at, check_frame(text, where), where)
        except ParseError as err:
            yield ParseError(err.message, source=source, line=number, field="frame")
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as err:
            yield ParseError(f"not a frame record ({err})", source=source, line=number)


def _host_port(spec: str) -> tuple[str, int]:
    parts = urlsplit(spec)
    try:
        port = parts.port
    except ValueError:
        port = None
    if not parts.hostname or port is None:
        raise InputError(Param("feed"), f"{spec!r}: give host and port, e.g. sbs://127.0.0.1:30003")
    return parts.hostname, port


def _file_feed(path: Path, options: FeedOptions) -> Iterator[FeedItem]:
    try:
        with path.open("rb") as handle:
            head = handle.read(4096)
    except OSError as err:
        raise InputError(str(path), f"cannot read the feed file ({err.strerror or err})") from None
    kind = feed_format(path, head)
    source = str(path)
    if kind is FeedFormat.PARQUET:
        return iter(read_state_vector_parquet(path))
    if kind is FeedFormat.BEAST:
        start = options.beast_start if options.beast_start is not None else path.stat().st_mtime
        return _beast_file(path, start, options)
    if kind is FeedFormat.JSON:
        document = decode_json_bytes(path.read_bytes(), source)
        if isinstance(document, dict) and "result" in document:
            return iter(read_fr24(document, source))
        if isinstance(document, dict) and "trace" in document:
            return iter(read_trace(document, source))
        return iter(read_aircraft_json(document, source))
    lines = _text_lines(path)
    if kind is FeedFormat.SBS:
        return iter(read_sbs(lines, source))
    if kind is FeedFormat.STATE_VECTORS:
        return iter(read_state_vector_csv(lines, source))
    decoder = ModeSDecoder(options.receiver, source=kind.value)
    if kind is FeedFormat.FRAMES:
        return iter(decoder.decode(read_frames_jsonl(lines, source)))
    start = options.beast_start if options.beast_start is not None else path.stat().st_mtime
    return iter(decoder.decode(read_avr(lines, _clock(start), source)))


def _text_lines(path: Path) -> Iterator[str]:
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        yield from handle


def _clock(start: float) -> _CounterClock:
    return _CounterClock(start)


class _CounterClock:
    """Unix seconds of a 12 MHz counter value: ``start`` at the first value seen."""

    def __init__(self, start: float) -> None:
        self.start = start
        self.first: int | None = None

    def __call__(self, counter: int) -> float:
        if self.first is None:
            self.first = counter
        return self.start + (counter - self.first) / BEAST_CLOCK_HZ


def _beast_file(path: Path, start: float, options: FeedOptions) -> Iterator[FeedItem]:
    deframer = BeastDeframer(_clock(start), source=str(path))
    decoder = ModeSDecoder(options.receiver, source="beast")
    with path.open("rb") as handle:
        while chunk := handle.read(65_536):
            yield from decoder.decode(deframer.feed(chunk))


def _tcp_feed(kind: FeedFormat, host: str, port: int, options: FeedOptions) -> Iterator[FeedItem]:
    source = f"{kind.value}://{host}:{port}"
    decoder = ModeSDecoder(options.receiver, source=kind.value)
    deframer = BeastDeframer(_clock(time.time()), source=source)
    pending = ""
    sbs = SbsReader(source)
    for chunk in read_tcp(host, port, attempts=options.attempts):
        if chunk is None or isinstance(chunk, ParseError):
            yield chunk
            continue
        if kind is FeedFormat.BEAST:
            yield from decoder.decode(deframer.feed(chunk, arrived_at=time.time()))
            continue
        pending += chunk.decode("ascii", errors="replace")
        *lines, pending = pending.split("\n")
        if kind is FeedFormat.SBS:
            yield from sbs.read(lines)
        else:
            yield from decoder.decode(read_avr(lines, lambda _: time.time(), source, time.time))


def _polled_feed(url: str, options: FeedOptions) -> Iterator[FeedItem]:
    for body in poll_url(url, every_s=options.poll_s, attempts=options.attempts):
        if isinstance(body, ParseError):
            yield body
            continue
        try:
            document = decode_json_bytes(body, url)
        except ParseError as err:
            yield err
            continue
        yield from read_aircraft_json(document, url)
        yield None
