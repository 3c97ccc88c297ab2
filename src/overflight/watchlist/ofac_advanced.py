"""OFAC's advanced XML (``sdn_advanced.xml``, root ``Sanctions``), read with lxml iterparse.

The file is normalised: lookup tables (``ReferenceValueSets``: feature, alias, party and
document types, countries…), then ``Locations``, ``IDRegDocuments``, ``DistinctParties``,
``ProfileRelationships`` and ``SanctionsEntries``, each pointing at the others by ID. One pass
reads them in that order: tables, places and documents are kept; each party becomes an
entity when its element ends; programmes (``SanctionsMeasure`` of type ``Program``) and
relations, which come last, are added at the end.

A party's ``Feature`` carries what the classic files print in remarks: an aircraft's tail
number, previous tail number, Mode S code, serial number, model, build date and operator
(labels as in the remarks, read the same way), a person's ``Birthdate`` (a ``DatePeriod``) and
``Nationality Country`` / ``Citizenship Country`` (a ``Location``). Namespaces are ignored
(``…/exports/ADVANCED_XML`` today, ``http://www.un.org/sanctions/1.0`` before).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from lxml import etree

from overflight.errors import ParseError
from overflight.watchlist.birth_dates import birth_date
from overflight.watchlist.countries import country_code
from overflight.watchlist.entity import (
    Address,
    Entity,
    EntityName,
    Identifier,
    LoadResult,
    NameKind,
    OperatorLink,
    Schema,
    SourceList,
)
from overflight.watchlist.identifiers import IdentifierKind
from overflight.watchlist.linking import resolve_links
from overflight.watchlist.ofac_remarks import parse_remarks
from overflight.watchlist.xml_records import local_name, unique_records

_RECORDS = (
    "ReferenceValueSets",
    "Location",
    "IDRegDocument",
    "DistinctParty",
    "ProfileRelationship",
    "SanctionsEntry",
)
_TRANSPORT = {"Aircraft": Schema.AIRCRAFT, "Vessel": Schema.VESSEL}
_PARTY = {"Individual": Schema.PERSON, "Entity": Schema.ORGANISATION}
_ALIASES = {"Name": NameKind.AKA, "A.K.A.": NameKind.AKA, "N.K.A.": NameKind.AKA}
_ALIASES["F.K.A."] = NameKind.FKA
_SURNAMES = frozenset({"Last Name", "Maiden Name"})
_GIVEN = ("First Name", "Middle Name", "Patronymic", "Matronymic")
_NATIONALITY = frozenset(
    {"Nationality Country", "Citizenship Country", "Nationality", "Citizenship"}
)
_DOCUMENT_KINDS = {"Vessel Registration Identification": IdentifierKind.IMO}
_DATE_PARTS = ("Year", "Month", "Day")
_ADDRESS_PARTS = (
    "Unknown",
    "ADDRESS1",
    "ADDRESS2",
    "ADDRESS3",
    "CITY",
    "STATE/PROVINCE",
    "POSTAL CODE",
    "REGION",
)


def _children(element: etree._Element, name: str) -> Iterator[etree._Element]:
    """The children named ``name`` in any namespace or none (filtered by lxml, in C)."""
    children: Iterator[etree._Element] = element.iterchildren(f"{{*}}{name}")
    return children


def _child(element: etree._Element, name: str) -> etree._Element | None:
    return next(_children(element, name), None)


def _text(element: etree._Element | None) -> str:
    return " ".join(element.text.split()) if element is not None and element.text else ""


@dataclass(slots=True)
class _Reader:
    """What the file has said so far, and the entities read from it."""

    source: str
    values: dict[tuple[str, str], str] = field(default_factory=dict)
    """(table, ID) → label: ``("FeatureType", "64")`` → ``Aircraft Tail Number``."""
    party_types: dict[str, str] = field(default_factory=dict)
    """PartySubType ID → PartyType ID."""
    iso: dict[str, str] = field(default_factory=dict)
    """Country ID → ISO alpha-2."""
    places: dict[str, Address] = field(default_factory=dict)
    documents: dict[str, list[Identifier]] = field(default_factory=dict)
    """IdentityID → the identifiers of its documents."""
    programmes: dict[str, list[str]] = field(default_factory=dict)
    relations: list[tuple[str, str]] = field(default_factory=list)

    def fail(self, message: str, element: etree._Element, name: str) -> ParseError:
        """A problem at ``element``, in its attribute or child ``name``."""
        return ParseError(message, source=self.source, line=element.sourceline, field=name)

    def label(self, table: str, element: etree._Element, attribute: str) -> str:
        """The label ``element``'s ``attribute`` points at in ``table``; a ParseError if none."""
        key = element.get(attribute, "")
        found = self.values.get((table, key))
        if found is None:
            raise self.fail(f"{attribute} {key!r} is not in the {table} values", element, attribute)
        return found

    def read(self, element: etree._Element, source: str) -> tuple[str, Entity] | None:
        """One record of any kind; a party gives its profile ID and entity, others fill tables."""
        kind = local_name(element.tag)
        if kind == "ReferenceValueSets":
            self._tables(element)
        elif kind == "Location":
            self.places[element.get("ID", "")] = self._place(element)
        elif kind == "IDRegDocument":
            self._document(element)
        elif kind == "DistinctParty":
            return self._party(element)
        elif kind == "ProfileRelationship":
            self.relations.append(
                (element.get("From-ProfileID", ""), element.get("To-ProfileID", ""))
            )
        elif kind == "SanctionsEntry":
            self._entry(element)
        return None

    def _tables(self, element: etree._Element) -> None:
        for table in element:
            for value in table:
                name, key = local_name(value.tag), value.get("ID")
                if not name or key is None:
                    continue
                self.values[(name, key)] = _text(value)
                if name == "PartySubType":
                    self.party_types[key] = value.get("PartyTypeID", "")
                elif name == "Country":
                    self.iso[key] = (value.get("ISO2") or country_code(_text(value))).upper()

    def _country(self, element: etree._Element) -> str:
        key = element.get("CountryID", "")
        if key not in self.iso:
            raise self.fail(f"CountryID {key!r} is not in the Country values", element, "CountryID")
        return self.iso[key]

    def _place(self, element: etree._Element) -> Address:
        parts: dict[str, str] = {}
        for part in _children(element, "LocationPart"):
            kind = self.label("LocPartType", part, "LocPartTypeID")
            values = list(_children(part, "LocationPartValue"))
            primary = [v for v in values if v.get("Primary") == "true"] or values
            if primary:
                parts[kind] = _text(_child(primary[0], "Value"))
        country = ""
        for where in _children(element, "LocationCountry"):
            country = country or self._country(where)
            name = self.values.get(("Country", where.get("CountryID", "")), "")
            parts.setdefault("COUNTRY", name)
        full = ", ".join(
            p for p in (*(parts.get(k) for k in _ADDRESS_PARTS), parts.get("COUNTRY")) if p
        )
        return Address(full=full, city=parts.get("CITY", ""), country=country)

    def _document(self, element: etree._Element) -> None:
        kind = self.label("IDRegDocType", element, "IDRegDocTypeID")
        number = _text(_child(element, "IDRegistrationNo"))
        if number:
            typed = _DOCUMENT_KINDS.get(kind, IdentifierKind.OTHER)
            note = kind if typed is IdentifierKind.OTHER else ""
            self.documents.setdefault(element.get("IdentityID", ""), []).append(
                Identifier(typed, number, note)
            )

    def _entry(self, element: etree._Element) -> None:
        profile = element.get("ProfileID", "")
        for measure in _children(element, "SanctionsMeasure"):
            kind = self.label("SanctionsType", measure, "SanctionsTypeID")
            if kind == "Program" and (programme := _text(_child(measure, "Comment"))):
                self.programmes.setdefault(profile, []).append(programme)

    def _schema(self, profile: etree._Element) -> Schema:
        sub_type = self.label("PartySubType", profile, "PartySubTypeID")
        if sub_type in _TRANSPORT:
            return _TRANSPORT[sub_type]
        party = self.values.get(
            ("PartyType", self.party_types.get(profile.get("PartySubTypeID", ""), ""))
        )
        if party in _PARTY:
            return _PARTY[party]
        # Files that leave PartyTypeValues out: sub-type IDs 3 and 4 are entity and individual.
        by_id = {"3": Schema.ORGANISATION, "4": Schema.PERSON}.get(
            profile.get("PartySubTypeID", "")
        )
        if by_id is None:
            raise self.fail(
                f"party sub-type {sub_type!r} is none overflight reads", profile, "PartySubTypeID"
            )
        return by_id

    def _party(self, element: etree._Element) -> tuple[str, Entity]:
        ref = element.get("FixedRef", "")
        if not ref.isdigit():
            raise self.fail(f"{ref!r} is not a party FixedRef", element, "FixedRef")
        profile = _child(element, "Profile")
        if profile is None:
            raise self.fail(f"party {ref} has no Profile", element, "Profile")
        schema = self._schema(profile)
        names: list[EntityName] = []
        identifiers: list[Identifier] = []
        for identity in _children(profile, "Identity"):
            names += self._names(identity, schema)
            identifiers += self.documents.get(identity.get("ID", ""), [])
        if not any(name.kind is NameKind.PRIMARY for name in names):
            raise self.fail(f"party {ref} has no primary name", profile, "Alias")
        facts = _Facts()
        for feature in _children(profile, "Feature"):
            self._feature(feature, facts)
        remarks = "; ".join(facts.segments)
        parsed = parse_remarks(remarks)
        identifiers = [*parsed.identifiers, *facts.identifiers, *identifiers]
        if schema is Schema.AIRCRAFT and not any(
            i.kind is IdentifierKind.REGISTRATION for i in identifiers
        ):
            caption = names[0].text
            kind = (
                IdentifierKind.MSN
                if caption.upper().startswith("MSN ")
                else IdentifierKind.REGISTRATION
            )
            identifiers.insert(0, Identifier(kind, caption.removeprefix("MSN ").strip()))
        if code := country_code(parsed.registration_country):
            facts.countries.insert(0, code)
        person = schema is Schema.PERSON
        entity = Entity(
            id=f"ofac-{ref}",
            schema=schema,
            names=tuple(dict.fromkeys(names)),
            source=SourceList.OFAC_SDN,
            source_ref=ref,
            identifiers=tuple(dict.fromkeys(identifiers)),
            countries=tuple(dict.fromkeys(c for c in facts.countries if c)),
            addresses=tuple(facts.addresses),
            aircraft=parsed.aircraft,
            links=(*parsed.links, *facts.links),
            remarks=remarks,
            birth_dates=tuple(dict.fromkeys(facts.births)) if person else (),
            nationalities=tuple(dict.fromkeys(facts.nationalities)) if person else (),
        )
        return profile.get("ID", ref), entity

    def _names(self, identity: etree._Element, schema: Schema) -> list[EntityName]:
        groups = {
            group.get("ID", ""): self.values.get(
                ("NamePartType", group.get("NamePartTypeID", "")), ""
            )
            for group in identity.iter("{*}NamePartGroup")
        }
        names = []
        for alias in _children(identity, "Alias"):
            alias_type = self.label("AliasType", alias, "AliasTypeID")
            kind = _ALIASES.get(alias_type, NameKind.AKA)
            if alias.get("Primary") == "true":
                kind = NameKind.PRIMARY
            elif alias.get("LowQuality") == "true":
                kind = NameKind.LOW_QUALITY
            for documented in _children(alias, "DocumentedName"):
                parts = [
                    (groups.get(value.get("NamePartGroupID", ""), ""), _text(value))
                    for part in _children(documented, "DocumentedNamePart")
                    for value in _children(part, "NamePartValue")
                ]
                if text := _joined(parts, schema):
                    names.append(EntityName(text, kind))
        return names

    def _period(self, period: etree._Element) -> str:
        """A ``DatePeriod`` in ISO form: what all its bounds share, else the span of years."""
        dates = []
        for end in period.iterchildren("{*}Start", "{*}End"):
            for bound in end.iterchildren("{*}From", "{*}To"):
                parts = ["", "", ""]
                for part in bound.iterchildren("{*}Year", "{*}Month", "{*}Day"):
                    parts[_DATE_PARTS.index(local_name(part.tag))] = _text(part)
                if not parts[0]:
                    continue
                text = "-".join(part.zfill(2) for part in parts if part)
                iso = birth_date(text)
                if not iso:
                    raise self.fail(f"{text!r} is not a date", bound, "DatePeriod")
                dates.append(iso)
        if not dates:
            return ""
        for width in (10, 7, 4):
            if all(len(d) >= width for d in dates) and len({d[:width] for d in dates}) == 1:
                return dates[0][:width]
        years = sorted(int(d[:4]) for d in dates)
        return f"{years[0]}/{years[-1]}"

    def _feature(self, feature: etree._Element, facts: _Facts) -> None:
        label = self.label("FeatureType", feature, "FeatureTypeID")
        for version in _children(feature, "FeatureVersion"):
            place = None
            for where in _children(version, "VersionLocation"):
                key = where.get("LocationID", "")
                if key not in self.places:
                    raise self.fail(
                        f"LocationID {key!r} is not among the Locations", where, "LocationID"
                    )
                place = self.places[key]
            period = _child(version, "DatePeriod")
            when = self._period(period) if period is not None else ""
            detail = _child(version, "VersionDetail")
            text = _text(detail)
            if detail is not None and detail.get("DetailReferenceID"):
                text = self.label("DetailReference", detail, "DetailReferenceID")
            if label == "Birthdate":
                facts.births.append(when or birth_date(text))
            elif label in _NATIONALITY:
                code = place.country if place is not None else country_code(text)
                facts.nationalities.append(code)
                facts.countries.append(code)
            elif label == "Location" and place is not None:
                facts.addresses.append(place)
                facts.countries.append(place.country)
            elif label in ("Vessel Call Sign", "Call Sign") and text:
                facts.identifiers.append(Identifier(IdentifierKind.CALL_SIGN, text))
            elif label == "Vessel Flag":
                facts.countries.append(country_code(text))
            elif label == "Vessel Owner" and text:
                facts.links.append(OperatorLink(text, "owner"))
            elif value := text or when or (place.country if place is not None else ""):
                facts.segments.append(f"{label} {value}")


@dataclass(slots=True)
class _Facts:
    """What a party's features say, gathered before its entity is made."""

    segments: list[str] = field(default_factory=list)
    """``Label value`` texts, as the classic files print them in remarks."""
    births: list[str] = field(default_factory=list)
    nationalities: list[str] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    addresses: list[Address] = field(default_factory=list)
    identifiers: list[Identifier] = field(default_factory=list)
    links: list[OperatorLink] = field(default_factory=list)


def _joined(parts: list[tuple[str, str]], schema: Schema) -> str:
    """A person's name as ``LAST, First Middle`` (as classic files print it); others' in order."""
    texts = [text for _, text in parts if text]
    if schema is not Schema.PERSON:
        return " ".join(texts)
    last = " ".join(text for kind, text in parts if kind in _SURNAMES and text)
    given = " ".join(text for kind, text in parts if kind in _GIVEN and text)
    if not last or not given:
        return " ".join(texts)
    others = [text for kind, text in parts if kind not in _SURNAMES and kind not in _GIVEN and text]
    return " ".join((f"{last}, {given}", *others))


def load_ofac_advanced_xml(path: Path) -> LoadResult:
    """Read an advanced SDN XML file; unreadable parties are reported with their line and skipped.

    A reference to a value the file does not declare (a ``FeatureTypeID``, ``LocationID``…)
    makes its party (or document, or place) a problem, located at the referring element.
    """
    reader = _Reader(path.name)
    problems: list[ParseError] = []
    profiles = dict(
        unique_records(path, _RECORDS, reader.read, problems, "ID", lambda p: f"profile {p[0]}")
    )
    links: dict[str, list[OperatorLink]] = {}
    for start, end in reader.relations:
        if start in profiles and end in profiles:
            other = profiles[end]
            links.setdefault(start, []).append(OperatorLink(other.caption, "linked", other.id))
    entities = [
        replace(
            entity,
            programmes=tuple(dict.fromkeys(reader.programmes.get(key, ()))),
            links=entity.links + tuple(links.get(key, ())),
        )
        for key, entity in profiles.items()
    ]
    return resolve_links(entities), tuple(problems)


__all__ = ["load_ofac_advanced_xml"]
