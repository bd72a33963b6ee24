"""Writing an export file atomically, and reading rows from DuckDB as dicts.

An export lands under its final name only once it is complete: it is written
to a hidden temporary file in the target folder and renamed over the target
(a rename within one folder is atomic), so a reader never sees half a file and
a failed export leaves the previous file in place.
"""

from __future__ import annotations

import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator, Sequence

import duckdb


@contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside `path` to write to; renamed to `path` when the block ends
    without an error, removed otherwise."""
    path.parent.mkdir(parents=True, exist_ok=True)
    # Not mkstemp: its 0600 mode would survive the rename; the writer creates the file
    # with the user's usual permissions.
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


@contextmanager
def atomic_group(paths: Sequence[Path]) -> Iterator[dict[Path, Path]]:
    """Temporary paths beside each of `paths`, all renamed to their targets only when
    the block ends without an error (so a set of files, such as claims.parquet and
    mentions.parquet, is replaced together); all removed otherwise."""
    temporaries: dict[Path, Path] = {}
    for path in paths:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporaries[path] = path.with_name(f".{path.name}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")
    try:
        yield temporaries
        for path, temporary in temporaries.items():
            os.replace(temporary, path)
    finally:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)


def write_text_atomically(path: Path, text: str) -> Path:
    with atomic_path(path) as temporary:
        temporary.write_text(text, encoding="utf-8")
    return path


def sql_string(value: str | Path) -> str:
    """A SQL string literal (for COPY ... TO, which takes no parameters)."""
    return "'" + str(value).replace("'", "''") + "'"


def fetch_dicts(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
    cursor = con.execute(sql, list(params))
    columns = [d[0] for d in cursor.description]
    return [dict(zip(columns, row)) for row in cursor.fetchall()]


def view_columns(con: duckdb.DuckDBPyConnection, view: str) -> list[str]:
    return [row[0] for row in con.execute(f"DESCRIBE {view}").fetchall()]
