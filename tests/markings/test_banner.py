from __future__ import annotations

import pytest

from overflight.markings import (
    ClassificationLevel,
    Control,
    Marking,
    MarkingError,
    compute_banner,
    parse_portion,
    portion_conflict,
)


def banner_of(*marks: str, recipients: tuple[str, ...] = ()) -> str:
    return compute_banner([parse_portion(m) for m in marks], recipients=recipients).banner()


def test_highest_level_wins() -> None:
    assert banner_of("(U)", "(C)", "(S)") == "SECRET"


def test_any_noforn_portion_makes_the_banner_noforn() -> None:
    assert banner_of("(S//REL TO USA, TUR)", "(C/NF)", "(U)") == "SECRET//NOFORN"


def test_release_list_is_the_intersection() -> None:
    assert (
        banner_of("(S//REL TO USA, TUR, KAZ)", "(C//REL TO USA, TUR, GBR)", "(U)")
        == "SECRET//REL TO USA, TUR"
    )


def test_disjoint_release_lists_become_noforn() -> None:
    assert banner_of("(S//REL TO USA, TUR)", "(C//REL TO USA, KAZ)") == "SECRET//NOFORN"


def test_classified_portion_without_release_leaves_banner_without_rel() -> None:
    assert banner_of("(S//REL TO USA, TUR)", "(C)") == "SECRET"


def test_fouo_appears_only_on_unclassified_banners() -> None:
    assert banner_of("(U//FOUO)", "(U)") == "UNCLASSIFIED//FOR OFFICIAL USE ONLY"
    assert banner_of("(U//FOUO)", "(C)") == "CONFIDENTIAL"


def test_rel_recipients_resolves_against_addressees() -> None:
    assert (
        banner_of("(S//REL Recipients)", "(U)", recipients=("TUR", "KAZ"))
        == "SECRET//REL TO USA, KAZ, TUR"
    )


def test_rel_recipients_without_addressees_is_an_error() -> None:
    with pytest.raises(MarkingError):
        banner_of("(S//REL Recipients)")


def test_portion_above_banner_conflicts() -> None:
    banner = Marking(ClassificationLevel.C)
    assert "above" in (portion_conflict(banner, parse_portion("(S)")) or "")
    assert portion_conflict(banner, parse_portion("(C)")) is None


def test_noforn_portion_under_releasable_banner_conflicts() -> None:
    banner = Marking(ClassificationLevel.S, frozenset(), ("USA", "TUR"))
    assert (
        portion_conflict(banner, Marking(ClassificationLevel.C, frozenset({Control.NOFORN})))
        is not None
    )
