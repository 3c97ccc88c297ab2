"""The web's screening and the case register.

A refile recorded from the web's screening joins its case, as in the main job. A screening not
recorded sees the register as it is now: a new case, a case closed and a case given new traits
each show in the very next screening's ``resembles-case`` finding, whatever a worker keeps
between screenings.
"""

from __future__ import annotations

from datetime import UTC, datetime

from overflight import cases
from overflight.markings import ClassificationLevel
from overflight.model import Trait, TraitKind
from overflight.screening.finding import Finding
from overflight.services.accounts import Account, Role
from overflight.services.memory import note_case_traits
from overflight.services.screening import load_reference
from overflight.services.submission import (
    ScreeningOutcome,
    screen_submitted,
    screen_submitted_unaudited,
)
from overflight.store import Store

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


# The register as the next screening sees it.

REFILED = KOR151.replace("KOR151", "KOR161").replace("DOF/080601", "DOF/080615")
REFERENCE = load_reference([], None)


def _resembling(store: Store, text: str) -> list[Finding]:
    outcome, audits = screen_submitted_unaudited(
        store, ANALYST, text.encode(), "pasted text", REFERENCE
    )
    assert [a.action for a in audits] == ["screen"]
    [verdict] = outcome.verdicts
    return [f for f in verdict.findings if f.indicator.value == "resembles-case"]


def _record_first(store: Store) -> ScreeningOutcome:
    return _record(store, KOR151, "first.txt")


def test_a_new_case_is_seen_by_the_next_screening(store: Store) -> None:
    assert _resembling(store, REFILED) == []
    (case_id,) = _record_first(store).case_ids
    assert case_id is not None
    [found] = _resembling(store, REFILED)
    assert found.summary.startswith(f"resembles case {case_id} (")
    assert ", closed" not in found.summary


def test_a_closed_case_and_new_traits_are_seen_by_the_next_screening(store: Store) -> None:
    (case_id,) = _record_first(store).case_ids
    assert case_id is not None
    [before] = _resembling(store, REFILED)
    with store.session(writing=True) as session, session.begin():
        cases.record_outcome(session, case_id, cases.OutcomeKind.TRANSITED)
    [closed] = _resembling(store, REFILED)
    assert ", closed" in closed.summary
    assert ", closed" not in before.summary

    other = REFILED.replace("P912", "P999").replace("720112", "7201FF").replace("AIR KORYO", "ACME")
    had = {e for f in _resembling(store, other) for e in f.evidence}
    with store.session(writing=True) as session, session.begin():
        new = frozenset({Trait(TraitKind.REGISTRATION, "P999", "P999")})
        assert note_case_traits(session, case_id, new, "test", datetime.now(UTC)) == 1
    has = {e for f in _resembling(store, other) for e in f.evidence}
    assert any("P999" in e for e in has - had)
