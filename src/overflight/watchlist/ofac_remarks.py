"""Facts hidden in OFAC SDN remarks: aircraft details, identifiers, weak aliases, links.

The CSV (and classic XML) put an aircraft's serial number, model, build date and operator
only in the free-text ``Remarks``, as ``Label value`` segments separated by ``;``, e.g.
``Aircraft Manufacture Date 1990; Aircraft Model IL76-TD; Aircraft Operator Air Koryo; ...``.
A person's are ``DOB 18 Jun 1967; POB ...; nationality Korea, North; citizen ...``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from overflight.watchlist.birth_dates import birth_date
from overflight.watchlist.entity import (
    AircraftDetails,
    EntityName,
    Identifier,
    NameKind,
    OperatorLink,
)
from overflight.watchlist.identifiers import IdentifierKind

# Longest labels first: "Previous Aircraft Tail Number" must win over "Aircraft Tail Number".
_IDENTIFIER_LABELS: tuple[tuple[str, IdentifierKind, str], ...] = (
    (
        "Aircraft Construction Number (also called L/N or S/N or F/N)",
        IdentifierKind.MSN,
        "construction number",
    ),
    ("Aircraft Manufacturer's Serial Number (MSN)", IdentifierKind.MSN, ""),
    ("Aircraft Serial Identification", IdentifierKind.MSN, "serial identification"),
    ("Previous Aircraft Tail Number", IdentifierKind.REGISTRATION, "previous"),
    ("Aircraft Tail Number", IdentifierKind.REGISTRATION, ""),
    ("Aircraft Mode S Transponder Code", IdentifierKind.ICAO24, ""),
    ("Vessel Registration Identification IMO", IdentifierKind.IMO, ""),
)
_ALIAS = re.compile(r"^(a\.k\.a\.|f\.k\.a\.|n\.k\.a\.)\s+'(.+)'$", re.IGNORECASE)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")
_PERSON = re.compile(r"^(?:alt\.\s+)?(DOB|nationality|citizen)\s+(.+)$")


@dataclass(frozen=True, slots=True)
class RemarkFacts:
    """What one remarks text says, parsed."""

    identifiers: tuple[Identifier, ...] = ()
    names: tuple[EntityName, ...] = ()
    links: tuple[OperatorLink, ...] = ()
    aircraft: AircraftDetails | None = None
    registration_country: str = ""
    """The country named by ``Nationality of Registration`` (as printed)."""
    birth_dates: tuple[str, ...] = ()
    """``DOB`` / ``alt. DOB`` segments, in ISO form (see ``birth_dates``)."""
    nationalities: tuple[str, ...] = ()
    """``nationality`` / ``citizen`` segments (and their ``alt.`` forms), as printed."""


def _segments(remarks: str) -> list[str]:
    return [part.strip().rstrip(".").strip() for part in remarks.split(";") if part.strip()]


def parse_remarks(remarks: str) -> RemarkFacts:
    """The identifiers, weak aliases, links and aircraft details in one SDN remarks text.

    Unknown segments are ignored (they stay in the entity's ``remarks``).
    """
    identifiers: list[Identifier] = []
    names: list[EntityName] = []
    links: list[OperatorLink] = []
    model = build_date = ""
    build_year: int | None = None
    registration_country = ""
    births: list[str] = []
    nationalities: list[str] = []
    for segment in _segments(remarks):
        alias = _ALIAS.match(segment)
        if alias is not None:
            kind = NameKind.FKA if alias.group(1).lower() == "f.k.a." else NameKind.LOW_QUALITY
            names.append(EntityName(alias.group(2).strip(), kind))
            continue
        for label, ident_kind, note in _IDENTIFIER_LABELS:
            if segment.startswith(label + " "):
                identifiers.append(Identifier(ident_kind, segment[len(label) :].strip(), note))
                break
        else:
            if segment.startswith("Aircraft Model "):
                model = segment.removeprefix("Aircraft Model ").strip()
            elif segment.startswith("Aircraft Manufacture Date "):
                build_date = segment.removeprefix("Aircraft Manufacture Date ").strip()
                year = _YEAR.search(build_date)
                build_year = int(year.group(1)) if year else None
            elif segment.startswith("Aircraft Operator "):
                links.append(OperatorLink(segment.removeprefix("Aircraft Operator ").strip()))
            elif segment.startswith("Nationality of Registration "):
                registration_country = segment.removeprefix("Nationality of Registration ").strip()
            elif segment.startswith("Linked To: "):
                links.append(OperatorLink(segment.removeprefix("Linked To: ").strip(), "linked"))
            elif person := _PERSON.match(segment):
                if person.group(1) == "DOB":
                    if iso := birth_date(person.group(2)):
                        births.append(iso)
                else:
                    nationalities.append(person.group(2).strip())
    aircraft = (
        AircraftDetails(model=model, build_year=build_year, build_date=build_date)
        if model or build_date
        else None
    )
    return RemarkFacts(
        tuple(identifiers),
        tuple(names),
        tuple(links),
        aircraft,
        registration_country,
        tuple(dict.fromkeys(births)),
        tuple(dict.fromkeys(nationalities)),
    )


__all__ = ["RemarkFacts", "parse_remarks"]
