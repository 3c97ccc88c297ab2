"""One screening request's service in process: ``screen_submitted`` on the bench FPL, in a loop.

What ``POST /api/screen`` (a form, not recorded) runs in its thread, without the web stack: a
SQLite store seeded as ``bench_web.py`` seeds it (one analyst, one case), the audit writer, and
the reference the server would have: no list (as ``bench_web.py`` runs it) or ``--lists`` files
(e.g. the OFAC SDN CSV trio and the UN list). Reports screenings/s and CPU ms per screening
(whole process, the audit writer's thread included), warm, and again with the route transits
forgotten before each screening (``--cold``: what a new route costs).

The tree measured is the ``overflight`` found on ``PYTHONPATH``: run it once per tree.

Run: .venv/bin/python bench/bench_screen_request.py [--count 300] [--lists FILE ...] [--cold]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_web
from overflight.services.accounts import account_named
from overflight.services.audit import AuditWriter
from overflight.services.screening import load_reference
from overflight.services.submission import screen_submitted
from overflight.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=300)
    parser.add_argument("--lists", type=Path, nargs="*", default=[])
    parser.add_argument("--cold", action="store_true", help="forget route transits each time")
    args = parser.parse_args()
    database = f"sqlite:///{tempfile.mkdtemp()}/bench.db"
    bench_web.seed(database)
    started = time.process_time()
    reference = load_reference(list(args.lists), None)
    print(
        f"reference: {reference.lists_label or 'no list'} ({time.process_time() - started:.1f} s)"
    )
    forget = _forgetter() if args.cold else None
    raw = bench_web.FPL.encode()
    with open_store(database) as store:
        with store.session() as session:
            account = account_named(session, "bench")
        writer = AuditWriter(store)
        try:
            for _ in range(20):  # warm: indexes, kept arrays, the first statements
                screen_submitted(store, account, raw, "text", reference, writer=writer)
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(args.count):
                if forget is not None:
                    forget()
                screen_submitted(store, account, raw, "text", reference, writer=writer)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
        finally:
            writer.close()
    print(
        f"{args.count} screenings: {args.count / cpu:.0f}/s of CPU, "
        f"{cpu / args.count * 1000:.2f} ms CPU each, {args.count / wall:.0f}/s wall "
        "(each waits for its audit row's commit)"
    )


def _forgetter() -> Callable[[], None] | None:
    """What empties the transit memo, or nothing in a tree without one."""
    try:
        from overflight.screening.routing import transit_memo
    except ImportError:
        return None
    return transit_memo().clear


if __name__ == "__main__":
    main()
