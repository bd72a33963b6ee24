"""`litclaims serve` starts a real local Prefect server (its scheduler creates the runs),
serves the flow with a short interval, and a scheduled run's rows land in DuckDB,
within a bounded time."""

from __future__ import annotations

import os
import re
import urllib.request
import signal
import subprocess
import sys
import time

import pytest

from tests.corpus_factory import SEED_DIR, make_corpus

# What make_corpus writes that can be stored: the seed papers and one generated PDF.
GOOD_FILES = [*sorted(SEED_DIR.glob("*.txt")), "claims.pdf"]

pytestmark = pytest.mark.slow

DEADLINE_S = 240


def _stored(db, env) -> tuple[int, int]:
    """(documents, completed runs), read the way a user would while the service writes:
    `litclaims query` in another process."""
    if not db.exists():
        return 0, 0
    result = subprocess.run(
        [sys.executable, "-m", "litclaims.flows.cli", "query",
         "SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM runs WHERE status = 'completed')",
         "--db", str(db), "--format", "csv", "--lock-timeout", "10"],
        capture_output=True, text=True, env=env, timeout=60)
    if result.returncode != 0:  # not migrated yet, or held past the timeout
        return 0, 0
    docs, runs = result.stdout.splitlines()[1].split(",")
    return int(docs), int(runs)


def test_served_flow_runs_on_its_schedule_and_stores_rows(tmp_path):
    corpus = make_corpus(tmp_path / "corpus", with_bad_inputs=False)
    db = tmp_path / "served.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PYTHONUNBUFFERED="1",
               PREFECT_UI_ENABLED="false")
    log = (tmp_path / "serve.log").open("w")
    proc = subprocess.Popen(
        [sys.executable, "-m", "litclaims.flows.cli", "serve", "--interval", "5", "--corpus", str(corpus),
         "--db", str(db), "--name", "test-serve"],
        env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
    )
    try:
        deadline = time.monotonic() + DEADLINE_S
        docs, runs = 0, 0
        while time.monotonic() < deadline and not runs:
            assert proc.poll() is None, (tmp_path / "serve.log").read_text()[-3000:]
            time.sleep(2)
            docs, runs = _stored(db, env)
        server_log = tmp_path / "prefect-home" / "litclaims-prefect-server.log"
        assert runs, (f"no completed scheduled run within {DEADLINE_S} s:\n"
                      + (tmp_path / "serve.log").read_text()[-3000:]
                      + (server_log.read_text()[-2000:] if server_log.exists() else ""))
        assert docs == len(GOOD_FILES)
    finally:
        os.killpg(proc.pid, signal.SIGINT)
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        log.close()
    # The server that serve started is gone with it.
    match = re.search(r"Prefect server and UI at (http://127.0.0.1:\d+)", (tmp_path / "serve.log").read_text())
    assert match, "serve did not say where its Prefect server was"
    with pytest.raises(OSError):
        urllib.request.urlopen(match.group(1) + "/api/health", timeout=5)
