"""Operator and link names resolved to entity ids within one load."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from overflight.watchlist.entity import Entity, OperatorLink, Schema
from overflight.watchlist.names import analyse_name


def resolve_links(entities: Iterable[Entity]) -> tuple[Entity, ...]:
    """Entities whose links name another organisation or person of the same load get its id.

    A link resolves only when exactly one entity carries that name (in comparable form, legal
    forms ignored): ``Air Koryo`` → ``AIR KORYO`` (ofac-20520). Ambiguous names stay unresolved.
    """
    items = tuple(entities)
    owners: dict[str, set[str]] = {}
    for entity in items:
        if entity.schema in (Schema.AIRCRAFT, Schema.VESSEL):
            continue
        for name in entity.names:
            owners.setdefault(analyse_name(name.text).text, set()).add(entity.id)
    resolved: list[Entity] = []
    for entity in items:
        if not entity.links or all(link.entity_id for link in entity.links):
            resolved.append(entity)
            continue
        links: list[OperatorLink] = []
        for link in entity.links:
            ids = owners.get(analyse_name(link.name).text, set())
            if not link.entity_id and len(ids) == 1:
                link = replace(link, entity_id=next(iter(ids)))
            links.append(link)
        resolved.append(replace(entity, links=tuple(links)))
    return tuple(resolved)


__all__ = ["resolve_links"]
