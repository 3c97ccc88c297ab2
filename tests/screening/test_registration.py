"""The state of registry from a registration's nationality mark, checked against two sources."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import rs1090

from overflight.errors import ParseError
from overflight.geo import sovereign_of
from overflight.screening.address import address_block
from overflight.screening.registration import _read_marks, nationality_marks, registry_state

CASES = [
    ("P-912", "KP"),
    ("P999", "KP"),  # field 18 writes it without the hyphen
    ("EP-MNA", "IR"),
    ("EPMNA", "IR"),
    ("YK-AKA", "SY"),
    ("P4-ABC", "AW"),  # Aruba, not the DPRK: the longest mark wins
    ("P4ABC", "AW"),
    ("PH-BFA", "NL"),
    ("B-6543", "CN"),
    ("B-18201", "TW"),  # five digits after B-: Taiwan's register
    ("B-HKE", "HK"),
    ("BHKE", "HK"),
    ("B-MAC", "MO"),
    ("N123AB", "US"),
    ("HL7712", "KR"),
    ("JA8119", "JP"),
    ("C-FABC", "CA"),
    ("F-GSQA", "FR"),
    ("VP-BDK", "BM"),
    ("9XR-WA", "RW"),
    ("A4O-AA", "OM"),
    ("EX-301", "KG"),
    ("UR-CKF", "UA"),
    ("RA-76843", "RU"),
]


@pytest.mark.parametrize(("registration", "state"), CASES)
def test_registry_state_of_registration(registration, state):
    found = registry_state(registration)
    assert found is not None
    assert found.state == state


@pytest.mark.parametrize("registration", ["", "X", "QQ-ABC", "P"])
def test_no_mark_no_state(registration):
    assert registry_state(registration) is None


def test_bad_marks_row_names_file_line_and_field():
    text = "# comment\nmark,state,rest\nP,KP,\nEP,IRN,\n"
    with pytest.raises(ParseError, match=r"marks\.csv:4: state: 'IRN' is not an alpha-2 code"):
        _read_marks(text, "marks.csv")


def _sovereign(state: str) -> str:
    return sovereign_of(state)


# Where the two sources disagree with ours, and why (not a failure of either).
VRS_DIFFERENCES = {
    "XC": "VRS's own code for PJ- (Curacao and Sint Maarten); ours is CW",
    "KS": "VRS's code for Kosovo (Z6-); ours is the usual XK",
    "ZZ": "4U- (United Nations) has no state; ours leaves it out",
}


_CODES = (
    "ABC",
    "ABCD",
    "912",
    "1-1",
    "ABC 12",
    "1234A",
    "12AB",
    "AB12",
    "1AB",
    "A12",
    *(
        head + tail
        for head in "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        for tail in ("", "B", "BC", "BCD", "12", "123", "1234")
    ),
    *(a + b + "BC" for a in "ABCDEFGHIJKLMNOPQRSTUVWXYZ" for b in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
)


def _vrs_sample(row: dict[str, str]) -> str | None:
    pattern = re.compile(row["DecodeFullRegex"].replace("(?<", "(?P<"))
    for code in _CODES:
        sample = row["FormatTemplate"].replace("{code}", code)
        if pattern.fullmatch(sample):
            return sample
    return None


def test_marks_agree_with_vrs_standing_data(shared_dir: Path):
    path = shared_dir / "data" / "aircraft" / "vrs-standing-data" / "reg-prefixes.csv"
    disagree = []
    with path.open(encoding="utf-8-sig") as rows:
        for row in csv.DictReader(rows):
            if row["CountryISO2"] in VRS_DIFFERENCES:
                continue
            sample = _vrs_sample(row)
            assert sample is not None, row
            found = registry_state(sample)
            if found is None or _sovereign(found.state) != _sovereign(row["CountryISO2"]):
                disagree.append((sample, row["CountryISO2"], found and found.state))
    # SU-Y (Palestine's old mark inside Egypt's SU-) is VRS's alone; Palestine uses E4-.
    assert disagree == [("SU-YAB", "PS", "EG")]


def _rs1090_blocks(shared_dir: Path) -> list[tuple[str, str, str]]:
    path = shared_dir / "data" / "aircraft" / "vrs-standing-data" / "code-blocks.csv"
    blocks = {}
    with path.open(encoding="utf-8-sig") as rows:
        for row in csv.DictReader(rows):
            if row["IsMilitary"] == "1" or row["CountryISO2"] == "ZZ":
                continue
            block = address_block(int(row["Start"], 16))
            pattern = str(rs1090.aircraft_information(row["Start"].lower()).get("pattern", ""))
            if block is not None and pattern:
                blocks[pattern] = (row["Start"], block.state, pattern)
    return sorted(blocks.values())


def test_marks_agree_with_rs1090_address_blocks(shared_dir: Path):
    """Every rs1090 block's registration pattern is met by marks of that block's state only."""
    samples = {
        m.mark + ("" if "-" in m.mark else "-") + ("12345" if m.rest == r"\d{5}" else "ABC")
        for m in nationality_marks()
    } | {"P-912", "HL-7712"}
    blocks = _rs1090_blocks(shared_dir)
    assert len(blocks) > 150
    unmatched, disagree = [], []
    for start, state, pattern in blocks:
        fitting = [s for s in samples if re.match(pattern, s)]
        if not fitting:
            unmatched.append((start, state, pattern))
        for sample in fitting:
            found = registry_state(sample)
            assert found is not None, sample
            if _sovereign(found.state) != _sovereign(state):
                disagree.append((pattern, sample, found.state, state))
    # China's block pattern ^B- also admits Taiwan's five-digit form, which has its own block.
    assert disagree == [("^B-", "B-12345", "TW", "CN")]
    # rs1090 writes Palau's mark T8-; ICAO's is T8A- (T8A-xxx), which ours holds.
    assert unmatched == [("684000", "PW", "^T8-")]
