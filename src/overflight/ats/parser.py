"""Read ATS messages: one (``parse_message``) or a whole feed (``parse_messages``).

Which fields a message carries follows its title (Doc 4444 Appendix 3). Real feeds bend the
layout, so: field 18 and 19 are optional at the end (validation reports a missing 18); field 18
swallows later stretches that cannot start the next field (a ``-`` inside free text); ARR carries
field 16 only when it has four fields (diverted flights).

Without ``strict``, the reader also takes the deviations real traffic shows, as a flight-data
processor of an area control centre does, and notes each with its position
(``MessageOrigin.repairs``, reported as warnings by validation): lower-case letters, a message
ended by the AFTN end-of-message ``NNNN`` (or the next ``ZCZC``) instead of ``)``, a field 14
without a level (``RAKIL/0641``, as NAT CPLs are sent), and an FPL or CPL without ``DOF/``
(the date of flight is then the reference date's). Runs of spaces and line breaks inside fields
are folded in both modes. With ``strict`` each of them is an error, as Doc 4444 has it.
"""

from __future__ import annotations

import gc
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import MISSING, fields
from datetime import UTC, date, datetime
from typing import Any, NamedTuple

from overflight.ats.aftn import read_aftn_header
from overflight.ats.build import constructor
from overflight.ats.envelope import (
    LineIndex,
    RawField,
    RawMessage,
    find_messages,
    source_offset,
    split_fields,
)
from overflight.ats.errors import AtsParseError, FieldSyntaxError
from overflight.ats.field18 import Field18, forget_field18_pieces, read_field18
from overflight.ats.fields import (
    read_aircraft,
    read_aircraft_type,
    read_amendment,
    read_arrival,
    read_departure,
    read_destination,
    read_equipment,
    read_estimate,
    read_hhmm,
    read_route,
    read_rules,
    read_speed_level,
    read_supplementary,
    read_title,
)
from overflight.ats.message import (
    AtsMessage,
    Estimate,
    Repair,
    RouteField,
    Title,
    defer_origin,
)

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
# CPL carries field 13a only (Doc 4444 Appendix 3); a time there is accepted.
_TIME_REQUIRED = frozenset({Title.FPL.value, Title.DLA.value, Title.DEP.value})
_STARTS_FIELD = {
    "18": re.compile(r"\s*(?:0\s*$|[A-Z]{3}[A-Z0-9]{0,6}/)"),
    "19": re.compile(r"\s*[EPRSJDANC]/"),
    "20": re.compile(r"\s*\S"),
    "22": re.compile(r"\s*\d{1,2}\s*/"),
}

_Spec = tuple[str, bool, bool, "re.Pattern[str] | None", "re.Pattern[str] | None"]
_TITLES = {title.value: title for title in Title}


class _Layout(NamedTuple):
    """A title's layout compiled: its entries, and the shortcut for the usual field counts.

    ``direct`` is set when no field repeats and the optional fields all come last; a message
    with exactly the required fields, or those and the first optional one (its text able to
    start it), then takes the fields in order with no search.
    """

    specs: tuple[_Spec, ...]
    direct: tuple[str, ...] | None  # the required fields' names
    with_optional: tuple[str, ...]  # those and the first optional field's name
    starts_optional: re.Pattern[str] | None  # its start pattern


def _compile(layout: tuple[str, ...]) -> _Layout:
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
    required = tuple(name for name, optional, _, _, _ in compiled if not optional)
    head, tail = compiled[: len(required)], compiled[len(required) :]
    in_order = not any(entry[1] or entry[2] for entry in head)
    trailing = all(entry[1] and not entry[2] for entry in tail)
    direct = required if in_order and trailing else None
    first = tail[0] if tail and trailing else None
    return _Layout(
        tuple(compiled),
        direct,
        (*(direct or ()), first[0]) if first else (),
        first[3] if first else None,
    )


_COMPILED = {title.value: _compile(layout) for title, layout in LAYOUTS.items()}
_COMPILED_ARR_DIVERTED = _compile(_ARR_DIVERTED)

_MEMO_SIZE = 8192
_ASCII_UPPER = str.maketrans("abcdefghijklmnopqrstuvwxyz", "ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_END_OF_MESSAGE = re.compile(r"(?m)^[ \t]*(?:NNNN|ZCZC)\b")
_F14_NO_LEVEL = re.compile(r"([A-Z0-9]{2,16})/(\d{2})(\d{2})")
_DOF_EXPECTED = frozenset({Title.FPL.value, Title.CPL.value})
_SHORTEST_HEADER = 26  # "FF ABCDEFGH", a line break, "DDHHMM ABCDEFGH": no shorter gap holds one

# How a field is read: by its reader through the memo (its value depends on its text alone),
# field 18 through the memo when it is one word (the DOF/ of DLA, CNL, DEP and CHG), field 13
# through the memo too (read again when the title needs a time the value lacks), field 15 with
# its speed/level group through the memo (the route text is kept as it is), field 22 entries
# gathered, fields 5 and 20 kept as text.
_MEMO, _ONE_WORD, _DEPARTURE, _ROUTE, _AMENDMENT, _TEXT, _PLAIN = range(7)

_ATTRIBUTES = tuple(field.name for field in fields(AtsMessage))
_Reading = tuple[int, int, Callable[[str], Any]]
_READING: dict[str, _Reading] = {
    name: (_ATTRIBUTES.index(attribute), kind, reader)
    for name, attribute, kind, reader in (
        ("5", "emergency", _TEXT, str),
        ("7", "aircraft", _MEMO, read_aircraft),
        ("8", "rules", _MEMO, read_rules),
        ("9", "aircraft_type", _MEMO, read_aircraft_type),
        ("10", "equipment", _MEMO, read_equipment),
        ("13", "departure", _DEPARTURE, read_departure),
        ("14", "estimate", _PLAIN, read_estimate),
        ("15", "route", _ROUTE, read_route),
        ("16", "destination", _MEMO, read_destination),
        ("17", "arrival", _MEMO, read_arrival),
        ("18", "other", _ONE_WORD, read_field18),
        ("19", "supplementary", _PLAIN, read_supplementary),
        ("20", "search_rescue", _TEXT, str),
        ("22", "amendments", _AMENDMENT, read_amendment),
    )
}
_DEFAULTS: tuple[Any, ...] = tuple(
    field.default if field.default_factory is MISSING else field.default_factory()
    for field in fields(AtsMessage)
)
_AFTN, _ORIGIN, _OTHER, _AMENDMENTS = (
    _ATTRIBUTES.index(name) for name in ("aftn", "origin", "other", "amendments")
)
_build_message = constructor(AtsMessage)
_build_route = constructor(RouteField)

# Fields 3, 7, 8, 9, 10, 13, 16, 17, field 15's speed/level group, one-word fields 18: their values
# are immutable and depend on their text alone (and the reference date, for field 18), and they
# repeat across messages and calls, so one read serves them all (bounded: cleared when full).
_SHARED_MEMO: dict[tuple[Any, ...], Any] = {}


def forget_remembered() -> None:
    """Drop the field values remembered across calls (for measuring a cold start)."""
    _SHARED_MEMO.clear()
    forget_field18_pieces()


class _Reader:
    """Reads the messages of one text, turning field positions into lines and columns."""

    def __init__(
        self, text: str, source: str, *, strict: bool = False, reference: date | None = None
    ) -> None:
        self.written = text
        self.strict = strict
        # Lenient reading takes lower case as capitals: same length, so offsets stay true.
        if strict:
            self.text = text
        elif text.isascii():
            self.text = text.upper()  # fast, and for ASCII the same length
        else:
            self.text = text.translate(_ASCII_UPPER)  # Cyrillic AFTN headers stay as written
        self.has_lower_case = self.text is not text and self.text != text
        self.source = source
        self.reference = reference if reference is not None else datetime.now(UTC).date()
        self.previous_end = 0
        self.lines = LineIndex(text)

    def error(self, message: str, index: int, offset: int, field: str = "") -> AtsParseError:
        line, column = self.lines.locate(offset)
        return AtsParseError(
            message, source=self.source, message_index=index, line=line, column=column, field=field
        )

    def read(self, raw: RawMessage, index: int) -> AtsMessage:
        repairs: list[Repair] = []
        text = self.text
        gap_start, self.previous_end = self.previous_end, raw.end
        aftn = None
        if raw.start - gap_start >= _SHORTEST_HEADER:
            aftn = read_aftn_header(text[gap_start : raw.start])
        if not self.strict:
            raw = self._repair_envelope(raw, repairs)
        if not raw.closed:
            raise self.error("message has no closing ')'", index, raw.start)
        pieces = split_fields(text, raw)
        title_piece = pieces[0]
        title_raw = text[title_piece[0] : title_piece[1]]
        title_folded = " ".join(title_raw.split())
        title = _SHARED_MEMO.get(("3", title_folded))
        if title is None:
            try:
                title = _SHARED_MEMO["3", title_folded] = read_title(title_folded)
            except FieldSyntaxError as err:
                raise self._relocate(err, index, title_piece) from err
        title_text, number, reference = title
        layout = _COMPILED.get(title_text)
        if layout is None:
            raise self.error(
                f"{title_text!r} is not an ATS message title", index, title_piece[0], "field 3"
            )
        if title_text == "ARR" and len(pieces) == 5:
            layout = _COMPILED_ARR_DIVERTED
        assigned = self._assign(layout, pieces, index, raw)
        values = list(_DEFAULTS)
        values[0] = _TITLES[title_text]
        values[1] = number
        values[2] = reference
        # field, folded text, offset of each field in turn (the origin's spans, built on demand)
        spans: list[Any] = [
            "3",
            title_folded,
            title_piece[0] + len(title_raw) - len(title_raw.lstrip()),
        ]
        amendments = []
        memo = _SHARED_MEMO
        if len(memo) > _MEMO_SIZE:
            memo.clear()
        for name, piece in assigned:
            slot, kind, reader = _READING[name]
            # The field's text with whitespace folded, and the offset of its first character.
            start = piece[0]
            raw_text = text[start : piece[1]]
            folded = " ".join(raw_text.split())
            if raw_text[:1].isspace():
                start += len(raw_text) - len(raw_text.lstrip())
            spans += (name, folded, start)
            try:
                if kind == _MEMO:
                    key: tuple[Any, ...] = (name, folded)
                    value = memo.get(key)
                    if value is None:
                        value = memo[key] = reader(folded)
                elif kind == _ROUTE:
                    # read_route, with the speed/level group memoised
                    head, _, rest = folded.partition(" ")
                    key = ("15", head)
                    cruise = memo.get(key)
                    if cruise is None:
                        cruise = memo[key] = read_speed_level(head, "15")
                    value = _build_route(cruise[0], cruise[1], rest)
                elif kind == _ONE_WORD:
                    if " " in folded:
                        value = read_field18(folded, reference=self.reference)
                    else:
                        key = ("18", folded, self.reference)
                        value = memo.get(key)
                        if value is None:
                            value = memo[key] = read_field18(folded, reference=self.reference)
                elif kind == _DEPARTURE:
                    # the same aerodrome and time recur in a flight's FPL, DEP, CHG and CNL
                    key = ("13", folded)
                    value = memo.get(key)
                    if value is None or (value.time is None and title_text in _TIME_REQUIRED):
                        value = memo[key] = read_departure(
                            folded, time_required=title_text in _TIME_REQUIRED
                        )
                elif kind == _AMENDMENT:
                    amendments.append(read_amendment(folded))
                    continue
                elif kind == _TEXT:
                    value = folded
                else:
                    value = reader(folded)
            except FieldSyntaxError as err:
                value = self._lenient(name, folded, start, repairs)
                if value is None:
                    raise self._relocate(err, index, piece, name) from err
            values[slot] = value
        if amendments:
            values[_AMENDMENTS] = tuple(amendments)
        if not self.strict and title_text in _DOF_EXPECTED:
            other: Field18 | None = values[_OTHER]
            if other is None or other.dof is None:
                repairs.append(
                    Repair(
                        "18",
                        spans[-1],
                        f"no DOF/: the date of flight is taken as {self.reference.isoformat()}",
                    )
                )
        values[_AFTN] = aftn
        values[_ORIGIN] = defer_origin(
            self.source, index, raw.start, spans, self.lines.starts, tuple(repairs)
        )
        message: AtsMessage = _build_message(*values)
        return message

    def _repair_envelope(self, raw: RawMessage, repairs: list[Repair]) -> RawMessage:
        """Lower case, and a message ended by ``NNNN``/``ZCZC`` instead of ``)``."""
        written = self.written
        if self.has_lower_case and written[raw.start : raw.end] != self.text[raw.start : raw.end]:
            first = next(at for at in range(raw.start, raw.end) if written[at] != self.text[at])
            repairs.append(Repair("", first, "lower-case letters, read as capitals"))
        text = self.text
        if text.find("NNNN", raw.start, raw.end) < 0 and text.find("ZCZC", raw.start, raw.end) < 0:
            return raw
        end = _END_OF_MESSAGE.search(text, raw.start, raw.end)
        if end is None or (raw.closed and self.text[end.end() : raw.end].strip()):
            return raw  # only a trailing end-of-message line, or one that stands for ')'
        word = end.group(0).strip()
        repairs.append(Repair("", end.start(), f"{word} inside the message: it ends there"))
        stop = end.start()
        while stop > raw.start and text[stop - 1].isspace():
            stop -= 1
        return RawMessage(raw.start, stop, closed=True)

    def _lenient(
        self, name: str, folded: str, start: int, repairs: list[Repair]
    ) -> Estimate | None:
        """A field that breaks the syntax in a way real traffic does, read leniently."""
        if self.strict or name != "14":
            return None
        match = _F14_NO_LEVEL.fullmatch(folded.replace(" ", ""))
        if match is None or int(match[2]) > 23 or int(match[3]) > 59:
            return None
        repairs.append(Repair("14", start, f"field 14 has no level: {folded!r} read without one"))
        return Estimate(match[1], read_hhmm(match[2] + match[3], "14", len(match[1]) + 1), None)

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
        self, layout: _Layout, pieces: list[RawField], index: int, raw: RawMessage
    ) -> list[tuple[str, RawField]]:
        text = self.text
        count = len(pieces)
        direct = layout.direct
        if direct is not None:
            given = count - 1  # pieces[0] is field 3
            if given == len(direct):
                return list(zip(direct, pieces[1:], strict=True))
            starts = layout.starts_optional
            if given == len(direct) + 1 and starts is not None:
                last = pieces[-1]
                if starts.match(text, last[0], last[1]):
                    return list(zip(layout.with_optional, pieces[1:], strict=True))
        assigned: list[tuple[str, RawField]] = []
        position = 1
        for name, optional, repeated, own, following in layout.specs:
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


def parse_message(
    text: str, source: str = "", *, strict: bool = False, reference: date | None = None
) -> AtsMessage:
    """Read the one message in ``text`` (its AFTN header is kept, other lines skipped).

    Args:
        text: the message, with or without its AFTN lines.
        source: name of the text, for errors.
        strict: Doc 4444 to the letter; otherwise real deviations are read (module docstring).
        reference: the date two-digit DOF years resolve against (default: today, UTC).

    Raises:
        AtsParseError: there is no message, more than one, or it does not read.
    """
    reader = _Reader(text, source, strict=strict, reference=reference)
    found = find_messages(reader.text)
    if len(found) != 1:
        what = "no ATS message '(' TTT …')'" if not found else f"{len(found)} messages"
        raise AtsParseError(f"expected one message, found {what}", source=source)
    return reader.read(found[0], 1)


def parse_messages(
    text: str, source: str = "", *, strict: bool = False, reference: date | None = None
) -> tuple[tuple[AtsMessage, ...], tuple[AtsParseError, ...]]:
    """Read every message in ``text``: the ones that read, and an error for each that does not.

    A message that does not read costs only itself; its error names the source, the message's
    1-based number in the text, the line, column and field. ``strict`` and ``reference`` are
    as for :func:`parse_message`.
    """
    reader = _Reader(text, source, strict=strict, reference=reference)
    messages = []
    errors = []
    with _collector_paused():
        for index, raw in enumerate(find_messages(reader.text), start=1):
            try:
                messages.append(reader.read(raw, index))
            except AtsParseError as err:
                errors.append(err)
    return tuple(messages), tuple(errors)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector held off while a feed is read, and switched back on after.

    A feed makes some twenty tracked objects a message, all kept: the collector would walk them
    again and again as they pile up (a third of the time of a 5,000-FPL feed, measured), and
    finds no cycle, since the values hold none. Reference counting still frees everything; the
    collector is switched back on only if it was on (another thread's ``gc.disable()`` made in
    between is undone: this is a process-wide switch).
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


NO_MESSAGE = "no ATS message in it: expected messages in brackets, like (FPL-KOR7717-IN…)"
"""What a file the user named says when nothing in it is a message (empty, CSV, a program)."""


def parse_message_file(
    text: str, source: str, *, strict: bool = False, reference: date | None = None
) -> tuple[tuple[AtsMessage, ...], tuple[AtsParseError, ...]]:
    """``parse_messages`` for the whole text of a file: a file with no message is an error.

    A text where no message starts (no ``(`` followed by a title) gives one error saying what
    was expected, so that an empty, binary-turned-text or wrong file is never "0 messages".
    """
    messages, errors = parse_messages(text, source, strict=strict, reference=reference)
    if not messages and not errors:
        errors = (AtsParseError(NO_MESSAGE, source=source),)
    return messages, errors
