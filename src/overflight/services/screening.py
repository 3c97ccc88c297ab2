"""Screening use cases: read flight plans and permit requests, load the reference data, screen."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from overflight.ats import link_messages, parse_messages
from overflight.errors import InputError
from overflight.geo import load_airspace
from overflight.geo.navdata import load_navdata
from overflight.model.flight import FlightIntent
from overflight.permits import read_permit
from overflight.screening import (
    History,
    Reference,
    ScreeningContext,
    Verdict,
    context_for_permit,
    flight_transits,
    load_policy,
    screen,
)
from overflight.watchlist import WatchlistIndex, all_entities, load_lists

PERMIT_SUFFIXES = frozenset({".yaml", ".yml", ".json"})


@dataclass(frozen=True, slots=True)
class ScreeningItem:
    """One flight to screen: its intent and the context that is not reference data."""

    intent: FlightIntent
    context: ScreeningContext


def is_permit(path: Path, text: str) -> bool:
    """A permit request by suffix (``.yaml``, ``.yml``, ``.json``) or by content."""
    if path.suffix.lower() in PERMIT_SUFFIXES:
        return True
    return text.lstrip().startswith("{") or "permit_type:" in text[:4000]


def load_reference(lists: list[Path], policy: Path | None) -> Reference:
    """The policy (the packaged one by default) and, when list files are given, their index.

    Raises:
        InputError: list files were given but no entity could be read from them.
        PolicyError: the policy file is not valid (with its field and line).
    """
    loaded_policy = load_policy(policy)
    if not lists:
        return Reference(loaded_policy)
    loaded = load_lists(lists)
    entities = all_entities(loaded)
    if not entities:
        raise InputError("--lists", "no entity could be read from the list files given")
    names = ", ".join(p.name for item in loaded for p in item.paths[:1])
    label = f"{len(entities):,} entities from {names}"
    return Reference(loaded_policy, WatchlistIndex.build(entities), label)


def read_items(paths: list[Path], reference: Reference) -> tuple[list[ScreeningItem], list[str]]:
    """Every file's flights to screen, and its problems as one line each (file:line: field: ...).

    A file is a permit request by suffix or content (``is_permit``); anything else is read as
    ATS messages, linked into flights.
    """
    items: list[ScreeningItem] = []
    problems: list[str] = []
    for path in paths:
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as err:
            problems.append(f"{path}: cannot read: {err}")
            continue
        if is_permit(path, text):
            request, errors = read_permit(text, str(path), json_text=text.lstrip().startswith("{"))
            problems += [str(e) for e in errors]
            if request is not None:
                items.append(ScreeningItem(request.intent, context_for_permit(request, reference)))
            continue
        messages, message_errors = parse_messages(text, str(path))
        problems += [str(e) for e in message_errors]
        linked = link_messages(messages)
        for flight in linked.flights:
            context = ScreeningContext(reference, history=History.of_flight(flight))
            items.append(ScreeningItem(flight.to_intent(), context))
        for unmatched in linked.unmatched:
            origin = unmatched.message.origin
            where = f"{origin.source}: message {origin.index}" if origin else str(path)
            problems.append(
                f"{where}: {unmatched.message.title.value} not screened: {unmatched.reason}"
            )
        if not messages and not message_errors:
            problems.append(f"{path}: no ATS message or permit request found")
    return items, problems


def screen_items(items: list[ScreeningItem]) -> list[Verdict]:
    """Transits for every flight at once (field 15 where filed), then one verdict per flight."""
    if not items:
        return []
    transits = flight_transits(
        [(i.intent, i.context.stops) for i in items], load_airspace(), load_navdata()
    )
    return [
        screen(item.intent, replace(item.context, transits=found))
        for item, found in zip(items, transits, strict=True)
    ]
