"""A story: a series of runs, each on its files at its own moment (``overflight/story``).

``story.yaml`` names the drafting particulars, the ask policy (``services.desk``) and the steps:

    title: …
    marking: (S//REL TO USA, TUR)     # optional: the marking of the cases the story opens
    drafting: {classified_by: …, point_of_contact: …, slugs: [...], signature: …,
               serial: STATE 43804, report_within_days: 8, concern: …}
    asks: {default: deny-overflight, unknown: monitor, min_crossing_km: 50}
    steps:
      - at: 2008-02-01T00:30:00Z     # the moment of the run
        note: what happens
        serial: STATE 56778           # optional: the number the step's telegrams start from
        files: [01-fpl.txt]           # relative to the story's folder
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from overflight.errors import InputError
from overflight.interdiction import AskPolicy
from overflight.markings import Marking, parse_portion
from overflight.screening import ReferenceData
from overflight.services.casework import CASE_MARKING, RunReport, run_files
from overflight.services.desk import desk_from
from overflight.services.drafting import DraftingDefaults
from overflight.store import Store
from overflight.textfile import read_text_file, yaml_data


@dataclass(frozen=True, slots=True)
class Step:
    """One step of a story."""

    at: datetime
    note: str
    files: tuple[Path, ...]
    serial: str = ""


@dataclass(frozen=True, slots=True)
class Story:
    """A titled series of steps and the drafting particulars they share."""

    title: str
    drafting: DraftingDefaults
    steps: tuple[Step, ...]
    asks: AskPolicy = field(default_factory=AskPolicy)
    case_marking: Marking = CASE_MARKING  # of the cases its runs open


def read_story(path: Path) -> Story:
    """Read ``story.yaml``.

    Raises:
        InputError: the file is missing, not YAML, or a step lacks its time or files.
        MarkingError: ``marking`` is not a portion mark.
    """
    try:
        data: Any = yaml_data(read_text_file(path))
    except yaml.YAMLError as err:
        raise InputError(str(path), f"not YAML: {err}") from None
    if not isinstance(data, dict) or not isinstance(data.get("steps"), list):
        raise InputError(str(path), "a story needs a list of steps")
    desk = desk_from(data, {}, source=str(path))
    steps = []
    for number, step in enumerate(data["steps"], start=1):
        if not isinstance(step, dict) or "at" not in step or not step.get("files"):
            raise InputError(f"{path}: step {number}", "needs 'at' and 'files'")
        at = step["at"] if isinstance(step["at"], datetime) else _time(str(step["at"]), path)
        steps.append(
            Step(
                at=at if at.tzinfo else at.replace(tzinfo=UTC),
                note=str(step.get("note", "")),
                files=tuple(path.parent / name for name in step["files"]),
                serial=str(step.get("serial", "")),
            )
        )
    marking = CASE_MARKING
    if data.get("marking"):
        marking = parse_portion(str(data["marking"]), source=f"{path}: marking")
    title = str(data.get("title", path.parent.name))
    return Story(title, desk.drafting, tuple(steps), desk.asks, marking)


def _time(text: str, path: Path) -> datetime:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        raise InputError(str(path), f"{text!r} is not an ISO 8601 time") from None


def play_story(
    store: Store, story: Story, reference: ReferenceData, drafts: Path, *, chokepoints: bool = False
) -> Iterator[tuple[Step, RunReport]]:
    """Run each step in turn; telegram serials carry on from step to step."""
    drafting = story.drafting
    for step in story.steps:
        if step.serial:
            drafting = replace(drafting, serial=step.serial)
        report, drafting = run_files(
            store,
            step.files,
            reference,
            drafts=drafts,
            drafting=drafting,
            now=step.at,
            chokepoints=chokepoints,
            asks=story.asks,
            case_marking=story.case_marking,
        )
        yield step, report
