"""The Prefect flow over a corpus folder: plan -> batches analysed in parallel -> stored by one writer.

Planning hashes the folder and keeps the files that need work; they are cut into
batches (flows/batches.py). A task analyses a batch in a worker process that
loaded the pipeline once (flows/workers.py), or on a Dask cluster
(flows/dask_runner.py); the flow process, the only writer, stores each batch in
one transaction as it comes back, holding the DuckDB file only while it writes,
so `litclaims query` gets in between batches. At most two batches per worker are
in flight, so memory does not grow with the corpus.

Everything configurable comes in as one `Settings` parameter, made by the caller
(the CLI) once: `corpus_flow(settings)` is the flow with the settings' task
runner, and the flow gives its tasks the settings' retries.
"""

# No `from __future__ import annotations` here: Prefect validates the flow's
# parameters against its annotations, and a served run (the flow pickled into a
# subprocess) cannot resolve them from strings.
import time
import uuid
from collections import deque
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Optional, Protocol

from prefect import Flow, Task, flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.context import FlowRunContext
from prefect.exceptions import TerminationSignal
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner
from prefect.utilities.annotations import quote

from litclaims.flows.analysis import (TRANSIENT, AlreadyStored, BatchOutcome, DocumentOutcome, FileOutcome,
                                      StageError)
from litclaims.flows.batches import Batch, largest_first, plan_batches
from litclaims.flows.planning import CorpusFile, WorkPlan, corpus_files, hash_files, plan_work, split_supported
from litclaims.flows.progress import Progress
from litclaims.flows.summary import PlanOutcome, RunSummary, build_summary, summary_markdown
from litclaims.flows.workers import (StartedWorkers, VersionMismatch, WorkerLost, WorkerPool, planned_extractor_version,
                                    worker_limits)
from litclaims.ingest import estimated_work
from litclaims.schemas import store
from litclaims.schemas.config import Settings
from litclaims.schemas.records import DocumentFailure, Extraction
from litclaims.schemas.report import report_path_for, write_report

# Batches in flight per worker: one being analysed, one waiting, so no worker idles
# while the writer stores, and finished results never pile up.
IN_FLIGHT_PER_WORKER = 2

__all__ = ["StageError", "corpus_flow", "process_corpus", "started_workers"]


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except StageError as error:
        return isinstance(error.__cause__, TRANSIENT)
    except TRANSIENT:
        return True
    except Exception:
        return False
    return False


class Analyzer(Protocol):
    """Where a batch is analysed: a local worker process, or a Dask worker."""

    ships_bytes: bool  # the batch must carry its files' bytes (the worker may be on another machine)
    workers: int  # how many batches it analyses at once

    def analyze(self, batch: Batch) -> BatchOutcome: ...


class PoolAnalyzer:
    """A batch task's analyzer in the flow process: the task's thread waits while one of
    the pool's worker processes does the work."""

    ships_bytes = False

    def __init__(self, pool: WorkerPool) -> None:
        self.pool = pool
        self.workers = pool.size

    def analyze(self, batch: Batch) -> BatchOutcome:
        return self.pool.analyze(batch)


# Retries come from the settings (`corpus_tasks`); the decorators hold what never changes.
@task(name="analyze-batch", retry_condition_fn=_retry_transient, cache_policy=NO_CACHE, log_prints=False)
def analyze_batch(batch: Batch, analyzer: Any) -> BatchOutcome:
    """Read and extract every file of the batch (where the analyzer runs it). A bad file
    or document is a failure record in the outcome; the rest of the batch goes on."""
    return analyzer.analyze(batch)


@task(name="store-batch", retry_condition_fn=_retry_transient, cache_policy=NO_CACHE)
def store_batch(extractions: list, failures: list, db_path: Path, run_id: str, lock_timeout_s: float) -> str | None:
    """Store a batch's extractions (`store.SourcedExtraction`) and record its failures, in one
    transaction; the database is held only while this writes. Returns the lock's message
    when another process held the database past the timeout (an expected state the flow
    handles by storing the batch later, not an error with a traceback), else None."""
    try:
        with store.writer(db_path, timeout_s=lock_timeout_s) as con:
            store.store_batch(con, extractions, failures, run_id)
    except store.DatabaseLockedError as error:
        return str(error)
    return None


@dataclass(frozen=True)
class CorpusTasks:
    """The flow's tasks with the retries the settings ask for."""

    analyze: Task
    store: Task

    @classmethod
    def from_settings(cls, settings: Settings) -> "CorpusTasks":
        retry = {"retries": settings.task_retries, "retry_delay_seconds": settings.task_retry_delay_s}
        return cls(analyze_batch.with_options(**retry), store_batch.with_options(**retry))


def corpus_flow(settings: Settings) -> Flow:
    """`process_corpus` with the settings' task runner: threads that hand batches to the
    local worker processes, or the Dask cluster at `settings.dask_address`; call it (or
    serve it) with the same settings."""
    if settings.dask_address:
        from litclaims.flows.dask_runner import dask_task_runner

        return process_corpus.with_options(task_runner=dask_task_runner(settings))
    return process_corpus.with_options(task_runner=ThreadPoolTaskRunner(max_workers=settings.max_workers))


# The error type of a document analysed but kept out of the database by a lock to the end.
NOT_STORED = "NotStored"


@flow(name="litclaims-corpus", log_prints=False)
def process_corpus(settings: Settings, show_progress: bool = False,
                   workers: Optional[StartedWorkers] = None) -> RunSummary:
    """Ingest, tag and extract every new or changed paper in the settings' corpus
    folder into their database. `workers`: local workers the caller started (and
    stops) for these settings (`started_workers`); without them the flow starts its own."""
    run_id = str(flow_run.id or uuid.uuid4())
    # Once per run, here: a served run has no CLI before it. The writers after this only open.
    store.migrate_database(settings.db_path, timeout_s=settings.db_lock_timeout_s)
    with _local_workers(settings, workers) as pool:
        extractor_version = planned_extractor_version(settings)
        plan = _plan_run(settings, run_id, extractor_version)
        try:
            outcome = _process_plan(plan, settings, run_id, extractor_version, show_progress, pool)
        except BaseException as error:
            # Whatever was stored stays stored; the run is marked so nobody mistakes it for
            # complete: `cancelled` when it was told to stop (Ctrl-C, SIGTERM), else `crashed`.
            stopped = isinstance(error, (KeyboardInterrupt, TerminationSignal))
            with store.writer(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
                store.mark_run_crashed(con, run_id, status="cancelled" if stopped else "crashed")
            raise
    summary = _finish_run(settings, run_id, plan, outcome, extractor_version)
    get_run_logger().info("Run %s: %d processed, %d skipped, %d failed, %d claims stored", run_id,
                          len(summary.processed), summary.skipped, len(summary.failures),
                          summary.claims_this_run)
    return summary


def _plan_run(settings: Settings, run_id: str, extractor_version: str) -> WorkPlan:
    """Hash the corpus, compare with what is stored, and record the run's start (and the
    files that could not even be read)."""
    logger = get_run_logger()
    paths = corpus_files(settings.corpus_dir)
    supported, unsupported = split_supported(paths)
    files, unreadable = hash_files(supported)
    logger.info("Corpus %s: %d files, %d of a supported type", settings.corpus_dir, len(paths), len(supported))
    rejected = unsupported + unreadable
    with store.writer(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
        stored = store.stored_documents(con)
        store.start_run(con, run_id, str(flow_run.id) if flow_run.id else None, str(settings.corpus_dir),
                        extractor_version)
        for failure in rejected:
            store.record_failure(con, failure, run_id)
    plan = plan_work(files, stored, extractor_version, rejected)
    if plan.moved:
        # Provenance follows the file: a renamed or swapped paper's rows name its path now.
        with store.writer(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
            store.move_documents(con, [(f.sha256, old, str(f.path)) for f, old in plan.moved])
    logger.info("%d to process, %d unchanged (%d moved), %d duplicates", len(plan.to_process),
                len(plan.unchanged), len(plan.moved), len(plan.duplicates))
    return plan


def _process_plan(plan: WorkPlan, settings: Settings, run_id: str, extractor_version: str,
                  show_progress: bool, pool: WorkerPool | None) -> PlanOutcome:
    """Analyse the planned files batch by batch; store each batch as it comes back."""
    tally = _Tally(failures=list(plan.rejected))
    if not plan.to_process:
        return tally.outcome()
    batches = plan_batches(plan.to_process, workers=settings.max_workers, max_files=settings.batch_files,
                           max_bytes=settings.batch_bytes)
    tasks = CorpusTasks.from_settings(settings)
    logger = get_run_logger()
    logger.info("%d files in %d batches", len(plan.to_process), len(batches))
    progress = Progress(total=len(plan.to_process), enabled=show_progress)
    held: list[BatchOutcome] = []
    try:
        analyzer = _analyzer(pool, settings, extractor_version)
        for outcome in _analyzed_batches(tasks.analyze, analyzer, largest_first(batches, _work_estimates(plan))):
            try:
                tally.add_batch(_store(tasks.store, _documents(outcome), settings, run_id), len(batches), outcome.number)
            except store.DatabaseLockedError:
                # Another process holds the database: keep the finished analysis, go on
                # analysing, and store it later (work is not thrown away for a lock).
                logger.warning("The database is held by another process; batch %d waits to be stored", outcome.number)
                held.append(outcome)
            for file_outcome in outcome.files:
                progress.advance(file_outcome.file.path.name)
        _store_held(held, tasks.store, settings, run_id, tally, len(batches))
    finally:
        progress.close()
    return tally.outcome()


def _work_estimates(plan: WorkPlan) -> Callable[[CorpusFile], int]:
    """Each file's estimated work (a PDF's pages, not its bytes), read once per run."""
    work = {f.path: estimated_work(f.path, f.size) for f in plan.to_process}
    return lambda corpus_file: work.get(corpus_file.path, corpus_file.size)


def _documents(outcome: BatchOutcome) -> list[tuple[DocumentOutcome, store.SourceFile]]:
    return [(o, f.source()) for f in outcome.files for o in f.outcomes]


def _store_held(held: list[BatchOutcome], store_task: Task, settings: Settings, run_id: str, tally: "_Tally",
                batches: int) -> None:
    """The batches a lock kept out, tried again once analysis is done (each waits up to
    the lock timeout again); those still refused are listed as not stored, and the next
    run stores them (nothing of them is in the database)."""
    for outcome in held:
        try:
            tally.add_batch(_store(store_task, _documents(outcome), settings, run_id), batches, outcome.number)
        except store.DatabaseLockedError as error:
            tally.add_not_stored([o for o, _ in _documents(outcome)], error)


@contextmanager
def started_workers(settings: Settings) -> Iterator[Optional[StartedWorkers]]:
    """The settings' local worker processes, started now, for `process_corpus(...,
    workers=...)`: `litclaims run` starts them before Prefect's server, so that they load
    the pipeline while it starts; stopped on leaving. None for a Dask cluster."""
    if settings.dask_address:
        yield None
        return
    with WorkerPool(settings, size=settings.max_workers, limits=worker_limits(settings)) as pool:
        yield StartedWorkers(pool)


@contextmanager
def _local_workers(settings: Settings, started: Optional[StartedWorkers] = None) -> Iterator[WorkerPool | None]:
    """The local worker processes: those the caller started, else started here, before
    planning, so that they load the pipeline while the flow hashes the corpus (a run with
    nothing to do stops them unloaded); None when the batches go to a Dask cluster."""
    if settings.dask_address:
        yield None
        return
    if started is not None:
        yield started.pool
        return
    with started_workers(settings) as workers:
        yield workers.pool if workers else None


def _analyzer(pool: WorkerPool | None, settings: Settings, extractor_version: str) -> Analyzer:
    """Where this run's batches are analysed, ready to take them: the local worker processes
    with the pipeline loaded, or the Dask cluster's workers with the pipeline plugin."""
    if pool is not None:
        started = time.monotonic()
        versions = pool.wait_ready()
        get_run_logger().info("Waited %.1f s for %d analysis workers to load the pipeline",
                              time.monotonic() - started, pool.size)
        if versions != {extractor_version}:
            raise VersionMismatch(f"the analysis workers loaded extractor {', '.join(sorted(versions))}, but the "
                                  f"run was planned for {extractor_version}: litclaims changed on disk as the "
                                  "run started (an edit or an upgrade); run it again")
        return PoolAnalyzer(pool)
    from litclaims.flows.dask_runner import DaskAnalyzer, register_pipeline

    client = register_pipeline(FlowRunContext.get().task_runner, settings, extractor_version)
    return DaskAnalyzer(workers=max(1, len(client.scheduler_info().get("workers", {}))))


def _analyzed_batches(analyze: Task, analyzer: Analyzer, batches: list[Batch]) -> Iterator[BatchOutcome]:
    """Each batch's outcome as it completes, with at most IN_FLIGHT_PER_WORKER batches per
    worker submitted and not yet consumed. A batch whose worker was lost is tried again
    file by file, so that only the file that lost it fails."""
    waiting = deque(batches)
    pending: dict[PrefectFuture, Batch] = {}
    while waiting or pending:
        while waiting and len(pending) < IN_FLIGHT_PER_WORKER * analyzer.workers:
            batch = waiting.popleft()
            pending[analyze.submit(batch.with_bytes() if analyzer.ships_bytes else batch, analyzer)] = batch
        future = next(as_completed(list(pending)))
        batch = pending.pop(future)
        try:
            outcome = future.result()
        except VersionMismatch:
            raise
        except Exception as error:
            if len(batch.files) > 1:
                get_run_logger().warning("Batch %d lost (%s): trying its %d files one by one", batch.number,
                                         error, len(batch.files))
                waiting.extendleft(reversed(batch.singles()))
                continue
            outcome = _lost(batch, error)
        yield outcome


def _lost(batch: Batch, error: Exception) -> BatchOutcome:
    """A one-file batch that came back with no outcome: the file's failure (its worker was
    lost on it, or the task crashed or was cancelled before its body ran)."""
    stage = "extract" if isinstance(error, WorkerLost) else "parse"
    (batch_file,) = batch.files
    failed = FileOutcome.failed(batch_file.file, stage, type(error).__name__, str(error) or repr(error))
    return BatchOutcome(batch.number, (failed,))


@dataclass
class _Tally:
    """The documents of the processed files as their outcomes arrive, each counted once."""

    stored: list[str] = field(default_factory=list)
    already_stored: int = 0
    failures: list[DocumentFailure] = field(default_factory=list)
    documents: int = 0

    def add_batch(self, outcomes: list[DocumentOutcome], batches: int, number: int) -> None:
        logger = get_run_logger()
        claims = 0
        for outcome in outcomes:
            self.documents += 1
            if isinstance(outcome, AlreadyStored):
                self.already_stored += 1
            elif isinstance(outcome, Extraction):
                self.stored.append(outcome.document.source_path)
                claims += len(outcome.claims)
            else:
                self.failures.append(outcome)
                logger.warning("Failed %s at %s: %s", Path(outcome.source_path).name, outcome.stage,
                               outcome.message)
        logger.info("Stored batch %d of %d: %d documents, %d claims", number, batches, len(outcomes), claims)

    def add_not_stored(self, outcomes: list[DocumentOutcome], error: Exception) -> None:
        """Documents a lock kept out of the database to the end: failures of this run that
        are not in `ingest_errors` (the database could not be written)."""
        for outcome in outcomes:
            self.documents += 1
            if isinstance(outcome, Extraction):
                self.failures.append(DocumentFailure(
                    outcome.document.source_path, outcome.document.doc_id, "store", NOT_STORED,
                    f"not stored: the database was held by another process ({error}); the next run stores it"))
            elif isinstance(outcome, DocumentFailure):
                self.failures.append(outcome)

    def outcome(self) -> PlanOutcome:
        return PlanOutcome(tuple(self.stored), self.already_stored, tuple(self.failures), self.documents)


def _store(store_task: Task, documents: list[tuple[DocumentOutcome, store.SourceFile]], settings: Settings,
           run_id: str) -> list[DocumentOutcome]:
    """Store a batch's documents and failures in one transaction. If the database refuses
    the batch (after retries), each document is tried alone, so one document it refuses
    does not lose the rest; a document that cannot be stored is a recorded store failure."""
    extractions = [store.SourcedExtraction(o, source) for o, source in documents if isinstance(o, Extraction)]
    failures = [o for o, _ in documents if isinstance(o, DocumentFailure)]
    if not extractions and not failures:
        return [o for o, _ in documents]
    try:
        # quote: Prefect would otherwise walk every record of the batch looking for futures
        # to resolve (twice per call), which cost the flow more CPU than the writing.
        locked = store_task(quote(extractions), quote(failures), settings.db_path, run_id,
                            settings.db_lock_timeout_s)
        if locked:
            raise store.DatabaseLockedError(locked)
        return [o for o, _ in documents]
    except store.DatabaseLockedError:
        raise  # the caller keeps the batch and tries again later
    except Exception as error:
        if len(documents) > 1:
            return [stored for pair in documents for stored in _store(store_task, [pair], settings, run_id)]
        return _record_store_failures([o for o, _ in documents], error, settings, run_id)


def _record_store_failures(outcomes: list[DocumentOutcome], error: Exception, settings: Settings,
                           run_id: str) -> list[DocumentOutcome]:
    """The documents are lost for this run, not the run: each extraction becomes a store
    failure, recorded with the batch's own failures (which were not written either)."""
    recorded = [DocumentFailure(o.document.source_path, o.document.doc_id, "store", type(error).__name__, str(error))
                if isinstance(o, Extraction) else o for o in outcomes]
    with store.writer(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
        for failure in recorded:
            if isinstance(failure, DocumentFailure):
                store.record_failure(con, failure, run_id)
    return recorded


def _finish_run(settings: Settings, run_id: str, plan: WorkPlan, outcome: PlanOutcome,
                extractor_version: str) -> RunSummary:
    """Summarise the run from the database, record it, and publish it as a Prefect artifact."""
    with store.writer(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
        summary = build_summary(con, run_id=run_id, corpus_dir=str(settings.corpus_dir),
                                db_path=str(settings.db_path), plan=plan, outcome=outcome,
                                extractor_version=extractor_version)
        markdown = summary_markdown(summary)
        store.finish_run(con, run_id, summary.counts(), markdown)
        report_path = report_path_for(settings.db_path)
        write_report(con, report_path, settings.db_path.name)
    create_markdown_artifact(markdown=markdown, key="litclaims-run-summary",
                             description=f"litclaims run over {settings.corpus_dir}")
    create_link_artifact(link=report_path.as_uri(), link_text=report_path.name, key="litclaims-report",
                         description="The HTML report of the database after this run (one file, works offline)")
    return summary
