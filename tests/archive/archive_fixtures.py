"""Fixtures of a small synthetic archive, made once per session (``synthetic_archive.py``).

Imported by ``tests/archive/conftest.py`` and by the history tests of ``tests/services``.
"""

from __future__ import annotations

import os
import shutil
from datetime import timedelta
from pathlib import Path

import pytest

pytest.importorskip("pyarrow", reason="archives need the scale extra: pip install '.[scale]'")

from synthetic_archive import (
    DAY1,
    FLIGHTS,
    write_messages,
    write_state_vectors,
    write_state_vectors_after,
)

from overflight.archive import Manifest
from overflight.services.archive_import import import_messages, import_positions


@pytest.fixture(scope="session")
def source_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    folder = tmp_path_factory.mktemp("sources")
    split = DAY1 + timedelta(days=1)
    day1 = write_state_vectors(folder / "day1.csv", FLIGHTS, split)
    day2 = write_state_vectors_after(folder / "day2.csv", FLIGHTS, split)
    messages = write_messages(folder / "fpl.txt")
    noon = (DAY1 + timedelta(hours=12)).timestamp()
    os.utime(messages, (noon, noon))  # AFTN filing days are read near the file's date
    return day1, day2, messages


@pytest.fixture(scope="session")
def built_archive(tmp_path_factory: pytest.TempPathFactory, source_files) -> Path:
    root = tmp_path_factory.mktemp("archive") / "arc"
    day1, day2, messages = source_files
    import_positions(root, [day1], create=Manifest(buckets=4))
    import_positions(root, [day2])
    import_messages(root, [messages])
    return root


@pytest.fixture
def archive_copy(built_archive: Path, tmp_path: Path) -> Path:
    """A copy of the archive a test may damage."""
    return Path(shutil.copytree(built_archive, tmp_path / "arc"))
