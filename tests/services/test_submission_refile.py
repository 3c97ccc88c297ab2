"""A refile recorded from the web's screening joins its case, as in the main job."""

from __future__ import annotations

from datetime import UTC, datetime

from overflight import cases
from overflight.markings import ClassificationLevel
from overflight.services.accounts import Account, Role
from overflight.services.screening import load_reference
from overflight.services.submission import screen_submitted

KOR151 = """(FPL-KOR151-IN
-IL76/H-SDFGRW/S
-ZKPY0100
-N0430F330 DCT
-OSDI1130 OSDI
-DOF/080601 REG/P912 CODE/720112 OPR/AIR KORYO RMK/CARGO MACHINE PARTS)
"""
ANALYST = Account(1, "us_analyst", ClassificationLevel.S, "USA", "STATE", Role.ANALYST)


def _record(store, text: str, source: str):
    reference = load_reference([], None)
    return screen_submitted(store, ANALYST, text.encode(), source, reference, record=True)


def test_a_refile_on_the_same_tail_joins_the_case_instead_of_opening_one(store) -> None:
    first = _record(store, KOR151, "first.txt")
    (case_id,) = first.case_ids
    assert case_id is not None  # high concern: a case is opened
    refiled = KOR151.replace("KOR151", "KOR161").replace("DOF/080601", "DOF/080615")
    again = _record(store, refiled, "again.txt")
    assert again.case_ids == (case_id,)
    with store.session() as session:
        assert len(cases.list_cases(session, now=datetime.now(UTC))) == 1
        events = cases.case_timeline(session, case_id)
    (refile,) = [e for e in events if e.kind == "refile"]
    assert refile.actor == ANALYST.username
    assert "KOR161 ZKPY-OSDI" in refile.detail
    assert "P912" in refile.detail  # the evidence: the same tail


def test_another_tail_on_the_city_pair_opens_its_own_case(store) -> None:
    (first,) = _record(store, KOR151, "first.txt").case_ids
    other = KOR151.replace("KOR151", "KOR171").replace("P912", "P914").replace("720112", "720114")
    (second,) = _record(store, other, "other.txt").case_ids
    assert second is not None
    assert second != first
