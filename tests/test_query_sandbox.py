"""`litclaims query` reads the database and nothing else (issue 17's four escapes)."""

from __future__ import annotations

import subprocess
import sys

import pytest

from litclaims.flows.cli import main


def _query(db, sql, *extra):
    return main(["query", sql, "--db", str(db), *extra])


@pytest.mark.parametrize("escape, message", [
    ("COPY (SELECT 42) TO '{tmp}/x.csv'", "reads only the database"),
    ("SELECT * FROM read_csv('/etc/passwd')", "--allow-read"),
    ("ATTACH '{tmp}/other.duckdb' AS other", "reads only the database"),
    ("INSTALL httpfs", "extensions"),
    ("LOAD httpfs", "extensions"),
    ("SET enable_external_access = true", "settings cannot be changed"),
    ("SET lock_configuration = false", "settings cannot be changed"),
    ("DELETE FROM claim_records", "cannot be changed"),
])
def test_each_escape_is_refused_in_one_line(db, tmp_path, capsys, escape, message):
    assert _query(db, escape.format(tmp=tmp_path)) == 1
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "x.csv").exists() and not (tmp_path / "other.duckdb").exists()


def test_a_plain_select_still_works(db, capsys):
    assert _query(db, "SELECT count(*) AS n FROM claims", "--format", "csv") == 0
    assert capsys.readouterr().out.splitlines()[0] == "n"


def test_allow_read_lets_a_users_file_join(db, tmp_path, capsys):
    mine = tmp_path / "genes.csv"
    mine.write_text("symbol\nIGF-IR\n", encoding="utf-8")
    sql = f"SELECT count(*) AS n FROM claims JOIN read_csv('{mine}') g ON g.symbol = claims.subject_text"
    assert _query(db, sql, "--format", "csv") == 1  # not named: refused
    capsys.readouterr()
    assert _query(db, sql, "--format", "csv", "--allow-read", str(mine)) == 0
    assert int(capsys.readouterr().out.splitlines()[1]) >= 1


def test_the_command_line_refuses_as_a_user_sees_it(db, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "litclaims.flows.cli", "query", f"COPY (SELECT 1) TO '{tmp_path}/y.csv'",
         "--db", str(db)], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "refused" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "y.csv").exists()
