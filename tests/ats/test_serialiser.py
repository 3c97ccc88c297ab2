import contextlib
from pathlib import Path

from ats_strategies import messages
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from overflight.ats import AtsParseError, format_message, parse_message, parse_messages
from overflight.ats.errors import FieldSyntaxError
from overflight.ats.field15 import decode_route
from overflight.ats.validation import validate_message

FIXTURES = Path(__file__).parent / "fixtures"
ALPHABET = "()-/ \nABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789ЗЦФ"


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(messages)
def test_format_then_parse_round_trips(message):
    text = format_message(message)
    assert parse_message(text) == message
    assert all(len(line) <= 69 or " " not in line for line in text.splitlines())


def test_reference_examples_round_trip():
    read, errors = parse_messages((FIXTURES / "reference_examples.txt").read_text())
    assert errors == ()
    for message in read:
        assert parse_message(format_message(message)) == message


def test_canonical_text_of_a_short_fpl():
    message = parse_message("(FPL-RAQ-VG\n-C172/L-V/C\n-YBSU0540\n-N0115A035 DCT\n-YRED0021\n-0)")
    assert (
        format_message(message)
        == "(FPL-RAQ-VG\n-C172/L-V/C\n-YBSU0540\n-N0115A035 DCT\n-YRED0021\n-0)"
    )


def _only_typed_errors(text: str) -> None:
    read, errors = parse_messages(text, "fuzz")
    assert all(isinstance(error, AtsParseError) for error in errors)
    for message in read:
        validate_message(message)
        if message.route is not None:
            with contextlib.suppress(FieldSyntaxError):
                decode_route(message.route)


@settings(max_examples=400)
@given(st.text(ALPHABET, max_size=200))
def test_fuzzed_text_raises_only_typed_errors(text):
    _only_typed_errors(text)
    _only_typed_errors("(FPL-" + text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    messages, st.lists(st.tuples(st.integers(0, 10_000), st.text(ALPHABET, max_size=3)), max_size=4)
)
def test_mutated_messages_raise_only_typed_errors(message, edits):
    text = format_message(message)
    for position, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + 1 :]
    _only_typed_errors(text)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(
    messages,
    st.lists(st.tuples(st.integers(0, 10_000), st.text(ALPHABET[:-3], max_size=3)), max_size=4),
)
def test_whatever_reads_writes_back_to_text_that_reads_the_same(message, edits):
    text = format_message(message)
    for position, insert in edits:
        at = position % (len(text) + 1)
        text = text[:at] + insert + text[at + 1 :]
    read, _ = parse_messages(text)
    for parsed in read:
        assert parse_message(format_message(parsed)) == parsed
