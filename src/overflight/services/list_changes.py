"""What changed between two stored list versions (``overflight lists diff``)."""

from __future__ import annotations

from overflight.errors import InputError
from overflight.services.lists import ListVersion, stored_version_entities
from overflight.store import Session, list_version_ids
from overflight.watchlist import ListChanges, diff_entities

__all__ = ["diff_versions", "versions_to_compare"]


def versions_to_compare(
    session: Session, older: int | None = None, newer: int | None = None
) -> tuple[int, int]:
    """The two version ids to compare: by default the newest and the one before it.

    ``older`` alone is compared with the newest version.

    Raises:
        InputError: fewer than two versions are stored, or a version named is not stored.
    """
    ids = list_version_ids(session)
    for given, what in ((older, "V1"), (newer, "V2")):
        if given is not None and given not in ids:
            stored = f"{ids[0]}–{ids[-1]}" if ids else "none"
            raise InputError(what, f"no list version {given} in the store (stored: {stored})")
    if older is None:
        if len(ids) < 2:
            raise InputError("V1", f"{len(ids)} list version stored: a diff needs two")
        return ids[-2], ids[-1]
    return older, newer if newer is not None else ids[-1]


def diff_versions(
    session: Session, older: int | None = None, newer: int | None = None
) -> tuple[ListVersion, ListVersion, ListChanges]:
    """The two versions compared and the entities added, removed and changed between them.

    Raises:
        InputError: as ``versions_to_compare``.
        ParseError, InputError: a stored file no longer reads (a reader changed since).
    """
    first, second = versions_to_compare(session, older, newer)
    before, old_entities = stored_version_entities(session, first)
    after, new_entities = stored_version_entities(session, second)
    return before, after, diff_entities(old_entities, new_entities)
