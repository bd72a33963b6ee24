"""The DuckDB store: connections that wait for the file lock, one transaction per
document, bulk inserts through Arrow.

DuckDB lets one process hold a database file at a time (even a read-only
connection takes the lock), so a writer here holds its connection only while it
stores one batch; readers (`litclaims query`) wait briefly for it.
"""

from __future__ import annotations

import json
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Sequence

import duckdb
import pyarrow as pa

from litclaims.schemas.migrate import current_version, latest_version, migrate
from litclaims.schemas.records import Extraction, DocumentFailure

_LOCK_MESSAGE = re.compile(r"Could not set lock on file|Conflicting lock is held", re.IGNORECASE)
_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")


class DatabaseLockedError(RuntimeError):
    """Another process holds the DuckDB file for longer than we were willing to wait."""


class DatabaseSchemaError(RuntimeError):
    """The file is not a litclaims database at a version this code can read."""


def _describe_lock(error: Exception, db_path: Path, waited_s: float) -> str:
    holder = _LOCK_HOLDER.search(str(error))
    who = f"process {holder.group(2)} ({holder.group(1)})" if holder else "another process"
    return (
        f"The database {db_path} is locked by {who}; waited {waited_s:.0f} s. "
        "DuckDB allows one process to open a database file at a time. If a `litclaims run` "
        "or scheduled run is writing, try again when its current document is stored "
        "(or raise --lock-timeout); if a DuckDB shell or notebook holds the file, close it."
    )


def connect_waiting(db_path: Path, *, read_only: bool, timeout_s: float) -> duckdb.DuckDBPyConnection:
    """Open the database, retrying while another process holds the file lock."""
    deadline = time.monotonic() + timeout_s
    delay = 0.05
    started = time.monotonic()
    while True:
        try:
            return duckdb.connect(str(db_path), read_only=read_only)
        except duckdb.IOException as error:
            if not _LOCK_MESSAGE.search(str(error)):
                raise
            if time.monotonic() >= deadline:
                raise DatabaseLockedError(_describe_lock(error, db_path, time.monotonic() - started)) from error
            time.sleep(delay)
            delay = min(delay * 2, 1.0)


@contextmanager
def writer(db_path: Path, *, timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection at the latest schema, closed (lock released) on exit."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = connect_waiting(db_path, read_only=False, timeout_s=timeout_s)
    try:
        migrate(con)
        yield con
    finally:
        con.close()


def connect(db_path: Path | str, *, timeout_s: float = 30.0) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a litclaims database (the caller closes it); fails
    plainly if the file is missing, not ours, or at an older schema."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(
            f"No database at {db_path}. Run `litclaims run --db {db_path}` first, or pass --db."
        )
    con = connect_waiting(db_path, read_only=True, timeout_s=timeout_s)
    try:
        version = current_version(con)
        if version == 0:
            raise DatabaseSchemaError(f"{db_path} is a DuckDB file but not a litclaims database.")
        if version < latest_version():
            raise DatabaseSchemaError(
                f"{db_path} is at schema version {version}; this litclaims needs {latest_version()}. "
                "Run `litclaims run` once to migrate it."
            )
    except BaseException:
        con.close()
        raise
    return con


@contextmanager
def reader(db_path: Path, *, timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """`connect` as a context manager: the lock is released on exit."""
    con = connect(db_path, timeout_s=timeout_s)
    try:
        yield con
    finally:
        con.close()


@dataclass(frozen=True)
class StoredDocument:
    doc_id: str
    source_path: str
    extractor_version: str


def stored_documents(con: duckdb.DuckDBPyConnection) -> list[StoredDocument]:
    rows = con.execute("SELECT doc_id, source_path, extractor_version FROM documents").fetchall()
    return [StoredDocument(*row) for row in rows]


# --- Arrow tables for one extraction -------------------------------------------

_LIST = pa.list_(pa.string())


def _table(columns: dict[str, list], schema: pa.Schema) -> pa.Table:
    return pa.Table.from_pydict(columns, schema=schema)


def _document_table(ex: Extraction, run_id: str) -> pa.Table:
    doc = ex.document
    schema = pa.schema(
        [
            ("doc_id", pa.string()), ("source_path", pa.string()), ("media_type", pa.string()),
            ("title", pa.string()), ("n_chars", pa.int32()), ("n_pages", pa.int32()),
            ("text", pa.string()), ("quality", pa.string()), ("verdict", pa.string()),
            ("extractor_version", pa.string()), ("run_id", pa.string()),
        ]
    )
    return _table(
        {
            "doc_id": [doc.doc_id], "source_path": [doc.source_path], "media_type": [doc.media_type],
            "title": [doc.title], "n_chars": [len(doc.text)], "n_pages": [doc.n_pages],
            "text": [doc.text], "quality": [json.dumps(doc.quality.as_dict())],
            "verdict": [doc.quality.verdict], "extractor_version": [ex.extractor_version],
            "run_id": [run_id],
        },
        schema,
    )


def _sections_table(ex: Extraction) -> pa.Table:
    doc = ex.document
    schema = pa.schema(
        [("doc_id", pa.string()), ("section_index", pa.int32()), ("heading", pa.string()),
         ("kind", pa.string()), ("start", pa.int32()), ("end", pa.int32())]
    )
    rows = list(enumerate(doc.sections))
    return _table(
        {
            "doc_id": [doc.doc_id] * len(rows), "section_index": [i for i, _ in rows],
            "heading": [s.heading for _, s in rows], "kind": [s.kind for _, s in rows],
            "start": [s.start for _, s in rows], "end": [s.end for _, s in rows],
        },
        schema,
    )


def _pages_table(ex: Extraction) -> pa.Table:
    doc = ex.document
    schema = pa.schema(
        [("doc_id", pa.string()), ("block_index", pa.int32()), ("page", pa.int32()),
         ("start", pa.int32()), ("end", pa.int32()), ("x0", pa.float64()), ("y0", pa.float64()),
         ("x1", pa.float64()), ("y1", pa.float64())]
    )
    rows = list(enumerate(doc.pages))

    def coord(i: int) -> list:
        return [p.bbox[i] if p.bbox else None for _, p in rows]

    return _table(
        {
            "doc_id": [doc.doc_id] * len(rows), "block_index": [i for i, _ in rows],
            "page": [p.page for _, p in rows], "start": [p.start for _, p in rows],
            "end": [p.end for _, p in rows], "x0": coord(0), "y0": coord(1), "x1": coord(2), "y1": coord(3),
        },
        schema,
    )


def _citations_table(ex: Extraction) -> pa.Table:
    doc = ex.document
    schema = pa.schema(
        [("doc_id", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
         ("text", pa.string()), ("refs", _LIST)]
    )
    spans = doc.citations
    return _table(
        {
            "doc_id": [doc.doc_id] * len(spans), "start": [c.start for c in spans],
            "end": [c.end for c in spans], "text": [c.text for c in spans],
            "refs": [list(c.refs) for c in spans],
        },
        schema,
    )


def _sentences_table(ex: Extraction) -> pa.Table:
    schema = pa.schema(
        [("sentence_id", pa.string()), ("doc_id", pa.string()), ("sentence_index", pa.int32()),
         ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()), ("section", pa.string()),
         ("section_kind", pa.string()), ("page", pa.int32()), ("citations", _LIST)]
    )
    s = ex.sentences
    return _table(
        {
            "sentence_id": [x.sentence_id for x in s], "doc_id": [x.doc_id for x in s],
            "sentence_index": [x.index for x in s], "start": [x.start for x in s],
            "end": [x.end for x in s], "text": [x.text for x in s], "section": [x.section for x in s],
            "section_kind": [x.section_kind for x in s], "page": [x.page for x in s],
            "citations": [list(x.citations) for x in s],
        },
        schema,
    )


def _mentions_table(ex: Extraction) -> pa.Table:
    schema = pa.schema(
        [("mention_id", pa.string()), ("doc_id", pa.string()), ("sentence_id", pa.string()),
         ("start", pa.int32()), ("end", pa.int32()), ("text", pa.string()),
         ("entity_type", pa.string()), ("entity_id", pa.string()), ("entity_name", pa.string()),
         ("source", pa.string())]
    )
    m = _unique_by(ex.mentions, lambda x: x.mention_id)
    return _table(
        {
            "mention_id": [x.mention_id for x in m], "doc_id": [x.doc_id for x in m],
            "sentence_id": [x.sentence_id for x in m], "start": [x.start for x in m],
            "end": [x.end for x in m], "text": [x.text for x in m],
            "entity_type": [x.entity_type for x in m], "entity_id": [x.entity_id for x in m],
            "entity_name": [x.entity_name for x in m], "source": [x.source for x in m],
        },
        schema,
    )


def _claims_table(ex: Extraction, run_id: str) -> pa.Table:
    schema = pa.schema(
        [("claim_id", pa.string()), ("doc_id", pa.string()), ("sentence_id", pa.string()),
         ("claim_type", pa.string()),
         ("subject_mention_id", pa.string()), ("subject_text", pa.string()), ("subject_type", pa.string()),
         ("subject_id", pa.string()), ("subject_name", pa.string()),
         ("object_mention_id", pa.string()), ("object_text", pa.string()), ("object_type", pa.string()),
         ("object_id", pa.string()), ("object_name", pa.string()),
         ("negated", pa.bool_()), ("certainty", pa.string()), ("evidence", pa.string()),
         ("cell_lines", _LIST), ("disease", pa.string()), ("citations", _LIST),
         ("rule", pa.string()), ("rule_version", pa.string()), ("confidence", pa.float64()),
         ("extractor_version", pa.string()), ("run_id", pa.string())]
    )
    c = _unique_by(ex.claims, lambda x: x.claim_id)
    return _table(
        {
            "claim_id": [x.claim_id for x in c], "doc_id": [x.doc_id for x in c],
            "sentence_id": [x.sentence_id for x in c], "claim_type": [x.claim_type for x in c],
            "subject_mention_id": [x.subject.mention_id for x in c],
            "subject_text": [x.subject.text for x in c], "subject_type": [x.subject.entity_type for x in c],
            "subject_id": [x.subject.entity_id for x in c], "subject_name": [x.subject.entity_name for x in c],
            "object_mention_id": [x.object.mention_id for x in c],
            "object_text": [x.object.text for x in c], "object_type": [x.object.entity_type for x in c],
            "object_id": [x.object.entity_id for x in c], "object_name": [x.object.entity_name for x in c],
            "negated": [x.negated for x in c], "certainty": [x.certainty for x in c],
            "evidence": [x.evidence for x in c], "cell_lines": [list(x.cell_lines) for x in c],
            "disease": [x.disease for x in c], "citations": [list(x.citations) for x in c],
            "rule": [x.rule for x in c], "rule_version": [x.rule_version for x in c],
            "confidence": [x.confidence for x in c],
            "extractor_version": [ex.extractor_version] * len(c), "run_id": [run_id] * len(c),
        },
        schema,
    )


def _unique_by(items: Sequence, key) -> list:
    """Drop exact repeats of an id (two rules can produce the same claim); first wins."""
    seen: set[str] = set()
    kept = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


# Table name -> columns, in insert order; the DDL owns the types.
_DOC_TABLES = ("claim_records", "entity_mentions", "sentences", "citation_spans", "page_blocks", "sections", "documents")


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    if data.num_rows == 0:
        return
    con.register("incoming_rows", data)
    try:
        cols = ", ".join(f'"{name}"' for name in data.column_names)
        con.execute(f"INSERT INTO {table} ({cols}) SELECT {cols} FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


def store_extraction(con: duckdb.DuckDBPyConnection, ex: Extraction, run_id: str) -> None:
    """Replace whatever is stored for this document (same hash, or an older version of
    the file at the same path) with `ex`, in one transaction."""
    doc = ex.document
    con.execute("BEGIN TRANSACTION")
    try:
        stale = [
            row[0]
            for row in con.execute(
                "SELECT doc_id FROM documents WHERE doc_id = ? OR source_path = ?",
                [doc.doc_id, doc.source_path],
            ).fetchall()
        ]
        for doc_id in stale:
            for table in _DOC_TABLES:
                con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [doc_id])
        _insert(con, "documents", _document_table(ex, run_id))
        _insert(con, "sections", _sections_table(ex))
        _insert(con, "page_blocks", _pages_table(ex))
        _insert(con, "citation_spans", _citations_table(ex))
        _insert(con, "sentences", _sentences_table(ex))
        _insert(con, "entity_mentions", _mentions_table(ex))
        _insert(con, "claim_records", _claims_table(ex, run_id))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def record_failure(con: duckdb.DuckDBPyConnection, failure: DocumentFailure, run_id: str) -> None:
    con.execute(
        "INSERT INTO ingest_errors (run_id, source_path, doc_id, stage, error_type, message) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [run_id, failure.source_path, failure.doc_id, failure.stage, failure.error_type, failure.message],
    )


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None,
              corpus_dir: str, extractor_version: str) -> None:
    con.execute(
        "INSERT INTO runs (run_id, flow_run_id, corpus_dir, extractor_version, started_at, status) "
        "VALUES (?, ?, ?, ?, ?, 'running')",
        [run_id, flow_run_id, corpus_dir, extractor_version, _now()],
    )


@dataclass(frozen=True)
class RunCounts:
    files_seen: int
    processed: int
    skipped: int
    failed: int
    mentions_stored: int
    claims_stored: int


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, counts: RunCounts, summary: str,
               status: str = "completed") -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, files_seen = ?, processed = ?, skipped = ?, "
        "failed = ?, mentions_stored = ?, claims_stored = ?, summary = ? WHERE run_id = ?",
        [_now(), status, counts.files_seen, counts.processed, counts.skipped, counts.failed,
         counts.mentions_stored, counts.claims_stored, summary, run_id],
    )


def mark_run_crashed(con: duckdb.DuckDBPyConnection, run_id: str) -> None:
    con.execute("UPDATE runs SET finished_at = ?, status = 'crashed' WHERE run_id = ?", [_now(), run_id])


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
