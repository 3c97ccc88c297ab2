from __future__ import annotations

import pytest

from overflight.errors import InputError
from overflight.markings import ClassificationLevel, Reader, may_read, parse_portion, releasable_to

US_SECRET = Reader(ClassificationLevel.S, "USA")
TURKISH_SECRET = Reader(ClassificationLevel.S, "TUR")
TURKISH_CONF = Reader(ClassificationLevel.C, "TUR")
NATO_OFFICER = Reader(ClassificationLevel.S, "NOR", frozenset({"NATO"}))

# reader, mark, allowed
TABLE = [
    (US_SECRET, "(S//NF)", True),
    (US_SECRET, "(TS)", False),
    (TURKISH_SECRET, "(S//NF)", False),
    (TURKISH_SECRET, "(S//REL TO USA, TUR)", True),
    (TURKISH_SECRET, "(S//REL Turkey)", True),
    (TURKISH_SECRET, "(S//REL TO USA, KAZ)", False),
    (TURKISH_SECRET, "(S)", False),
    (TURKISH_SECRET, "(U)", True),
    (TURKISH_SECRET, "(SBU)", False),
    (TURKISH_SECRET, "(U//FOUO)", False),
    (TURKISH_CONF, "(S//REL TO USA, TUR)", False),
    (NATO_OFFICER, "(S//REL NATO)", True),
    (NATO_OFFICER, "(S//REL TO USA, TUR)", False),
    (US_SECRET, "(S//OC/NF)", False),
]


@pytest.mark.parametrize(("reader", "mark", "allowed"), TABLE)
def test_reader_must_satisfy_every_marking(reader: Reader, mark: str, allowed: bool) -> None:
    decision = may_read(reader, parse_portion(mark))
    assert decision.allowed is allowed
    assert decision.reasons


def test_every_failed_marking_is_reported() -> None:
    decision = may_read(TURKISH_CONF, parse_portion("(S//NF)"))
    assert not decision
    assert any("clearance" in reason for reason in decision.reasons)
    assert any("NOFORN" in reason for reason in decision.reasons)


def test_orcon_needs_the_originator() -> None:
    mark = parse_portion("(S//OC/NF)")
    reader = Reader(ClassificationLevel.S, "USA", frozenset({"ISN"}))
    assert may_read(reader, mark, originator="ISN").allowed
    assert not may_read(reader, mark, originator="INR").allowed


def test_unresolved_recipients_release_to_no_one() -> None:
    mark = parse_portion("(S//REL Recipients)")
    assert not releasable_to(mark, "TUR")
    assert releasable_to(mark.resolve(["TUR"]), "TUR")


@pytest.mark.parametrize("nationality", ["TR", "tur", "TURK", "12A"])
def test_reader_nationality_must_be_a_trigraph(nationality: str) -> None:
    with pytest.raises(InputError):
        Reader(ClassificationLevel.S, nationality)
