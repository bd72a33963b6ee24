"""The command line: query formats, export, clear errors. Real DuckDB files."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys

import pytest

import litclaims
from litclaims.flows.cli import main, build_parser, settings_from
from litclaims.schemas import store
from tests.records_factory import make_extraction
from tests.test_store import _hold_lock


SQL = "SELECT claim_type, subject_text, object_text, citations FROM claims ORDER BY claim_type"


def test_query_as_table(db, capsys):
    assert main(["query", SQL, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0].split(" | ")[0].strip() == "claim_type"
    assert "resistance | IGF-IR" in out and "(2 rows)" in out


def test_query_as_csv_and_json(db, capsys):
    assert main(["query", SQL, "--db", str(db), "--format", "csv"]) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["claim_type", "subject_text", "object_text", "citations"]
    assert rows[2] == ["resistance", "IGF-IR", "tamoxifen", '["12"]']
    assert main(["query", SQL, "--db", str(db), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data[1] == {"claim_type": "resistance", "subject_text": "IGF-IR", "object_text": "tamoxifen",
                       "citations": ["12"]}


def test_query_is_read_only(db, capsys):
    assert main(["query", "DELETE FROM claim_records", "--db", str(db)]) == 1
    assert "read-only" in capsys.readouterr().err.lower()
    with store.reader(db) as con:
        assert con.execute("SELECT count(*) FROM claims").fetchone()[0] == len(make_extraction().claims)


def test_query_errors_are_plain(db, tmp_path, capsys):
    assert main(["query", "SELECT nope FROM claims", "--db", str(db)]) == 1
    assert "SQL error" in capsys.readouterr().err
    assert main(["query", "SELECT 1", "--db", str(tmp_path / "missing.duckdb")]) == 1
    assert "litclaims run" in capsys.readouterr().err


def test_export_writes_parquet(db, tmp_path, capsys):
    out = tmp_path / "export"
    assert main(["export", "--out", str(out), "--db", str(db)]) == 0
    assert (out / "claims.parquet").exists() and (out / "mentions.parquet").exists()
    assert "claims: 2 rows" in capsys.readouterr().out


def test_run_refuses_a_missing_corpus(tmp_path, capsys):
    assert main(["run", "--corpus", str(tmp_path / "nope"), "--db", str(tmp_path / "db.duckdb")]) == 1
    assert "does not exist" in capsys.readouterr().err


def test_version_is_the_package_metadata(capsys):
    from importlib import metadata

    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"litclaims {metadata.version('litclaims')}"
    assert litclaims.__version__ == metadata.version("litclaims")


def test_settings_come_from_flags_over_the_environment_over_defaults(tmp_path, monkeypatch):
    monkeypatch.setenv("LITCLAIMS_WORKERS", "5")
    monkeypatch.setenv("LITCLAIMS_DB", str(tmp_path / "env.duckdb"))
    monkeypatch.delenv("LITCLAIMS_DB_LOCK_TIMEOUT", raising=False)
    argv = ["run", "--corpus", str(tmp_path), "--lock-timeout", "3"]
    parser, _ = build_parser(argv)
    settings = settings_from(parser.parse_args(argv))
    assert settings.max_workers == 5 and settings.db_path == tmp_path / "env.duckdb"
    assert settings.corpus_dir == tmp_path and settings.db_lock_timeout_s == 3.0
    assert settings.task_retries == 2  # a default
    argv = ["run", "--workers", "1", "--db", "flag.duckdb"]
    parser, _ = build_parser(argv)
    settings = settings_from(parser.parse_args(argv))
    assert settings.max_workers == 1 and settings.db_path.is_absolute() and settings.db_path.name == "flag.duckdb"


def test_a_malformed_environment_variable_is_a_plain_error(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("LITCLAIMS_DB_LOCK_TIMEOUT", "soon")
    assert main(["query", "SELECT 1", "--db", str(tmp_path / "db.duckdb")]) == 1
    assert "LITCLAIMS_DB_LOCK_TIMEOUT='soon'" in capsys.readouterr().err


def test_run_says_plainly_when_another_process_holds_the_database(db, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    holder = _hold_lock(db, 30)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "litclaims.flows.cli", "run", "--corpus", str(corpus), "--db", str(db),
             "--lock-timeout", "1"], capture_output=True, text=True, timeout=60)
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1
    assert "locked by process" in result.stderr and "try again" in result.stderr


def test_help_lists_every_command(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for command in ("run", "serve", "query", "export", "parse", "tag", "eval"):
        assert command in out


def test_the_worker_limits_reach_the_settings():
    argv = ["run", "--max-seconds-per-file", "30", "--max-worker-memory-mb", "2048"]
    parser, _ = build_parser(argv)
    settings = settings_from(parser.parse_args(argv))
    assert (settings.max_seconds_per_file, settings.max_worker_memory_mb) == (30.0, 2048.0)
