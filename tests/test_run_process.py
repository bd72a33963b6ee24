"""A run's row records its process; a later run closes the rows of dead processes."""

from __future__ import annotations

import os
import subprocess
import sys

from litclaims.schemas import store
from litclaims.schemas.run_process import RunProcess, is_alive


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_the_current_process_is_alive_and_a_finished_one_is_not():
    me = RunProcess.current()
    assert me.pid == os.getpid() and is_alive(me.pid, me.started)
    assert not is_alive(_dead_pid(), None)
    if me.started is not None:  # a reused pid with another start time is not the run's process
        assert not is_alive(me.pid, me.started + 1)


def test_a_new_run_marks_runs_of_dead_processes_crashed_and_keeps_live_ones(tmp_path):
    db = tmp_path / "db.duckdb"
    store.migrate_database(db)
    host = RunProcess.current().host
    with store.writer(db) as con:
        con.execute("INSERT INTO runs (run_id, corpus_dir, extractor_version, started_at, status, pid, host) "
                    "VALUES ('killed', 'c', 'v', now(), 'running', ?, ?)", [_dead_pid(), host])
        con.execute("INSERT INTO runs (run_id, corpus_dir, extractor_version, started_at, status, pid, host) "
                    "VALUES ('elsewhere', 'c', 'v', now(), 'running', 1, 'another-host')")
        store.start_run(con, "new", None, "c", "v")
        status = dict(con.execute("SELECT run_id, status FROM runs").fetchall())
        crashed = con.execute("SELECT processed, finished_at IS NOT NULL FROM runs WHERE run_id = 'killed'").fetchone()
    assert status == {"killed": "crashed", "elsewhere": "running", "new": "running"}
    assert crashed == (0, True)
