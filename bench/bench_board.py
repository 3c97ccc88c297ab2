"""The case board: ``list_cases`` against the obvious per-case loop, on one SQLite store.

Seeds N cases, each with a few verdicts (findings JSON of realistic size) and a deadline, then
times building the board (every case, its deadlines, its latest verdict level, sorted):

* ``ours``: ``cases.list_cases``: the cases, every deadline and every case's latest verdict level
  in three queries (the levels by a window function);
* ``per-case``: the obvious alternative: the cases, then per case its deadlines and all its
  verdicts (the last one's level), two queries per case.

Both must give the same board. Run: .venv/bin/python bench/bench_board.py [--cases 2000]
[--verdicts 3] [--repeat 5]
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from overflight.cases import CaseSummary, case_sort_key, list_cases
from overflight.cases.records import case_of, deadline_of
from overflight.store import (
    CaseRow,
    DeadlineRow,
    Session,
    Store,
    VerdictRow,
    deadlines_of,
    list_case_rows,
    open_store,
    verdicts_of,
)

NOW = datetime(2026, 11, 29, tzinfo=UTC)
FINDING = {
    "indicator": "listed-operator",
    "summary": "operator AIR KORYO is on OFAC SDN (entry 20520)",
    "evidence": {"list": "OFAC SDN", "entry": "20520", "score": 0.97},
}


def seed(store: Store, cases: int, verdicts: int) -> None:
    """``cases`` cases with ``verdicts`` verdicts (four findings each) and one deadline."""
    with store.session() as session, session.begin():
        rows = [
            CaseRow(
                title=f"KOR{n:04d} ZKPY-OSDI",
                reason="",
                status="filed",
                classification="(S//NF)",
                opened_by="verdict",
                opened_at=NOW,
                updated_at=NOW,
            )
            for n in range(cases)
        ]
        session.add_all(rows)
        session.flush()
        for n, row in enumerate(rows):
            session.add(
                DeadlineRow(
                    case_id=row.id, due_on=date(2026, 12, 1) + timedelta(days=n % 30), what="report"
                )
            )
            session.add_all(
                VerdictRow(
                    case_id=row.id,
                    level=("low", "medium", "high")[(n + v) % 3],
                    score=float(v),
                    policy_version="bench",
                    findings=[FINDING] * 4,
                    created_at=NOW + timedelta(minutes=v),
                )
                for v in range(verdicts)
            )


def per_case(session: Session, now: datetime) -> tuple[CaseSummary, ...]:
    """The obvious board: two queries per case."""
    summaries = []
    for row in list_case_rows(session):
        deadlines = tuple(deadline_of(d, now.date()) for d in deadlines_of(session, [row.id]))
        verdicts = verdicts_of(session, row.id)
        summaries.append(
            CaseSummary(case_of(row), deadlines, verdicts[-1].level if verdicts else "")
        )
    return tuple(sorted(summaries, key=case_sort_key))


Board = tuple[CaseSummary, ...]


def best(
    store: Store, build: Callable[[Session, datetime], Board], repeat: int
) -> tuple[float, Board]:
    """The fastest of ``repeat`` builds (a fresh session each), and the board it gave."""
    times: list[float] = []
    board: Board = ()
    for _ in range(repeat):
        with store.session() as session:
            start = time.perf_counter()
            board = build(session, NOW)
            times.append(time.perf_counter() - start)
    return min(times), board


def main() -> None:
    """Seed, time both ways, check they agree, print the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=int, default=2000)
    parser.add_argument("--verdicts", type=int, default=3)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        store = open_store(Path(folder) / "board.db")
        seed(store, args.cases, args.verdicts)
        ours, board = best(store, list_cases, args.repeat)
        theirs, other = best(store, per_case, args.repeat)
        store.close()
    assert [(s.case.id, s.latest_level) for s in board] == [
        (s.case.id, s.latest_level) for s in other
    ], "the two boards differ"
    print(f"{args.cases:,} cases x {args.verdicts} verdicts, SQLite, best of {args.repeat}")
    print(f"ours      {ours * 1000:9.1f} ms")
    print(f"per-case  {theirs * 1000:9.1f} ms   ({theirs / ours:.1f}x ours)")


if __name__ == "__main__":
    main()
