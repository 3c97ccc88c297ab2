"""Telegrams parsed per second: the full parser against a plain regex line scan.

The corpus is seeded: random telegrams (posts from the ACP 117 table, marked paragraphs,
bullets, headings, references) rendered to text. The baseline only finds the DTG, the
classification line and each paragraph's portion-mark text; the parser builds the whole model,
resolves posts and checks markings.

Run: .venv/bin/python bench/bench_cable_parse.py
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime, timedelta
from timeit import timeit

from overflight.cables import (
    POSTS,
    Bullet,
    CableReference,
    Heading,
    Paragraph,
    Serial,
    Telegram,
    parse_telegram,
    render_telegram,
)
from overflight.cables.model import Addressee, Dtg, Precedence
from overflight.cables.posts import post_named
from overflight.markings import (
    ClassificationAuthority,
    ClassificationLevel,
    Declassification,
    DeclassKind,
    parse_portion,
)
from overflight.markings.authority import Reasons

WORDS = [
    "the",
    "flight",
    "cargo",
    "posts",
    "airspace",
    "host",
    "nation",
    "missile",
    "cooperation",
    "overflight",
    "permit",
]
MARKS = ["(S//REL Recipients)", "(S/NF)", "(C)", "(U)", "(S//REL TO USA, TUR)", "(SBU)"]
POST_CHOICES = [post_named(p.name) for p in POSTS if p.country]


def sentence(rng: random.Random) -> str:
    return " ".join(rng.choices(WORDS, k=rng.randint(6, 30))).capitalize() + "."


def random_telegram(rng: random.Random) -> Telegram:
    at = datetime(2008, 1, 1, tzinfo=UTC) + timedelta(minutes=rng.randint(0, 900_000))
    body: list[Heading | Paragraph] = []
    for number in range(1, rng.randint(3, 12)):
        if rng.random() < 0.3:
            body.append(Heading(rng.choice(["OBJECTIVES", "BACKGROUND", "TALKING POINTS"])))
        bullets = tuple(Bullet(sentence(rng)) for _ in range(rng.randint(0, 4)))
        body.append(Paragraph(number, parse_portion(rng.choice(MARKS)), sentence(rng), bullets))
    return Telegram(
        classification=ClassificationLevel.S,
        serial=Serial("STATE", rng.randint(1, 999_999)),
        dtg=Dtg(Precedence.IMMEDIATE, at),
        origin=post_named("SECSTATE WASHDC"),
        action=tuple(
            Addressee(post, Precedence.IMMEDIATE)
            for post in rng.sample(POST_CHOICES, rng.randint(1, 8))
        ),
        declassification=Declassification(
            "12958", DeclassKind.DATE, on=at.date().replace(year=at.year + 10, day=1)
        ),
        tags=("PARM", "PREL", "MNUC"),
        subject=" ".join(rng.choices(WORDS, k=8)).upper(),
        refs=tuple(CableReference(letter, "STATE", rng.randint(1, 99_999)) for letter in "ABC"),
        authority=ClassificationAuthority("ISN Acting DAS", Reasons("1.4", ("b", "d"))),
        body=tuple(body),
        signature="RICE",
    )


_NAIVE_DTG = re.compile(r"^[ZOPR] \d{6}Z [A-Z]{3} \d{2}$")
_NAIVE_CLASS = re.compile(r"^(S E C R E T|C O N F I D E N T I A L|UNCLAS)\b")
_NAIVE_PARA = re.compile(r"^(\d+)\. (\([^)]*\))")


def naive_scan(text: str) -> tuple[str, str, list[tuple[str, str]]]:
    dtg = level = ""
    marks: list[tuple[str, str]] = []
    for line in text.splitlines():
        if not dtg and _NAIVE_DTG.match(line):
            dtg = line
        elif not level and (m := _NAIVE_CLASS.match(line)):
            level = m.group(1)
        elif m := _NAIVE_PARA.match(line):
            marks.append((m.group(1), m.group(2)))
    return dtg, level, marks


def main() -> None:
    rng = random.Random(20081)
    corpus = [render_telegram(random_telegram(rng)) for _ in range(300)]
    rounds = 3
    parse_telegram(corpus[0])  # warm caches (post table, country lookups)
    ours = timeit(lambda: [parse_telegram(text) for text in corpus], number=rounds)
    naive = timeit(lambda: [naive_scan(text) for text in corpus], number=rounds)
    count = len(corpus) * rounds
    lines = sum(text.count("\n") for text in corpus) / len(corpus)
    print(f"corpus: {len(corpus)} telegrams, {lines:.0f} lines each on average")
    print(f"parse_telegram: {count / ours:,.0f} telegrams/s")
    print(f"naive regex line scan: {count / naive:,.0f} telegrams/s")
    print(f"the full parser takes {ours / naive:.1f}x the time of the naive scan")


if __name__ == "__main__":
    main()
