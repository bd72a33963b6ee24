"""The Prefect flow over a corpus folder: plan -> parse+extract (concurrent) -> store (one writer).

Each document is stored in its own transaction by the flow's own thread, so there
is one writer, and the writer holds the DuckDB file only while it stores; between
documents `litclaims query` can read.
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact
from prefect.cache_policies import NO_CACHE
from prefect.futures import as_completed
from prefect.runtime import flow_run
from prefect.task_runners import ThreadPoolTaskRunner

from litclaims.extract import Extractor
from litclaims.flows.planning import CorpusFile, corpus_paths, hash_files, plan_work
from litclaims.flows.progress import Progress
from litclaims.flows.summary import RunSummary, build_summary, summary_markdown
from litclaims.ingest import IngestError, read_document
from litclaims.schemas import store
from litclaims.schemas.config import Settings
from litclaims.schemas.records import Extraction, DocumentFailure

# Errors worth a retry: the file system or the database was briefly unavailable.
# Bad input (IngestError) and bugs are not retried.
_TRANSIENT = (TimeoutError, ConnectionError, BlockingIOError, InterruptedError, store.DatabaseLockedError)


def _retry_transient(task, task_run, state) -> bool:
    try:
        state.result()
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


@task(name="analyze-document", retries=2, retry_delay_seconds=1, retry_condition_fn=_retry_transient,
      cache_policy=NO_CACHE, log_prints=False)
def analyze_document(corpus_file: CorpusFile, extractor: _SerialExtractor) -> Extraction | DocumentFailure:
    """Parse and extract one file. Bad input comes back as an DocumentFailure record
    (it is data about the corpus, not a crash); anything else raises."""
    try:
        document = read_document(corpus_file.path)
    except IngestError as error:
        return DocumentFailure(str(corpus_file.path), corpus_file.doc_id, error.stage,
                             "IngestError", error.message)
    return extractor.extract(document)


@task(name="store-document", retries=2, retry_delay_seconds=2, retry_condition_fn=_retry_transient,
      cache_policy=NO_CACHE)
def store_outcome(outcome: Extraction | DocumentFailure, db_path: Path, run_id: str, lock_timeout_s: float) -> None:
    with store.writer(db_path, timeout_s=lock_timeout_s) as con:
        if isinstance(outcome, Extraction):
            store.store_extraction(con, outcome, run_id)
        else:
            store.record_failure(con, outcome, run_id)


@flow(name="litclaims-corpus", task_runner=ThreadPoolTaskRunner(max_workers=Settings().max_workers),
      log_prints=False)
def process_corpus(corpus_dir: str, db_path: str, show_progress: bool = False) -> RunSummary:
    """Ingest, tag and extract every new or changed paper in `corpus_dir` into `db_path`."""
    logger = get_run_logger()
    settings = Settings().with_overrides(corpus_dir=corpus_dir, db_path=db_path)
    corpus, db = settings.corpus_dir, settings.db_path
    run_id = str(flow_run.id or uuid.uuid4())

    paths = corpus_paths(corpus)
    files, unreadable = hash_files(paths)
    logger.info("Corpus %s: %d supported files", corpus, len(paths))

    extractor = Extractor.from_settings(settings)
    with store.writer(db, timeout_s=settings.db_lock_timeout_s) as con:
        stored = store.stored_documents(con)
        store.start_run(con, run_id, str(flow_run.id) if flow_run.id else None, str(corpus),
                        extractor.extractor_version)
        for path, message in unreadable:
            store.record_failure(con, DocumentFailure(str(path), None, "read", "OSError", message), run_id)

    plan = plan_work(files, stored, extractor.extractor_version, unreadable)
    logger.info("%d to process, %d unchanged, %d duplicates", len(plan.to_process),
                len(plan.unchanged), len(plan.duplicates))

    try:
        stored_ok, failures = _process_plan(plan, extractor, settings, run_id, show_progress)
    except BaseException:
        # Whatever was stored stays stored; the run is marked so nobody mistakes it for complete.
        with store.writer(db, timeout_s=settings.db_lock_timeout_s) as con:
            store.mark_run_crashed(con, run_id)
        raise

    with store.writer(db, timeout_s=settings.db_lock_timeout_s) as con:
        summary = build_summary(con, run_id=run_id, corpus_dir=str(corpus), db_path=str(db), plan=plan,
                                stored=stored_ok, failures=failures,
                                extractor_version=extractor.extractor_version)
        markdown = summary_markdown(summary)
        store.finish_run(con, run_id, summary.counts(), markdown)
    create_markdown_artifact(markdown=markdown, key="litclaims-run-summary",
                             description=f"litclaims run over {corpus}")
    logger.info("Run %s: %d processed, %d skipped, %d failed, %d claims stored", run_id,
                len(summary.processed), summary.skipped, len(summary.failures), summary.claims_this_run)
    return summary


def _process_plan(plan, extractor: Extractor, settings: Settings, run_id: str,
                  show_progress: bool) -> tuple[list[CorpusFile], list[DocumentFailure]]:
    """Analyse the planned files concurrently; store each outcome as it completes."""
    db = settings.db_path
    logger = get_run_logger()
    serial = _SerialExtractor(extractor)
    futures = {analyze_document.submit(f, serial): f for f in plan.to_process}
    stored_ok: list[CorpusFile] = []
    failures: list[DocumentFailure] = [DocumentFailure(str(p), None, "read", "OSError", m) for p, m in plan.unreadable]
    progress = Progress(total=len(futures), enabled=show_progress)
    try:
        for future in as_completed(list(futures)):
            corpus_file = futures[future]
            outcome = _outcome_of(future, corpus_file)
            try:
                store_outcome(outcome, db, run_id, settings.db_lock_timeout_s)
            except Exception as error:  # the document is lost for this run, not the run
                outcome = DocumentFailure(str(corpus_file.path), corpus_file.doc_id, "store",
                                        type(error).__name__, str(error))
                with store.writer(db, timeout_s=settings.db_lock_timeout_s) as con:
                    store.record_failure(con, outcome, run_id)
            if isinstance(outcome, Extraction):
                stored_ok.append(corpus_file)
                logger.info("Stored %s: %d sentences, %d mentions, %d claims", corpus_file.path.name,
                            len(outcome.sentences), len(outcome.mentions), len(outcome.claims))
            else:
                failures.append(outcome)
                logger.warning("Failed %s at %s: %s", corpus_file.path.name, outcome.stage, outcome.message)
            progress.advance(corpus_file.path.name)
    finally:
        progress.close()
    return stored_ok, failures


def _outcome_of(future, corpus_file: CorpusFile) -> Extraction | DocumentFailure:
    """The task's return value, or its final exception (after retries) as a failure record.
    (`future.state` can still read Running when as_completed yields; `result()` cannot.)"""
    try:
        return future.result()
    except Exception as error:
        return DocumentFailure(str(corpus_file.path), corpus_file.doc_id, "extract", type(error).__name__,
                             str(error) or repr(error))
