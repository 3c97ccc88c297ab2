from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from overflight.errors import InputError
from overflight.watchlist import IdentifierKind, normalise_identifier
from overflight.watchlist.identifiers import parse_icao24


@pytest.mark.parametrize("written", ["P-912", "P912", "p 912", " P–912 ".replace("–", "-")])
def test_registration_spellings_share_one_form(written: str) -> None:
    assert normalise_identifier(IdentifierKind.REGISTRATION, written) == "P912"


def test_neighbouring_tails_stay_apart() -> None:
    assert normalise_identifier(IdentifierKind.REGISTRATION, "P-913") != "P912"


def test_icao24_is_a_number() -> None:
    assert parse_icao24("140AE7") == parse_icao24("0x140ae7") == 0x140AE7
    with pytest.raises(InputError):
        parse_icao24("XYZ")
    with pytest.raises(InputError):
        parse_icao24("1234567")  # more than 24 bits


@given(st.integers(min_value=0, max_value=0xFFFFFF))
def test_icao24_round_trips(address: int) -> None:
    assert parse_icao24(f"{address:06x}") == address
    assert parse_icao24(normalise_identifier(IdentifierKind.ICAO24, f"{address:X}")) == address


@given(st.sampled_from(list(IdentifierKind)), st.text(max_size=30))
def test_normalising_any_text_never_raises_and_is_idempotent(
    kind: IdentifierKind, text: str
) -> None:
    once = normalise_identifier(kind, text)
    again = normalise_identifier(kind, once)
    assert again == once or (kind is IdentifierKind.ICAO24 and once == "")
