"""Read ATS messages: one (``parse_message``) or a whole feed (``parse_messages``).

Which fields a message carries follows its title (Doc 4444 Appendix 3). Real feeds bend the
layout, so: field 18 and 19 are optional at the end (validation reports a missing 18); field 18
swallows later stretches that cannot start the next field (a ``-`` inside free text); ARR carries
field 16 only when it has four fields (diverted flights).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from overflight.ats.envelope import (
    LineIndex,
    RawField,
    RawMessage,
    find_messages,
    source_offset,
    split_fields,
)
from overflight.ats.errors import AtsParseError, FieldSyntaxError
from overflight.ats.field18 import parse_field18
from overflight.ats.fields import (
    read_aircraft,
    read_aircraft_type,
    read_amendment,
    read_arrival,
    read_departure,
    read_destination,
    read_equipment,
    read_estimate,
    read_route,
    read_rules,
    read_supplementary,
    read_title,
)
from overflight.ats.message import AtsMessage, FieldSpan, MessageOrigin, Title

_LINKING = ("7", "13", "16", "18?")
LAYOUTS: dict[Title, tuple[str, ...]] = {
    Title.FPL: ("7", "8", "9", "10", "13", "15", "16", "18?", "19?"),
    Title.CHG: ("7", "13", "16", "18?", "22*"),
    Title.DLA: _LINKING,
    Title.CNL: _LINKING,
    Title.DEP: _LINKING,
    Title.RQP: _LINKING,
    Title.RQS: _LINKING,
    Title.ARR: ("7", "13", "17"),
    Title.EST: ("7", "13", "14", "16"),
    Title.CPL: ("7", "8", "9", "10", "13", "14", "15", "16", "18?"),
    Title.CDN: ("7", "13", "16", "22*"),
    Title.ACP: ("7", "13", "16"),
    Title.LAM: (),
    Title.SPL: ("7", "13", "16", "18?", "19?"),
    Title.ALR: ("5", "7", "8", "9", "10", "13", "15", "16", "18?", "19?", "20?"),
}
"""Field types each title carries after field 3; ``?`` optional, ``*`` repeated."""

_ARR_DIVERTED = ("7", "13", "16", "17")
_TIME_REQUIRED = frozenset({Title.FPL, Title.DLA, Title.DEP, Title.CPL})
_STARTS_FIELD = {
    "18": re.compile(r"\s*(?:0\s*$|[A-Z]{3}[A-Z0-9]{0,6}/)"),
    "19": re.compile(r"\s*[EPRSJDANC]/"),
    "20": re.compile(r"\s*\S"),
    "22": re.compile(r"\s*\d{1,2}\s*/"),
}

_Spec = tuple[str, bool, bool, "re.Pattern[str] | None", "re.Pattern[str] | None"]
_TITLES = {title.value: title for title in Title}


def _compile(layout: tuple[str, ...]) -> tuple[_Spec, ...]:
    """Layout entries as (name, optional, repeated, own start pattern, next field's pattern)."""
    compiled = []
    for number, spec in enumerate(layout):
        following = layout[number + 1].rstrip("?*") if number + 1 < len(layout) else ""
        compiled.append(
            (
                spec.rstrip("?*"),
                spec.endswith("?"),
                spec.endswith("*"),
                _STARTS_FIELD.get(spec.rstrip("?*")),
                _STARTS_FIELD.get(following),
            )
        )
    return tuple(compiled)


_COMPILED = {title: _compile(layout) for title, layout in LAYOUTS.items()}
_COMPILED_ARR_DIVERTED = _compile(_ARR_DIVERTED)

_MEMO_FIELDS = frozenset({"8", "9", "10", "16"})
_MEMO_SIZE = 4096

_ATTRIBUTE: dict[str, tuple[str, Callable[[str], Any]]] = {
    "5": ("emergency", str),
    "7": ("aircraft", read_aircraft),
    "8": ("rules", read_rules),
    "9": ("aircraft_type", read_aircraft_type),
    "10": ("equipment", read_equipment),
    "14": ("estimate", read_estimate),
    "15": ("route", read_route),
    "16": ("destination", read_destination),
    "17": ("arrival", read_arrival),
    "18": ("other", parse_field18),
    "19": ("supplementary", read_supplementary),
    "20": ("search_rescue", str),
}


class _Reader:
    """Reads the messages of one text, turning field positions into lines and columns."""

    def __init__(self, text: str, source: str) -> None:
        self.text = text
        self.source = source
        self.lines = LineIndex(text)
        # Fields 8, 9, 10 and 16 repeat across a feed; their values are immutable, so one read
        # serves every message of this text (the memo lives and dies with the reader).
        self.memo: dict[tuple[str, str], Any] = {}

    def error(self, message: str, index: int, offset: int, field: str = "") -> AtsParseError:
        line, column = self.lines.locate(offset)
        return AtsParseError(
            message, source=self.source, message_index=index, line=line, column=column, field=field
        )

    def read(self, raw: RawMessage, index: int) -> AtsMessage:
        if not raw.closed:
            raise self.error("message has no closing ')'", index, raw.start)
        text = self.text
        pieces = split_fields(text, raw)
        title_piece = pieces[0]
        title_span = self._span("3", title_piece)
        try:
            title_text, number, reference = read_title(title_span.text)
        except FieldSyntaxError as err:
            raise self._relocate(err, index, title_piece) from err
        title = _TITLES.get(title_text)
        if title is None:
            raise self.error(
                f"{title_text!r} is not an ATS message title", index, title_piece[0], "field 3"
            )
        layout = _COMPILED[title]
        if title is Title.ARR and len(pieces) == 5:
            layout = _COMPILED_ARR_DIVERTED
        assigned = self._assign(layout, pieces, index, raw)
        values: dict[str, Any] = {"title": title, "number": number, "reference": reference}
        spans = [title_span]
        amendments = []
        for name, piece in assigned:
            span = self._span(name, piece)
            spans.append(span)
            try:
                if name == "13":
                    values["departure"] = read_departure(
                        span.text, time_required=title in _TIME_REQUIRED
                    )
                elif name == "22":
                    amendments.append(read_amendment(span.text))
                elif name in _MEMO_FIELDS:
                    attribute, reader = _ATTRIBUTE[name]
                    key = (name, span.text)
                    value = self.memo.get(key)
                    if value is None:
                        if len(self.memo) > _MEMO_SIZE:
                            self.memo.clear()
                        value = self.memo[key] = reader(span.text)
                    values[attribute] = value
                else:
                    attribute, reader = _ATTRIBUTE[name]
                    values[attribute] = reader(span.text)
            except FieldSyntaxError as err:
                raise self._relocate(err, index, piece, name) from err
        if amendments:
            values["amendments"] = tuple(amendments)
        values["origin"] = MessageOrigin(
            self.source, index, raw.start, tuple(spans), self.lines.starts
        )
        return AtsMessage(**values)

    def _span(self, name: str, piece: RawField) -> FieldSpan:
        raw = self.text[piece[0] : piece[1]]
        return FieldSpan(name, " ".join(raw.split()), piece[0] + len(raw) - len(raw.lstrip()))

    def _relocate(
        self, err: FieldSyntaxError, index: int, piece: RawField, name: str = "3"
    ) -> AtsParseError:
        raw = self.text[piece[0] : piece[1]]
        offset = piece[0] + source_offset(raw, err.offset)
        label = f"field {name}"
        if name == "22" and err.field_number != "22":
            label = f"field 22 (amending {err.field_number})"
        return self.error(err.message, index, offset, label)

    def _assign(
        self, layout: tuple[_Spec, ...], pieces: list[RawField], index: int, raw: RawMessage
    ) -> list[tuple[str, RawField]]:
        assigned: list[tuple[str, RawField]] = []
        text = self.text
        position = 1  # pieces[0] is field 3
        count = len(pieces)
        for name, optional, repeated, own, following in layout:
            if repeated:
                position = self._take_repeated(name, pieces, position, assigned, index)
                continue
            if position >= count:
                if optional:
                    continue
                raise self.error(f"field {name} is missing", index, raw.end, f"field {name}")
            piece = pieces[position]
            if optional and own is not None and not own.match(text, piece[0], piece[1]):
                continue  # an optional field is there only when the text can start it
            position += 1
            if name in ("18", "19"):
                # A hyphen in free text: glue on what cannot start the next field.
                while position < count and not (
                    following is not None
                    and following.match(text, pieces[position][0], pieces[position][1])
                ):
                    piece = (piece[0], pieces[position][1])
                    position += 1
            assigned.append((name, piece))
        if position < count:
            extra = pieces[position]
            raise self.error("unexpected extra field", index, extra[0], "")
        return assigned

    def _starts(self, name: str, piece: RawField) -> bool:
        pattern = _STARTS_FIELD.get(name)
        return pattern is not None and pattern.match(self.text, piece[0], piece[1]) is not None

    def _take_repeated(
        self,
        name: str,
        pieces: list[RawField],
        position: int,
        assigned: list[tuple[str, RawField]],
        index: int,
    ) -> int:
        while position < len(pieces):
            piece = pieces[position]
            if not self._starts(name, piece):
                if not assigned or assigned[-1][0] != name:
                    raise self.error(
                        f"field {name} must start with a field number and '/'",
                        index,
                        piece[0],
                        f"field {name}",
                    )
                previous = assigned.pop()[1]
                piece = (previous[0], piece[1])
            assigned.append((name, piece))
            position += 1
        return position


def parse_message(text: str, source: str = "") -> AtsMessage:
    """Read the one message in ``text`` (surrounding AFTN lines are skipped).

    Raises:
        AtsParseError: there is no message, more than one, or it does not read.
    """
    found = find_messages(text)
    if len(found) != 1:
        what = "no ATS message '(' TTT …')'" if not found else f"{len(found)} messages"
        raise AtsParseError(f"expected one message, found {what}", source=source)
    return _Reader(text, source).read(found[0], 1)


def parse_messages(
    text: str, source: str = ""
) -> tuple[tuple[AtsMessage, ...], tuple[AtsParseError, ...]]:
    """Read every message in ``text``: the ones that read, and an error for each that does not.

    A message that does not read costs only itself; its error names the source, the message's
    1-based number in the text, the line, column and field.
    """
    reader = _Reader(text, source)
    messages = []
    errors = []
    for index, raw in enumerate(find_messages(text), start=1):
        try:
            messages.append(reader.read(raw, index))
        except AtsParseError as err:
            errors.append(err)
    return tuple(messages), tuple(errors)
