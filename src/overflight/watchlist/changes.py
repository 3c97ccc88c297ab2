"""What changed between two versions of the lists: entities added, removed and changed.

Entities are matched by their list and the list's own reference (``source``, ``source_ref``),
the key a list keeps from one publication to the next. A change is told in the fields that
screening reads: names, identifiers and programmes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from overflight.watchlist.entity import Entity, SourceList

__all__ = ["ChangeKind", "EntityChange", "FieldChange", "ListChanges", "diff_entities"]

_FIELDS = ("names", "identifiers", "programmes")


class ChangeKind(Enum):
    """How an entity differs between the two versions."""

    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True, slots=True)
class FieldChange:
    """The values of one field an entity gained and lost, each sorted."""

    field: str  # names, identifiers or programmes
    added: tuple[str, ...]
    removed: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EntityChange:
    """One entity added, removed or changed; ``fields`` says what changed (empty otherwise)."""

    kind: ChangeKind
    source: SourceList
    source_ref: str
    caption: str  # the newer version's, for a removed entity the older one's
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True, slots=True)
class ListChanges:
    """Every entity that differs, by list then reference."""

    changes: tuple[EntityChange, ...]

    def of(self, kind: ChangeKind) -> tuple[EntityChange, ...]:
        """The changes of one kind, in order."""
        return tuple(change for change in self.changes if change.kind is kind)


@dataclass(frozen=True, slots=True)
class _Facts:
    caption: str
    values: dict[str, frozenset[str]]


def _facts(entities: Iterable[Entity]) -> dict[tuple[SourceList, str], _Facts]:
    """The compared fields of each entity, by key (a key given twice: its values joined)."""
    found: dict[tuple[SourceList, str], _Facts] = {}
    for entity in entities:
        values = {
            "names": frozenset(name.text for name in entity.names),
            "identifiers": frozenset(f"{i.kind.value} {i.value}" for i in entity.identifiers),
            "programmes": frozenset(entity.programmes),
        }
        key = (entity.source, entity.source_ref)
        before = found.get(key)
        if before is not None:
            values = {field: before.values[field] | values[field] for field in _FIELDS}
        found[key] = _Facts(before.caption if before else entity.caption, values)
    return found


def diff_entities(older: Iterable[Entity], newer: Iterable[Entity]) -> ListChanges:
    """The entities added, removed and changed from ``older`` to ``newer``.

    >>> from overflight.watchlist.entity import EntityName, Schema
    >>> def air_koryo(*programmes: str) -> Entity:
    ...     names = (EntityName("AIR KORYO"),)
    ...     return Entity("ofac-20520", Schema.ORGANISATION, names, SourceList.OFAC_SDN,
    ...                   "20520", programmes=programmes)
    >>> [change] = diff_entities([air_koryo("DPRK3")], [air_koryo("DPRK3", "DPRK4")]).changes
    >>> change.kind.value, change.fields[0].field, change.fields[0].added
    ('changed', 'programmes', ('DPRK4',))
    """
    before, after = _facts(older), _facts(newer)
    changes: list[EntityChange] = []
    for key in sorted(before.keys() | after.keys(), key=lambda k: (k[0].value, k[1])):
        old, new = before.get(key), after.get(key)
        if old is None and new is not None:
            changes.append(EntityChange(ChangeKind.ADDED, *key, new.caption))
        elif new is None and old is not None:
            changes.append(EntityChange(ChangeKind.REMOVED, *key, old.caption))
        elif old is not None and new is not None:
            fields = tuple(
                FieldChange(
                    field,
                    tuple(sorted(new.values[field] - old.values[field])),
                    tuple(sorted(old.values[field] - new.values[field])),
                )
                for field in _FIELDS
                if new.values[field] != old.values[field]
            )
            if fields:
                changes.append(EntityChange(ChangeKind.CHANGED, *key, new.caption, fields))
    return ListChanges(tuple(changes))
