"""Fixtures the geo tests share."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest


@pytest.fixture(scope="module")
def arrays() -> dict[str, np.ndarray]:
    """The packaged airspace file's arrays, as stored."""
    source = resources.files("overflight.geo").joinpath("airspace.npz")
    with source.open("rb") as handle, np.load(handle) as npz:
        return {name: npz[name] for name in npz.files}
