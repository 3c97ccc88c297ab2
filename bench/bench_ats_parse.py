"""ATS message parsing throughput: overflight.ats against pycontrails' parse_atc_plan.

Generates a seeded stream of realistic messages (FPLs with wrapped field 15/18 lines, AFTN headers,
then DLA, CHG, CNL, DEP and ARR for some of them), times ``parse_messages`` on the whole stream and
``parse_message`` per FPL, and times pycontrails' ``parse_atc_plan`` on the FPLs both can read
(pycontrails is the ``bench`` extra, for this comparison only). If it is not installed, a naive
regex-split reader written here stands in for it.

Times are CPU seconds of this process (``time.process_time``), the best of ``--repeat`` runs:
the machine is shared, and CPU time stays steadier under load than wall time. Every run starts
with the reader's memos empty (``forget_remembered``), as a fresh process would.

The reader builds the field spans when they are first read;
"every value then read" times reading a feed and then every value of every message.

``--against SRC`` also loads another checkout's ``src`` folder (a baseline: e.g. a worktree of
main) in this same process and times both readers in turn, run for run, on the same texts, so
that a speed change is measured side by side under the same load.

Run: .venv/bin/python bench/bench_ats_parse.py [--messages 12000] [--seed 4444] [--against SRC]
"""

from __future__ import annotations

import argparse
import importlib
import random
import re
import statistics
import sys
import textwrap
import time
from collections.abc import Callable
from types import ModuleType
from typing import Any

from overflight.ats import link_messages, parse_message, parse_messages, validate_messages
from overflight.ats.field15 import decode_route
from overflight.ats.parser import forget_remembered

AERODROMES = [
    "ZKPY",
    "OSDI",
    "OIIE",
    "UTTT",
    "UAAA",
    "LTBA",
    "EGLL",
    "KATL",
    "VTBS",
    "NZAA",
    "OMDB",
    "ZBAA",
    "UUEE",
    "EDDF",
    "LFPG",
]
AIRWAYS = [
    "UL975",
    "A480",
    "B450",
    "G3",
    "R11",
    "UN644",
    "J4",
    "Q21",
    "M23",
    "UM688",
    "A909",
    "B215",
    "L888",
    "W66",
]
POINTS = [
    "SANKO",
    "GUXIB",
    "HARVS",
    "SAVER",
    "RIKAL",
    "REVNU",
    "TOLGA",
    "BIKTA",
    "DOKAM",
    "ERGUN",
    "MOLAK",
]
TYPES = (("IL76", "H"), ("B763", "H"), ("A320", "M"), ("AN12", "M"), ("B744", "H"), ("C172", "L"))
OPERATORS = ("AIR KORYO", "IRAN AIR", "SYRIANAIR", "SMART FLIGHT", "DAL")


def _route(rng: random.Random) -> str:
    words = ["DCT" if rng.random() < 0.5 else f"{rng.choice(POINTS)}1A"]
    for _ in range(rng.randint(3, 14)):
        kind = rng.random()
        if kind < 0.45:
            words += [rng.choice(POINTS), rng.choice(AIRWAYS)]
        elif kind < 0.75:
            lat, lon = rng.randint(0, 89), rng.randint(0, 179)
            words += [f"{lat:02d}{rng.choice('NS')}{lon:03d}{rng.choice('EW')}", "DCT"]
        elif kind < 0.9:
            lat, lon = rng.randint(0, 89), rng.randint(0, 179)
            fine = f"{lat:02d}{rng.randint(0, 59):02d}N{lon:03d}{rng.randint(0, 59):02d}E"
            words += [fine, "DCT"]
        else:
            words += [f"{rng.choice(POINTS)}/N0{rng.randint(400, 499)}F{rng.randint(30, 41)}0"]
    words.append(rng.choice(POINTS))
    return " ".join(words)


def generate(count: int, seed: int) -> tuple[str, list[str]]:
    """A feed of about ``count`` messages, and the FPL texts within it."""
    rng = random.Random(seed)
    chunks: list[str] = []
    fpls: list[str] = []
    number = 0
    while len(chunks) < count:
        number += 1
        ident = f"{rng.choice(('KOR', 'IRA', 'SYR', 'DAL', 'QFA'))}{number % 10000}"
        dep, dest = rng.sample(AERODROMES, 2)
        actype, wake = rng.choice(TYPES)
        eobt = f"{rng.randint(0, 23):02d}{rng.randint(0, 59):02d}"
        dof = f"26{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}"
        eet = " ".join(
            f"{rng.choice(AERODROMES)}{rng.randint(0, 9):02d}{rng.randint(0, 59):02d}"
            for _ in range(rng.randint(1, 5))
        )
        field18 = (
            f"PBN/B1D1 DOF/{dof} REG/P{rng.randint(100, 999)} EET/{eet} "
            f"CODE/{rng.randint(0, 2**24 - 1):06X} OPR/{rng.choice(OPERATORS)} RMK/CARGO N/A"
        )
        route = "\n".join(
            textwrap.wrap(f"N0{rng.randint(400, 499)}F{rng.randint(30, 41)}0 {_route(rng)}", 68)
        )
        fpl = (
            f"(FPL-{ident}-IS\n-{actype}/{wake}-SDFGIRY/S\n-{dep}{eobt}\n-{route}\n"
            f"-{dest}{rng.randint(1, 14):02d}{rng.randint(0, 59):02d} {rng.choice(AERODROMES)}\n"
            f"-{textwrap.fill(field18, 68)})"
        )
        fpls.append(fpl)
        chunks.append(f"FF {dest}ZQZX\n{rng.randint(10, 28)}{eobt} {dep}ZPZX\n{fpl}\n")
        key = f"{ident}-{dep}{eobt}-{dest}-DOF/{dof}"
        for title in rng.sample(("DLA", "CHG", "DEP", "ARR", "CNL"), rng.randint(0, 3)):
            if title == "DLA":
                chunks.append(f"(DLA-{ident}-{dep}{rng.randint(0, 23):02d}30-{dest}-DOF/{dof})\n")
            elif title == "CHG":
                chunks.append(f"(CHG-{key}-16/{dest}0900 {rng.choice(AERODROMES)})\n")
            elif title == "DEP":
                chunks.append(
                    f"(DEP-{ident}/A{rng.randint(0, 0o7777):04o}-{dep}{eobt}-{dest}-DOF/{dof})\n"
                )
            elif title == "ARR":
                chunks.append(f"(ARR-{ident}-{dep}-{dest}{rng.randint(0, 23):02d}00)\n")
            else:
                chunks.append(f"(CNL-{key})\n")
    return "".join(chunks), fpls


_NAIVE_FIELDS = re.compile(r"\s*-\s*")


def naive_parse(text: str) -> dict[str, str]:
    """The obvious alternative: split on hyphens and slice fields by position, no checking."""
    fields = _NAIVE_FIELDS.split(" ".join(text.strip("()\n").split()))
    speed_level, _, route = fields[5].partition(" ")
    return {
        "callsign": fields[1].split("/")[0],
        "rules": fields[2],
        "type": fields[3],
        "equipment": fields[4],
        "departure": fields[5][:4],
        "cruise": speed_level,
        "route": route,
        "destination": fields[6][:4],
        "other": fields[7] if len(fields) > 7 else "",
    }


def _incumbent() -> tuple[str, Callable[[str], dict[str, str]]]:
    try:
        from pycontrails.core.flightplan import parse_atc_plan
    except ImportError:
        return "naive regex split (pycontrails not installed)", naive_parse
    return "pycontrails.core.flightplan.parse_atc_plan", parse_atc_plan


def best(
    action: Callable[[], object], rounds: int, before: Callable[[], None] | None = None
) -> float:
    """CPU seconds of the fastest of ``rounds`` runs (``before`` runs untimed before each)."""
    fastest = float("inf")
    for _ in range(rounds):
        if before is not None:
            before()
        start = time.process_time()
        action()
        fastest = min(fastest, time.process_time() - start)
    return fastest


def load_baseline(src: str) -> ModuleType:
    """``overflight.ats`` of the checkout whose source folder is ``src``, beside this one's.

    Its modules are imported first and then renamed in ``sys.modules`` (``baseline.overflight…``),
    so that this checkout's modules, imported already, stay as they are.
    """
    ours = {name: sys.modules.pop(name) for name in list(sys.modules) if _ours(name)}
    sys.path.insert(0, src)
    try:
        module = importlib.import_module("overflight.ats")
    finally:
        sys.path.remove(src)
        for name in [name for name in sys.modules if _ours(name)]:
            sys.modules[f"baseline.{name}"] = sys.modules.pop(name)
        sys.modules.update(ours)
    return module


def _baseline_forget() -> Callable[[], None] | None:
    """The baseline's ``forget_remembered``, if it has memos to forget."""
    parser = sys.modules.get("baseline.overflight.ats.parser")
    forget: Callable[[], None] | None = getattr(parser, "forget_remembered", None)
    return forget


def _ours(name: str) -> bool:
    return name == "overflight" or name.startswith("overflight.")


_SLICE = 200  # FPLs (with what follows them in the feed) per timed slice of --against


def read_everything(messages: tuple[Any, ...]) -> None:
    """Every value of every message read: field 18's indicators and the field spans are typed
    and built on first access, so a reader that reads it all pays for them here."""
    for message in messages:
        hash(message)  # every compared value, field 18's indicators too
        _ = message.origin.fields


def _cases(ats: Any, groups: list[str], fpls: list[str]) -> dict[str, Callable[[], object]]:
    feed, fpl_feed = "".join(groups), "\n".join(fpls)
    return {
        "parse_messages, whole feed": lambda: ats.parse_messages(feed, "bench"),
        "parse_messages, FPLs only": lambda: ats.parse_messages(fpl_feed, "bench"),
        "parse_message, one call per FPL": lambda: [ats.parse_message(t, "bench") for t in fpls],
        "parse_messages, FPLs, every value then read": lambda: read_everything(
            ats.parse_messages(fpl_feed, "bench")[0]
        ),
    }


def side_by_side(src: str, feed: str, fpls: list[str], messages: int, rounds: int) -> None:
    """This checkout's reader and the one in ``src`` on the same slices, in turn (A B B A …).

    Each slice takes ~10-50 ms, so both readers of a pair meet nearly the same load; the ratio
    is taken pair by pair and its median given, with the CPU seconds summed over every slice.
    Memos are forgotten at the start of each pass over the corpus.
    """
    baseline = load_baseline(src)
    import overflight.ats as ours_module

    # an FPL with its header and the messages that follow it
    groups = [group for group in re.split(r"(?m)^(?=FF )", feed) if group]
    slices = [
        (
            _cases(ours_module, groups[at : at + _SLICE], fpls[at : at + _SLICE]),
            _cases(baseline, groups[at : at + _SLICE], fpls[at : at + _SLICE]),
        )
        for at in range(0, len(fpls), _SLICE)
    ]
    totals = {name: [0.0, 0.0] for name in slices[0][0]}
    ratios: dict[str, list[float]] = {name: [] for name in totals}
    for _ in range(rounds):
        for forget in (forget_remembered, _baseline_forget()):
            if forget is not None:
                forget()
        for number, (ours, theirs) in enumerate(slices):
            for name in totals:
                pair = [0.0, 0.0]
                for side in (0, 1) if number % 2 == 0 else (1, 0):
                    action = (ours, theirs)[side][name]
                    start = time.process_time()
                    action()
                    pair[side] = time.process_time() - start
                totals[name][0] += pair[0]
                totals[name][1] += pair[1]
                ratios[name].append(pair[1] / pair[0])
    print(
        f"side by side with {src} ({rounds} passes, {len(slices)} slices each, in turn; "
        "CPU seconds summed; ratio: median of the slices' baseline/this):"
    )
    for name, (mine, other) in totals.items():
        count = rounds * (messages if "whole" in name else len(fpls))
        unit = "messages/s" if "whole" in name else "FPL/s"
        print(
            f"  {name}: this {count / mine:,.0f} {unit}, baseline {count / other:,.0f} {unit},"
            f" {statistics.median(ratios[name]):.2f}x"
        )


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--messages", type=int, default=12_000)
    arguments.add_argument("--seed", type=int, default=4444)
    arguments.add_argument("--repeat", type=int, default=5)
    arguments.add_argument("--against", metavar="SRC", help="another checkout's src folder")
    options = arguments.parse_args()
    feed, fpls = generate(options.messages, options.seed)
    rounds = options.repeat
    cold = forget_remembered

    messages, errors = parse_messages(feed, "bench")
    print(f"generated {len(messages):,} messages ({len(fpls):,} FPL), {len(errors)} rejected")
    if options.against:
        side_by_side(options.against, feed, fpls, len(messages), rounds)
    seconds = best(lambda: parse_messages(feed, "bench"), rounds, cold)
    print(f"parse_messages (whole feed): {len(messages) / seconds:,.0f} messages/s")

    fpl_feed = "\n".join(fpls)
    seconds = best(lambda: parse_messages(fpl_feed, "bench"), rounds, cold)
    print(f"parse_messages (FPLs only): {len(fpls) / seconds:,.0f} FPL/s")
    seconds = best(lambda: read_everything(parse_messages(fpl_feed, "bench")[0]), rounds, cold)
    print(f"parse_messages (FPLs only), every value then read: {len(fpls) / seconds:,.0f} FPL/s")

    name, incumbent = _incumbent()
    both = []
    for text in fpls:
        try:
            theirs = incumbent(text)
        except Exception:  # the incumbent's failures are just not compared
            continue
        if theirs.get("callsign") == parse_message(text).aircraft_id:
            both.append(text)
    # one after the other, round by round, so that both see the same load
    ours = theirs_s = float("inf")
    for _ in range(rounds):
        ours = min(ours, best(lambda: [parse_message(t) for t in both], 1, cold))
        theirs_s = min(theirs_s, best(lambda: [incumbent(t) for t in both], 1))
    print(f"FPLs both read: {len(both):,} of {len(fpls):,}")
    print(f"overflight parse_message: {len(both) / ours:,.0f} FPL/s (typed, checked, positions)")
    print(f"{name}: {len(both) / theirs_s:,.0f} FPL/s (dict of strings)")
    print(f"ratio overflight / incumbent: {theirs_s / ours:.2f}x")

    fpl_messages = [m for m in messages if m.route is not None]
    seconds = best(lambda: validate_messages(messages), rounds)
    print(f"validate_messages: {len(messages) / seconds:,.0f} messages/s")
    seconds = best(lambda: [decode_route(m.route) for m in fpl_messages], rounds)
    print(f"decode_route: {len(fpl_messages) / seconds:,.0f} routes/s")
    seconds = best(lambda: link_messages(messages), rounds)
    linked = link_messages(messages)
    print(
        f"link_messages: {len(messages) / seconds:,.0f} messages/s "
        f"({len(linked.flights):,} flights, {len(linked.unmatched):,} unmatched)"
    )


if __name__ == "__main__":
    main()
