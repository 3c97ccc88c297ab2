"""Read every telegram of the 2010 release corpus and compare it with the release's index.

The corpus (995 State Department telegrams, ``shared/data/cables-2010/``, with the release's own
``index.csv``: id, date, origin, classification, subject, tags) sits in the project's shared
folder, beside the checkout. This script is not a test: it reads each cable with the telegram
reader, prints per-field agreement with the index and every failure, and the share of cables read
with every header field. The index is a guide, not ground truth (its subjects keep portion marks
and are cut at the first line, its tags come from the release's links), so agreement is judged
leniently where the index is known to differ.

A cable is *read with every header field* when, for each field its text carries, the reader
returned it and (where the index has the field) agrees with the index: classification and
caveats, serial (station and number must spell the cable's id), the DTG and originator and at
least one action addressee (when the text has a header), every addressee a known post, the E.O.
line, TAGS, the subject, REFs and the Classified By line. Partial extracts are reported as such.

Run: ``PYTHONPATH=src python scripts/cable_corpus.py [--corpus PATH] [--show N]``.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from rich.console import Console
from rich.progress import track
from rich.table import Table

from overflight.cables import CableParseError, Telegram, parse_telegram
from overflight.cables.parse import read_classification_line
from overflight.markings import ClassificationLevel, Control

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "data" / "cables-2010"
FIELDS = (
    "classification",
    "caveats",
    "serial",
    "dtg",
    "origin",
    "action",
    "addressees",
    "eo",
    "tags",
    "subject",
    "refs",
    "classified_by",
)
_LEVELS = {
    "SECRET": ClassificationLevel.S,
    "CONFIDENTIAL": ClassificationLevel.C,
    "UNCLASSIFIED": ClassificationLevel.U,
    "TOP SECRET": ClassificationLevel.TS,
}
_EO_TEXT = re.compile(r"^\s*E\.?\s*O\.?\s*1\d{4}", re.IGNORECASE | re.MULTILINE)
_TAGS_TEXT = re.compile(r"^\s*(?:TAGS?|TAGE?S|TAS|TABS|TGS)\b", re.IGNORECASE | re.MULTILINE)
_REF_TEXT = re.compile(r"^\s*REF(?:S|TELS?)?\b\s*:?", re.IGNORECASE | re.MULTILINE)
_SUBJECT_TEXT = re.compile(r"\bSUBJ(?:ECT)?\s*:", re.IGNORECASE)
_CLASSIFIED_TEXT = re.compile(r"CLASSIFIED\s+BY\b", re.IGNORECASE)
_FM_TEXT = re.compile(r"^\s*FM\s+\S", re.MULTILINE)
_PORTION = re.compile(r"^\s*(?:SUBJECT:\s*)?\(?[A-Z/]{1,8}\)\s*|^\s*SUBJECT:\s*")
_WORDS = re.compile(r"[A-Z0-9]+")
_DTG_TEXT = re.compile(r"^\s*[ZOPR](?:\s+[ZOPR])?\s+(\d{2})(\d{2})(\d{2})Z\b.*$", re.MULTILINE)


@dataclass
class Outcome:
    """One cable: the fields it carries, those read in agreement, and why the others were not."""

    cable: str
    carried: set[str] = field(default_factory=set)
    failures: dict[str, str] = field(default_factory=dict)
    partial: bool = False
    error: str = ""
    index_wrong: dict[str, str] = field(default_factory=dict)  # failures the text disproves

    @property
    def complete(self) -> bool:
        """Read with every header field it carries."""
        return not self.error and not self.failures

    @property
    def complete_by_text(self) -> bool:
        """Complete once the failures where the text itself disproves the index are set aside."""
        return not self.error and set(self.failures) <= set(self.index_wrong)


def _words(text: str) -> list[str]:
    return _WORDS.findall(text.upper().replace("’", "'"))


def _subject_agrees(ours: str, index: str) -> bool:
    """The index subject, portion mark dropped, is a prefix of ours (it is cut at a line end)."""
    theirs = _words(_PORTION.sub("", index))
    mine = _words(ours)
    if not theirs:
        return True
    return mine[: len(theirs)] == theirs or (theirs[: len(mine)] == mine and len(mine) >= 3)


def _origin_agrees(telegram: Telegram, index: str) -> bool:
    if telegram.origin is None:
        return False
    name = telegram.origin.name
    words = index.upper().split()
    if words[0] == "EMBASSY":
        return name.startswith("AMEMBASSY ") and _city(name) == _city(" ".join(["X", *words[1:]]))
    if words[0] == "CONSULATE":
        return name.startswith("AMCONSUL ") and _city(name) == _city(" ".join(["X", *words[1:]]))
    wanted = {
        "US INTERESTS SECTION HAVANA": "USINT HAVANA",
        "MISSION USNATO": "USMISSION USNATO",
        "USEU BRUSSELS": "USEU BRUSSELS",
        "UNVIE": "USMISSION UNVIE VIENNA",
        "IRAN RPO DUBAI": "IRAN RPO DUBAI",
    }.get(" ".join(words), "")
    return name == wanted or any(name == alias for alias in telegram.origin.aliases)


def _city(name: str) -> str:
    return "".join(name.split()[1:]).replace("CITY", "")


def check_cable(cable: str, text: str, row: dict[str, str]) -> Outcome:
    """Read one cable and compare it with its index row."""
    outcome = Outcome(cable)
    try:
        telegram = parse_telegram(text, source=cable)
    except CableParseError as err:
        outcome.error = str(err)
        return outcome
    outcome.partial = telegram.extract
    fail = outcome.failures
    carried = outcome.carried
    carried.update({"classification", "caveats"})
    if not any("no classification line" in p.message for p in telegram.problems):
        carried.add("serial")  # texts without the line carry no serial
    level_word, _, caveat = row["classification"].partition("//")
    if telegram.classification is not _LEVELS.get(level_word):
        fail["classification"] = f"{telegram.classification.name} vs {row['classification']}"
    controls = set(telegram.controls)  # the captions' caveats and those of the portions
    for marking in (telegram.subject_marking, *(p.marking for p in telegram.paragraphs)):
        if marking is not None:
            controls |= marking.controls
    caveats = {  # the release writes SBU ("SENSITIVE") as FOR OFFICIAL USE ONLY
        "NOFORN": Control.NOFORN in controls,
        "FOR OFFICIAL USE ONLY": bool({Control.FOUO, Control.SBU} & controls),
    }
    if caveat and not caveats.get(caveat, False):
        fail["caveats"] = f"{caveat} not read"
    if "serial" not in carried:
        pass
    elif telegram.serial is None:
        fail["serial"] = "no serial"
    else:
        spelled = f"{telegram.serial.station.replace(' ', '')}{telegram.serial.number}"
        if spelled != cable[2:]:
            fail["serial"] = f"{telegram.serial.station} {telegram.serial.number} vs {cable}"
    if _FM_TEXT.search(text):
        carried.update({"dtg", "origin", "action", "addressees"})
        at = telegram.dtg.at.strftime("%Y-%m-%d %H") if telegram.dtg else "none"
        if at != row["date"][:13]:  # the index's minutes do not follow the DTG (see docs)
            fail["dtg"] = f"{at} vs {row['date']}"
        if not _origin_agrees(telegram, row["origin"]):
            got = telegram.origin.name if telegram.origin else "none"
            fail["origin"] = f"{got} vs {row['origin']}"
        if not telegram.action:
            fail["action"] = "no action addressee"
        unknown = [p.message for p in telegram.problems if "is not a post" in p.message]
        if unknown:
            fail["addressees"] = unknown[0]
    if _EO_TEXT.search(text):
        carried.add("eo")
        if telegram.declassification is None:
            fail["eo"] = "E.O. line not read"
    if _TAGS_TEXT.search(text) or row["tags"]:
        carried.add("tags")
        if not telegram.tags:
            fail["tags"] = "no TAGS"
        elif row["tags"] and not set(row["tags"].upper().split()) <= set(telegram.tags):
            missing = set(row["tags"].upper().split()) - set(telegram.tags)
            fail["tags"] = f"missing {sorted(missing)} in {list(telegram.tags)}"
    head = text.split("¶1.", 1)[0]
    if _SUBJECT_TEXT.search(head):
        carried.add("subject")
    if "subject" not in carried:
        pass
    elif not telegram.subject:
        fail["subject"] = "no subject"
    elif not _subject_agrees(telegram.subject, row["subject"]):
        fail["subject"] = f"{telegram.subject[:60]!r} vs {row['subject'][:60]!r}"
    if _REF_TEXT.search(head):
        carried.add("refs")
        if not telegram.refs:
            fail["refs"] = "REF line not read"
    if telegram.classification > ClassificationLevel.U and _CLASSIFIED_TEXT.search(text):
        carried.add("classified_by")
        if telegram.authority is None:
            fail["classified_by"] = "Classified By not read"
    outcome.index_wrong = _disproved(cable, text, telegram, row, fail)
    return outcome


def _disproved(
    cable: str, text: str, telegram: Telegram, row: dict[str, str], fail: dict[str, str]
) -> dict[str, str]:
    """The failures where the cable's own text shows the reader right and the index wrong.

    * The file holds another cable (its classification line's serial is not the file's id):
      release damage, every field of it.
    * The level or caveat: the text's banner spells the level read, and the caveat the index
      adds appears nowhere in the text.
    * The DTG: the header's own DTG line says what was read (the index's date came from
      elsewhere).
    """
    if "serial" in fail and telegram.serial is not None:
        held = f"{telegram.serial.station} {telegram.serial.number}"
        return {name: f"the file holds {held}" for name in fail}
    found: dict[str, str] = {}
    banner = next(
        (line for line in text.splitlines() if read_classification_line(line) is not None), ""
    )
    spelled = read_classification_line(banner) if banner else None
    if "classification" in fail and spelled and spelled.level is telegram.classification:
        found["classification"] = f"the text's banner reads {telegram.classification.name}"
    caveat = row["classification"].partition("//")[2]
    squeezed = text.upper().replace(" ", "")
    if "caveats" in fail and caveat and caveat.replace(" ", "") not in squeezed:
        found["caveats"] = f"{caveat} appears nowhere in the text"
    if "dtg" in fail and telegram.dtg is not None:
        dtg, at = _DTG_TEXT.search(text), telegram.dtg.at
        if dtg is not None and (int(dtg[1]), f"{dtg[2]}:{dtg[3]}") == (at.day, f"{at:%H:%M}"):
            found["dtg"] = f"the header's DTG line reads {dtg[0].strip()}"
    return found


def run(corpus: Path, console: Console, show: int) -> int:
    """Check the whole corpus; print the tables; return the exit code (0 when >= 99.5 %)."""
    with (corpus / "index.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["id"]: row for row in csv.DictReader(handle)}
    outcomes: list[Outcome] = []
    started = time.perf_counter()
    for cable in track(sorted(rows), description="reading", console=console):
        text = (corpus / f"{cable}.txt").read_text(encoding="utf-8")
        outcomes.append(check_cable(cable, text, rows[cable]))
    elapsed = time.perf_counter() - started
    table = Table(title=f"Per-field agreement with the index ({len(outcomes)} cables)")
    for column in ("field", "carried", "read and agree", "share"):
        table.add_column(column, justify="right" if column != "field" else "left")
    for name in FIELDS:
        carried = sum(1 for o in outcomes if name in o.carried and not o.error)
        good = sum(
            1 for o in outcomes if name in o.carried and not o.error and name not in o.failures
        )
        share = f"{100 * good / carried:.1f} %" if carried else "-"
        table.add_row(name, str(carried), str(good), share)
    console.print(table)
    complete = sum(1 for o in outcomes if o.complete)
    errors = [o for o in outcomes if o.error]
    partial = sum(1 for o in outcomes if o.partial)
    console.print(
        f"read with every header field: {complete}/{len(outcomes)} "
        f"({100 * complete / len(outcomes):.2f} %); errors {len(errors)}; "
        f"partial extracts {partial}; {len(outcomes) / elapsed:,.0f} cables/s"
    )
    by_text = [o for o in outcomes if o.complete_by_text]
    disproved = [o for o in outcomes if o.failures and set(o.failures) <= set(o.index_wrong)]
    judged = len(outcomes) - len(disproved)
    console.print(
        f"against the texts: {len(by_text) - len(disproved)}/{judged} "
        f"({100 * (len(by_text) - len(disproved)) / judged:.2f} %) of the cables whose index the "
        f"text does not disprove; {len(disproved)} cables set aside where it does"
    )
    by_field = Counter(name for o in outcomes for name in o.failures)
    console.print("failures by field: " + ", ".join(f"{k} {v}" for k, v in by_field.most_common()))
    shown = 0
    for outcome in outcomes:
        if outcome.complete or (show and shown >= show):
            continue
        shown += 1
        if outcome.error:
            console.print(f"[red]{outcome.cable}[/red] error: {outcome.error}", markup=True)
        for name, why in outcome.failures.items():
            disproof = outcome.index_wrong.get(name)
            note = f" (index disproved: {disproof})" if disproof else ""
            console.print(f"{outcome.cable} {name}: {why}{note}", markup=False, highlight=False)
    return 0 if len(by_text) - len(disproved) >= 0.995 * judged else 1


def main() -> int:
    """Parse the arguments and run the check."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS, help="corpus folder")
    parser.add_argument("--show", type=int, default=0, help="print at most N failing cables")
    args = parser.parse_args()
    if not (args.corpus / "index.csv").is_file():
        print(f"no corpus at {args.corpus} (expected index.csv there)", file=sys.stderr)
        return 2
    return run(args.corpus, Console(), args.show)


if __name__ == "__main__":
    sys.exit(main())
