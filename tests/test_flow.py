"""The corpus flow end to end on a real Prefect server and a real DuckDB file:
seeds + a generated PDF + bad inputs; re-runs are incremental."""

from __future__ import annotations

import duckdb
import pytest

from tests.corpus_factory import make_corpus

pytestmark = pytest.mark.slow

BAD_FILES = {"empty.pdf", "corrupt.pdf", "encrypted.pdf", "junk.txt", "latin1.txt"}


def _run(corpus, db):
    """One run the way the CLI starts it: settings made once, the flow configured from them."""
    from litclaims.flows.corpus_flow import corpus_flow
    from litclaims.schemas.config import Settings

    settings = Settings().with_overrides(corpus_dir=corpus, db_path=db)
    return corpus_flow(settings)(settings=settings)


@pytest.fixture(scope="module")
def first_run(prefect_server, tmp_path_factory):
    base = tmp_path_factory.mktemp("flow")
    corpus = make_corpus(base / "corpus")
    db = base / "litclaims.duckdb"
    summary = _run(corpus, db)
    return corpus, db, summary


def _snapshot(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return {
            "claims": sorted(con.execute("SELECT claim_id, run_id FROM claims").fetchall()),
            "mentions": sorted(con.execute("SELECT mention_id FROM mentions").fetchall()),
            "sentences": con.execute("SELECT count(*) FROM sentences").fetchone()[0],
            "documents": sorted(con.execute("SELECT doc_id, source_path, run_id FROM documents").fetchall()),
        }
    finally:
        con.close()


def test_first_run_stores_the_papers_and_records_every_bad_input(first_run):
    corpus, db, summary = first_run
    assert sorted(p.rsplit("/", 1)[-1] for p in summary.processed) == [
        "000_e37fadffb700e91c.txt", "004_32e9bb3871b250ca.txt", "claims.pdf"]
    assert {f.source_path.rsplit("/", 1)[-1] for f in summary.failures} == BAD_FILES
    assert all(f.message for f in summary.failures)
    con = duckdb.connect(str(db), read_only=True)
    try:
        errors = dict(con.execute("SELECT regexp_extract(source_path, '[^/]+$'), message FROM ingest_errors").fetchall())
        assert set(errors) == BAD_FILES
        assert "password" in errors["encrypted.pdf"].lower() or "encrypt" in errors["encrypted.pdf"].lower()
        assert "empty" in errors["empty.pdf"].lower()
        status = con.execute("SELECT status, processed, failed, files_seen, documents_seen FROM runs").fetchall()
        assert status == [("completed", 3, 5, 8, 8)]
    finally:
        con.close()


def test_claims_carry_full_provenance(first_run):
    _, db, summary = first_run
    con = duckdb.connect(str(db), read_only=True)
    try:
        n_claims = con.execute("SELECT count(*) FROM claims").fetchone()[0]
        assert n_claims >= 10
        assert summary.claims_this_run == n_claims
        missing = con.execute(
            "SELECT count(*) FROM claims WHERE section IS NULL OR sentence IS NULL OR sentence_start IS NULL "
            "OR sentence_end IS NULL OR rule IS NULL OR extractor_version IS NULL OR run_id IS NULL").fetchone()[0]
        assert missing == 0
        # Offsets point at the sentence in the stored clean text.
        bad_offsets = con.execute(
            "SELECT count(*) FROM claims c JOIN documents d USING (doc_id) "
            "WHERE substr(d.text, c.sentence_start + 1, c.sentence_end - c.sentence_start) <> c.sentence").fetchone()[0]
        assert bad_offsets == 0
        pdf_pages = con.execute(
            "SELECT DISTINCT page FROM claims WHERE source_path LIKE '%claims.pdf' ORDER BY page").fetchall()
        assert pdf_pages == [(1,), (2,)]
        resistance = con.execute(
            "SELECT page, citations FROM claims WHERE source_path LIKE '%claims.pdf' AND claim_type = 'resistance' "
            "AND lower(object_text) = 'tamoxifen'").fetchall()
        assert resistance == [(1, ["12"])]
    finally:
        con.close()


def test_rerun_on_an_unchanged_corpus_processes_nothing(first_run):
    corpus, db, first = first_run
    before = _snapshot(db)
    summary = _run(corpus, db)
    assert summary.processed == ()
    assert summary.skipped == len(first.processed)
    assert _snapshot(db) == before


def test_changing_one_file_reprocesses_only_that_file(first_run):
    corpus, db, _ = first_run
    before = _snapshot(db)
    changed = corpus / "000_e37fadffb700e91c.txt"
    changed.write_text(changed.read_text(encoding="utf-8") + "\n\nGefitinib inhibits EGFR in A549 cells.\n",
                       encoding="utf-8")
    summary = _run(corpus, db)
    assert [p.rsplit("/", 1)[-1] for p in summary.processed] == ["000_e37fadffb700e91c.txt"]
    after = _snapshot(db)
    untouched = [d for d in before["documents"] if not d[1].endswith("000_e37fadffb700e91c.txt")]
    assert [d for d in after["documents"] if not d[1].endswith("000_e37fadffb700e91c.txt")] == untouched
    assert len(after["documents"]) == len(before["documents"])
    new_doc = next(d for d in after["documents"] if d[1].endswith("000_e37fadffb700e91c.txt"))
    assert new_doc[2] == summary.run_id


def _sourced(extraction):
    from litclaims.schemas import store

    return store.SourcedExtraction(extraction, store.SourceFile.only_document_of(extraction))


def test_storing_waits_while_another_process_holds_the_database_for_a_while(prefect_server, tmp_path):
    """The lock outlasts one attempt's wait (1 s); the writer waits up to the lock timeout."""
    import time

    from litclaims.flows.corpus_flow import CorpusTasks
    from litclaims.schemas import store
    from litclaims.schemas.config import Settings
    from tests.records_factory import make_extraction
    from tests.test_store import _hold_lock, new_database

    db = new_database(tmp_path / "db.duckdb")
    tasks = CorpusTasks.from_settings(Settings(task_retries=2, task_retry_delay_s=1.0))
    holder = _hold_lock(db, 2.5)
    started = time.monotonic()
    try:
        assert tasks.store([_sourced(make_extraction())], [], db, "run-retry", 10.0) is None
    finally:
        holder.wait()
    assert time.monotonic() - started >= 2.5
    with store.reader(db) as con:
        assert con.execute("SELECT count(*) FROM claims WHERE run_id = 'run-retry'").fetchone()[0] == 2


def test_a_database_held_past_the_timeout_is_reported_to_the_flow_not_raised(prefect_server, tmp_path):
    """The store task says the database was held (the flow keeps the batch and stores it
    later); a lock is an expected state, not a task failure with a traceback."""
    from litclaims.flows.corpus_flow import CorpusTasks
    from litclaims.schemas import store
    from litclaims.schemas.config import Settings
    from tests.records_factory import make_extraction
    from tests.test_store import _hold_lock, new_database

    db = new_database(tmp_path / "db.duckdb")
    tasks = CorpusTasks.from_settings(Settings(task_retries=0))
    holder = _hold_lock(db, 3)
    try:
        message = tasks.store([_sourced(make_extraction())], [], db, "run-no-retry", 0.5)
    finally:
        holder.wait()
    assert "is locked by" in message
    with store.reader(db) as con:
        assert con.execute("SELECT count(*) FROM claims WHERE run_id = 'run-no-retry'").fetchone()[0] == 0


def test_the_flow_runs_with_the_workers_the_settings_ask_for():
    from litclaims.flows.corpus_flow import corpus_flow, process_corpus
    from litclaims.schemas.config import Settings

    configured = corpus_flow(Settings(max_workers=3))
    assert configured.task_runner._max_workers == 3
    assert configured.name == process_corpus.name and configured.fn is process_corpus.fn


class _BrokenExtractor:
    def extract(self, document):
        raise RuntimeError("the rules broke")


def test_an_unexpected_error_names_the_stage_it_happened_in(tmp_path, monkeypatch):
    """Bad input is a DocumentFailure from ingest; a bug in extraction is a DocumentFailure of
    that document naming the stage; a bug in parsing is a StageError for the file, which
    its batch records as the file's failure while the rest of the batch goes on."""
    from litclaims.flows import analysis
    from litclaims.flows.analysis import StageError, analyze_batch, analyze_file
    from litclaims.flows.batches import Batch, BatchFile
    from litclaims.flows.planning import hash_files

    (tmp_path / "paper.txt").write_text("Gefitinib inhibits EGFR in A549 cells.\n", encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (paper, empty), _ = hash_files([tmp_path / "paper.txt", tmp_path / "empty.txt"])
    (failure,) = analyze_file(paper, _BrokenExtractor()).outcomes
    assert (failure.stage, failure.error_type, failure.message, failure.doc_id) == (
        "extract", "RuntimeError", "the rules broke", paper.sha256)
    (failure,) = analyze_file(empty, _BrokenExtractor()).outcomes
    assert (failure.stage, failure.error_type, failure.doc_id) == ("read", "IngestError", empty.sha256)

    def reader_broken_on_paper(path, limits):
        if path.name == "paper.txt":
            raise KeyError("a reader bug")
        return real_reader(path, limits)

    real_reader = analysis.read_documents
    monkeypatch.setattr(analysis, "read_documents", reader_broken_on_paper)
    with pytest.raises(StageError) as info:
        analyze_file(paper, _BrokenExtractor())
    assert (info.value.stage, info.value.error_type) == ("parse", "KeyError")
    outcome = analyze_batch(Batch(1, (BatchFile(paper), BatchFile(empty))), _BrokenExtractor())
    assert [(f.outcomes[0].stage, f.outcomes[0].error_type) for f in outcome.files] == [
        ("parse", "KeyError"), ("read", "IngestError")]


_LOAD_PICKLED_FLOW = """
import sys, cloudpickle
flow, parameters = cloudpickle.loads(sys.stdin.buffer.read())
settings = flow.validate_parameters({"settings": parameters})["settings"]
print(type(settings).__name__, settings.max_workers, flow.task_runner._max_workers)
"""


def test_the_configured_flow_and_its_settings_reach_a_served_run_process():
    """`serve` hands the configured flow, pickled, to a new process, and the settings as
    JSON parameters; there they must validate back into Settings."""
    import subprocess
    import sys

    import cloudpickle

    from litclaims.flows.corpus_flow import corpus_flow
    from litclaims.schemas.config import Settings

    settings = Settings(max_workers=3)
    payload = cloudpickle.dumps((corpus_flow(settings), settings.as_parameters()))
    result = subprocess.run([sys.executable, "-c", _LOAD_PICKLED_FLOW], input=payload, capture_output=True,
                            timeout=120)
    assert result.stdout.decode().split() == ["Settings", "3", "3"], result.stderr.decode()[-2000:]


def test_after_two_files_swap_names_each_document_names_its_files_current_path(prefect_server, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    first = "Gefitinib inhibits EGFR in PC-9 cells. " * 8
    second = "Tamoxifen resistance is conferred by IGF-IR in MCF-7 cells. " * 8
    (corpus / "a.txt").write_text(first, encoding="utf-8")
    (corpus / "b.txt").write_text(second, encoding="utf-8")
    db = tmp_path / "db.duckdb"
    _run(corpus, db)
    (corpus / "a.txt").write_text(second, encoding="utf-8")
    (corpus / "b.txt").write_text(first, encoding="utf-8")
    summary = _run(corpus, db)
    assert summary.processed == ()
    con = duckdb.connect(str(db), read_only=True)
    try:
        for path_name, text in (("a.txt", second), ("b.txt", first)):
            (stored,) = con.execute("SELECT text FROM documents WHERE source_path = ?",
                                    [str(corpus / path_name)]).fetchone()
            assert stored.split()[:3] == text.split()[:3]
        assert con.execute("SELECT count(DISTINCT source_path) FROM claims").fetchone()[0] == 2
    finally:
        con.close()
