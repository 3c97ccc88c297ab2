"""Sanctions lists read into one entity model, and the matcher that searches them."""

from overflight.watchlist.entity import (
    Address,
    AircraftDetails,
    Entity,
    EntityName,
    Identifier,
    LoadResult,
    NameKind,
    OperatorLink,
    Schema,
    SourceList,
)
from overflight.watchlist.eu_fsf import load_eu_fsf_xml
from overflight.watchlist.formats import (
    ListFormat,
    LoadedFile,
    all_entities,
    detect_format,
    load_lists,
    readable_entities,
)
from overflight.watchlist.identifiers import IdentifierKind, normalise_identifier, parse_icao24
from overflight.watchlist.index import WatchlistIndex
from overflight.watchlist.matches import Feature, Match, MatchBasis
from overflight.watchlist.names import NameForm, analyse_name
from overflight.watchlist.ofac_advanced import load_ofac_advanced_xml
from overflight.watchlist.ofac_csv import load_ofac_csv
from overflight.watchlist.ofac_xml import load_ofac_xml
from overflight.watchlist.opensanctions_csv import load_opensanctions_csv
from overflight.watchlist.opensanctions_json import load_opensanctions_json
from overflight.watchlist.qualifiers import PersonFacts, person_facts
from overflight.watchlist.uk_sanctions import load_uk_sanctions_xml
from overflight.watchlist.un_xml import load_un_xml

__all__ = [
    "Address",
    "AircraftDetails",
    "Entity",
    "EntityName",
    "Feature",
    "Identifier",
    "IdentifierKind",
    "ListFormat",
    "LoadResult",
    "LoadedFile",
    "Match",
    "MatchBasis",
    "NameForm",
    "NameKind",
    "OperatorLink",
    "PersonFacts",
    "Schema",
    "SourceList",
    "WatchlistIndex",
    "all_entities",
    "analyse_name",
    "detect_format",
    "load_eu_fsf_xml",
    "load_lists",
    "load_ofac_advanced_xml",
    "load_ofac_csv",
    "load_ofac_xml",
    "load_opensanctions_csv",
    "load_opensanctions_json",
    "load_uk_sanctions_xml",
    "load_un_xml",
    "normalise_identifier",
    "parse_icao24",
    "person_facts",
    "readable_entities",
]
