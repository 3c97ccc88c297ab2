"""ICAO ATS messages (Doc 4444): parse, validate, serialise, decode field 15, link into flights."""

from overflight.ats.aftn import read_aftn_header
from overflight.ats.envelope import find_messages
from overflight.ats.errors import AtsParseError, AtsValidationError
from overflight.ats.field18 import format_field18
from overflight.ats.intent import eobt_of, to_flight_intent
from overflight.ats.linking import Flight, Flights, FlightStatus, UnmatchedMessage, link_messages
from overflight.ats.message import AtsMessage, Title
from overflight.ats.parser import parse_message, parse_message_file, parse_messages
from overflight.ats.resolve import ResolvedRoute, resolve_intent, resolve_route
from overflight.ats.serialiser import format_message
from overflight.ats.validation import validate_messages

__all__ = [
    "AtsMessage",
    "AtsParseError",
    "AtsValidationError",
    "Flight",
    "FlightStatus",
    "Flights",
    "ResolvedRoute",
    "Title",
    "UnmatchedMessage",
    "eobt_of",
    "find_messages",
    "format_field18",
    "format_message",
    "link_messages",
    "parse_message",
    "parse_message_file",
    "parse_messages",
    "read_aftn_header",
    "resolve_intent",
    "resolve_route",
    "to_flight_intent",
    "validate_messages",
]
