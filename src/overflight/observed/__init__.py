"""Observed flights: positions from ADS-B/Mode S receivers and feeds, as ``ObservedPosition``s.

Readers for SBS-1 lines, readsb/dump1090 ``aircraft.json`` and traces, Beast and AVR frames
(decoded with rs1090), OpenSky-style state vectors and FR24 flight files; ``open_feed`` opens
any of them by name. Bad input is yielded as a ``ParseError`` with its position, never raised.
``Watch`` turns positions into events: airspace entries, departures, landings, gaps.
"""

from overflight.observed.feeds import FeedOptions, open_feed
from overflight.observed.position import ObservedPosition, Reading, parse_icao24
from overflight.observed.watch import EventKind, TrackEvent, Watch, WatchSettings

__all__ = [
    "EventKind",
    "FeedOptions",
    "ObservedPosition",
    "Reading",
    "TrackEvent",
    "Watch",
    "WatchSettings",
    "open_feed",
    "parse_icao24",
]
