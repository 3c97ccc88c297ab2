"""What every telegram drafted here shares: the drafter's particulars, posts, header, closing."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from overflight.cables.flight_text import and_list
from overflight.cables.model import (
    Addressee,
    Block,
    CableReference,
    Dtg,
    Heading,
    Paragraph,
    Precedence,
    Serial,
    Telegram,
)
from overflight.cables.posts import ORIGINATORS, POSTS, Post
from overflight.errors import InputError
from overflight.markings import (
    ClassificationAuthority,
    ClassificationLevel,
    Declassification,
    DeclassKind,
    Marking,
    alpha2_to_trigraph,
    canonical_rel_to,
    parse_reasons,
)

__all__ = [
    "DECLASSIFY_AFTER_YEARS",
    "RELEASABLE",
    "UNCLASSIFIED",
    "Drafting",
    "closing_paragraphs",
    "embassy_in",
    "released_to",
    "telegram_to",
]

RELEASABLE = Marking(ClassificationLevel.S, rel_recipients=True)
UNCLASSIFIED = Marking(ClassificationLevel.U)
DECLASSIFY_AFTER_YEARS = 25


@dataclass(frozen=True, slots=True)
class Drafting:
    """The drafter's particulars: who releases what, when, under which authority."""

    released_at: datetime  # aware UTC
    serial: Serial
    classified_by: str  # "ISN Acting Assistant Secretary Patricia A. McNerney"
    reasons: str = "1.4 b, c, and d"
    classification: ClassificationLevel = ClassificationLevel.S
    tags: tuple[str, ...] = ("PARM", "PREL", "MNUC")
    point_of_contact: str = ""
    slugs: tuple[str, ...] = ()
    signature: str = ""
    refs: tuple[CableReference, ...] = ()


def embassy_in(state: str) -> Post:
    """The U.S. embassy in a state (the post that covers it).

    Raises:
        InputError: no embassy in that state is in the routing list.
    """
    for post in POSTS:
        if post.country == state and post.name.startswith("AMEMBASSY "):
            return post
    raise InputError("state", f"no U.S. embassy in {state} is in the routing list")


def released_to(states: Sequence[str]) -> Marking:
    """A SECRET portion releasable to the USA and these states (ISO alpha-2) only.

    Raises:
        InputError: a state is not an ISO alpha-2 code.
    """
    try:
        trigraphs = [alpha2_to_trigraph(state) for state in states]
    except ValueError as err:
        raise InputError("state", str(err)) from None
    return Marking(RELEASABLE.level, rel_to=canonical_rel_to(trigraphs))


def closing_paragraphs(first: int, report: str, drafting: Drafting) -> tuple[Block, ...]:
    """The closing section, as the seed telegram closes, all (U).

    Under its heading: the point of contact (when configured), the reporting sentence, thanks
    and slugs.
    """
    heading = (
        "POINT OF CONTACT AND REPORTING REQUIREMENT"
        if drafting.point_of_contact
        else "REPORTING REQUIREMENT"
    )
    paragraphs: list[Block] = [Heading(heading)]
    number = first
    if drafting.point_of_contact:
        paragraphs.append(
            Paragraph(
                number,
                UNCLASSIFIED,
                f"Washington point of contact for follow-up is {drafting.point_of_contact}.",
            )
        )
        number += 1
    paragraphs.append(Paragraph(number, UNCLASSIFIED, report))
    slugs = f" Please slug responses for {and_list(drafting.slugs)}." if drafting.slugs else ""
    paragraphs.append(
        Paragraph(number + 1, UNCLASSIFIED, f"Washington thanks posts for assistance.{slugs}")
    )
    return tuple(paragraphs)


def telegram_to(
    states: Sequence[str],
    subject: str,
    body: tuple[Block, ...],
    drafting: Drafting,
    precedences: Mapping[str, Precedence] | None = None,
) -> Telegram:
    """The whole telegram: SECSTATE to the embassies of ``states`` (alphabetical by post).

    ``precedences`` gives a state's addressee a precedence other than IMMEDIATE (NIACT
    IMMEDIATE when the aircraft enters its airspace within a day); the DTG's letter is ``O``
    for both.

    Raises:
        InputError: a state has no embassy in the routing list.
    """
    chosen = precedences or {}
    posts = sorted({state: embassy_in(state) for state in states}.items(), key=lambda i: i[1].name)
    action = tuple(
        Addressee(post, chosen.get(state, Precedence.IMMEDIATE)) for state, post in posts
    )
    released = drafting.released_at
    return Telegram(
        classification=drafting.classification,
        serial=drafting.serial,
        dtg=Dtg(Precedence.IMMEDIATE, released.replace(second=0, microsecond=0)),
        origin=ORIGINATORS[0],
        action=action,
        declassification=Declassification(
            _executive_order(released.date()),
            DeclassKind.DATE,
            on=_years_later(released.date(), DECLASSIFY_AFTER_YEARS),
        ),
        tags=drafting.tags,
        subject=subject,
        refs=drafting.refs,
        authority=ClassificationAuthority(drafting.classified_by, parse_reasons(drafting.reasons)),
        body=body,
        signature=drafting.signature,
    )


def _executive_order(day: date) -> str:
    """E.O. 13526 governs from 27 June 2010; before that, E.O. 12958 as amended."""
    return "13526" if day >= date(2010, 6, 27) else "12958"


def _years_later(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
