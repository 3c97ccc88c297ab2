"""Running one function over many partitions: on Dask, or in this process, resumably.

The task (``Partition → pandas frame``, a picklable module-level function or ``partial``) is
turned into a ``dask.dataframe`` with one partition per archive partition (``dd.from_map``),
computed on a cluster: an existing one (``scheduler="tcp://host:8786"``) or a ``LocalCluster``
started here (worker processes, one thread each, ``dashboard_address=":0"``). Each partition's
result is written to ``out/<partition name>.parquet`` as soon as it arrives, under a
fingerprint of its input files and the run's settings; a partition whose result is there with
the same fingerprint is not computed again, so an interrupted or partly failed run is resumed by
running it again. A partition that fails (after ``retries`` on the cluster) is reported with its
error, never dropped silently; the others' results stand.
"""

from __future__ import annotations

import hashlib
import importlib
import os
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from overflight.archive.errors import PartitionError
from overflight.archive.extra import require_scale
from overflight.archive.layout import Partition
from overflight.errors import InputError, OverflightError, Param

__all__ = [
    "Engine",
    "EngineOptions",
    "EngineProgress",
    "EngineReport",
    "fingerprint",
    "open_engine",
    "run_partitions",
]

_FINGERPRINT = b"overflight.fingerprint"


@dataclass(frozen=True, slots=True)
class EngineOptions:
    """Where partitions are computed.

    ``scheduler``: a Dask scheduler's address (``tcp://host:8786``), else a ``LocalCluster``
    of ``workers`` processes (default: this machine's cores). ``single_process``: no Dask at all
    (the reference path). ``retries``: how often the cluster retries a failed partition;
    ``connect_timeout_s``: how long to wait for ``scheduler`` to answer.
    """

    scheduler: str | None = None
    workers: int | None = None
    single_process: bool = False
    retries: int = 2
    connect_timeout_s: float = 10.0


@dataclass(frozen=True, slots=True)
class EngineProgress:
    """How far a run is."""

    done: int  # computed now, or found from an earlier run
    failed: int
    total: int
    last: str  # the partition that just finished (or failed)


@dataclass(frozen=True, slots=True)
class EngineReport:
    """What a run did, partition by partition."""

    computed: tuple[str, ...]
    resumed: tuple[str, ...]  # results found from an earlier run with the same fingerprint
    failed: tuple[tuple[str, str], ...]  # (partition, error)
    results: tuple[Path, ...]  # the result files of every partition done (computed or resumed)
    engine: str  # "single process", "LocalCluster of 2 workers", "cluster at tcp://…"
    workers: int
    elapsed_s: float


def fingerprint(partition: Partition, run_key: str) -> str:
    """A digest of the partition's files (names, sizes, times) and the run's settings."""
    digest = hashlib.sha256(run_key.encode())
    for path in partition.files():
        stat = path.stat()
        digest.update(f"{path.name}:{stat.st_size}:{stat.st_mtime_ns};".encode())
    return digest.hexdigest()[:24]


def run_partitions(
    task: Callable[[Partition], Any],
    partitions: Sequence[Partition],
    meta: Any,
    out: Path,
    run_key: str,
    options: EngineOptions,
    on_progress: Callable[[EngineProgress], None] | None = None,
) -> EngineReport:
    """``task`` over every partition on an engine opened for this alone (see ``Engine.run``).

    Raises:
        InputError: the engine's packages are missing, or the scheduler cannot be reached.
    """
    with open_engine(options) as engine:
        return engine.run(task, partitions, meta, out, run_key, on_progress)


@contextmanager
def open_engine(options: EngineOptions) -> Iterator[Engine]:
    """An engine for several runs: the cluster is reached (or started) once, closed after.

    Raises:
        InputError: the engine's packages are missing, or the scheduler cannot be reached.
    """
    require_scale(Param("scheduler") if options.scheduler else "history", "engine")
    if options.single_process:
        yield Engine(options, None, "single process", 1)
        return
    distributed: Any = importlib.import_module("distributed")
    cluster = None
    if options.scheduler:
        try:
            client = distributed.Client(
                options.scheduler, timeout=f"{options.connect_timeout_s:g}s"
            )
        except (OSError, TimeoutError) as err:
            raise InputError(
                Param("scheduler"), f"no Dask scheduler answers at {options.scheduler} ({err})"
            ) from None
        description = f"cluster at {options.scheduler}"
    else:
        workers = options.workers or os.cpu_count() or 1
        cluster = distributed.LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
        client = distributed.Client(cluster)
        description = f"LocalCluster of {workers} workers"
    try:
        count = len(client.scheduler_info(n_workers=-1)["workers"])
        yield Engine(options, client, description, count)
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


@dataclass(frozen=True, slots=True)
class Engine:
    """Where partitions are computed: a Dask client, or none (this process)."""

    options: EngineOptions
    client: Any
    description: str
    workers: int

    def run(
        self,
        task: Callable[[Partition], Any],
        partitions: Sequence[Partition],
        meta: Any,
        out: Path,
        run_key: str,
        on_progress: Callable[[EngineProgress], None] | None = None,
    ) -> EngineReport:
        """``task`` over every partition, results in ``out`` (see the module's description)."""
        started = time.monotonic()
        prints = {p.name: fingerprint(p, run_key) for p in partitions}
        resumed = [p for p in partitions if _result_matches(_result_path(out, p), prints[p.name])]
        resumed_names = {p.name for p in resumed}
        todo = [p for p in partitions if p.name not in resumed_names]
        run = _RunResults(out, prints, len(partitions), len(resumed), on_progress)
        if on_progress is not None:
            on_progress(EngineProgress(len(resumed), 0, len(partitions), ""))
        if self.client is None:
            for partition in todo:
                try:
                    run.done(partition, task(partition))
                except OverflightError as err:
                    run.fail(partition, _error_text(partition, err))
        elif todo:
            _on_dask(self.client, task, todo, meta, self.options.retries, run)
        failed = dict(run.failed)
        return EngineReport(
            computed=tuple(run.computed),
            resumed=tuple(p.name for p in resumed),
            failed=tuple(run.failed),
            results=tuple(_result_path(out, p) for p in partitions if p.name not in failed),
            engine=self.description,
            workers=self.workers,
            elapsed_s=time.monotonic() - started,
        )


class _RunResults:
    """The results of a run as they arrive: written at once, counted, reported."""

    def __init__(
        self,
        out: Path,
        prints: dict[str, str],
        total: int,
        resumed: int,
        on_progress: Callable[[EngineProgress], None] | None,
    ) -> None:
        self.out, self.prints, self.total, self.on_progress = out, prints, total, on_progress
        self.resumed = resumed
        self.computed: list[str] = []
        self.failed: list[tuple[str, str]] = []

    def done(self, partition: Partition, frame: Any) -> None:
        _write_result(frame, _result_path(self.out, partition), self.prints[partition.name])
        self.computed.append(partition.name)
        self._report(partition.name)

    def fail(self, partition: Partition, error: str) -> None:
        self.failed.append((partition.name, error))
        self._report(partition.name)

    def _report(self, last: str) -> None:
        if self.on_progress is not None:
            done = self.resumed + len(self.computed)
            self.on_progress(EngineProgress(done, len(self.failed), self.total, last))


def _on_dask(
    client: Any,
    task: Callable[[Partition], Any],
    todo: list[Partition],
    meta: Any,
    retries: int,
    run: _RunResults,
) -> None:
    # Typed as Any: Dask's own annotations leave these calls untyped.
    dd: Any = importlib.import_module("dask.dataframe")
    distributed: Any = importlib.import_module("distributed")
    frame = dd.from_map(task, todo, meta=meta, enforce_metadata=False)
    futures = client.compute(frame.to_delayed(), retries=retries)
    which = {future.key: partition for future, partition in zip(futures, todo, strict=True)}
    for future in distributed.as_completed(futures):
        partition = which[future.key]
        if future.status == "error":
            run.fail(partition, _error_text(partition, future.exception()))
        else:
            run.done(partition, future.result())
        future.release()


def _error_text(partition: Partition, error: BaseException) -> str:
    if isinstance(error, PartitionError):
        return error.message
    if isinstance(error, OverflightError):
        return str(error)
    return f"{type(error).__name__}: {error}"


def _result_path(out: Path, partition: Partition) -> Path:
    return out / f"{partition.name}.parquet"


def _result_matches(path: Path, expected: str) -> bool:
    import pyarrow.parquet as pq

    if not path.exists():
        return False
    try:
        metadata = pq.read_schema(path).metadata or {}
    except Exception:  # a damaged result is computed again
        return False
    return bool(metadata.get(_FINGERPRINT, b"").decode() == expected)


def _write_result(frame: Any, path: Path, print_: str) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(frame, preserve_index=False)
    table = table.replace_schema_metadata({**(table.schema.metadata or {}), _FINGERPRINT: print_})
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    pq.write_table(table, temporary)
    temporary.replace(path)
