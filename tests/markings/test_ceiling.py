"""The ceiling of a reader: what they typed is marked so that only readers who may read all
they may read can read the record of it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overflight.markings import (
    ClassificationLevel,
    Control,
    Marking,
    MarkingError,
    Reader,
    canonical_rel_to,
    ceiling,
    may_read,
)

NATIONS = ("USA", "TUR", "KAZ", "GBR")
readers = st.builds(
    Reader,
    st.sampled_from(ClassificationLevel),
    st.sampled_from(NATIONS),
    st.sampled_from((frozenset(), frozenset({"NATO"}), frozenset({"TURMFA"}), frozenset({"GBR"}))),
)


@st.composite
def markings(draw: st.DrawFn) -> Marking:
    level = draw(st.sampled_from(ClassificationLevel))
    release = draw(st.sampled_from(("none", "noforn", "rel")))
    controls = {Control.NOFORN} if release == "noforn" else set()
    if level is ClassificationLevel.U and release == "none":
        controls |= draw(st.sampled_from(({Control.FOUO}, set())))
    rel_to = None
    if release == "rel":
        rel_to = canonical_rel_to(draw(st.sets(st.sampled_from((*NATIONS, "NATO")))))
    try:
        return Marking(level, frozenset(controls), rel_to)
    except MarkingError:
        return Marking(level)


@pytest.mark.parametrize(
    ("reader", "portion"),
    [
        (Reader(ClassificationLevel.S, "TUR"), "(S//REL TO USA, TUR)"),
        (Reader(ClassificationLevel.U, "TUR"), "(U//REL TO USA, TUR)"),
        (Reader(ClassificationLevel.TS, "USA"), "(TS//NF)"),
        (Reader(ClassificationLevel.U, "USA"), "(U//NF)"),
        (
            Reader(ClassificationLevel.S, "NOR", frozenset({"NATO"})),
            "(S//NF)",
        ),  # no list says NOR and NATO
        (
            Reader(ClassificationLevel.S, "TUR", frozenset({"TURMFA"})),
            "(S//REL TO USA, TUR)",
        ),  # no list names it
    ],
)
def test_ceiling_of_typical_readers(reader: Reader, portion: str) -> None:
    assert ceiling(reader).portion() == portion


@given(readers, readers, markings())
def test_whoever_reads_the_ceiling_reads_all_its_reader_may(
    author: Reader, admin: Reader, marking: Marking
) -> None:
    if may_read(admin, ceiling(author)).allowed and may_read(author, marking).allowed:
        assert may_read(admin, marking).allowed


@given(readers)
def test_a_reader_is_never_above_their_own_clearance_on_their_ceiling(author: Reader) -> None:
    assert ceiling(author).level is author.clearance
