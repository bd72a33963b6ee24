"""Batches, the batch store, and analysis in real worker processes (spawned, each
loading the production pipeline): a lost worker is replaced, a batch past its time
limit is stopped, and runs with one and two workers store the same claims."""

from __future__ import annotations

import os
import signal
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from litclaims.flows.analysis import AlreadyStored, analyze_batch
from litclaims.flows.batches import Batch, BatchFile, files_per_batch, plan_batches
from litclaims.flows.planning import CorpusFile, hash_files
from litclaims.schemas import store
from litclaims.schemas.config import Settings
from litclaims.schemas.records import DocumentFailure, Extraction
from tests.records_factory import make_extraction
from tests.test_store import new_database

# Over 200 letters: a shorter plain text is judged unreadable and not analysed.
GOOD_TEXT = ("Overexpression of IGF-IR in MCF-7 cells conferred resistance to tamoxifen (12). "
             "Gefitinib inhibits EGFR in A549 cells. HER-2 confers resistance to trastuzumab in breast "
             "cancer cells. The IGF-IR inhibitor NVP-ADW742 sensitized cells to etoposide and carboplatin in "
             "small cell lung cancer lines.\n")


def _files(sizes: list[int]) -> list[CorpusFile]:
    return [CorpusFile(Path(f"f{i}.txt"), f"{i:064d}", size=size) for i, size in enumerate(sizes)]


def test_batches_are_cut_by_count_and_by_size_and_a_large_file_is_alone():
    batches = plan_batches(_files([10] * 10), workers=1, max_files=4, max_bytes=1000)
    assert [len(b.files) for b in batches] == [3, 3, 3, 1]  # 10 files, 4 batches a worker: 3 each
    assert [b.number for b in batches] == [1, 2, 3, 4]
    batches = plan_batches(_files([400, 400, 400, 5000, 10, 10]), workers=1, max_files=64, max_bytes=1000)
    assert [[f.file.path.name for f in b.files] for b in batches] == [
        ["f0.txt", "f1.txt"], ["f2.txt"], ["f3.txt"], ["f4.txt", "f5.txt"]]
    assert plan_batches([], workers=2, max_files=64, max_bytes=1000) == []


def test_a_small_corpus_gets_batches_for_every_worker_and_a_large_one_full_batches():
    assert files_per_batch(10, workers=2, max_files=64) == 2
    assert files_per_batch(100_000, workers=2, max_files=64) == 64
    assert files_per_batch(1, workers=8, max_files=64) == 1


def _corpus(folder: Path) -> list[CorpusFile]:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a_good.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "b_empty.txt").write_bytes(b"")
    (folder / "c_good.txt").write_text(GOOD_TEXT.replace("tamoxifen", "fulvestrant"), encoding="utf-8")
    files, _ = hash_files(sorted(folder.iterdir()))
    return files


def test_a_bad_file_is_a_failure_and_the_rest_of_its_batch_is_analysed(tmp_path, extractor):
    files = _corpus(tmp_path)
    stored_before = replace(files[2], stored_doc_ids=frozenset({files[2].sha256}))
    outcome = analyze_batch(Batch(1, tuple(BatchFile(f) for f in (files[0], files[1], stored_before))), extractor)
    kinds = [type(o).__name__ for f in outcome.files for o in f.outcomes]
    assert kinds == ["Extraction", "DocumentFailure", "AlreadyStored"]
    assert isinstance(outcome.files[2].outcomes[0], AlreadyStored)


def test_a_batch_carrying_bytes_names_the_corpus_path(tmp_path, extractor):
    files = _corpus(tmp_path / "corpus")
    batch = Batch(1, (BatchFile(files[0]), BatchFile(files[1]))).with_bytes()
    (tmp_path / "corpus" / "a_good.txt").unlink()  # the worker must not need the file itself
    good, bad = analyze_batch(batch, extractor).files
    assert good.outcomes[0].document.source_path == str(files[0].path)
    assert good.outcomes[0].document.doc_id == files[0].sha256
    assert bad.outcomes[0].source_path == str(files[1].path) and bad.outcomes[0].stage == "read"


def test_a_batch_is_stored_in_one_transaction_as_document_by_document_storing_would(tmp_path):
    first, second = (make_extraction(source_path=f"corpus/{n}.pdf", doc_id=f"{n}" * 64) for n in (1, 2))
    failure = DocumentFailure("corpus/bad.pdf", None, "read", "IngestError", "empty")
    one_by_one, batched = new_database(tmp_path / "a.duckdb"), new_database(tmp_path / "b.duckdb")
    with store.writer(one_by_one) as con:
        for ex in (first, second):
            store.store_extraction(con, ex, "run-1")
        store.record_failure(con, failure, "run-1")
    items = [store.SourcedExtraction(ex, store.SourceFile.only_document_of(ex)) for ex in (first, second)]
    with store.writer(batched) as con:
        store.store_batch(con, items, [failure], "run-1")
    from tools.compare_databases import compare_databases

    assert [c.relation for c in compare_databases(one_by_one, batched) if not c.identical] == []
    # A newer extractor's batch replaces the old rows; an unrelated document stays.
    newer = [store.SourcedExtraction(replace(first, extractor_version="test+2"), items[0].source)]
    with store.writer(batched) as con:
        store.store_batch(con, newer, [], "run-2")
        assert con.execute("SELECT doc_id, extractor_version FROM documents ORDER BY 1").fetchall() == [
            ("1" * 64, "test+2"), ("2" * 64, "test+1")]
        assert con.execute("SELECT count(*) FROM claim_records WHERE doc_id = ?", ["1" * 64]).fetchone()[0] == len(
            first.claims)


def test_a_failed_batch_store_leaves_nothing_of_the_batch(tmp_path):
    db = new_database(tmp_path / "db.duckdb")
    good = make_extraction()
    broken = replace(make_extraction(doc_id="9" * 64, source_path="corpus/b.pdf"), claims=(None,))
    items = [store.SourcedExtraction(ex, store.SourceFile.only_document_of(ex)) for ex in (good, broken)]
    with store.writer(db) as con:
        with pytest.raises(Exception):
            store.store_batch(con, items, [], "run-1")
        assert con.execute("SELECT count(*) FROM documents").fetchone()[0] == 0


@pytest.fixture(scope="module")
def pool():
    from litclaims.flows.workers import WorkerPool

    with WorkerPool(Settings(), size=1) as workers:
        workers.wait_ready()
        yield workers


def test_a_worker_process_analyses_batches_with_the_planned_extractor(pool, tmp_path):
    from litclaims.flows.workers import planned_extractor_version

    assert pool.wait_ready() == {planned_extractor_version(Settings())}
    files = _corpus(tmp_path)
    outcome = pool.analyze(Batch(1, tuple(BatchFile(f) for f in files)))
    assert [type(f.outcomes[0]) for f in outcome.files] == [Extraction, DocumentFailure, Extraction]
    assert outcome.files[0].outcomes[0].claims


def test_a_lost_worker_fails_its_batch_and_is_replaced(pool, tmp_path):
    from litclaims.flows.workers import WorkerLost

    files = _corpus(tmp_path)
    (dead,) = pool.pids
    os.kill(dead, signal.SIGKILL)
    with pytest.raises(WorkerLost):
        pool.analyze(Batch(1, (BatchFile(files[0]),)))
    (replacement,) = pool.pids
    assert replacement != dead
    assert isinstance(pool.analyze(Batch(2, (BatchFile(files[0]),))).files[0].outcomes[0], Extraction)


def test_a_batch_past_its_time_limit_stops_its_worker(tmp_path):
    from litclaims.flows.workers import WorkerLimits, WorkerLost, WorkerPool

    files = _corpus(tmp_path)
    with WorkerPool(Settings(), size=1, limits=WorkerLimits(seconds_per_file=0.001)) as limited:
        limited.wait_ready()
        (first,) = limited.pids
        with pytest.raises(WorkerLost, match="time limit"):
            limited.analyze(Batch(1, tuple(BatchFile(f) for f in files)))
        assert limited.pids != [first]


def _claims(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute("SELECT claim_id, claim_type, subject_text, object_text, negated, certainty "
                           "FROM claims ORDER BY claim_id").fetchall()
    finally:
        con.close()


@pytest.mark.slow
def test_one_worker_and_two_workers_store_the_same_claims(prefect_server, tmp_path):
    from litclaims.flows.corpus_flow import corpus_flow
    from tests.conftest import SEED_DIR

    corpus = tmp_path / "corpus"
    _corpus(corpus)
    for seed in sorted(SEED_DIR.glob("*.txt")):
        (corpus / seed.name).write_bytes(seed.read_bytes())
    databases = []
    for workers in (1, 2):
        settings = Settings(corpus_dir=corpus, db_path=tmp_path / f"w{workers}.duckdb", max_workers=workers,
                            batch_files=2)
        summary = corpus_flow(settings)(settings=settings)
        assert len(summary.processed) == 4 and len(summary.failures) == 1
        databases.append(settings.db_path)
    assert _claims(databases[0]) == _claims(databases[1]) and _claims(databases[0])
    from tools.compare_databases import compare_databases

    assert [c.relation for c in compare_databases(*databases) if not c.identical] == []


def test_batches_are_handed_out_largest_first():
    from litclaims.flows.batches import largest_first

    batches = plan_batches(_files([10, 3000, 10, 2000]), workers=1, max_files=1, max_bytes=1000)
    assert [b.number for b in largest_first(batches)] == [2, 4, 1, 3]
    # With a work estimate (a PDF's pages, say), the most work goes first, not the most bytes.
    work = {"f0.txt": 500, "f1.txt": 20, "f2.txt": 10, "f3.txt": 900}
    assert [b.number for b in largest_first(batches, lambda f: work[f.path.name])] == [4, 1, 2, 3]


def test_workers_default_to_the_cores_and_the_dask_address_comes_from_its_flag(monkeypatch, capsys):
    from litclaims.flows.cli import build_parser, main, settings_from
    from litclaims.schemas.config import available_cores

    monkeypatch.delenv("LITCLAIMS_WORKERS", raising=False)
    monkeypatch.delenv("LITCLAIMS_DASK_ADDRESS", raising=False)
    argv = ["run", "--dask-address", "tcp://10.0.0.5:8786"]
    parser, _ = build_parser(argv)
    settings = settings_from(parser.parse_args(argv))
    assert settings.max_workers == available_cores() and settings.dask_address == "tcp://10.0.0.5:8786"
    assert Settings().dask_address == ""  # local workers unless asked
    assert main(["run", "--corpus", ".", "--dask-address", "10.0.0.5"]) == 1
    assert "tcp://HOST:PORT" in capsys.readouterr().err


def test_a_worker_dies_with_the_flow_process_that_started_it(tmp_path):
    """A flow process killed with SIGKILL while its worker is loading the pipeline (which
    takes longer than the wait here) leaves no worker behind."""
    import subprocess
    import sys
    import time

    import psutil

    script = ("import time\nfrom litclaims.flows.workers import WorkerPool\nfrom litclaims.schemas.config import Settings\n"
              "if __name__ == '__main__':\n    with WorkerPool(Settings(), size=1) as pool:\n"
              "        print(pool.pids[0], flush=True)\n        time.sleep(120)\n")
    (tmp_path / "flow.py").write_text(script, encoding="utf-8")
    flow = subprocess.Popen([sys.executable, str(tmp_path / "flow.py")], stdout=subprocess.PIPE, cwd=tmp_path)
    worker = int(flow.stdout.readline())
    time.sleep(0.5)
    flow.kill()
    flow.wait()
    # The kernel sends SIGKILL at once (PR_SET_PDEATHSIG); the margin is for a loaded
    # machine's scheduling. Without the signal the worker would load for far longer.
    deadline = time.monotonic() + 5.0
    while psutil.pid_exists(worker) and psutil.Process(worker).status() != psutil.STATUS_ZOMBIE:
        assert time.monotonic() < deadline, "the worker outlived the flow process"
        time.sleep(0.2)


@pytest.mark.slow
def test_a_document_the_database_refuses_fails_alone_and_the_rest_of_its_batch_is_stored(prefect_server, tmp_path):
    from prefect import flow

    from litclaims.flows.corpus_flow import CorpusTasks, _store

    db = new_database(tmp_path / "db.duckdb")
    good = make_extraction()
    broken = replace(make_extraction(doc_id="9" * 64, source_path="corpus/b.pdf"), claims=(None,))
    failure = DocumentFailure("corpus/bad.pdf", None, "read", "IngestError", "empty")
    settings = Settings(db_path=db, task_retries=0)
    documents = [(o, store.SourceFile("f" * 64)) for o in (good, broken, failure)]

    @flow
    def store_one_batch():
        return _store(CorpusTasks.from_settings(settings).store, documents, settings, "run-1")

    outcomes = store_one_batch()
    assert [type(o).__name__ for o in outcomes] == ["Extraction", "DocumentFailure", "DocumentFailure"]
    assert outcomes[1].stage == "store" and outcomes[1].doc_id == "9" * 64
    with store.reader(db) as con:
        assert con.execute("SELECT doc_id FROM documents").fetchall() == [(good.document.doc_id,)]
        assert sorted(con.execute("SELECT stage, source_path FROM ingest_errors").fetchall()) == [
            ("read", "corpus/bad.pdf"), ("store", "corpus/b.pdf")]


@pytest.mark.slow
def test_workers_started_before_the_flow_serve_its_runs_and_outlive_them(prefect_server, tmp_path):
    """`litclaims run` starts the workers before Prefect's server (started_workers): the
    flow analyses with them, leaves them running for their owner, and stores what a run
    with its own workers stores."""
    from litclaims.flows.corpus_flow import corpus_flow, started_workers

    corpus = tmp_path / "corpus"
    _corpus(corpus)
    own = Settings(corpus_dir=corpus, db_path=tmp_path / "own.duckdb", max_workers=1)
    corpus_flow(own)(settings=own)
    given = replace(own, db_path=tmp_path / "given.duckdb")
    with started_workers(given) as workers:
        pids = list(workers.pool.pids)
        first = corpus_flow(given)(settings=given, workers=workers)
        assert _claims(given.db_path) == _claims(own.db_path) and _claims(own.db_path)
        (corpus / "late.txt").write_text(GOOD_TEXT.replace("tamoxifen", "letrozole"), encoding="utf-8")
        second = corpus_flow(given)(settings=given, workers=workers)
        assert workers.pool.pids == pids and all(_alive(pid) for pid in pids)
    assert len(first.processed) == 2 and len(second.processed) == 1
    assert any(row[3] == "letrozole" for row in _claims(given.db_path))
    assert not any(_alive(pid) for pid in pids)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    try:  # a child that exited but was not reaped yet
        with open(f"/proc/{pid}/stat", encoding="ascii") as handle:
            return handle.read().split(") ")[-1][0] != "Z"
    except FileNotFoundError:
        return False


class _CountingExtractor:
    """The production extractor, counting its calls, failing on documents that name `bad`."""

    def __init__(self, extractor, bad: str | None = None) -> None:
        self.extractor, self.bad = extractor, bad
        self.one, self.many = 0, []

    def _check(self, document) -> None:
        if self.bad and self.bad in document.text:
            raise ValueError(f"cannot extract {self.bad}")

    def extract(self, document):
        self.one += 1
        self._check(document)
        return self.extractor.extract(document)

    def extract_many(self, documents):
        self.many.append(len(documents))
        for document in documents:
            self._check(document)
        return self.extractor.extract_many(documents)


def test_a_batch_is_extracted_in_one_call_and_a_failing_document_fails_alone(tmp_path, extractor):
    files = _corpus(tmp_path)
    batch = Batch(1, tuple(BatchFile(f) for f in files))
    counting = _CountingExtractor(extractor)
    outcome = analyze_batch(batch, counting)
    assert counting.many == [2] and counting.one == 0  # the empty file has no document
    assert [f.outcomes[0] for f in outcome.files] == [f.outcomes[0] for f in analyze_batch(batch, extractor).files]
    failing = _CountingExtractor(extractor, bad="fulvestrant")
    outcome = analyze_batch(batch, failing)
    assert failing.many == [2] and failing.one == 2  # the batch call failed: each document alone
    good, empty, bad = (f.outcomes[0] for f in outcome.files)
    assert isinstance(good, Extraction) and good.claims and isinstance(empty, DocumentFailure)
    assert isinstance(bad, DocumentFailure) and bad.stage == "extract" and "fulvestrant" in bad.message
