"""ATS message parsing throughput: overflight.ats against pycontrails' parse_atc_plan.

Generates a seeded stream of realistic messages (FPLs with wrapped field 15/18 lines, AFTN headers,
then DLA, CHG, CNL, DEP and ARR for some of them), times ``parse_messages`` on the whole stream and
``parse_message`` per FPL, and times pycontrails' ``parse_atc_plan`` on the FPLs both can read.
If pycontrails is not installed, a naive regex-split reader written here stands in for it.

Run: .venv/bin/python bench/bench_ats_parse.py [--messages 12000] [--seed 4444]
"""

from __future__ import annotations

import argparse
import random
import re
import textwrap
from collections.abc import Callable
from timeit import repeat

from overflight.ats import (
    decode_route,
    link_messages,
    parse_message,
    parse_messages,
    validate_messages,
)

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


def best(action: Callable[[], object], rounds: int) -> float:
    """Seconds of the fastest of ``rounds`` runs (the machine is shared; the minimum is stable)."""
    return min(repeat(action, number=1, repeat=rounds))


def main() -> None:
    arguments = argparse.ArgumentParser(description=__doc__)
    arguments.add_argument("--messages", type=int, default=12_000)
    arguments.add_argument("--seed", type=int, default=4444)
    arguments.add_argument("--repeat", type=int, default=5)
    options = arguments.parse_args()
    feed, fpls = generate(options.messages, options.seed)
    rounds = options.repeat

    messages, errors = parse_messages(feed, "bench")
    print(f"generated {len(messages):,} messages ({len(fpls):,} FPL), {len(errors)} rejected")
    seconds = best(lambda: parse_messages(feed, "bench"), rounds)
    print(f"parse_messages (whole feed): {len(messages) / seconds:,.0f} messages/s")

    fpl_feed = "\n".join(fpls)
    seconds = best(lambda: parse_messages(fpl_feed, "bench"), rounds)
    print(f"parse_messages (FPLs only): {len(fpls) / seconds:,.0f} FPL/s")

    name, incumbent = _incumbent()
    both = []
    for text in fpls:
        try:
            theirs = incumbent(text)
        except Exception:  # the incumbent's failures are just not compared
            continue
        if theirs.get("callsign") == parse_message(text).aircraft_id:
            both.append(text)
    ours = best(lambda: [parse_message(t) for t in both], rounds)
    theirs_s = best(lambda: [incumbent(t) for t in both], rounds)
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
