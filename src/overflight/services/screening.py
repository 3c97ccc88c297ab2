"""Screening use cases: read flight plans and permit requests, load the reference data, screen."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from overflight.ats import AtsMessage, Flight, UnmatchedMessage, link_messages, parse_messages
from overflight.errors import OverflightError, Param
from overflight.geo import load_airspace, load_navdata
from overflight.model import FlightIntent
from overflight.permits import form_of, is_permit_text, read_form, read_permit_batch
from overflight.screening import (
    History,
    ReferenceData,
    ScreeningContext,
    ScreeningVerdict,
    context_for_permit,
    flight_route,
    flight_transits,
    load_policy,
    screen,
)
from overflight.textfile import read_text_file
from overflight.watchlist import WatchlistIndex, load_lists, readable_entities

PERMIT_SUFFIXES = frozenset({".yaml", ".yml", ".json", ".csv"})


@dataclass(frozen=True, slots=True)
class ScreeningItem:
    """One flight to screen: its intent and the context that is not reference data.

    A permit request keeps the text it came as, its form and line, so it can be stored whole.
    """

    intent: FlightIntent
    context: ScreeningContext
    text: str = ""
    form: str = ""
    line: int = 1


def is_permit(path: Path, text: str) -> bool:
    """Whether a file holds permit requests, by suffix or by content.

    Suffixes ``.yaml``, ``.yml``, ``.json`` and ``.csv`` (a batch); content: JSON, the YAML
    schema, or AFTN free text with ``CALLSIGN:`` and ``AIRCRAFT:`` items.
    """
    return is_permit_text(text, str(path))


def item_of_flight(flight: Flight, reference: ReferenceData) -> ScreeningItem:
    """A linked flight to screen: its current intent, with its history as context."""
    return ScreeningItem(
        flight.to_intent(), ScreeningContext(reference, history=History.of_flight(flight))
    )


def unmatched_problem(unmatched: UnmatchedMessage, source: str) -> str:
    """One line for a message that linked to no flight: where it is, and why."""
    origin = unmatched.message.origin
    where = f"{origin.source}: message {origin.index}" if origin else source
    return f"{where}: {unmatched.message.title.value} not screened: {unmatched.reason}"


def load_reference(lists: list[Path], policy: Path | None) -> ReferenceData:
    """The policy (the packaged one by default) and, when list files are given, their index.

    Raises:
        InputError: list files were given but no entity could be read from them.
        PolicyError: the policy file is not valid (with its field and line).
    """
    loaded_policy = load_policy(policy)
    if not lists:
        return ReferenceData(loaded_policy)
    loaded = load_lists(lists)
    entities = readable_entities(loaded, Param("lists"))
    names = ", ".join(p.name for item in loaded for p in item.paths[:1])
    label = f"{len(entities):,} entities from {names}"
    return ReferenceData(loaded_policy, WatchlistIndex.build(entities), label)


def read_text(
    text: str, source: str, reference: ReferenceData, *, strict: bool = False
) -> tuple[list[ScreeningItem], list[str], tuple[AtsMessage, ...]]:
    """The flights to screen in one text, its problems (one line each), and its ATS messages.

    The text is a permit request by its source's suffix or its content (``is_permit``), else
    ATS messages linked into flights. ``strict`` raises the first error instead of listing it.

    Raises:
        ParseError: with ``strict``, the first message or permit field that does not read.
    """
    if is_permit(Path(source), text):
        return _read_permits(text, source, reference, strict=strict)
    messages, message_errors = parse_messages(text, source)
    if strict and message_errors:
        raise message_errors[0]
    problems = [str(e) for e in message_errors]
    linked = link_messages(messages)
    items = [item_of_flight(flight, reference) for flight in linked.flights]
    problems += [unmatched_problem(unmatched, source) for unmatched in linked.unmatched]
    if not messages and not message_errors:
        problems.append(f"{source}: no ATS message or permit request found")
    return items, problems, messages


def _read_permits(
    text: str, source: str, reference: ReferenceData, *, strict: bool
) -> tuple[list[ScreeningItem], list[str], tuple[AtsMessage, ...]]:
    """The requests of a permit file: one (YAML, JSON, AFTN) or a CSV batch's rows."""
    form = form_of(text, source)
    if form == "csv":
        rows = read_permit_batch(text, source)
        found = [(row.request, row.problems, row.text, row.line) for row in rows]
    else:
        request, errors = read_form(text, source, form)
        found = [(request, errors, text, 1)]
    items, problems = [], []
    for request, errors, request_text, line in found:
        if strict and errors:
            raise errors[0]
        problems += [str(e) for e in errors]
        if request is not None:
            context = context_for_permit(request, reference)
            items.append(ScreeningItem(request.intent, context, request_text, form, line))
    return items, problems, ()


def read_items(
    paths: list[Path], reference: ReferenceData
) -> tuple[list[ScreeningItem], list[str]]:
    """Every file's flights to screen, and its problems as one line each (file:line: field: ...)."""
    items: list[ScreeningItem] = []
    problems: list[str] = []
    for path in paths:
        try:
            text = read_text_file(path)
        except OverflightError as err:
            problems.append(str(err))
            continue
        found, found_problems, _ = read_text(text, str(path), reference)
        items += found
        problems += found_problems
    return items, problems


def screen_items(items: list[ScreeningItem]) -> list[ScreeningVerdict]:
    """Transits for every flight at once (field 15 where filed), then one verdict per flight."""
    if not items:
        return []
    navdata = load_navdata()
    transits = flight_transits(
        [(i.intent, i.context.stops) for i in items], load_airspace(), navdata
    )
    verdicts = []
    for item, found in zip(items, transits, strict=True):
        context = replace(item.context, transits=found)
        if context.request is not None:  # its declared points are held against the route
            context = replace(context, route=flight_route(item.intent, context.stops, navdata))
        verdicts.append(screen(item.intent, context))
    return verdicts
