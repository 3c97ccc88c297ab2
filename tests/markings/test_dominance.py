"""Dominance: a granter may grant only access they hold, judged against ``may_read`` itself."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overflight.markings import (
    ClassificationLevel,
    Control,
    Marking,
    Reader,
    canonical_rel_to,
    may_read,
    overreaches,
    parse_portion,
)
from overflight.markings.dominance import dominates

US_TS = Reader(ClassificationLevel.TS, "USA", frozenset({"STATE"}))
US_S = Reader(ClassificationLevel.S, "USA", frozenset({"STATE"}))
US_S_BARE = Reader(ClassificationLevel.S, "USA")
TUR_S = Reader(ClassificationLevel.S, "TUR", frozenset({"TURMFA"}))
TUR_C = Reader(ClassificationLevel.C, "TUR", frozenset({"TURMFA"}))
TUR_C_BARE = Reader(ClassificationLevel.C, "TUR")
KAZ_U = Reader(ClassificationLevel.U, "KAZ")
NOR_NATO = Reader(ClassificationLevel.S, "NOR", frozenset({"NATO"}))

# granter, grantee, the parts overreached, and (when some are) a witness: a portion and its
# originator that ``may_read`` gives the grantee and refuses the granter.
TABLE = [
    # Same reader: nothing beyond.
    (US_TS, US_TS, (), None),
    # U.S. TS reads every level; S and the same organisation is a subset.
    (US_TS, US_S, (), None),
    # A U.S. granter passes every release check a foreign reader passes.
    (US_S, Reader(ClassificationLevel.S, "TUR", frozenset({"STATE"})), (), None),
    (US_S, Reader(ClassificationLevel.C, "KAZ"), (), None),
    # A foreign granter may grant their own nationality, lower, with fewer organisations.
    (TUR_S, TUR_C, (), None),
    (TUR_S, TUR_C_BARE, (), None),
    # (TS) reaches the grantee, not a SECRET granter.
    (US_S, US_TS, ("clearance",), ("(TS)", "")),
    # A U.S. grantee reads (S//NF); no foreign granter does.
    (TUR_S, US_S_BARE, ("nationality",), ("(S//NF)", "")),
    # REL TO USA, KAZ reaches a KAZ grantee, not a TUR granter, even at UNCLASSIFIED.
    (TUR_S, KAZ_U, ("nationality",), ("(U//REL TO USA, KAZ)", "")),
    # ORCON from TURMFA reaches TURMFA's people, not a U.S. TS granter outside it.
    (US_TS, TUR_S, ("organisations",), ("(S//OC//REL TO USA, TUR)", "TURMFA")),
    (US_S_BARE, US_S, ("organisations",), ("(S//OC/NF)", "STATE")),
    # REL NATO reaches a NATO member's officer through the organisation, not the bare granter.
    (
        Reader(ClassificationLevel.S, "NOR"),
        NOR_NATO,
        ("organisations",),
        ("(S//REL TO USA, NATO)", ""),
    ),
    # Everything at once: each part is named.
    (TUR_C_BARE, US_TS, ("clearance", "nationality", "organisations"), ("(TS//NF)", "")),
]


@pytest.mark.parametrize(("granter", "grantee", "parts", "witness"), TABLE)
def test_dominance_follows_may_read(
    granter: Reader,
    grantee: Reader,
    parts: tuple[str, ...],
    witness: tuple[str, str] | None,
) -> None:
    found = overreaches(granter, grantee)
    assert tuple(o.part for o in found) == parts
    assert dominates(granter, grantee) is (not parts)
    if witness is not None:
        mark, originator = witness
        marking = _portion(mark)
        assert may_read(grantee, marking, originator=originator).allowed
        assert not may_read(granter, marking, originator=originator).allowed


def _portion(mark: str) -> Marking:
    if mark == "(U//REL TO USA, KAZ)":  # no telegram writes it, but a marking may hold it
        return Marking(ClassificationLevel.U, rel_to=canonical_rel_to(["KAZ"]))
    if mark == "(S//REL TO USA, NATO)":
        return Marking(ClassificationLevel.S, rel_to=canonical_rel_to(["NATO"]))
    if mark == "(S//OC//REL TO USA, TUR)":
        return Marking(ClassificationLevel.S, frozenset({Control.ORCON}), canonical_rel_to(["TUR"]))
    return parse_portion(mark)


def test_overreaches_say_what_exceeds_what() -> None:
    reasons = [o.reason for o in overreaches(TUR_C_BARE, US_TS)]
    assert reasons == [
        "TOP SECRET is above CONFIDENTIAL",
        "a TUR reader may grant TUR only, not USA",
        "STATE not among the granter's organisations (none)",
    ]


# --- properties over random readers and portions ---------------------------------------------

NATIONALITIES = st.sampled_from(["USA", "TUR", "KAZ", "NOR"])
ORGANISATIONS = st.frozensets(st.sampled_from(["NATO", "STATE", "TURMFA", "ISN"]), max_size=3)
CODES = st.sampled_from(["TUR", "KAZ", "NOR", "GBR", "FVEY", "NATO", "ISAF"])


@st.composite
def readers(draw: st.DrawFn) -> Reader:
    return Reader(
        draw(st.sampled_from(list(ClassificationLevel))), draw(NATIONALITIES), draw(ORGANISATIONS)
    )


@st.composite
def granted(draw: st.DrawFn) -> tuple[Reader, Reader]:
    """A granter and a grantee within the granter's access but (sometimes) for one part."""
    granter = draw(readers())
    beyond = draw(st.sampled_from(["none", "clearance", "nationality", "organisations"]))
    levels = [
        lv for lv in ClassificationLevel if (lv > granter.clearance) == (beyond == "clearance")
    ]
    clearance = draw(st.sampled_from(levels or [granter.clearance]))
    nationality = granter.nationality
    if beyond == "nationality":
        nationality = draw(NATIONALITIES)
    organisations = draw(st.sampled_from(_subsets(granter.organisations)))
    if beyond == "organisations":
        organisations |= draw(ORGANISATIONS)
    return granter, Reader(clearance, nationality, organisations)


def _subsets(items: frozenset[str]) -> list[frozenset[str]]:
    subsets = [frozenset[str]()]
    for item in items:
        subsets += [s | {item} for s in subsets]
    return subsets


@st.composite
def markings(draw: st.DrawFn, grantee: Reader) -> Marking:
    """A portion, its release list drawn mostly from what the grantee's release checks pass on."""
    level = draw(st.sampled_from([lv for lv in ClassificationLevel if lv <= grantee.clearance]))
    controls: set[Control] = set()
    if draw(st.booleans()):
        controls.add(Control.ORCON)
    if level is ClassificationLevel.U:
        extra = draw(st.sampled_from([None, Control.SBU, Control.FOUO]))
        if extra is not None:
            controls.add(extra)
    release = draw(st.sampled_from(["none", "noforn", "rel", "rel", "recipients"]))
    if release == "noforn":
        return Marking(level, frozenset(controls | {Control.NOFORN}))
    if release == "rel":
        own = sorted({grantee.nationality, *grantee.organisations})
        codes = draw(st.lists(st.sampled_from(own) | CODES, min_size=1, max_size=4))
        return Marking(level, frozenset(controls), canonical_rel_to(codes))
    return Marking(level, frozenset(controls), None, release == "recipients")


@given(granted(), st.data())
def test_a_dominated_reader_reads_nothing_the_granter_may_not(
    pair: tuple[Reader, Reader], data: st.DataObject
) -> None:
    granter, grantee = pair
    marking = data.draw(markings(grantee))
    originators = sorted({"", "INR", *grantee.organisations})
    originator = data.draw(st.sampled_from(originators))
    if dominates(granter, grantee) and may_read(grantee, marking, originator=originator):
        assert may_read(granter, marking, originator=originator).allowed


@given(granted())
def test_a_dominated_reader_reads_no_portion_of_a_small_universe_the_granter_may_not(
    pair: tuple[Reader, Reader],
) -> None:
    # Every level, control and release list built from the codes both readers could pass on,
    # and every originator among their organisations: a few hundred portions per pair.
    granter, grantee = pair
    if not dominates(granter, grantee):
        return
    for marking, originator in _universe(granter, grantee):
        if may_read(grantee, marking, originator=originator):
            assert may_read(granter, marking, originator=originator).allowed, marking


def _universe(granter: Reader, grantee: Reader) -> list[tuple[Marking, str]]:
    codes = sorted({granter.nationality, grantee.nationality, "NATO"} - {"USA"})
    codes += sorted(granter.organisations | grantee.organisations)
    releases: list[tuple[str, ...] | None] = [None, *(canonical_rel_to([c]) for c in codes)]
    originators = sorted({"", *granter.organisations, *grantee.organisations})
    found: list[tuple[Marking, str]] = []
    for level in ClassificationLevel:
        extras = [None, Control.SBU, Control.FOUO] if level is ClassificationLevel.U else [None]
        for orcon in (False, True):
            for extra in extras:
                controls = frozenset(
                    c for c in (Control.ORCON if orcon else None, extra) if c is not None
                )
                markings = [Marking(level, controls | {Control.NOFORN})]
                markings += [Marking(level, controls, rel) for rel in releases]
                found += [(m, o) for m in markings for o in originators]
    return found


@given(granted())
def test_each_overreach_has_a_portion_only_the_grantee_reads(pair: tuple[Reader, Reader]) -> None:
    # The rules are no stricter than may_read: every part refused has a witness.
    granter, grantee = pair
    for overreach in overreaches(granter, grantee):
        marking, originator = _witness(overreach.part, granter, grantee)
        assert may_read(grantee, marking, originator=originator).allowed, overreach
        assert not may_read(granter, marking, originator=originator).allowed, overreach


def _witness(part: str, granter: Reader, grantee: Reader) -> tuple[Marking, str]:
    release = canonical_rel_to([grantee.nationality]) if grantee.foreign else None
    if part == "clearance":
        return Marking(grantee.clearance, rel_to=release), ""
    if part == "organisations":
        (beyond, *_) = sorted(grantee.organisations - granter.organisations)
        return Marking(ClassificationLevel.U, frozenset({Control.ORCON})), beyond
    if grantee.foreign:  # a foreign granter of another nationality
        return Marking(ClassificationLevel.U, rel_to=release), ""
    return Marking(
        ClassificationLevel.U, frozenset({Control.FOUO})
    ), ""  # U.S.-only, even unclassified
