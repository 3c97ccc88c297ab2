"""Whole commands as a person runs them: CPU seconds of the whole process, start-up included.

* ``overflight --help`` and ``overflight route ZKPY OSDI`` (aims: 0.3 s and 1 s of CPU);
* ``overflight chokepoints ZKPY OSDI --aircraft IL76`` with an empty graph cache (the graph is
  built and kept) and again (the kept graph is read back; aim: 2 s of CPU).

Each command runs ``--runs`` times after one warm-up run; the median of the child processes' user
plus system seconds is printed, and the wall seconds beside it. With ``--against SRC`` the same
commands run from another checkout's ``src`` too (``PYTHONPATH``), turn about, and the ratio of
medians is printed: ``--against /path/to/main/src`` gives before and after side by side.

Run: ``.venv/bin/python bench/bench_startup.py [--runs 5] [--against ../main/src]``.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src"
COMMANDS = {
    "--help": ["--help"],
    "route ZKPY OSDI": ["route", "ZKPY", "OSDI"],
    "chokepoints, graph built": ["chokepoints", "ZKPY", "OSDI", "--aircraft", "IL76"],
    "chokepoints, graph kept": ["chokepoints", "ZKPY", "OSDI", "--aircraft", "IL76"],
}


def run_once(src: Path, args: list[str], cache: Path, fresh: bool) -> tuple[float, float]:
    """CPU and wall seconds of one ``overflight`` process run from ``src``."""
    if fresh:
        shutil.rmtree(cache, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(src), "OVERFLIGHT_CACHE_DIR": str(cache)}
    command = [sys.executable, "-c", "from overflight.cli import main; main()", *args]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(command, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime, wall


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--against", type=Path, help="another checkout's src, timed too")
    args = parser.parse_args()
    sources = {"this": SRC, **({"against": args.against} if args.against else {})}
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}; "
          f"{date.today()}; Python {platform.python_version()}")  # fmt: skip
    with tempfile.TemporaryDirectory() as folder:
        for name, command in COMMANDS.items():
            fresh = name.endswith("built")
            figures: dict[str, list[tuple[float, float]]] = {label: [] for label in sources}
            for label, src in sources.items():  # warm-up (and, for "kept", the graph kept)
                run_once(src, command, Path(folder) / label, fresh)
            for _ in range(args.runs):
                for label, src in sources.items():
                    figures[label].append(run_once(src, command, Path(folder) / label, fresh))
            cpu = {label: statistics.median(c for c, _ in runs) for label, runs in figures.items()}
            wall = {label: statistics.median(w for _, w in runs) for label, runs in figures.items()}
            line = f"{name:28} this {cpu['this']:6.2f} s CPU ({wall['this']:5.2f} s wall)"
            if args.against:
                line += (f"  against {cpu['against']:6.2f} s CPU ({wall['against']:5.2f} s wall)"
                         f"  this/against {cpu['this'] / cpu['against']:.2f}")  # fmt: skip
            print(line)


if __name__ == "__main__":
    main()
