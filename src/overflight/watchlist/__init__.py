"""Sanctions lists read into one entity model, and the matcher that searches them."""

from overflight.watchlist.airlines import Airline, AirlineTable, Resolved, load_airlines
from overflight.watchlist.blocking import NameBlocker
from overflight.watchlist.changes import ChangeKind, EntityChange, ListChanges, diff_entities
from overflight.watchlist.entity import Entity, NameKind, Schema, SourceList
from overflight.watchlist.formats import LoadedFile, all_entities, load_lists, readable_entities
from overflight.watchlist.https_fetch import (
    DEFAULT_SOURCES,
    OFFICIAL_SOURCES,
    ListSource,
    download_list,
    source_for,
)
from overflight.watchlist.identifiers import IdentifierKind, normalise_identifier
from overflight.watchlist.index import WatchlistIndex
from overflight.watchlist.matches import Match
from overflight.watchlist.names import NameForm, analyse_name
from overflight.watchlist.qualifiers import PersonFacts, person_facts
from overflight.watchlist.scoring import score_names

__all__ = [
    "DEFAULT_SOURCES",
    "OFFICIAL_SOURCES",
    "Airline",
    "AirlineTable",
    "ChangeKind",
    "Entity",
    "EntityChange",
    "IdentifierKind",
    "ListChanges",
    "ListSource",
    "LoadedFile",
    "Match",
    "NameBlocker",
    "NameForm",
    "NameKind",
    "PersonFacts",
    "Resolved",
    "Schema",
    "SourceList",
    "WatchlistIndex",
    "all_entities",
    "analyse_name",
    "diff_entities",
    "download_list",
    "load_airlines",
    "load_lists",
    "normalise_identifier",
    "person_facts",
    "readable_entities",
    "score_names",
    "source_for",
]
