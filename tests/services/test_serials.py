"""Telegram serials come from the store, unique per originator and year; drafts follow commits."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from overflight.services import load_reference, run_files
from overflight.services.casework import settle_drafts
from overflight.store import take_serial, telegrams_of

STORY = Path(__file__).parents[2] / "src" / "overflight" / "story"
AT = datetime(2008, 2, 1, 0, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def reference():
    return load_reference([], None)


def test_serials_are_taken_once_each_per_station_and_year(store):
    with store.session(writing=True) as session, session.begin():
        taken = [take_serial(session, "STATE", 2008) for _ in range(3)]
        taken.append(take_serial(session, "STATE", 2008, at_least=43804))
        taken.append(take_serial(session, "STATE", 2008, at_least=5))  # never back
        taken.append(take_serial(session, "STATE", 2009))
        taken.append(take_serial(session, "ANKARA", 2008))
    assert taken == [1, 2, 3, 43804, 43805, 1, 1]
    with store.session(writing=True) as session, session.begin():
        assert take_serial(session, "STATE", 2008) == 43806


def test_a_serial_taken_in_a_transaction_that_rolls_back_is_taken_again(store):
    with store.session(writing=True) as session:
        with session.begin():
            take_serial(session, "STATE", 2008)
        session.begin()
        assert take_serial(session, "STATE", 2008) == 2
        session.rollback()
    with store.session(writing=True) as session, session.begin():
        assert take_serial(session, "STATE", 2008) == 2


def test_runs_on_one_store_never_repeat_a_serial(store, reference, tmp_path):
    drafts = tmp_path / "drafts"
    for minute, plan in ((30, "01-fpl.txt"), (40, "01-fpl.txt")):
        again = tmp_path / f"again-{minute}.txt"  # the same flight filed under another callsign
        text = (STORY / plan).read_text().replace("KOR7717", f"KOR77{minute}")
        # another aircraft (registration, 24-bit address): not a refile of the first
        text = text.replace("REG/P912", f"REG/P9{minute}").replace(
            "CODE/72100F", f"CODE/7210{minute}"
        )
        again.write_text(text)
        report, _ = run_files(store, [again], reference, drafts=drafts, now=AT)
        assert report.cases_opened, report.problems
    with store.session() as session:
        serials = [t.serial for case_id in (1, 2) for t in telegrams_of(session, case_id)]
    assert len(serials) == len(set(serials)) >= 2
    assert serials[0] == "STATE 000001"
    names = sorted(p.name for p in drafts.iterdir())
    assert len(names) == len(serials)
    assert not [n for n in names if n.startswith(".")]


def test_drafts_left_staged_by_a_crash_are_kept_or_removed_by_the_store(store, reference, tmp_path):
    drafts = tmp_path / "drafts"
    run_files(store, [STORY / "01-fpl.txt"], reference, drafts=drafts, now=AT)
    (kept,) = drafts.iterdir()
    committed = drafts / f".staged-{kept.name}"
    kept.rename(committed)  # the crash came after the commit, before the rename
    orphan = drafts / ".staged-case-9-STATE-000777.txt"  # a transaction that never committed
    orphan.write_text("never stored")
    assert settle_drafts(store, drafts) == 1
    assert sorted(p.name for p in drafts.iterdir()) == [kept.name]


def test_telegrams_kept_from_the_web_take_their_serials_from_the_store(store, reference, tmp_path):
    from overflight.markings import ClassificationLevel
    from overflight.services.accounts import Account, Role
    from overflight.services.coordination import draft_case_telegram

    analyst = Account(101, "analyst", ClassificationLevel.S, "USA", "STATE", Role.ANALYST)
    run_files(store, [STORY / "01-fpl.txt"], reference, drafts=tmp_path / "d", now=AT)
    kept = []
    for _ in range(2):
        with store.session(writing=True) as session, session.begin():
            draft = draft_case_telegram(session, analyst, 1, "action", "STATE 1", AT, keep=True)
            kept.append(draft.serial)
    with store.session() as session:
        preview = draft_case_telegram(session, analyst, 1, "action", "STATE 1", AT)
    assert kept == ["STATE 000002", "STATE 000003"]  # the run's telegram took STATE 000001
    assert preview.serial == "STATE 000001"  # a preview shows the serial asked for
