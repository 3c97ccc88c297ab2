"""The one entity model every list is read into: names, identifiers, places and provenance."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from overflight.errors import ParseError
from overflight.watchlist.identifiers import IdentifierKind, normalise_identifier


class Schema(Enum):
    """What kind of thing a list entry is."""

    ORGANISATION = "organisation"
    PERSON = "person"
    AIRCRAFT = "aircraft"
    VESSEL = "vessel"
    OTHER = "other"


class NameKind(Enum):
    """How a list gives a name: the main one, an alias, a former name or a weak alias."""

    PRIMARY = "primary"
    AKA = "aka"
    FKA = "fka"
    LOW_QUALITY = "low-quality"


class SourceList(Enum):
    """The list an entity was read from."""

    OFAC_SDN = "ofac-sdn"
    UN_SC = "un-sc"
    OPENSANCTIONS = "opensanctions"
    EU_FSF = "eu-fsf"
    UK_SANCTIONS = "uk-sanctions"


@dataclass(frozen=True, slots=True)
class EntityName:
    """One spelling of an entity's name, as the list gives it."""

    text: str
    kind: NameKind = NameKind.PRIMARY


@dataclass(frozen=True, slots=True)
class Identifier:
    """A typed identifier; ``key`` is its normal form, the form identifiers are compared in.

    ``note`` says more where the list does (``previous`` for a former tail number, or the
    list's own label for an ``OTHER`` identifier such as ``Passport``).
    """

    kind: IdentifierKind
    value: str
    note: str = ""

    @property
    def key(self) -> str:
        """The normal form (``P-912`` → ``P912``; ICAO 24-bit ``0x140ae7`` → ``140AE7``)."""
        return normalise_identifier(self.kind, self.value)


@dataclass(frozen=True, slots=True)
class Address:
    """A postal address as the list gives it; ``country`` is ISO 3166-1 alpha-2 or ``""``."""

    full: str
    city: str = ""
    country: str = ""


@dataclass(frozen=True, slots=True)
class AircraftDetails:
    """What a list says about an airframe beyond its identifiers."""

    model: str = ""
    build_year: int | None = None
    build_date: str = ""
    """The manufacture date as printed (``Sep 1984``, ``1990``)."""


@dataclass(frozen=True, slots=True)
class OperatorLink:
    """The operator (or owner, or linked party) an entity is tied to.

    ``entity_id`` is the id of that party in the same load when it could be resolved by name,
    else ``""``.
    """

    name: str
    role: str = "operator"
    entity_id: str = ""


@dataclass(frozen=True, slots=True)
class Entity:
    """One list entry, whatever list it came from.

    ``id`` is unique across lists (``ofac-20520``, ``un-KPe.001``, ``os-NK-...``);
    ``source_ref`` is the list's own reference (OFAC ent_num, UN reference number, FtM id,
    EU reference number). ``birth_dates`` are a person's dates of birth as the list gives them,
    in ISO form to the precision it gives (``1944``, ``1944-10``, ``1944-10-13``, or a span of
    years ``1960/1962``); ``nationalities`` are ISO alpha-2 codes of a person's
    nationality or citizenship.
    """

    id: str
    schema: Schema
    names: tuple[EntityName, ...]
    source: SourceList
    source_ref: str
    identifiers: tuple[Identifier, ...] = ()
    countries: tuple[str, ...] = ()
    addresses: tuple[Address, ...] = ()
    programmes: tuple[str, ...] = ()
    aircraft: AircraftDetails | None = None
    links: tuple[OperatorLink, ...] = ()
    remarks: str = ""
    birth_dates: tuple[str, ...] = ()
    nationalities: tuple[str, ...] = ()

    @property
    def caption(self) -> str:
        """The primary name, or the first name given, or the id."""
        for name in self.names:
            if name.kind is NameKind.PRIMARY:
                return name.text
        return self.names[0].text if self.names else self.id

    @property
    def operator(self) -> OperatorLink | None:
        """The aircraft or vessel operator, if the list names one."""
        for link in self.links:
            if link.role == "operator":
                return link
        return None

    def identifiers_of(self, kind: IdentifierKind) -> tuple[Identifier, ...]:
        """The identifiers of one kind, in list order."""
        return tuple(ident for ident in self.identifiers if ident.kind is kind)


LoadResult = tuple[tuple[Entity, ...], tuple[ParseError, ...]]
"""What every loader returns: the entities it read, and every record it could not read."""


__all__ = [
    "Address",
    "AircraftDetails",
    "Entity",
    "EntityName",
    "Identifier",
    "IdentifierKind",
    "LoadResult",
    "NameKind",
    "OperatorLink",
    "Schema",
    "SourceList",
]
