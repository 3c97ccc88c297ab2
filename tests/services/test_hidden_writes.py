"""Writes never reach a case the writer may not see: screening with ``record`` into the store.

A SECRET U.S. analyst screens and records messages about a flight that a (TS//NF) case follows:
nothing of that case changes (row for row), its id is not disclosed, and the analyst is told only
that the flight could not be recorded. The same analyst records freely where every case concerned
is visible to them. Runs on SQLite and PostgreSQL.
"""

from __future__ import annotations

import re
import sys
from datetime import UTC, datetime
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "store"))
from store_snapshot import case_snapshot

from overflight.cases import ingest_text, open_case, record_outcome, stored_flights
from overflight.cases.model import OutcomeKind
from overflight.markings import ClassificationLevel, parse_portion
from overflight.screening import ReferenceData, load_policy
from overflight.services.accounts import Account, Role
from overflight.services.audit import audit_trail
from overflight.services.submission import screen_submitted
from overflight.store import Store

STORY = Path(__file__).resolve().parents[2] / "src" / "overflight" / "story"
FPL = (STORY / "01-fpl.txt").read_text()
DLA = (STORY / "02-dla.txt").read_text()
CNL = (STORY / "07-cnl.txt").read_text().replace("080527", "080201")
ANALYST = Account(101, "analyst", ClassificationLevel.S, "USA", "STATE", Role.ANALYST)
REFERENCE = ReferenceData(load_policy(None))
NOW = datetime(2008, 2, 1, 0, 40, tzinfo=UTC)


def _hidden_case(store: Store, marking: str = "(TS//NF)", *, closed: bool = False) -> int:
    """The story's plan ingested by the owner, followed by a case the analyst may not see."""
    with store.session() as session:
        ingest_text(session, FPL, "owner.txt", at=NOW)
        flight = stored_flights(session)[0]
        case = open_case(
            session,
            "TOPSECRETTITLE charter",
            reason="TOPSECRETREASON",
            marking=parse_portion(marking),
            flight_id=flight.id,
            at=NOW,
        )
        if closed:
            record_outcome(session, case.id, OutcomeKind.CANCELLED, at=NOW)
        session.commit()
    return case.id


def _screen(store: Store, text: str, source: str = "analyst.txt") -> tuple[list, list[str]]:
    outcome = screen_submitted(store, ANALYST, text.encode(), source, REFERENCE, record=True)
    return list(outcome.case_ids), list(outcome.problems)


def test_the_same_plan_recorded_by_an_uncleared_analyst_leaves_the_hidden_case_alone(
    store: Store,
) -> None:
    hidden = _hidden_case(store)
    before = case_snapshot(store, [hidden])
    case_ids, problems = _screen(store, FPL)
    assert case_snapshot(store, [hidden]) == before
    assert hidden not in case_ids
    assert problems == ["KOR7717 ZKPY-OSDI: could not be recorded"]
    assert not any("TOPSECRET" in p or re.search(rf"\b{hidden}\b", p) for p in problems)


def test_a_delay_and_a_cancellation_cannot_move_a_hidden_case(store: Store) -> None:
    hidden = _hidden_case(store)
    before = case_snapshot(store, [hidden])
    case_ids, problems = _screen(store, f"{FPL}\n{DLA}\n{CNL}")
    assert case_snapshot(store, [hidden]) == before  # still filed, no message joined
    assert [row[2] for row in before["cases"]] == ["filed"]
    assert set(case_ids) == {None}
    assert problems == ["KOR7717 ZKPY-OSDI: could not be recorded"]


def test_a_refiled_plan_that_an_open_hidden_case_would_follow_is_not_recorded(
    store: Store,
) -> None:
    hidden = _hidden_case(store)
    before = case_snapshot(store, [hidden])
    refiled = FPL.replace("ZKPY0100", "ZKPY0900").replace("DOF/080201", "DOF/080301")
    case_ids, problems = _screen(store, refiled)
    assert case_snapshot(store, [hidden]) == before
    assert case_ids == [None]
    assert problems == ["KOR7717 ZKPY-OSDI: could not be recorded"]
    with store.session() as session:
        assert len(stored_flights(session)) == 1  # the new plan was not stored either


def test_after_a_hidden_case_closed_a_new_plan_opens_a_case_of_the_writers_own(
    store: Store,
) -> None:
    hidden = _hidden_case(store, closed=True)
    before = case_snapshot(store, [hidden])
    refiled = FPL.replace("ZKPY0100", "ZKPY0900").replace("DOF/080201", "DOF/080301")
    case_ids, problems = _screen(store, refiled)
    assert case_snapshot(store, [hidden]) == before
    assert problems == []
    [own] = case_ids
    assert own is not None
    assert own != hidden
    with store.session() as session:
        assert len(stored_flights(session)) == 2


def test_where_every_case_is_visible_the_analyst_records_as_before(store: Store) -> None:
    shared = _hidden_case(store, "(S//NF)")  # SECRET NOFORN: the U.S. SECRET analyst may see it
    case_ids, problems = _screen(store, f"{FPL}\n{DLA}\n{CNL}")
    assert problems == []
    assert shared in case_ids
    after = case_snapshot(store, [shared])
    assert [row[2] for row in after["cases"]] == ["cancelled"]
    assert len(after["case_messages"]) == 3


def test_the_refusal_is_audited_under_the_hidden_cases_marking(store: Store) -> None:
    hidden = _hidden_case(store)
    _screen(store, FPL)
    with store.session() as session:
        rows = audit_trail(session, username=ANALYST.username)
    denied = [r for r in rows if r.action == "denied"]
    assert [(r.object_kind, r.object_id) for r in denied] == [("case", str(hidden))]
    assert denied[0].marking == parse_portion("(TS//NF)")  # only TS U.S. admins read it
    [screened] = [r for r in rows if r.action == "screen"]
    assert screened.marking == parse_portion("(S//NF)")  # the analyst's own text: their ceiling


@pytest.mark.parametrize("marking", ["(S//REL TO USA, TUR)", "(U)"])
def test_a_case_the_writer_may_see_is_recorded_into(store: Store, marking: str) -> None:
    visible = _hidden_case(store, marking)
    before = case_snapshot(store, [visible])
    case_ids, problems = _screen(store, f"{FPL}\n{DLA}")
    assert problems == []
    assert case_snapshot(store, [visible]) != before
    assert visible in case_ids
