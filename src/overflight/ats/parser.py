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
    fold,
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

    def error(self, message: str, index: int, offset: int, field: str = "") -> AtsParseError:
        line, column = self.lines.locate(offset)
        return AtsParseError(
            message, source=self.source, message_index=index, line=line, column=column, field=field
        )

    def read(self, raw: RawMessage, index: int) -> AtsMessage:
        if not raw.closed:
            raise self.error("message has no closing ')'", index, raw.start)
        pieces = split_fields(self.text, raw)
        title_piece = pieces[0]
        try:
            title_text, number, reference = read_title(self._folded(title_piece))
        except FieldSyntaxError as err:
            raise self._relocate(err, index, title_piece) from err
        try:
            title = Title(title_text)
        except ValueError:
            raise self.error(
                f"{title_text!r} is not an ATS message title", index, title_piece.start, "field 3"
            ) from None
        layout = LAYOUTS[title]
        if title is Title.ARR and len(pieces) == 5:
            layout = _ARR_DIVERTED
        assigned = self._assign(layout, pieces[1:], index, raw)
        values: dict[str, Any] = {"title": title, "number": number, "reference": reference}
        spans = [self._span("3", title_piece)]
        amendments = []
        for name, piece in assigned:
            folded = self._folded(piece)
            spans.append(self._span(name, piece, folded))
            try:
                if name == "13":
                    values["departure"] = read_departure(
                        folded, time_required=title in _TIME_REQUIRED
                    )
                elif name == "22":
                    amendments.append(read_amendment(folded))
                else:
                    attribute, reader = _ATTRIBUTE[name]
                    values[attribute] = reader(folded)
            except FieldSyntaxError as err:
                raise self._relocate(err, index, piece, name) from err
        if amendments:
            values["amendments"] = tuple(amendments)
        line, column = self.lines.locate(raw.start)
        values["origin"] = MessageOrigin(self.source, index, line, column, tuple(spans))
        return AtsMessage(**values)

    def _folded(self, piece: RawField) -> str:
        return fold(self.text[piece.start : piece.end])

    def _span(self, name: str, piece: RawField, folded: str | None = None) -> FieldSpan:
        raw = self.text[piece.start : piece.end]
        start = piece.start + len(raw) - len(raw.lstrip())
        line, column = self.lines.locate(start)
        return FieldSpan(name, fold(raw) if folded is None else folded, line, column)

    def _relocate(
        self, err: FieldSyntaxError, index: int, piece: RawField, name: str = "3"
    ) -> AtsParseError:
        raw = self.text[piece.start : piece.end]
        offset = piece.start + source_offset(raw, err.offset)
        label = f"field {name}"
        if name == "22" and err.field_number != "22":
            label = f"field 22 (amending {err.field_number})"
        return self.error(err.message, index, offset, label)

    def _assign(
        self, layout: tuple[str, ...], pieces: list[RawField], index: int, raw: RawMessage
    ) -> list[tuple[str, RawField]]:
        assigned: list[tuple[str, RawField]] = []
        position = 0
        for number, spec in enumerate(layout):
            name = spec.rstrip("?*")
            following = layout[number + 1].rstrip("?*") if number + 1 < len(layout) else ""
            if spec.endswith("*"):
                position = self._take_repeated(name, pieces, position, assigned, index)
                continue
            if position >= len(pieces):
                if spec.endswith("?"):
                    continue
                raise self.error(f"field {name} is missing", index, raw.end, f"field {name}")
            piece = pieces[position]
            if spec.endswith("?") and following and self._starts(following, piece):
                continue
            position += 1
            if name in ("18", "19"):
                # A hyphen in free text: glue on what cannot start the next field.
                while position < len(pieces) and not (
                    following and self._starts(following, pieces[position])
                ):
                    piece = RawField(piece.start, pieces[position].end)
                    position += 1
            assigned.append((name, piece))
        if position < len(pieces):
            extra = pieces[position]
            raise self.error("unexpected extra field", index, extra.start, "")
        return assigned

    def _starts(self, name: str, piece: RawField) -> bool:
        pattern = _STARTS_FIELD.get(name)
        return pattern is not None and pattern.match(self.text, piece.start, piece.end) is not None

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
                        piece.start,
                        f"field {name}",
                    )
                previous = assigned.pop()[1]
                piece = RawField(previous.start, piece.end)
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
