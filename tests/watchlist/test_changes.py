"""List diffs: keyed by list and reference, told in names, identifiers and programmes."""

from __future__ import annotations

import pytest

from overflight.watchlist import Entity, IdentifierKind, NameKind, Schema
from overflight.watchlist.changes import ChangeKind, FieldChange, diff_entities
from overflight.watchlist.entity import EntityName, Identifier, SourceList


def _entity(
    ref: str,
    name: str = "AIR KORYO",
    *,
    source: SourceList = SourceList.OFAC_SDN,
    aliases: tuple[str, ...] = (),
    tails: tuple[str, ...] = (),
    programmes: tuple[str, ...] = ("DPRK3",),
    remarks: str = "",
) -> Entity:
    names = (EntityName(name), *(EntityName(a, NameKind.AKA) for a in aliases))
    identifiers = tuple(Identifier(IdentifierKind.REGISTRATION, tail) for tail in tails)
    return Entity(
        f"{source.value}-{ref}",
        Schema.ORGANISATION,
        names,
        source,
        ref,
        identifiers=identifiers,
        programmes=programmes,
        remarks=remarks,
    )


@pytest.mark.parametrize(
    ("older", "newer", "expected"),
    [
        ((_entity("1"),), (_entity("1"),), ()),
        ((_entity("1"),), (_entity("1", remarks="new remark"),), ()),  # not a screened field
        ((), (_entity("1"),), ((ChangeKind.ADDED, "1", ()),)),
        ((_entity("1"),), (), ((ChangeKind.REMOVED, "1", ()),)),
        (
            (_entity("1", aliases=("KORYO AIR",)),),
            (_entity("1", "AIR KORYO LTD", aliases=("KORYO AIR",)),),
            (
                (
                    ChangeKind.CHANGED,
                    "1",
                    (FieldChange("names", ("AIR KORYO LTD",), ("AIR KORYO",)),),
                ),
            ),
        ),
        (
            (_entity("1", tails=("P-912",)),),
            (_entity("1", tails=("P-912", "P-913"), programmes=("DPRK3", "DPRK4")),),
            (
                (
                    ChangeKind.CHANGED,
                    "1",
                    (
                        FieldChange("identifiers", ("registration P-913",), ()),
                        FieldChange("programmes", ("DPRK4",), ()),
                    ),
                ),
            ),
        ),
    ],
    ids=["same", "remarks-only", "added", "removed", "renamed", "tail-and-programme"],
)
def test_diff_cases(
    older: tuple[Entity, ...],
    newer: tuple[Entity, ...],
    expected: tuple[tuple[ChangeKind, str, tuple[FieldChange, ...]], ...],
) -> None:
    changes = diff_entities(older, newer).changes
    assert tuple((c.kind, c.source_ref, c.fields) for c in changes) == expected


def test_the_same_reference_on_two_lists_is_two_entities() -> None:
    un = _entity("1", source=SourceList.UN_SC)
    changes = diff_entities([_entity("1")], [_entity("1"), un])
    assert [(c.kind, c.source) for c in changes.changes] == [(ChangeKind.ADDED, SourceList.UN_SC)]


def test_changes_come_by_list_then_reference_and_split_by_kind() -> None:
    older = [_entity("3"), _entity("2", programmes=("IRAN",))]
    newer = [_entity("1"), _entity("2")]
    changes = diff_entities(older, newer)
    assert [(c.kind.value, c.source_ref) for c in changes.changes] == [
        ("added", "1"),
        ("changed", "2"),
        ("removed", "3"),
    ]
    assert [c.source_ref for c in changes.of(ChangeKind.REMOVED)] == ["3"]
    assert changes.of(ChangeKind.CHANGED)[0].caption == "AIR KORYO"
