"""Screen 10,000 generated flights (seeded) with the world model and the real lists.

Run: ``.venv/bin/python bench/bench_screen.py [--flights 10000]``.

* ours: ``screen`` per flight with the ``WatchlistIndex`` (blocked name search, identifier
  dictionaries); transits for all flights first with ``flight_transits`` (timed apart).
* brute force: the same indicators without the index, and operator / party names screened by a
  rapidfuzz ``token_sort_ratio`` scan over every list name (cutoff 90), the obvious way.

Lists are read from /work/shared/data/lists; without that folder the list part is skipped.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from overflight.geo import load_airspace
from overflight.geo.aerodromes import _index
from overflight.model.flight import FlightIntent, FlightType
from overflight.permits import Cargo, Party, PartyRole
from overflight.screening import (
    ConcernLevel,
    ReferenceData,
    ScreeningContext,
    flight_transits,
    load_policy,
    screen,
)
from overflight.watchlist import WatchlistIndex, all_entities, load_lists

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data" / "lists"
OPERATORS = ["Air France", "Lufthansa Cargo", "AIR KORYO", "Mahan Air", "Silk Way West", "Cargolux"]
PARTIES = [
    "Siemens AG",
    "Korea Mining Development Trading Corporation",
    "Acme Logistics",
    "Green Pine",
]
CARGO = [
    "machine parts",
    "mail",
    "fresh flowers",
    "two rocket motors",
    "pharmaceuticals",
    "gyroscopes",
]


def flights(count: int, seed: int = 1718) -> list[tuple[FlightIntent, ScreeningContext | None]]:
    airports = sorted(
        (a for a in _index().by_icao.values() if a.iata and "International" in a.name),
        key=lambda a: a.icao,
    )
    codes = [a.icao for a in airports[:400]] + ["ZKPY", "OSDI", "OIIE"] * 10
    rng = random.Random(seed)
    made = []
    for n in range(count):
        dep, dest = rng.sample(codes, 2)
        intent = FlightIntent(
            aircraft_id=f"{rng.choice(['AFR', 'DLH', 'KOR', 'IRM', 'CLX'])}{rng.randint(1, 9999)}",
            operator=rng.choice(OPERATORS),
            registration=rng.choice(["P912", "F-GSQA", "D-ALCA", "EP-MNA", f"N{n}"]),
            aircraft_address=rng.randint(0, 0xFFFFFF),
            flight_type=rng.choice([FlightType.SCHEDULED, FlightType.NON_SCHEDULED]),
            departure=dep,
            destination=dest,
        )
        made.append(
            (intent, (Cargo(rng.choice(CARGO)), (Party(PartyRole.CONSIGNEE, rng.choice(PARTIES)),)))
        )
    return made


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--flights", type=int, default=10_000)
    args = parser.parse_args()
    policy = load_policy()
    airspace = load_airspace()
    generated = flights(args.flights)
    start = time.perf_counter()
    transits = flight_transits([(i, ()) for i, _ in generated], airspace)
    transit_s = time.perf_counter() - start
    print(f"{len(generated):,} flights; transits {len(generated) / transit_s:,.0f} flights/s")

    index = None
    if (SHARED / "ofac-sdn-2021-07" / "sdn.csv").is_file():
        loaded = load_lists(
            [
                SHARED / "ofac-sdn-2021-07" / "sdn.csv",
                SHARED / "un-consolidated-2026-02" / "UN_consolidated.xml",
            ]
        )
        index = WatchlistIndex.build(all_entities(loaded))
        print(f"lists: {len(index):,} entities, {index.name_count:,} names")
    else:
        print(f"no lists at {SHARED}: list-based indicators and brute force skipped")

    def run(reference: ReferenceData) -> tuple[float, dict[ConcernLevel, int]]:
        levels = dict.fromkeys(ConcernLevel, 0)
        start = time.perf_counter()
        for (intent, (cargo, parties)), found in zip(generated, transits, strict=True):
            context = ScreeningContext(reference, cargo, parties, transits=found)
            levels[screen(intent, context).level] += 1
        return time.perf_counter() - start, levels

    ours_s, levels = run(ReferenceData(policy, index, "real"))
    shown = {level.value: n for level, n in levels.items()}
    print(f"ours: {len(generated) / ours_s:,.0f} flights/s; levels {shown}")
    if index is None:
        return
    names = [utils.default_process(n.text) for e in index.entities for n in e.names]
    no_lists_s, _ = run(ReferenceData(policy))
    start = time.perf_counter()
    for intent, (_, parties) in generated:
        for query in (intent.operator, *(p.name for p in parties)):
            process.extract(
                utils.default_process(query),
                names,
                scorer=fuzz.token_sort_ratio,
                score_cutoff=90,
                limit=3,
            )
    scan_s = time.perf_counter() - start
    brute_s = no_lists_s + scan_s
    print(
        f"brute force (rapidfuzz scan of {len(names):,} names): "
        f"{len(generated) / brute_s:,.0f} flights/s; ours is {brute_s / ours_s:.1f}x faster"
    )
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
