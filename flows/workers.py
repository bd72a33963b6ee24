"""Analysis in worker processes: each loads the pipeline once, then analyses the
batches it is sent, one at a time, over a pipe.

Why our own processes rather than a ProcessPoolExecutor (or Prefect's process
task runner, which wraps one): a worker here can be stopped and replaced on its
own. When one dies (killed for exceeding a limit, out of memory, a crash in
native code) its batch fails with `WorkerLost`, a fresh worker takes its place,
and the other workers and their batches go on; an executor would be broken for
good. The flow process stays the only writer: workers return records, never
open the database.

Hooks for per-document limits (reliability issue): `WorkerLimits`. A batch's
wall-time limit is enforced here (the worker is killed and replaced past it; the
flow then retries the batch file by file, so the file past the limit is the one
that fails); `memory_bytes` caps each worker's address space. On Linux a worker
is killed by the kernel when the flow process dies, however it dies.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import multiprocessing
import os
import queue
import resource
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any

from litclaims.flows.analysis import BatchOutcome, analyze_batch, read_limits
from litclaims.flows.batches import Batch
from litclaims.schemas.config import Settings

# prctl option: the signal a process gets when its parent dies (linux/prctl.h).
PR_SET_PDEATHSIG = 1
# How long a new worker may take to import and load the pipeline before it counts as lost.
STARTUP_TIMEOUT_S = 600.0


class VersionMismatch(RuntimeError):
    """A worker runs another extractor (other code, rules or models) than the flow planned with."""


class WorkerLost(RuntimeError):
    """A worker process died, or was stopped past a limit, before returning its batch."""


@dataclass(frozen=True)
class WorkerLimits:
    """Limits a worker process runs under; None: none."""

    seconds_per_file: float | None = None  # a batch may take this times its files
    memory_bytes: int | None = None  # the worker's address space (RLIMIT_AS)

    def batch_deadline_s(self, batch: Batch) -> float | None:
        return None if self.seconds_per_file is None else self.seconds_per_file * len(batch.files)


def planned_extractor_version(settings: Settings) -> str:
    """The extractor version the workers will report, computed without loading the
    pipeline or the rules (the flow process needs it to plan, and an unchanged corpus
    should not wait for a pipeline it will not use); workers check it when they start."""
    from litclaims.extract.claims.engine import CONFIDENCE_FILE, RULES_DIR, _fingerprint
    from litclaims.extract.pipeline import pipeline_fingerprint
    from litclaims.extract.version import code_fingerprint, compute_extractor_version

    return compute_extractor_version(pipeline_fingerprint(settings), _fingerprint(RULES_DIR, CONFIDENCE_FILE),
                                     code_fingerprint())


def _die_with(parent_pid: int) -> None:
    """Have Linux kill this process when the flow process dies, however it dies (kill -9
    included): a worker busy with a long document must not outlive its run."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):  # not Linux: the worker exits when its pipe closes
        return
    if os.getppid() != parent_pid:  # the flow died before the request was made
        os._exit(1)


def _worker_main(connection: Connection, settings: Settings, limits: WorkerLimits, parent_pid: int) -> None:
    """A worker process: load the pipeline once, report ready (with the extractor version),
    then analyse each batch received until told to stop or the flow goes away."""
    _die_with(parent_pid)
    if limits.memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    try:
        from litclaims.extract import Extractor
        from litclaims.ingest import prepare_reading

        extractor = Extractor.from_settings(settings)
        prepare_reading()  # before "ready": while Prefect's server starts, not in the first batch
    except BaseException as error:  # reported to the flow, which cannot start without workers
        connection.send(("failed", f"{type(error).__name__}: {error}"))
        return
    try:
        connection.send(("ready", extractor.extractor_version))
    except (BrokenPipeError, OSError):  # the flow process is gone
        return
    while True:
        try:
            batch = connection.recv()
        except (EOFError, OSError):  # the flow process is gone: nothing to report to
            return
        if batch is None:
            return
        outcome = analyze_batch(batch, extractor, retries=settings.task_retries,
                                retry_delay_s=settings.task_retry_delay_s, limits=read_limits(settings))
        try:
            connection.send(("done", outcome))
        except (BrokenPipeError, OSError):  # the flow process is gone
            return


class WorkerProcess:
    """One analysis process and the flow's end of its pipe."""

    def __init__(self, settings: Settings, limits: WorkerLimits, context: Any) -> None:
        self.limits = limits
        self.connection, child = context.Pipe()
        self.process = context.Process(target=_worker_main, args=(child, settings, limits, os.getpid()),
                                       name="litclaims-analysis", daemon=True)
        self.process.start()
        child.close()
        self.version: str | None = None

    def wait_ready(self, timeout_s: float = STARTUP_TIMEOUT_S) -> str:
        """Block until the pipeline is loaded; the extractor version it reports."""
        if self.version is None:
            kind, value = self._receive(timeout_s, "starting")
            if kind != "ready":
                self.kill()
                raise WorkerLost(f"a worker could not load the pipeline: {value}")
            self.version = value
        return self.version

    def analyze(self, batch: Batch) -> BatchOutcome:
        self.wait_ready()
        try:
            self.connection.send(batch)
        except (BrokenPipeError, OSError) as error:
            raise self._lost(f"while receiving batch {batch.number}: {error}") from error
        _, outcome = self._receive(self.limits.batch_deadline_s(batch), "analysing")
        return outcome

    def _receive(self, timeout_s: float | None, doing: str) -> tuple[str, Any]:
        started = time.monotonic()
        if not self.connection.poll(timeout_s):
            raise self._lost(f"stopped after {time.monotonic() - started:.0f} s {doing}: over the time limit "
                             "per file (raise it with --max-seconds-per-file)")
        try:
            return self.connection.recv()
        except (EOFError, OSError) as error:
            self.process.join(5)
            raise self._lost(f"died while {doing} (exit code {self.process.exitcode}; out of memory? "
                             "--max-worker-memory-mb bounds a worker)") from error

    def _lost(self, message: str) -> WorkerLost:
        self.kill()
        return WorkerLost(f"analysis worker {self.process.pid} {message}")

    def stop(self, timeout_s: float = 10.0) -> None:
        """Ask the worker to finish (it exits between batches); kill it if it does not, or
        at once if it is still loading (a run that had nothing for it)."""
        if self.version is not None and self.process.is_alive():
            try:
                self.connection.send(None)
            except (BrokenPipeError, OSError):
                pass
            self.process.join(timeout_s)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join(5)
        self.connection.close()


class StartedWorkers:
    """A worker pool started before the flow, handed to it as a parameter: `litclaims run`
    starts the workers before Prefect's server, so they load the pipeline while it starts.
    Slotted, with nothing to encode: Prefect records a flow's parameters as JSON and
    records a placeholder for this one instead of walking the pool's processes and pipes."""

    __slots__ = ("pool",)

    def __init__(self, pool: "WorkerPool") -> None:
        self.pool = pool


def worker_limits(settings: Settings) -> WorkerLimits:
    """The settings' per-file time and per-worker memory limits."""
    return WorkerLimits(seconds_per_file=settings.max_seconds_per_file or None,
                        memory_bytes=int(settings.max_worker_memory_mb * 2**20) or None)


class WorkerPool:
    """`size` worker processes; `analyze(batch)` runs a batch on an idle one (blocking the
    calling thread, which only waits). A worker lost on a batch is replaced at once."""

    def __init__(self, settings: Settings, size: int, limits: WorkerLimits = WorkerLimits()) -> None:
        self.settings, self.size, self.limits = settings, size, limits
        # spawn: the flow process runs threads (Prefect's); forking it could copy a held lock.
        self._context = multiprocessing.get_context("spawn")
        self._idle: queue.Queue[WorkerProcess] = queue.Queue()
        self._all: list[WorkerProcess] = []

    def __enter__(self) -> "WorkerPool":
        for _ in range(self.size):
            self._add()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        for worker in self._all:
            worker.stop()
        self._all.clear()

    def _add(self) -> WorkerProcess:
        worker = WorkerProcess(self.settings, self.limits, self._context)
        self._all.append(worker)
        self._idle.put(worker)
        return worker

    def wait_ready(self) -> set[str]:
        """Block until every worker has loaded the pipeline; the versions they report."""
        return {worker.wait_ready() for worker in list(self._all)}

    @property
    def pids(self) -> list[int]:
        return [worker.process.pid for worker in self._all if worker.process.pid is not None]

    def analyze(self, batch: Batch) -> BatchOutcome:
        worker = self._idle.get()
        try:
            outcome = worker.analyze(batch)
        except WorkerLost:
            self._all.remove(worker)
            self._add()
            raise
        self._idle.put(worker)
        return outcome

