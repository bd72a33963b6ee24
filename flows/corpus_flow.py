"""The Prefect flow over a corpus folder: plan -> parse+extract (concurrent) -> store (one writer).

Each document is stored in its own transaction by the flow's own thread, so there
is one writer, and the writer holds the DuckDB file only while it stores; between
documents `litclaims query` can read.

Everything configurable comes in as one `Settings` parameter, made by the caller
(the CLI) once: `corpus_flow(settings)` is the flow with the settings' task
runner, and the flow gives its tasks the settings' retries.
"""

# No `from __future__ import annotations` here: Prefect validates the flow's
# parameters against its annotations, and a served run (the flow pickled into a
# subprocess) cannot resolve them from strings.
import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from prefect import Flow, Task, flow, get_run_logger, task
from prefect.artifacts import create_link_artifact, create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import PrefectFuture, as_completed
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from litclaims.extract import Extractor
from litclaims.flows.planning import CorpusFile, WorkPlan, corpus_files, hash_files, plan_work, split_supported
from litclaims.flows.progress import Progress
from litclaims.flows.summary import PlanOutcome, RunSummary, build_summary, summary_markdown
from litclaims.ingest import IngestError, read_documents
from litclaims.schemas import store
from litclaims.schemas.config import Settings
from litclaims.schemas.report import report_path_for, write_report
from litclaims.schemas.records import Document, DocumentFailure, Extraction, Stage

# Errors worth a retry: the file system or the database was briefly unavailable.
# Bad input (IngestError) and bugs are not retried.
_TRANSIENT = (TimeoutError, ConnectionError, BlockingIOError, InterruptedError, store.DatabaseLockedError)


class StageError(Exception):
    """An unexpected error (a bug or a transient failure, not bad input) in one stage of
    one document; it keeps the stage so the failure record can name it."""

    def __init__(self, stage: Stage, error_type: str, message: str) -> None:
        super().__init__(stage, error_type, message)
        self.stage, self.error_type, self.message = stage, error_type, message

    @classmethod
    def during(cls, stage: Stage, error: Exception) -> "StageError":
        return cls(stage, type(error).__name__, str(error) or repr(error))

    def __str__(self) -> str:
        return f"{self.stage}: {self.error_type}: {self.message}"


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result()
    except StageError as error:
        return isinstance(error.__cause__, _TRANSIENT)
    except _TRANSIENT:
        return True
    except Exception:
        return False
    return False


@dataclass
class _SerialExtractor:
    """Parsing runs in parallel threads; the spaCy pipeline is not shared between
    threads, so extraction takes this lock."""

    extractor: Extractor
    lock: threading.Lock = field(default_factory=threading.Lock)

    def extract(self, document):
        with self.lock:
            return self.extractor.extract(document)


@dataclass(frozen=True)
class AlreadyStored:
    """A document of a file read again that is stored from the same bytes by this
    extractor version (its siblings failed last time): not extracted again."""

    source_path: str
    doc_id: str


DocumentOutcome = Extraction | DocumentFailure | AlreadyStored


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file: an outcome per document it holds, in file order, or one
    failure when it could not be read into documents."""

    file: CorpusFile
    outcomes: tuple[DocumentOutcome, ...]

    def source(self) -> store.SourceFile:
        return store.SourceFile(self.file.sha256, len(self.outcomes))


# Retries come from the settings (`corpus_tasks`); the decorators hold what never changes.
@task(name="analyze-file", retry_condition_fn=_retry_transient, cache_policy=NO_CACHE, log_prints=False)
def analyze_file(corpus_file: CorpusFile, extractor: _SerialExtractor) -> FileOutcome:
    """Parse one file and extract each of its documents. Bad input comes back as a
    DocumentFailure record (it is data about the corpus, not a crash): the file's when
    it cannot be read, a document's when extraction fails on it. An unexpected error
    while reading raises a StageError (retried when transient)."""
    path = str(corpus_file.path)
    try:
        documents = read_documents(corpus_file.path)
    except IngestError as error:
        failure = DocumentFailure(path, corpus_file.sha256, error.stage, "IngestError", error.message)
        return FileOutcome(corpus_file, (failure,))
    except Exception as error:
        raise StageError.during("parse", error) from error
    if not documents:
        failure = DocumentFailure(path, corpus_file.sha256, "parse", "IngestError",
                                  f"{corpus_file.path.name}: the file holds no documents")
        return FileOutcome(corpus_file, (failure,))
    return FileOutcome(corpus_file, tuple(_analyze_document(document, corpus_file, extractor, position, len(documents))
                                          for position, document in enumerate(documents, 1)))


def _analyze_document(document: Document, corpus_file: CorpusFile, extractor: _SerialExtractor,
                      position: int, count: int) -> DocumentOutcome:
    if document.doc_id in corpus_file.stored_doc_ids:
        return AlreadyStored(document.source_path, document.doc_id)
    try:
        return extractor.extract(document)
    except Exception as error:
        # One document's bug must not lose its siblings: a record, not a raise.
        message = str(error) or repr(error)
        if count > 1:
            message = f"{_document_label(document, position, count)}: {message}"
        return DocumentFailure(document.source_path, document.doc_id, "extract", type(error).__name__, message)


def _document_label(document: Document, position: int, count: int) -> str:
    """Which document of a file holding several: 'document 2 of 3 (PMID 123)'."""
    label = f"document {position} of {count}"
    paper = document.metadata
    if paper and paper.pmid:
        return f"{label} (PMID {paper.pmid})"
    key = paper and (paper.pmcid or paper.doi)
    return f"{label} ({key})" if key else label


@task(name="store-document", retry_condition_fn=_retry_transient, cache_policy=NO_CACHE)
def store_outcome(outcome: Extraction | DocumentFailure, db_path: Path, run_id: str, lock_timeout_s: float,
                  source: store.SourceFile | None = None) -> None:
    """Store one document (read from `source`) or record one failure."""
    with store.writer(db_path, timeout_s=lock_timeout_s) as con:
        if isinstance(outcome, Extraction):
            store.store_extraction(con, outcome, run_id, source)
        else:
            store.record_failure(con, outcome, run_id)


@dataclass(frozen=True)
class CorpusTasks:
    """The flow's tasks with the retries the settings ask for."""

    analyze: Task
    store: Task

    @classmethod
    def from_settings(cls, settings: Settings) -> "CorpusTasks":
        retry = {"retries": settings.task_retries, "retry_delay_seconds": settings.task_retry_delay_s}
        return cls(analyze_file.with_options(**retry), store_outcome.with_options(**retry))


def corpus_flow(settings: Settings) -> Flow:
    """`process_corpus` with as many parse/extract workers as the settings ask for;
    call it (or serve it) with the same settings."""
    return process_corpus.with_options(task_runner=ThreadPoolTaskRunner(max_workers=settings.max_workers))


@flow(name="litclaims-corpus", log_prints=False)
def process_corpus(settings: Settings, show_progress: bool = False) -> RunSummary:
    """Ingest, tag and extract every new or changed paper in the settings' corpus
    folder into their database."""
    run_id = str(flow_run.id or uuid.uuid4())
    # Once per run, here: a served run has no CLI before it. The writers after this only open.
    store.migrate_database(settings.db_path, timeout_s=settings.db_lock_timeout_s)
    extractor = Extractor.from_settings(settings)
    plan = _plan_run(settings, run_id, extractor.extractor_version)
    try:
        outcome = _process_plan(plan, extractor, settings, run_id, show_progress)
    except BaseException:
        # Whatever was stored stays stored; the run is marked so nobody mistakes it for complete.
        with store.writer(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
            store.mark_run_crashed(con, run_id)
        raise
    summary = _finish_run(settings, run_id, plan, outcome, extractor.extractor_version)
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
    logger.info("%d to process, %d unchanged, %d duplicates", len(plan.to_process),
                len(plan.unchanged), len(plan.duplicates))
    return plan


def _process_plan(plan: WorkPlan, extractor: Extractor, settings: Settings, run_id: str,
                  show_progress: bool) -> PlanOutcome:
    """Analyse the planned files concurrently; store each document as its file completes."""
    tasks = CorpusTasks.from_settings(settings)
    serial = _SerialExtractor(extractor)
    futures = {tasks.analyze.submit(f, serial): f for f in plan.to_process}
    tally = _Tally(failures=list(plan.rejected))
    progress = Progress(total=len(futures), enabled=show_progress)
    try:
        for future in as_completed(list(futures)):
            corpus_file = futures[future]
            file_outcome = _outcome_of(future, corpus_file)
            for outcome in file_outcome.outcomes:
                tally.add(_store(tasks.store, outcome, file_outcome.source(), settings, run_id))
            progress.advance(corpus_file.path.name)
    finally:
        progress.close()
    return tally.outcome()


@dataclass
class _Tally:
    """The documents of the processed files as their outcomes arrive, each counted once."""

    stored: list[str] = field(default_factory=list)
    already_stored: int = 0
    failures: list[DocumentFailure] = field(default_factory=list)
    documents: int = 0

    def add(self, outcome: DocumentOutcome) -> None:
        logger = get_run_logger()
        self.documents += 1
        if isinstance(outcome, AlreadyStored):
            self.already_stored += 1
        elif isinstance(outcome, Extraction):
            self.stored.append(outcome.document.source_path)
            logger.info("Stored %s: %d sentences, %d mentions, %d claims", Path(outcome.document.source_path).name,
                        len(outcome.sentences), len(outcome.mentions), len(outcome.claims))
        else:
            self.failures.append(outcome)
            logger.warning("Failed %s at %s: %s", Path(outcome.source_path).name, outcome.stage, outcome.message)

    def outcome(self) -> PlanOutcome:
        return PlanOutcome(tuple(self.stored), self.already_stored, tuple(self.failures), self.documents)


def _outcome_of(future: PrefectFuture, corpus_file: CorpusFile) -> FileOutcome:
    """The task's return value, or its final exception (after retries) as the file's failure.
    (`future.state` can still read Running when as_completed yields; `result()` cannot.)"""
    try:
        return future.result()
    except StageError as error:
        failure = DocumentFailure(str(corpus_file.path), corpus_file.sha256, error.stage, error.error_type,
                                  error.message)
    except Exception as error:  # the task did not even run its body (crashed, cancelled)
        failure = DocumentFailure(str(corpus_file.path), corpus_file.sha256, "parse", type(error).__name__,
                                  str(error) or repr(error))
    return FileOutcome(corpus_file, (failure,))


def _store(store_task: Task, outcome: DocumentOutcome, source: store.SourceFile, settings: Settings,
           run_id: str) -> DocumentOutcome:
    """Store the outcome; if that fails (after retries), the document is lost for this
    run, not the run: the store failure is recorded and returned instead."""
    if isinstance(outcome, AlreadyStored):
        return outcome
    try:
        store_task(outcome, settings.db_path, run_id, settings.db_lock_timeout_s, source)
        return outcome
    except Exception as error:
        doc_id = outcome.document.doc_id if isinstance(outcome, Extraction) else outcome.doc_id
        failure = DocumentFailure(_source_path(outcome), doc_id, "store", type(error).__name__, str(error))
        with store.writer(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
            store.record_failure(con, failure, run_id)
        return failure


def _source_path(outcome: Extraction | DocumentFailure) -> str:
    return outcome.document.source_path if isinstance(outcome, Extraction) else outcome.source_path


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
