"""Archived plans across midnight: a DLA received the day after its FPL still joins its flight."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="archives need the scale extra: pip install '.[scale]'")

from overflight.archive import Manifest, PartitionKind, list_partitions, open_archive
from overflight.services.archive_import import import_messages
from overflight.services.history_tasks import PlanSettings, plans_of_partition

FPL = """(FPL-KOR151-IN
-IL76/H-SDFGHIRW/S
-ZKPY0300
-N0430F330 DCT
-OSDI1000
-REG/P632 DOF/260529)
"""
DLA_NEXT_DAY = "(DLA-KOR151-ZKPY0630-OSDI-DOF/260529)\n"
STRAY_CHG = "(CHG-SYR9101-OSDI-UAAA-DOF/260530-8/IN)\n"
LATE_DLA = "(DLA-KOR151-ZKPY0900-OSDI-DOF/260529)\n"


def _import(root: Path, name: str, text: str, received: datetime) -> None:
    path = root.parent / name
    path.write_text(text, encoding="utf-8")
    import_messages(root, [path], received=received, create=Manifest())


@pytest.fixture
def plans_by_day(tmp_path: Path) -> dict[date, object]:
    root = tmp_path / "arc"
    _import(root, "fpl.txt", FPL, datetime(2026, 5, 28, 23, 10, tzinfo=UTC))
    _import(root, "dla.txt", DLA_NEXT_DAY + STRAY_CHG, datetime(2026, 5, 29, 0, 40, tzinfo=UTC))
    _import(root, "late.txt", LATE_DLA, datetime(2026, 5, 31, 8, 0, tzinfo=UTC))
    archive = open_archive(root)
    return {
        p.day: plans_of_partition(p, PlanSettings())
        for p in list_partitions(archive, PartitionKind.MESSAGES)
    }


def test_a_delay_received_after_midnight_joins_the_plan_filed_before(plans_by_day) -> None:
    filed = plans_by_day[date(2026, 5, 28)]
    [plan] = filed[filed["problem"] == ""].to_dict("records")
    assert plan["aircraft_id"] == "KOR151"
    assert plan["eobt"] == datetime(2026, 5, 29, 6, 30, tzinfo=UTC)  # the DLA's new EOBT
    assert plan["source"] == "messages/day=2026-05-28#1"
    assert not (filed["problem"] != "").any()


def test_each_message_is_reported_by_its_own_day(plans_by_day) -> None:
    next_day = plans_by_day[date(2026, 5, 29)]
    assert (next_day["problem"] == "").sum() == 0  # the flight is the plan's day's
    problems = list(next_day.loc[next_day["problem"] != "", "problem"])
    assert len(problems) == 1  # the DLA linked; the CHG of a flight never filed did not
    assert "messages/day=2026-05-29: message 2: CHG not screened" in problems[0]


def test_a_message_more_than_a_day_after_its_plan_links_to_nothing(plans_by_day) -> None:
    late = plans_by_day[date(2026, 5, 31)]
    [problem] = list(late["problem"])
    assert "messages/day=2026-05-31: message 1: DLA not screened" in problem
