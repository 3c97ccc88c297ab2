"""Fixtures every test package shares."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

from nats_broker import left_as_found

# No test asserts a time: Hypothesis's per-example deadline (200 ms) fails examples that a loaded
# machine merely runs slowly, so it is off for every test.
settings.register_profile("overflight", deadline=None)
settings.load_profile("overflight")

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared folder (seed, reference notes, real data), beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared folder at {SHARED}: tests on real data need it beside the checkout")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Caches (kept route graphs) go to a folder of this test run, never the user's."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("OVERFLIGHT_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
        yield


@pytest.fixture
def nats_consumers() -> Iterator[list[str]]:
    """The NATS consumers a test makes, named by it: they and a stream it made go after it."""
    with left_as_found() as made:
        yield made
