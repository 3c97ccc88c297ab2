"""The memory scorer: traits of a flight, resemblance, blocking equal to the obvious loop."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from overflight.model.flight import FlightIntent
from overflight.model.traits import PastCase, Trait, TraitKind
from overflight.permits.reader import read_permit
from overflight.screening import (
    ReferenceData,
    ScreeningContext,
    context_for_permit,
    load_policy,
    screen,
)
from overflight.screening.case_traits import traits_of
from overflight.screening.finding import Indicator, RunStatus
from overflight.screening.memory import (
    CaseMemory,
    compare_traits,
    resemblances_by_loop,
)
from overflight.screening.memory_policy import MemoryFeature
from overflight.screening.policy_file import PolicyError

EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "permits"
PACKAGED = Path(__file__).resolve().parents[2] / "src" / "overflight" / "screening"

SEED = FlightIntent(
    aircraft_id="KOR7717",
    operator="AIR KORYO",
    registration="P912",
    aircraft_address=0x72100F,
    aircraft_type="IL76",
    departure="ZKPY",
    destination="OSDI",
    remarks="CHARTER CARGO GYROSCOPES MSN 1003401",
)


def _case(case_id: int, intent: FlightIntent, policy, title: str = "") -> PastCase:
    traits = traits_of(intent, ScreeningContext(ReferenceData(policy)))
    return PastCase(case_id, title or f"{intent.aircraft_id}", False, traits)


def _query(intent: FlightIntent, policy) -> frozenset[Trait]:
    return traits_of(intent, ScreeningContext(ReferenceData(policy)))


def test_traits_of_the_seed_charter(policy):
    keys = {(t.kind, t.key) for t in _query(SEED, policy)}
    assert {
        (TraitKind.ADDRESS, "72100F"),
        (TraitKind.REGISTRATION, "P912"),
        (TraitKind.MSN, "1003401"),
        (TraitKind.AIRCRAFT_TYPE, "IL76"),
        (TraitKind.CALLSIGN, "KOR7717"),
        (TraitKind.OPERATOR, "AIR KORYO"),
        (TraitKind.CITY_PAIR, "ZKPY-OSDI"),
    } <= keys
    assert any(kind is TraitKind.CARGO_ITEM for kind, _ in keys)  # gyroscopes: MTCR item 9


def test_traits_of_a_permit_hold_its_parties(policy):
    request, errors = read_permit((EXAMPLES / "air-koryo-p912.yaml").read_text(), "p912.yaml")
    assert errors == ()
    traits = traits_of(request.intent, context_for_permit(request, ReferenceData(policy)))
    labels = {t.label for t in traits if t.kind is TraitKind.PARTY}
    assert "consignor Korea Mining Development Trading Corporation" in labels
    assert "consignee Scientific Studies and Research Center" in labels
    assert "charterer Korea Tangun Trading Corporation" in labels
    assert (TraitKind.REGISTRATION, "P912") in {(t.kind, t.key) for t in traits}


@pytest.mark.parametrize(
    ("change", "deciding", "linked"),
    [
        # refiled: another date and callsign, the same address
        ({"aircraft_id": "KOR161", "registration": ""}, MemoryFeature.SAME_ADDRESS, True),
        # the same registration written with a hyphen, no address
        (
            {"registration": "P-912", "aircraft_address": None},
            MemoryFeature.SAME_REGISTRATION,
            True,
        ),
        # re-registered airframe: only the serial number is the same
        (
            {"registration": "P632", "aircraft_address": 0x721001},
            MemoryFeature.SAME_MSN,
            True,
        ),
        # the same operator with a new tail: a name match, below an identifier
        (
            {"registration": "P913", "aircraft_address": 0x721002, "remarks": ""},
            MemoryFeature.OPERATOR_NAME,
            True,
        ),
        # an unrelated flight on the same city pair and route: never linked
        (
            {
                "aircraft_id": "SYR502",
                "operator": "SYRIANAIR",
                "registration": "YKAQA",
                "aircraft_address": 0x760001,
                "remarks": "",
            },
            None,
            False,
        ),
    ],
)
def test_strongest_evidence_decides(policy, change, deciding, linked):
    case = _case(1, SEED, policy)
    found = compare_traits(_query(replace(SEED, **change), policy), case, policy.memory)
    if not linked:
        assert found is None
        return
    assert found is not None
    assert found.features[0].feature is deciding
    assert found.score >= policy.memory.threshold
    assert all(f.why for f in found.features)  # every feature says why it counts


def test_an_identifier_outweighs_a_name_and_support_only_adds(policy):
    case = _case(1, SEED, policy)
    same_tail = compare_traits(
        _query(replace(SEED, aircraft_id="KOR9"), policy), case, policy.memory
    )
    new_tail = replace(SEED, registration="P913", aircraft_address=0x721002, remarks="")
    same_operator = compare_traits(_query(new_tail, policy), case, policy.memory)
    assert same_tail is not None
    assert same_operator is not None
    assert same_tail.score > same_operator.score
    other_pair = replace(new_tail, destination="OIIE")
    farther = compare_traits(_query(other_pair, policy), case, policy.memory)
    assert farther is not None
    assert farther.score < same_operator.score  # the city pair added a little


def test_another_type_under_the_same_registration_subtracts(policy):
    case = _case(1, SEED, policy)
    other = compare_traits(_query(replace(SEED, aircraft_type="AN12"), policy), case, policy.memory)
    same = compare_traits(_query(SEED, policy), case, policy.memory)
    assert other is not None
    assert same is not None
    assert any(f.feature is MemoryFeature.OTHER_TYPE and f.value < 0 for f in other.features)
    assert other.score < same.score


def test_the_indicator_reports_resemblances_and_not_run_without_a_register(policy):
    memory = CaseMemory([_case(7, SEED, policy, "KOR7717 ZKPY-OSDI")])
    context = ScreeningContext(ReferenceData(policy), memory=memory)
    verdict = screen(replace(SEED, aircraft_id="KOR161"), context)
    (finding,) = [f for f in verdict.findings if f.indicator is Indicator.RESEMBLES_CASE]
    assert finding.summary.startswith("resembles case 7 (KOR7717 ZKPY-OSDI): score ")
    assert finding.weight == pytest.approx(
        policy.weight(Indicator.RESEMBLES_CASE) * float(finding.summary.rsplit(" ", 1)[1]), abs=0.2
    )
    assert finding.evidence[0].startswith("same-address +0.98: same 24-bit address 72100F")
    # The flight's own case is never a resemblance.
    own = screen(SEED, replace(context, own_cases=frozenset({7})))
    assert Indicator.RESEMBLES_CASE not in {f.indicator for f in own.findings}
    alone = screen(SEED, ScreeningContext(ReferenceData(policy)))
    (run,) = [r for r in alone.runs if r.indicator is Indicator.RESEMBLES_CASE]
    assert run.status is RunStatus.NOT_RUN
    assert run.reason == "no case register given"


def test_a_memory_policy_with_a_deciding_feature_at_zero_is_refused(tmp_path):
    text = (PACKAGED / "policy.yaml").read_text()
    text = re.sub(r"same-msn: \{weight: 0.95", "same-msn: {weight: 0", text)
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    with pytest.raises(PolicyError) as raised:
        load_policy(path)
    assert "memory" in str(raised.value)
    assert "same-msn" in str(raised.value)


# Properties over synthetic registers.

_OPERATORS = ["AIR KORYO", "Air Koryo Cargo", "MAHAN AIR", "Iran Air", "Syrian Arab Airlines", ""]
_PARTIES = ["Korea Mining Development Trading Corp", "Korea Tangun Trading", "Green Pine", ""]
_STATES = ["KZ", "TR", "TM", "KG", "UZ", "CN", "IR"]


@st.composite
def trait_sets(draw: st.DrawFn) -> frozenset[Trait]:
    traits = set()
    if draw(st.booleans()):
        address = f"{draw(st.integers(0x720000, 0x720004)):06X}"
        traits.add(Trait(TraitKind.ADDRESS, address))
    if draw(st.booleans()):
        traits.add(Trait(TraitKind.REGISTRATION, draw(st.sampled_from(["P912", "P913", "EPMNA"]))))
    for kind, names in ((TraitKind.OPERATOR, _OPERATORS), (TraitKind.PARTY, _PARTIES)):
        name = draw(st.sampled_from(names))
        if name:
            traits.add(Trait(kind, name))
    pair = draw(st.sampled_from(["ZKPY-OSDI", "ZKPY-OIIE", "OIIE-OSDI"]))
    traits.add(Trait(TraitKind.CITY_PAIR, pair))
    for state in draw(st.lists(st.sampled_from(_STATES), max_size=4, unique=True)):
        traits.add(Trait(TraitKind.TRANSIT_STATE, state))
    traits.add(Trait(TraitKind.AIRCRAFT_TYPE, draw(st.sampled_from(["IL76", "AN12"]))))
    if draw(st.booleans()):
        traits.add(Trait(TraitKind.TIMING, "delayed"))
    return frozenset(traits)


@settings(max_examples=60, deadline=None)
@given(st.lists(trait_sets(), min_size=1, max_size=12))
def test_a_case_resembles_itself_most(registers):
    policy = load_policy().memory
    past = [PastCase(i + 1, f"case {i + 1}", False, t) for i, t in enumerate(registers)]
    for case in past:
        itself = compare_traits(case.traits, case, policy)
        others = [compare_traits(case.traits, other, policy) for other in past]
        best = max((r.score for r in others if r is not None), default=0.0)
        if itself is not None:
            assert itself.score == best


@settings(max_examples=100, deadline=None)
@given(trait_sets(), trait_sets())
def test_resemblance_is_symmetric(a, b):
    policy = load_policy().memory
    ab = compare_traits(a, PastCase(1, "a", False, b), policy)
    ba = compare_traits(b, PastCase(2, "b", False, a), policy)
    assert (ab is None) == (ba is None)
    if ab is not None and ba is not None:
        assert ab.score == ba.score


@settings(max_examples=60, deadline=None)
@given(st.lists(trait_sets(), max_size=30), trait_sets())
def test_the_index_answers_as_the_obvious_loop(registers, query):
    policy = load_policy().memory
    past = [PastCase(i + 1, f"case {i + 1}", i % 3 == 0, t) for i, t in enumerate(registers)]
    memory = CaseMemory(past)
    indexed = memory.resemblances(query, policy, exclude=frozenset({2}))
    looped = resemblances_by_loop(query, past, policy, exclude=frozenset({2}))
    assert indexed == looped
