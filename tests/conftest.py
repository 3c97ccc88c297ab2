"""Fixtures every test package shares."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The project's shared folder (seed, reference notes, real data), beside the checkout."""
    if not SHARED.is_dir():
        pytest.skip(f"no shared folder at {SHARED}: tests on real data need it beside the checkout")
    return SHARED
