"""`litclaims serve` against a real local Prefect server: a scheduled run completes
and its rows land in DuckDB, within a bounded time."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.corpus_factory import make_corpus

pytestmark = pytest.mark.slow

DEADLINE_S = 240


def _stored(db) -> tuple[int, list]:
    if not db.exists():
        return 0, []
    try:
        con = duckdb.connect(str(db), read_only=True)
    except duckdb.IOException:  # the scheduled run is writing right now
        return 0, []
    try:
        docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
        runs = con.execute("SELECT status FROM runs WHERE status = 'completed'").fetchall()
        return docs, runs
    except duckdb.CatalogException:
        return 0, []
    finally:
        con.close()


def test_served_flow_runs_on_its_schedule_and_stores_rows(prefect_server, tmp_path):
    corpus = make_corpus(tmp_path / "corpus", with_bad_inputs=False)
    db = tmp_path / "served.duckdb"
    env = dict(os.environ, PREFECT_API_URL=prefect_server, PYTHONUNBUFFERED="1")
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "flows.cli", "serve", "--interval", "5", "--corpus", str(corpus),
         "--db", str(db), "--name", "test-serve"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + DEADLINE_S
        docs, runs = 0, []
        while time.monotonic() < deadline and not runs:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(2)
            docs, runs = _stored(db)
        assert runs, f"no completed scheduled run within {DEADLINE_S} s:\n" + (tmp_path / "serve.log").read_text()[-3000:]
        assert docs == 3
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
