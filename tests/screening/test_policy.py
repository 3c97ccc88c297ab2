from __future__ import annotations

import re
from pathlib import Path

import pytest

from overflight.screening import StateAction, load_policy
from overflight.screening.finding import Indicator
from overflight.screening.lexicon import normalise_goods_text
from overflight.screening.policy_file import PolicyError

PACKAGED = Path(__file__).resolve().parents[2] / "src" / "overflight" / "screening"


def test_default_policy_covers_every_indicator(policy):
    assert set(policy.weights) == set(Indicator)
    assert set(policy.states_of_concern) == {"KP", "IR", "SY"}
    assert policy.designators["KOR"].operator == "Air Koryo"
    assert policy.review_threshold < policy.high_threshold
    assert policy.state_actions["TR"] is StateAction.REQUIRE_LANDING


def test_edited_policy_file_is_used_with_its_version(tmp_path):
    text = (PACKAGED / "policy.yaml").read_text()
    text = re.sub(r"(?m)^version: .*$", 'version: "local-7"', text).replace(
        "  SY: [", "  CU: [x]\n  SY: ["
    )
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    policy = load_policy(path)  # lexicon falls back to the packaged one: none beside it
    assert policy.version == "local-7"
    assert policy.of_concern("CU")
    assert policy.lexicon.entries


@pytest.mark.parametrize(
    ("edit", "field"),
    [
        (("  high: 60", "  high: 10"), "thresholds"),
        (("  listed-aircraft: 60", "  listed-aircraft: -1"), "weights"),
        (("  KP: [", "  kp: ["), "states_of_concern"),
        (("name_match_threshold: 0.90", "name_match_threshold: 3"), "name_match_threshold"),
    ],
)
def test_bad_policy_says_field_and_line(tmp_path, edit, field):
    text = (PACKAGED / "policy.yaml").read_text()
    assert edit[0] in text
    path = tmp_path / "policy.yaml"
    path.write_text(text.replace(edit[0], edit[1]))
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.field == field
    expected = next(
        i for i, line in enumerate(path.read_text().splitlines(), 1) if line.startswith(field)
    )
    assert caught.value.line is not None
    assert expected <= caught.value.line <= expected + 12


LEXICON_CASES = [
    ("Rocket-Motor", "mtcr-2a1c"),
    ("re-entry vehicles", "mtcr-2a1a"),
    ("GUIDANCE SETS", "mtcr-2a1d"),
    ("ammonium perchlorate 20 drums", "mtcr-4c"),
    ("maraging steel bars", "mtcr-6c"),
    ("accelerometers", "mtcr-9a"),
    ("servo valves for missile fin actuators", "mtcr-10a"),
    ("transporter-erector-launcher", "mtcr-12a"),
    ("flow forming machine", "mtcr-3b3"),
    ("uranium hexafluoride", "eu-0"),
    ("5-axis machining centre", "eu-2b"),
]


@pytest.mark.parametrize(("text", "entry"), LEXICON_CASES)
def test_lexicon_finds_item(policy, text, entry):
    assert entry in {hit.entry.id for hit in policy.lexicon.find_goods(text)}


@pytest.mark.parametrize(
    "text", ["fresh cut flowers", "books and mail", "missionary supplies", "insulin"]
)
def test_lexicon_stays_quiet_on_ordinary_goods(policy, text):
    assert policy.lexicon.find_goods(text) == ()


def test_every_lexicon_entry_names_a_regime_item(policy):
    for entry in policy.lexicon.entries:
        assert entry.regime in {"MTCR", "EU dual-use", "Arms"}
        assert entry.item
        if entry.regime == "MTCR":
            item = int(entry.item.split(".")[0])
            assert 1 <= item <= 20
            assert item not in (5, 7, 8)  # reserved in the Annex


def test_normalise_goods_text():
    assert normalise_goods_text("Re-entry  Vehicles!") == "re entry vehicles"


def test_every_lexicon_entry_names_its_eu_or_military_list_entry(policy):
    for entry in policy.lexicon.entries:
        assert entry.eu or entry.military, entry.id
        assert entry.sources.startswith(f"{entry.regime} {entry.item}")


def test_negative_context_cancels_and_qualifiers_decide(policy):
    lexicon = policy.lexicon
    assert lexicon.find_goods("GYROS MEAT 20 KG") == ()
    assert lexicon.find_goods("rate gyros") != ()
    assert lexicon.find_goods("TEL") == ()
    assert [hit.entry.id for hit in lexicon.find_unqualified("TEL")] == ["mtcr-12a"]
    [hit] = lexicon.find_goods("TEL chassis")
    assert "EU 2021/821 9A115" in hit.explain()
