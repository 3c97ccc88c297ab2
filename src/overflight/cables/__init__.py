"""Diplomatic telegrams: the model, rendered in full or as a non-paper, and parsed from text."""

from overflight.cables.classifier import split_classifier
from overflight.cables.compose import compose_action_request, reporting_due
from overflight.cables.drafting import Drafting, embassy_in
from overflight.cables.errors import CableParseError
from overflight.cables.extract import (
    find_reporting_deadline,
    point_of_contact,
    reporting_deadline,
    slugs,
)
from overflight.cables.flight_text import FlightOfConcern, name_of
from overflight.cables.model import (
    Bullet,
    CableReference,
    Heading,
    Paragraph,
    Prose,
    Serial,
    Telegram,
    Text,
)
from overflight.cables.nonpaper import (
    NonPaper,
    compose_non_paper,
    format_non_paper,
    render_non_paper,
)
from overflight.cables.parse import parse_telegram
from overflight.cables.posts import POSTS
from overflight.cables.render import render_telegram
from overflight.cables.thanks import Cooperation, compose_thank_you

__all__ = [
    "POSTS",
    "Bullet",
    "CableParseError",
    "CableReference",
    "Cooperation",
    "Drafting",
    "FlightOfConcern",
    "Heading",
    "NonPaper",
    "Paragraph",
    "Prose",
    "Serial",
    "Telegram",
    "Text",
    "compose_action_request",
    "compose_non_paper",
    "compose_thank_you",
    "embassy_in",
    "find_reporting_deadline",
    "format_non_paper",
    "name_of",
    "parse_telegram",
    "point_of_contact",
    "render_non_paper",
    "render_telegram",
    "reporting_deadline",
    "reporting_due",
    "slugs",
    "split_classifier",
]
