"""The Dask engine gives the single-process answers; a bad partition is reported, then resumed.

The clusters here run real worker processes (``processes=True``, one thread each), as on a
machine of a real cluster: tasks, selections and errors cross a pickle boundary.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest

distributed = pytest.importorskip(
    "distributed", reason="the Dask engine needs the scale extra: pip install '.[scale]'"
)

from overflight.archive import PartitionKind, list_partitions, open_archive  # noqa: E402
from overflight.archive.engine import EngineOptions  # noqa: E402
from overflight.services.history import HistoryRequest, run_history  # noqa: E402
from overflight.services.history_select import select_aircraft  # noqa: E402

SINGLE = EngineOptions(single_process=True)


def _run(archive: Path, out: Path, engine: EngineOptions, **selection):
    request = HistoryRequest(
        archive=archive, out=out, selection=select_aircraft(**selection), engine=engine
    )
    return run_history(request)


def _frames(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_parquet(out / "transits.parquet"), pd.read_parquet(out / "flights.parquet")


def test_a_local_cluster_of_two_workers_gives_the_single_process_answers(built_archive, tmp_path):
    single = _run(built_archive, tmp_path / "single", SINGLE, everything=True)
    dask = _run(built_archive, tmp_path / "dask", EngineOptions(workers=2), everything=True)
    assert dask.observed.engine == "LocalCluster of 2 workers"
    assert dask.observed.workers == 2
    assert single.observed.engine == "single process"
    transits, flights = _frames(tmp_path / "single")
    dask_transits, dask_flights = _frames(tmp_path / "dask")
    assert len(transits) > 50
    assert len(flights) == 9
    pd.testing.assert_frame_equal(transits, dask_transits)
    pd.testing.assert_frame_equal(flights, dask_flights)
    assert (tmp_path / "single" / "history.json").read_text() == (
        tmp_path / "dask" / "history.json"
    ).read_text()
    assert [j.flown for j in single.flights] == [j.flown for j in dask.flights]


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0"
    ) as running:
        yield running.scheduler_address


def test_a_corrupt_partition_is_reported_the_others_stand_and_a_rerun_does_only_it(
    archive_copy, tmp_path, cluster
):
    engine = EngineOptions(scheduler=cluster)
    partitions = list_partitions(open_archive(archive_copy), PartitionKind.POSITIONS)
    damaged = partitions[2]
    kept = tmp_path / "kept.parquet"
    shutil.copy(damaged.files()[0], kept)
    damaged.files()[0].write_bytes(b"PAR1 not parquet at all")
    out = tmp_path / "out"

    first = _run(archive_copy, out, engine, everything=True)
    assert [name for name, _ in first.observed.failed] == [damaged.name]
    assert "not a readable parquet file" in first.observed.failed[0][1]
    assert damaged.files()[0].name in first.observed.failed[0][1]
    assert len(first.observed.computed) == len(partitions) - 1
    partial_flights = {j.flown.flight_id for j in first.flights}
    assert partial_flights, "the other partitions' results stand"

    shutil.copy(kept, damaged.files()[0])
    second = _run(archive_copy, out, engine, everything=True)
    assert second.observed.computed == (damaged.name,)
    assert len(second.observed.resumed) == len(partitions) - 1
    assert not second.observed.failed
    assert partial_flights < {j.flown.flight_id for j in second.flights}

    reference = _run(archive_copy, tmp_path / "reference", SINGLE, everything=True)
    pd.testing.assert_frame_equal(_frames(out)[0], _frames(tmp_path / "reference")[0])
    assert len(reference.flights) == len(second.flights)


def test_a_missing_partition_is_reported_by_name(archive_copy, tmp_path, cluster):
    partitions = list_partitions(open_archive(archive_copy), PartitionKind.POSITIONS)
    for file in partitions[0].files():
        file.unlink()
    report = _run(archive_copy, tmp_path / "out", EngineOptions(scheduler=cluster), everything=True)
    assert report.observed.failed == (
        (partitions[0].name, "missing: no parquet file in the partition"),
    )


def test_an_absent_scheduler_is_an_input_error(built_archive, tmp_path):
    from overflight.errors import InputError

    engine = EngineOptions(scheduler="tcp://127.0.0.1:1", connect_timeout_s=1)
    with pytest.raises(InputError, match=r"no Dask scheduler answers at tcp://127\.0\.0\.1:1"):
        _run(built_archive, tmp_path, engine, everything=True)
