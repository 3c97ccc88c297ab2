"""Diplomatic telegrams: the model, rendered in full or as a non-paper, and parsed from text."""

from overflight.cables.errors import CableParseError, UnknownPostError
from overflight.cables.extract import (
    PointOfContact,
    ReportingDeadline,
    action_request,
    find_reporting_deadline,
    headings,
    point_of_contact,
    reporting_deadline,
    slugs,
    talking_points,
)
from overflight.cables.header import parse_dtg
from overflight.cables.model import (
    Addressee,
    Block,
    Bullet,
    CableReference,
    Dtg,
    Heading,
    Paragraph,
    Precedence,
    Problem,
    Prose,
    Section,
    Serial,
    Telegram,
    Text,
)
from overflight.cables.nonpaper import (
    NonPaper,
    NonPaperPoint,
    compose_non_paper,
    format_non_paper,
    render_non_paper,
)
from overflight.cables.parse import parse_telegram, parse_telegrams
from overflight.cables.posts import ORIGINATORS, POSTS, Post, post_named
from overflight.cables.refs import parse_references
from overflight.cables.render import render_dtg, render_telegram

__all__ = [
    "ORIGINATORS",
    "POSTS",
    "Addressee",
    "Block",
    "Bullet",
    "CableParseError",
    "CableReference",
    "Dtg",
    "Heading",
    "NonPaper",
    "NonPaperPoint",
    "Paragraph",
    "PointOfContact",
    "Post",
    "Precedence",
    "Problem",
    "Prose",
    "ReportingDeadline",
    "Section",
    "Serial",
    "Telegram",
    "Text",
    "UnknownPostError",
    "action_request",
    "compose_non_paper",
    "find_reporting_deadline",
    "format_non_paper",
    "headings",
    "parse_dtg",
    "parse_references",
    "parse_telegram",
    "parse_telegrams",
    "point_of_contact",
    "post_named",
    "render_dtg",
    "render_non_paper",
    "render_telegram",
    "reporting_deadline",
    "slugs",
    "talking_points",
]
