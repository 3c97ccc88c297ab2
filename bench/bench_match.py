"""Name queries against the real OFAC + UN lists and a seeded synthetic list: index vs brute force.

Brute force is ``rapidfuzz.process.extract`` with ``token_sort_ratio`` over every name's
comparable form (the same text and scorer our index scores with), cutoff 80, limit 10.
Printed per list: build time and the name index's array memory; index and brute-force query
rates and their ratio; three recalls against brute force:

- blocking: names brute force scores >= 80 (all of them, no limit) that are candidates;
- entities: brute force's top-10 entities that ``match_name(limit=10)`` returns;
- entities kept by our rules: the same, leaving out hits that the scoring rules (weak alias
  x0.8, different numbers x0.7) take below 0.80 on purpose.

Run: ``.venv/bin/python bench/bench_match.py [--synthetic N]``; ``--synthetic 0`` times the real
lists only (seconds, not the minutes and gigabytes of the default million names).
"""

from __future__ import annotations

import argparse
import itertools
import os
import random
import resource
import time
from pathlib import Path

from rapidfuzz import fuzz, process

from overflight.watchlist import Entity, NameKind, Schema, WatchlistIndex, analyse_name
from overflight.watchlist.entity import EntityName, SourceList
from overflight.watchlist.ofac_csv import load_ofac_csv
from overflight.watchlist.scoring import score_names
from overflight.watchlist.un_xml import load_un_xml

LISTS = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "lists"
SEED = 20261129
CUTOFF = 80


def perturb(name: str, rng: random.Random) -> str:
    """A realistic variant: one letter changed, dropped or doubled, or the words reordered."""
    words = name.split()
    move = rng.randrange(3)
    if move == 0 and len(words) > 1:
        rng.shuffle(words)
        return " ".join(words)
    pos = rng.randrange(len(name))
    if move == 1:
        return name[:pos] + name[pos + 1 :]
    return name[:pos] + rng.choice("AEIOUNRS") + name[pos:]


def synthetic(count: int, rng: random.Random) -> list[Entity]:
    """Seeded organisation-like names from a Zipf-weighted vocabulary of invented words."""
    syllables = [c + v for c in "BCDGHJKLMNPRSTVYZ" for v in ("A", "E", "I", "O", "U", "AE", "YO")]
    vocab = sorted({"".join(rng.choices(syllables, k=rng.randint(2, 4))) for _ in range(60_000)})
    cumulative = list(itertools.accumulate(1.0 / (rank + 1) ** 0.8 for rank in range(len(vocab))))
    forms = [
        "TRADING",
        "SHIPPING",
        "INDUSTRIAL",
        "GROUP",
        "BANK",
        "AIR",
        "CORPORATION",
        "CO",
        "LTD",
    ]
    entities = []
    for number in range(count):
        words = rng.choices(vocab, cum_weights=cumulative, k=rng.randint(2, 4))
        if rng.random() < 0.5:
            words.append(rng.choice(forms))
        entities.append(
            Entity(
                id=f"syn-{number}",
                schema=Schema.ORGANISATION,
                names=(EntityName(" ".join(words), NameKind.PRIMARY),),
                source=SourceList.OPENSANCTIONS,
                source_ref=str(number),
            )
        )
    return entities


def run(
    label: str, entities: list[Entity], queries: int, brute_queries: int, rng: random.Random
) -> None:
    started = time.perf_counter()
    index = WatchlistIndex.build(entities)
    build_s = time.perf_counter() - started
    names = [(e.id, n) for e in entities for n in e.names]
    texts = [analyse_name(name.text).text for _, name in names]
    owners = [owner for owner, _ in names]
    sample = [perturb(name.text, rng) for _, name in rng.sample(names, queries)]
    started = time.perf_counter()
    for query in sample:
        index.match_name(query, limit=10)
    ours_s = (time.perf_counter() - started) / queries
    started = time.perf_counter()
    truths = [
        process.extract(
            analyse_name(query).text,
            texts,
            scorer=fuzz.token_sort_ratio,
            score_cutoff=CUTOFF,
            limit=10,
        )
        for query in sample[:brute_queries]
    ]
    brute_s = (time.perf_counter() - started) / brute_queries
    blocked = within = found = wanted = kept_found = kept = 0
    for query, hits in zip(sample, truths, strict=False):
        form = analyse_name(query)
        everything = process.extract(
            form.text, texts, scorer=fuzz.token_sort_ratio, score_cutoff=CUTOFF, limit=None
        )
        candidates = {index.indexed_name(i)[1].text for i in index.candidates(form, count=None)}
        within += len(everything)
        blocked += sum(names[i][1].text in candidates for _, _, i in everything)
        ours = {m.entity.id for m in index.match_name(query, limit=10)}
        truth = {owners[i] for _, _, i in hits}
        rules = {
            owners[i]
            for _, _, i in hits
            if score_names(form, analyse_name(names[i][1].text), names[i][1].kind)[0] >= 0.8
        }
        wanted += len(truth)
        found += len(truth & ours)
        kept += len(rules)
        kept_found += len(rules & ours)
    memory_mb = index.name_index_bytes / 1e6
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"{label}: {len(entities):,} entities, {len(names):,} names")
    print(f"  built in {build_s:.1f} s; name index arrays {memory_mb:.1f} MB", end="; ")
    print(f"peak RSS {peak_mb:.0f} MB")
    print(f"  index       {1 / ours_s:10,.0f} q/s {ours_s * 1e3:8.3f} ms/query ({queries} queries)")
    print(f"  brute force {1 / brute_s:10,.1f} q/s {brute_s * 1e3:8.3f} ms/query ({brute_queries})")
    print(f"  speed-up {brute_s / ours_s:,.0f}x")
    print(f"  recall vs brute force: blocking {blocked}/{within} = {blocked / max(within, 1):.3f}")
    print(f"    entities {found}/{wanted} = {found / max(wanted, 1):.3f}", end="; ")
    print(f"entities our rules keep {kept_found}/{kept} = {kept_found / max(kept, 1):.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--synthetic", type=int, default=1_000_000, help="synthetic names (0: real lists only)"
    )
    args = parser.parse_args()
    print(f"{os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    rng = random.Random(SEED)
    folder = LISTS / "ofac-sdn-2021-07"
    ofac, _ = load_ofac_csv(folder / "sdn.csv", folder / "alt.csv", folder / "add.csv")
    un, _ = load_un_xml(LISTS / "un-consolidated-2026-02" / "UN_consolidated.xml")
    run("OFAC SDN 2021-07 + UN 2026-02", [*ofac, *un], queries=2000, brute_queries=200, rng=rng)
    if args.synthetic > 0:
        run(
            f"synthetic (seed {SEED})",
            synthetic(args.synthetic, rng),
            queries=500,
            brute_queries=10,
            rng=rng,
        )
    print(f"load average {os.getloadavg()[0]:.2f} at end")


if __name__ == "__main__":
    main()
