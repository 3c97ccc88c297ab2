from __future__ import annotations

from pathlib import Path

import pytest

from overflight.geo import Airspace, load_airspace
from overflight.screening import Policy, ReferenceData, load_policy
from overflight.watchlist import WatchlistIndex, all_entities, load_lists

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = Path(__file__).resolve().parents[2] / "examples" / "permits"


@pytest.fixture(scope="session")
def policy() -> Policy:
    return load_policy()


@pytest.fixture(scope="session")
def airspace() -> Airspace:
    return load_airspace()


@pytest.fixture(scope="session")
def real_index(shared_dir: Path) -> WatchlistIndex:
    lists = shared_dir / "data" / "lists"
    loaded = load_lists(
        [
            lists / "ofac-sdn-2021-07" / "sdn.csv",
            lists / "un-consolidated-2026-02" / "UN_consolidated.xml",
        ]
    )
    return WatchlistIndex.build(all_entities(loaded))


@pytest.fixture(scope="session")
def real_reference(policy: Policy, real_index: WatchlistIndex) -> ReferenceData:
    return ReferenceData(policy, real_index, "OFAC 2021-07 + UN 2026-02")
