"""Memory across cases: one new flight against 1,000 / 10,000 / 100,000 synthetic past cases.

Run: ``.venv/bin/python bench/bench_memory.py [--sizes 1000 10000 100000] [--queries 200]``.

* ours: ``CaseMemory.resemblances`` — identifiers looked up in dictionaries, operator and party
  names blocked by the watch list's lossless bigram index (``NameBlocker``), then the few
  candidates scored in full;
* the obvious loop: ``resemblances_by_loop``, every case scored in full (fewer queries at the
  larger sizes: it is slow), and checked to give the same answers;
* the loop with every case's profile kept ready ("kept"): scoring alone, extrapolated from
  2,000 cases; the fairer baseline for the index.

Both ask for the three best cases, as the ``resembles-case`` indicator does. Times are the
thread's CPU time (``time.thread_time``): on a shared machine, wall time counts the waits for a
core, not the work.

Cases are seeded: a 24-bit address and a registration each, a type, an operator from a pool of
names (one per 20 cases: operators fly many tails), one or two parties from a larger pool, a
city pair over 400 aerodromes, 2-6 transit states, cargo items and timing. Half the queries
refile a random case's tail; the other half are new aircraft of a known or unknown operator.
"""

from __future__ import annotations

import argparse
import gc
import random
import statistics
import time

from overflight.model.traits import PastCase, Trait, TraitKind
from overflight.screening import load_policy
from overflight.screening.memory import CaseMemory, _compare, _profile, resemblances_by_loop

_WORDS = [
    "air",
    "sky",
    "trans",
    "cargo",
    "aero",
    "global",
    "star",
    "jet",
    "wings",
    "blue",
    "silk",
    "way",
    "west",
    "east",
    "north",
    "south",
    "falcon",
    "eagle",
    "pacific",
    "atlantic",
    "orient",
    "express",
    "union",
    "national",
    "royal",
    "continental",
    "logistics",
    "freight",
    "lines",
    "trading",
    "export",
    "import",
    "machinery",
    "industrial",
    "technical",
    "development",
    "mining",
    "energy",
    "supply",
    "general",
    "international",
    "holding",
    "group",
]
_STATES = [f"{a}{b}" for a in "ABCDEFGHKLMNPRSTUZ" for b in "AEGKRSTZ"]
_TYPES = ["IL76", "AN12", "B744", "B77L", "A332", "MD11", "AN26", "IL62"]
_TIMING = ["filed", "delayed", "rescheduled", "cancelled"]


def _name(rng: random.Random) -> str:
    return " ".join(rng.choice(_WORDS).upper() for _ in range(rng.randint(2, 4)))


def _registration(rng: random.Random) -> str:
    letters = "ABCDEFGHJKLMNPRSTUVWXYZ"
    return rng.choice(["EP", "UP", "4K", "P", "YK", "EX", "9L"]) + "".join(
        rng.choice(letters) for _ in range(3)
    )


def _traits(rng: random.Random, operators: list[str], parties: list[str], codes: list[str]):
    traits = {
        Trait(TraitKind.ADDRESS, f"{rng.randrange(1 << 24):06X}"),
        Trait(TraitKind.REGISTRATION, _registration(rng)),
        Trait(TraitKind.AIRCRAFT_TYPE, rng.choice(_TYPES)),
        Trait(TraitKind.OPERATOR, rng.choice(operators)),
        Trait(TraitKind.CITY_PAIR, "-".join(rng.sample(codes, 2))),
    }
    for party in rng.sample(parties, rng.randint(0, 2)):
        traits.add(Trait(TraitKind.PARTY, party))
    for state in rng.sample(_STATES, rng.randint(2, 6)):
        traits.add(Trait(TraitKind.TRANSIT_STATE, state))
    for item in rng.sample(range(28), rng.randint(0, 2)):
        traits.add(Trait(TraitKind.CARGO_ITEM, f"item-{item}"))
    for timing in rng.sample(_TIMING, rng.randint(1, 3)):
        traits.add(Trait(TraitKind.TIMING, timing))
    return frozenset(traits)


def synthetic(count: int, seed: int = 1718):
    """``count`` past cases and the pools they were drawn from."""
    rng = random.Random(seed)
    operators = sorted({_name(rng) for _ in range(max(20, count // 20))})
    parties = sorted({_name(rng) + " CO" for _ in range(max(40, count // 5))})
    codes = [f"{rng.choice('OUZVL')}{rng.randrange(26**3):05d}"[:4] for _ in range(400)]
    cases = [
        PastCase(
            i + 1, f"case {i + 1}", rng.random() < 0.7, _traits(rng, operators, parties, codes)
        )
        for i in range(count)
    ]
    return cases, operators, parties, codes


def queries(cases, operators, parties, codes, count: int, seed: int = 17):
    """Half refiles of a case's tail (new callsign, date), half new aircraft."""
    rng = random.Random(seed)
    found = []
    for n in range(count):
        fresh = _traits(rng, operators, parties, codes)
        if n % 2 == 0:
            past = rng.choice(cases).traits
            tail = {t for t in past if t.kind in (TraitKind.ADDRESS, TraitKind.REGISTRATION)}
            fresh = frozenset(
                {t for t in fresh if t.kind not in (TraitKind.ADDRESS, TraitKind.REGISTRATION)}
                | tail
            )
        found.append(fresh)
    return found


def _per_query_ms(run, items) -> tuple[float, list]:
    answers = []
    start = time.thread_time()
    for item in items:
        answers.append(run(item))
    return (time.thread_time() - start) * 1000 / len(items), answers


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1_000, 10_000, 100_000])
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args()
    policy = load_policy().memory
    limit = policy.max_cases  # what the indicator asks for
    print(
        f"{'cases':>8} {'build s':>8} {'ours ms':>8} {'median':>7} {'p95':>7} "
        f"{'loop ms':>9} {'x':>6} {'kept ms':>9} {'x':>6}"
    )
    for size in args.sizes:
        cases, operators, parties, codes = synthetic(size)
        items = queries(cases, operators, parties, codes, args.queries)
        start = time.thread_time()
        memory = CaseMemory(cases)
        build_s = time.thread_time() - start
        # A long-lived index: keep the cyclic collector from rescanning it on every query
        # (a server or a run would do the same once the register is indexed).
        gc.collect()
        gc.freeze()
        memory.resemblances(items[0], policy, limit=limit)  # warm the blocker's plans
        times = []
        ours_answers = []
        for item in items:
            t0 = time.thread_time()
            ours_answers.append(memory.resemblances(item, policy, limit=limit))
            times.append((time.thread_time() - t0) * 1000)
        ours_ms = statistics.fmean(times)
        p95 = statistics.quantiles(times, n=20)[-1]
        loop_items = items[: max(4, args.queries * 1_000 // size)]
        loop_ms, loop_answers = _per_query_ms(
            lambda q, every=cases: resemblances_by_loop(q, every, policy, limit=limit), loop_items
        )
        if loop_answers != ours_answers[: len(loop_items)]:
            raise SystemExit(f"{size} cases: the index and the loop disagree")
        # The loop again, every case's profile kept ready: the cost of scoring alone.
        kept = [(case, _profile(case.traits)) for case in cases[:8192]]
        sample = kept[: min(len(kept), 2_000)]
        kept_ms, _ = _per_query_ms(
            lambda q, pairs=sample: [_compare(_profile(q), p, c, policy) for c, p in pairs],
            loop_items,
        )
        kept_ms *= size / len(sample)
        linked = sum(1 for a in ours_answers if a)
        print(
            f"{size:>8,} {build_s:>8.2f} {ours_ms:>8.3f} {statistics.median(times):>7.3f} "
            f"{p95:>7.3f} {loop_ms:>9.1f} {loop_ms / ours_ms:>5.0f}x "
            f"{kept_ms:>9.1f} {kept_ms / ours_ms:>5.0f}x   "
            f"({linked}/{len(items)} linked; loops over {len(loop_items)} queries)"
        )


if __name__ == "__main__":
    main()
