"""Faults as users meet them: `litclaims run` in a subprocess, killed."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from litclaims.ingest import read_documents
from tests.corpus_factory import make_corpus


@pytest.fixture(scope="module")
def migrated_prefect_home(tmp_path_factory) -> Path:
    """A PREFECT_HOME whose database has Prefect's migrations applied, made once for the
    module. Each test copies it into a home of its own, so the tests stay apart and each
    run's temporary server skips the migrations (about 10 s of its start-up)."""
    home = tmp_path_factory.mktemp("prefect-home-template")
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(home)
    subprocess.run([sys.executable, "-m", "prefect", "server", "database", "upgrade", "-y"],
                   env=env, check=True, capture_output=True, timeout=300)
    return home


def _run_env(tmp_path: Path, template: Path) -> dict:
    """The environment of a `litclaims run` that starts its own Prefect server, in a
    PREFECT_HOME of this test's own (a copy of the migrated template)."""
    home = tmp_path / "prefect-home"
    shutil.copytree(template, home)
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env["PREFECT_HOME"] = str(home)
    return env


def _session_processes(session_id: int) -> list[tuple[int, str]]:
    """(pid, command line) of every live process in a session (Linux /proc)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except OSError:
            continue
        state, session = fields[0], int(fields[3])
        if session == session_id and state != "Z":
            found.append((int(entry.name), cmdline))
    return found


def _wait_for(condition, timeout_s: float, step_s: float = 0.5):
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(step_s)
    return condition()


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_no_process_outlives_a_run_killed_with_sigkill(tmp_path, migrated_prefect_home):
    corpus = make_corpus(tmp_path / "corpus", with_bad_inputs=False)
    env = _run_env(tmp_path, migrated_prefect_home)
    run = subprocess.Popen(
        [sys.executable, "-m", "litclaims.flows.cli", "run", "--corpus", str(corpus),
         "--db", str(tmp_path / "db.duckdb"), "--no-progress"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)
    session = run.pid
    try:
        server = _wait_for(lambda: [p for p in _session_processes(session) if "uvicorn" in p[1]], 180)
        assert server, "the run never started its Prefect server"
        os.kill(run.pid, signal.SIGKILL)
        run.wait(timeout=10)
        left = _wait_for(lambda: not _session_processes(session), 15) or _session_processes(session)
        assert left is True, f"processes left 15 s after kill -9: {left}"
    finally:
        for pid, _ in _session_processes(session):
            os.kill(pid, signal.SIGKILL)


def _litclaims(*args: str, env: dict) -> subprocess.Popen:
    """`litclaims ARGS` with one analysis worker: these faults are the flow process's, and a
    second worker would only load the pipeline again (the kill -9 test above keeps two)."""
    return subprocess.Popen([sys.executable, "-m", "litclaims.flows.cli", *args, "--workers", "1", "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, start_new_session=True)


def _read(db: Path, sql: str):
    """Rows of `sql`, or None while a writer holds the file."""
    import duckdb

    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.Error:
        return None
    try:
        return con.execute(sql).fetchall()
    except duckdb.Error:
        return None
    finally:
        con.close()


def _bigger_corpus(folder: Path) -> Path:
    """The seeds, the generated PDF and distinct copies of the longest seed: a run long
    enough to be killed in the middle (copies of a short seed were analysed too fast for
    the poll to see the run's row say running)."""
    corpus = make_corpus(folder, with_bad_inputs=False)
    seed = max((p.read_text(encoding="utf-8") for p in corpus.glob("*.txt")), key=len)
    for i in range(6):
        (corpus / f"copy_{i}.txt").write_text(seed + f"\n\nCopy {i}.\n", encoding="utf-8")
    return corpus


def _extracted_claims(extractor, corpus: Path) -> list[tuple]:
    """The claim rows a clean run stores for the corpus: what the extractor gives each
    file, in the order of the test's query."""
    return sorted((c.claim_id, c.claim_type, c.subject.text, c.object.text, c.negated)
                  for path in sorted(corpus.iterdir()) for document in read_documents(path)
                  for c in extractor.extract(document).claims)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_a_run_killed_mid_corpus_leaves_nothing_running_and_the_next_run_completes_it(tmp_path, migrated_prefect_home, extractor):
    corpus = _bigger_corpus(tmp_path / "corpus")
    env = _run_env(tmp_path, migrated_prefect_home)
    killed = tmp_path / "killed.duckdb"
    run = _litclaims("run", "--corpus", str(corpus), "--db", str(killed), env=env)
    # Killed once its row says running (it is analysing or storing). The poll is
    # slow on purpose: every read takes the file's lock for a moment.
    started = _wait_for(lambda: _read(killed, "SELECT 1 FROM runs WHERE status = 'running'"), 300, 1.0)
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=10)
    assert started, "the run never recorded itself as running"

    assert _litclaims("run", "--corpus", str(corpus), "--db", str(killed), env=env).wait(timeout=600) == 0
    statuses = _read(killed, "SELECT status, count(*) FROM runs GROUP BY 1 ORDER BY 1")
    assert ("running", 1) not in statuses and dict(statuses).get("crashed") == 1
    claims_sql = "SELECT claim_id, claim_type, subject_text, object_text, negated FROM claims ORDER BY ALL"
    assert _read(killed, claims_sql) == _extracted_claims(extractor, corpus)
    assert _read(killed, "SELECT count(*) - count(DISTINCT claim_id) FROM claims") == [(0,)]


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
def test_sigterm_stops_a_run_with_its_row_cancelled_and_no_process_left(tmp_path, migrated_prefect_home):
    corpus = _bigger_corpus(tmp_path / "corpus")
    env = _run_env(tmp_path, migrated_prefect_home)
    db = tmp_path / "db.duckdb"
    run = _litclaims("run", "--corpus", str(corpus), "--db", str(db), env=env)
    session = run.pid
    try:
        assert _wait_for(lambda: _read(db, "SELECT 1 FROM runs WHERE status = 'running'"), 300, 1.0)
        os.kill(run.pid, signal.SIGTERM)
        run.wait(timeout=120)
        assert _wait_for(lambda: not _session_processes(session), 15) is True, _session_processes(session)
        statuses = [s for (s,) in _read(db, "SELECT status FROM runs")]
        assert statuses == ["cancelled"]
    finally:
        for pid, _ in _session_processes(session):
            os.kill(pid, signal.SIGKILL)


def test_a_reader_holding_the_database_mid_run_costs_no_document_and_no_traceback(tmp_path, migrated_prefect_home):
    """A notebook holds the file for 14 s with --lock-timeout 3: the run keeps its finished
    analyses, stores them when the file is free, and says nothing a user must decode."""
    import duckdb

    corpus = _bigger_corpus(tmp_path / "corpus")
    env = _run_env(tmp_path, migrated_prefect_home)
    db = tmp_path / "db.duckdb"
    log = tmp_path / "run.log"
    with log.open("w") as out:
        run = subprocess.Popen([sys.executable, "-m", "litclaims.flows.cli", "run", "--corpus", str(corpus),
                                "--db", str(db), "--lock-timeout", "3", "--workers", "1", "--no-progress"],
                               stdout=out, stderr=subprocess.STDOUT, env=env)
        assert _wait_for(lambda: _read(db, "SELECT 1 FROM runs WHERE status = 'running'"), 300, 1.0)
        notebook = duckdb.connect(str(db), read_only=True)
        time.sleep(14)
        notebook.close()
        assert run.wait(timeout=300) == 0
    text = log.read_text()
    assert "Traceback" not in text
    files = len(list(corpus.iterdir()))
    assert _read(db, "SELECT status, failed FROM runs") == [("completed", 0)]
    assert _read(db, "SELECT count(*) FROM documents") == [(files,)]
