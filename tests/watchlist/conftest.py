"""Fixtures for the watch-list tests: the real OFAC and UN lists, loaded once."""

from __future__ import annotations

from pathlib import Path

import pytest

from overflight.watchlist import Entity, WatchlistIndex
from overflight.watchlist.ofac_csv import load_ofac_csv
from overflight.watchlist.un_xml import load_un_xml

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def lists_dir(shared_dir: Path) -> Path:
    return shared_dir / "data" / "lists"


@pytest.fixture(scope="session")
def ofac_entities(lists_dir: Path) -> tuple[Entity, ...]:
    folder = lists_dir / "ofac-sdn-2021-07"
    entities, problems = load_ofac_csv(folder / "sdn.csv", folder / "alt.csv", folder / "add.csv")
    assert problems == ()
    return entities


@pytest.fixture(scope="session")
def un_entities(lists_dir: Path) -> tuple[Entity, ...]:
    entities, problems = load_un_xml(lists_dir / "un-consolidated-2026-02" / "UN_consolidated.xml")
    assert problems == ()
    return entities


@pytest.fixture(scope="session")
def real_index(
    ofac_entities: tuple[Entity, ...], un_entities: tuple[Entity, ...]
) -> WatchlistIndex:
    return WatchlistIndex.build((*ofac_entities, *un_entities))
