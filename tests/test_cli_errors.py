"""Failures outside any one document are one line, no traceback, exit 1, and a
damaged database is left as it was (run as a user runs litclaims: a subprocess)."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest


def _litclaims(*args: str, env_extra: dict | None = None) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("LITCLAIMS_", "PREFECT_API_URL"))}
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "litclaims.flows.cli", *args], capture_output=True,
                          text=True, env=env, timeout=300)


def _assert_one_line_error(result: subprocess.CompletedProcess, *phrases: str) -> None:
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    for phrase in phrases:
        assert phrase in lines[0]


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture()
def corpus(tmp_path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "note.txt").write_text("Gefitinib inhibits EGFR in PC-9 cells.\n", encoding="utf-8")
    return folder


@pytest.mark.parametrize("damage", ["garbage", "truncated"])
def test_a_damaged_database_is_named_and_left_untouched(tmp_path, corpus, damage):
    db = tmp_path / "damaged.duckdb"
    if damage == "garbage":
        db.write_bytes(os.urandom(8192))
    else:
        import duckdb

        con = duckdb.connect(str(db))
        con.execute("CREATE TABLE t AS SELECT range AS i FROM range(200000)")
        con.close()
        with db.open("r+b") as handle:
            handle.truncate(20000)
    before = _digest(db)
    _assert_one_line_error(_litclaims("query", "SELECT 1", "--db", str(db)), str(db), "left as it is")
    _assert_one_line_error(_litclaims("run", "--corpus", str(corpus), "--db", str(db)), "left as it is")
    assert _digest(db) == before


def test_a_prefect_api_that_does_not_answer(tmp_path, corpus):
    result = _litclaims("run", "--corpus", str(corpus), "--db", str(tmp_path / "db.duckdb"),
                        env_extra={"PREFECT_API_URL": "http://127.0.0.1:9/api"})
    _assert_one_line_error(result, "PREFECT_API_URL", "does not answer")


def test_an_invalid_cron_is_refused_before_anything_starts(tmp_path, corpus):
    result = _litclaims("serve", "--cron", "99 99 * * *", "--corpus", str(corpus), "--db", str(tmp_path / "db.duckdb"))
    _assert_one_line_error(result, "not a valid cron schedule")
    assert not (tmp_path / "db.duckdb").exists()


def test_a_base_model_that_is_not_installed(tmp_path, corpus):
    result = _litclaims("run", "--corpus", str(corpus), "--db", str(tmp_path / "db.duckdb"),
                        env_extra={"LITCLAIMS_BASE_MODEL": "en_core_sci_not_installed"})
    _assert_one_line_error(result, "LITCLAIMS_BASE_MODEL", "not an installed spaCy package")


def test_a_missing_corpus_folder(tmp_path):
    result = _litclaims("run", "--corpus", str(tmp_path / "nowhere"), "--db", str(tmp_path / "db.duckdb"))
    _assert_one_line_error(result, "does not exist")


def test_debug_shows_the_traceback(tmp_path):
    db = tmp_path / "garbage.duckdb"
    db.write_bytes(os.urandom(4096))
    result = _litclaims("--debug", "query", "SELECT 1", "--db", str(db))
    assert result.returncode != 0 and "Traceback" in result.stderr
