"""Every reader of the user's files, fuzzed: only errors of overflight's tree ever come out.

The targets and mutations are ``scripts/fuzz_readers.py``'s (which runs them for longer); here
each reader gets a few hundred inputs: mutations of a real sample with hostile pieces spliced
in, random text, random bytes.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "scripts"))
from fuzz_readers import READERS, check, mutate, targets

INPUTS = st.one_of(
    st.randoms(use_true_random=False),
    st.text(max_size=300).map(lambda text: text.encode("utf-8", "surrogatepass")),
    st.binary(max_size=300),
)


@pytest.mark.parametrize("name", READERS)
@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(made=INPUTS)
def test_a_reader_raises_nothing_but_overflight_errors(name, made, tmp_path):
    (target,) = [t for t in targets(tmp_path) if t.name == name]
    sample = target.sample.read_bytes()
    body = mutate(sample, made) if isinstance(made, random.Random) else made
    check(target, body, tmp_path)
