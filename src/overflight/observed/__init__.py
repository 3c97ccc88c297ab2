"""Observed flights: positions from ADS-B/Mode S receivers and feeds, as ``ObservedPosition``s.

Readers for SBS-1 lines, readsb/dump1090 ``aircraft.json`` and traces, Beast and AVR frames
(decoded with rs1090), OpenSky-style state vectors and FR24 flight files; ``open_feed`` opens
any of them by name. Bad input is yielded as a ``ParseError`` with its position, never raised.
``Watch`` turns positions into events: airspace entries, departures, landings, gaps.
"""

from overflight.observed.decoder import ModeSDecoder
from overflight.observed.feeds import (
    FeedFormat,
    FeedOptions,
    feed_format,
    open_feed,
    read_frames_jsonl,
)
from overflight.observed.fr24 import read_fr24
from overflight.observed.frames import BeastDeframer, Frame, check_frame, read_avr
from overflight.observed.position import ObservedPosition, Reading, parse_icao24
from overflight.observed.readsb import read_aircraft_json, read_trace
from overflight.observed.sbs import SbsReader, read_sbs
from overflight.observed.state_vectors import read_state_vector_csv, read_state_vector_parquet
from overflight.observed.watch import EventKind, TrackEvent, Watch, WatchSettings

__all__ = [
    "BeastDeframer",
    "EventKind",
    "FeedFormat",
    "FeedOptions",
    "Frame",
    "ModeSDecoder",
    "ObservedPosition",
    "Reading",
    "SbsReader",
    "TrackEvent",
    "Watch",
    "WatchSettings",
    "check_frame",
    "feed_format",
    "open_feed",
    "parse_icao24",
    "read_aircraft_json",
    "read_avr",
    "read_fr24",
    "read_frames_jsonl",
    "read_sbs",
    "read_state_vector_csv",
    "read_state_vector_parquet",
    "read_trace",
]
