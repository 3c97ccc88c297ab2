"""Golden files: what the ATS reader makes of a fixed corpus, checked in and compared.

The corpus (``golden/*.txt`` and the package's fixtures) holds the messages the tests use, hand-made
deviations and errors of every field, and a seeded synthetic feed. For each text the golden JSON
records every value the reader returns, with its class (a ``str`` where an enum was is a change),
the positions (spans, repairs, lines and columns), the errors, validation's problems, the canonical
text and the decoded route, in lenient and strict mode. A change that makes the reader faster
must leave them as they are.

After a deliberate change of behaviour, regenerate them and review the diff:

    PYTHONPATH=src .venv/bin/python tests/ats/test_golden.py
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import date, datetime, time
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from overflight.ats import (
    AtsMessage,
    format_message,
    parse_message,
    parse_messages,
    validate_messages,
)
from overflight.ats.field15 import decode_route
from overflight.ats.message import MessageOrigin
from overflight.ats.validation import validate_message
from overflight.errors import OverflightError, ParseError

HERE = Path(__file__).parent
GOLDEN = HERE / "golden"
REFERENCE = date(2026, 5, 1)  # the date two-digit DOF years resolve against
SEPARATOR = "%%"  # a line of its own between the entries of a file read message by message

# name -> (source text file, read as one feed (parse_messages) or entry by entry (parse_message))
CORPUS: dict[str, tuple[Path, bool]] = {
    "single": (GOLDEN / "single.txt", False),
    "single_feed": (GOLDEN / "single.txt", True),
    "synthetic": (GOLDEN / "synthetic.txt", True),
    "feed": (HERE / "fixtures" / "feed.txt", True),
    "reference_examples": (HERE / "fixtures" / "reference_examples.txt", True),
}


def describe(value: Any) -> Any:
    """``value`` as JSON data that keeps its classes: a dataclass, enum or date says what it is."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, Enum):
        return f"{type(value).__name__}.{value.name}"
    if isinstance(value, datetime | date | time):
        return {"@": type(value).__name__, "iso": value.isoformat()}
    if isinstance(value, tuple):
        return [describe(item) for item in value]
    if isinstance(value, list):
        return {"@": "list", "items": [describe(item) for item in value]}
    if isinstance(value, MessageOrigin):
        return {
            "@": "MessageOrigin",
            "source": value.source,
            "index": value.index,
            "offset": value.offset,
            "line": value.line,
            "column": value.column,
            "fields": [
                [span.field, span.text, span.offset, *value.locate(span.offset)]
                for span in value.fields
            ],
            "repairs": [
                [repair.field, repair.offset, repair.message, *value.locate(repair.offset)]
                for repair in value.repairs
            ],
        }
    if isinstance(value, ParseError):
        data = {"@": type(value).__name__, "str": str(value)}
        for name in ("message_index", "field_number", "offset", "fatal"):
            if hasattr(value, name):
                data[name] = getattr(value, name)
        return data
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        data = {"@": type(value).__name__}
        for item in dataclasses.fields(value):
            data[item.name] = describe(getattr(value, item.name))
        return data
    raise TypeError(f"no golden form for {type(value).__name__}")


def _attempt(action: Callable[[], Any]) -> Any:
    """What ``action`` returns, or the error it raises (as the golden file has it)."""
    try:
        return describe(action())
    except OverflightError as error:
        return {"error": describe(error)}


def _message(message: AtsMessage) -> dict[str, Any]:
    hash(message)  # frozen all the way down
    route = message.route
    return {
        "message": describe(message),
        "canonical": _attempt(lambda: format_message(message)),
        "problems": _attempt(lambda: validate_message(message)),
        "route": None if route is None else _attempt(lambda: decode_route(route)),
    }


def _one(text: str, source: str, strict: bool) -> Any:
    try:
        message = parse_message(text, source, strict=strict, reference=REFERENCE)
    except ParseError as error:
        return {"error": describe(error)}
    return _message(message)


def _feed(text: str, source: str, strict: bool) -> dict[str, Any]:
    messages, errors = parse_messages(text, source, strict=strict, reference=REFERENCE)
    accepted, problems = validate_messages(messages, strict=strict)
    return {
        "messages": [_message(message) for message in messages],
        "errors": describe(errors),
        "accepted": len(accepted),
        "problems": describe(problems),
    }


def entries(text: str) -> list[str]:
    """The entries of a file read message by message (separated by ``%%`` lines)."""
    parts: list[list[str]] = [[]]
    for line in text.splitlines(keepends=True):
        if line.rstrip("\r\n") == SEPARATOR:
            parts.append([])
        else:
            parts[-1].append(line)
    return ["".join(part) for part in parts]


def read_corpus(name: str) -> dict[str, Any]:
    """What the reader makes of one corpus text, in both modes."""
    path, as_feed = CORPUS[name]
    # newline="": CRLF line ends reach the reader as written
    with path.open(encoding="utf-8", newline="") as file:
        text = file.read()
    if as_feed:
        text = "\n".join(entries(text))
        return {mode: _feed(text, path.name, mode == "strict") for mode in ("lenient", "strict")}
    return {
        "entries": [
            {
                "text": entry,
                "lenient": _one(entry, f"{path.name}#{number}", False),
                "strict": _one(entry, f"{path.name}#{number}", True),
            }
            for number, entry in enumerate(entries(text), start=1)
        ]
    }


def _as_json(data: Any, depth: int = 0) -> str:
    """JSON with one message or entry a line, so that a diff names the records that changed."""
    if depth == 3 or not isinstance(data, dict | list):
        return json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    pad = " " * (depth + 1)
    if isinstance(data, list):
        items = [pad + _as_json(item, 3) for item in data]
        return "[\n" + ",\n".join(items) + "\n" + pad[:-1] + "]" if items else "[]"
    items = [f"{pad}{json.dumps(key)}: {_as_json(value, depth + 1)}" for key, value in data.items()]
    text = "{\n" + ",\n".join(items) + "\n" + pad[:-1] + "}"
    return text + "\n" if depth == 0 else text


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_reader_output_is_the_golden_one(name: str) -> None:
    golden_path = GOLDEN / f"{name}.json"
    expected = json.loads(golden_path.read_text(encoding="utf-8"))
    actual = json.loads(_as_json(read_corpus(name)))
    if "entries" in expected:
        assert len(actual["entries"]) == len(expected["entries"])
        for got, want in zip(actual["entries"], expected["entries"], strict=True):
            assert got == want, f"{name}: entry {want['text']!r} reads differently"
    else:
        for mode in ("lenient", "strict"):
            assert actual[mode]["errors"] == expected[mode]["errors"], f"{name} {mode}: errors"
            assert len(actual[mode]["messages"]) == len(expected[mode]["messages"])
            for number, (got, want) in enumerate(
                zip(actual[mode]["messages"], expected[mode]["messages"], strict=True), start=1
            ):
                assert got == want, f"{name} {mode}: message {number} reads differently"
            assert actual[mode] == expected[mode]


def test_the_corpus_covers_errors_repairs_and_every_title() -> None:
    single = json.loads((GOLDEN / "single.json").read_text(encoding="utf-8"))["entries"]
    lenient = [entry["lenient"] for entry in single]
    read = [result["message"] for result in lenient if "message" in result]
    assert len(lenient) - len(read) >= 30
    assert sum(bool(message["origin"]["repairs"]) for message in read) >= 5
    titles = {message["title"] for message in read}
    assert len(titles) == 15


def write_golden() -> None:
    """Regenerate every golden file from the corpus (review the diff before committing)."""
    for name in sorted(CORPUS):
        (GOLDEN / f"{name}.json").write_text(_as_json(read_corpus(name)), encoding="utf-8")
        print(f"wrote {GOLDEN / name}.json")


if __name__ == "__main__":
    write_golden()
