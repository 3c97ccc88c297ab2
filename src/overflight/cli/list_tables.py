"""Rich tables of stored list versions and of what changed between two of them."""

from __future__ import annotations

from collections import Counter
from datetime import UTC

from rich.table import Table
from rich.text import Text

from overflight.services.list_rescreen import CaseMove
from overflight.services.lists import ListVersion
from overflight.watchlist import ChangeKind, EntityChange, ListChanges

__all__ = ["changes_table", "moves_table", "versions_table"]

_STYLE = {ChangeKind.ADDED: "green", ChangeKind.REMOVED: "red", ChangeKind.CHANGED: "yellow"}


def versions_table(versions: tuple[ListVersion, ...], title: str = "List versions") -> Table:
    """One row a version: id, when, who, entities, and each file's name, size and SHA-256."""
    table = Table(title=title)
    for column in ("version", "imported at", "by", "entities", "files", "bytes", "SHA-256"):
        table.add_column(column, justify="right" if column in ("entities", "bytes") else "left")
    fetched = any(item.source_url for version in versions for item in version.files)
    if fetched:
        table.add_column("fetched from")
    for version in versions:
        files = version.files
        urls = ["\n".join(item.source_url for item in files)] if fetched else []
        table.add_row(
            str(version.id),
            version.imported_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC"),
            version.imported_by,
            f"{version.entities:,}",
            "\n".join(item.name for item in files),
            "\n".join(f"{item.size_bytes:,}" for item in files),
            "\n".join(item.sha256 for item in files),
            *urls,
        )
    return table


def _what(change: EntityChange) -> str:
    parts = []
    for field in change.fields:
        gained = "".join(f"\n  + {value}" for value in field.added)
        lost = "".join(f"\n  - {value}" for value in field.removed)
        parts.append(f"{field.field}:{gained}{lost}")
    return "\n".join(parts)


def changes_table(changes: ListChanges, limit: int) -> Table:
    """The first ``limit`` changes (a caption counts them all), with what changed in each."""
    counts = Counter(change.kind for change in changes.changes)
    summary = ", ".join(f"{counts[kind]:,} {kind.value}" for kind in ChangeKind)
    more = len(changes.changes) - limit
    caption = summary + (f"; the first {limit:,} are shown" if more > 0 else "")
    table = Table(title="Entities that changed", caption=caption)
    for column in ("change", "list", "ref", "entity", "what changed"):
        table.add_column(column)
    for change in changes.changes[:limit]:
        style = _STYLE[change.kind]
        table.add_row(
            Text(change.kind.value, style=style),
            change.source.value,
            change.source_ref,
            change.caption,
            _what(change),
        )
    return table


def moves_table(moves: tuple[CaseMove, ...], version_id: int) -> Table:
    """The open cases screened again: level before → after, findings gained and lost."""
    moved = sum(move.moved for move in moves)
    table = Table(
        title=f"Open cases screened again against list version {version_id}",
        caption=f"{len(moves):,} screened, {moved:,} moved (recorded on their timelines)",
    )
    for column in ("case", "flight", "level", "findings added", "findings removed"):
        table.add_column(column)
    for move in moves:
        if move.before != move.after:
            level = f"{move.before or 'none'} → {move.after}"
        else:
            level = f"{move.after} (same)" if move.moved else "unchanged"
        table.add_row(
            str(move.case_id),
            move.flight,
            level,
            "\n".join(move.added),
            "\n".join(move.removed),
        )
    return table
