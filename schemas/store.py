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
from dataclasses import dataclass, fields
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable, Iterator, Sequence, TypeVar

import duckdb
import pyarrow as pa

from litclaims.schemas.migrate import current_version, latest_version, migrate
from litclaims.schemas.run_process import RunProcess, is_alive
from litclaims.schemas.records import Document, DocumentFailure, Extraction, Mention, PageSpan, PaperMetadata

R = TypeVar("R")

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


def wait_until_free(db_path: Path, *, timeout_s: float = 30.0) -> None:
    """Return once no other process holds the file (DatabaseLockedError after `timeout_s`);
    opens nothing for long and creates nothing. For failing fast before a long start-up."""
    if db_path.exists():
        connect_waiting(db_path, read_only=False, timeout_s=timeout_s).close()


def migrate_database(db_path: Path, *, timeout_s: float = 30.0) -> int:
    """Create the file if need be and bring it to the latest schema; returns the version.
    A run does this once, at its start; `writer` only checks the version."""
    db_path.parent.mkdir(parents=True, exist_ok=True)
    con = connect_waiting(db_path, read_only=False, timeout_s=timeout_s)
    try:
        return migrate(con)
    finally:
        con.close()


def _open_checked(db_path: Path, *, read_only: bool, timeout_s: float) -> duckdb.DuckDBPyConnection:
    """A connection to an existing litclaims database at the schema version this code
    writes; fails plainly (and closes it) otherwise."""
    if not db_path.exists():
        raise FileNotFoundError(
            f"No database at {db_path}. Run `litclaims run --db {db_path}` first, or pass --db."
        )
    con = connect_waiting(db_path, read_only=read_only, timeout_s=timeout_s)
    try:
        _check_version(con, db_path, writing=not read_only)
    except BaseException:
        con.close()
        raise
    return con


def _check_version(con: duckdb.DuckDBPyConnection, db_path: Path, *, writing: bool) -> None:
    version = current_version(con)
    if version == 0:
        raise DatabaseSchemaError(f"{db_path} is a DuckDB file but not a litclaims database.")
    if version < latest_version():
        raise DatabaseSchemaError(
            f"{db_path} is at schema version {version}; this litclaims needs {latest_version()}. "
            "Run `litclaims run` once to migrate it."
        )
    # Reading a newer file's tables and views mostly works; writing into a schema this
    # code does not know could corrupt it.
    if writing and version > latest_version():
        raise DatabaseSchemaError(
            f"{db_path} is at schema version {version}, written by a newer litclaims; "
            f"this one knows versions up to {latest_version()}. Upgrade litclaims."
        )


@contextmanager
def writer(db_path: Path, *, timeout_s: float = 30.0) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-write connection to a migrated database, closed (lock released) on exit."""
    con = _open_checked(db_path, read_only=False, timeout_s=timeout_s)
    try:
        yield con
    finally:
        con.close()


def connect(db_path: Path | str, *, timeout_s: float = 30.0) -> duckdb.DuckDBPyConnection:
    """A read-only connection to a litclaims database (the caller closes it); fails
    plainly if the file is missing, not ours, or at an older schema version."""
    return _open_checked(Path(db_path), read_only=True, timeout_s=timeout_s)


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
    # The file it was read from; None: the file held only this document (its hash is the doc_id).
    file_sha256: str | None = None
    documents_in_file: int = 1

    @property
    def file_id(self) -> str:
        return self.file_sha256 or self.doc_id


def stored_documents(con: duckdb.DuckDBPyConnection) -> list[StoredDocument]:
    rows = con.execute(
        "SELECT doc_id, source_path, extractor_version, file_sha256, documents_in_file FROM documents").fetchall()
    return [StoredDocument(*row) for row in rows]


@dataclass(frozen=True)
class SourceFile:
    """The file a document was read from: its SHA-256 and how many documents it holds.
    A PubMed XML set or a BioC collection holds several; every other file one, whose
    doc_id is the file's hash."""

    sha256: str
    documents: int = 1

    @classmethod
    def only_document_of(cls, ex: Extraction) -> "SourceFile":
        return cls(ex.document.doc_id, 1)


@dataclass(frozen=True)
class Provenance:
    """What a document's rows record besides its records: the run and the file."""

    run_id: str
    source: SourceFile


# --- Rows for one extraction ------------------------------------------------------
#
# Each table is a column list (the DDL's names, schemas/sql/001_initial.sql and the
# migrations after it, which own the types) and a function from the records to rows by column name; DuckDB
# matches the Arrow columns to the table BY NAME and casts them to the DDL's types.


def _fields(record: Any, **extra: Any) -> dict[str, Any]:
    """A record's fields by name (nested records stay as they are), updated with `extra`.
    Fields no column names (a record may grow) are never stored."""
    return {f.name: getattr(record, f.name) for f in fields(record)} | extra


def _document_rows(ex: Extraction, prov: Provenance) -> list[dict[str, Any]]:
    doc = ex.document
    return [_fields(doc, n_chars=len(doc.text), quality=json.dumps(doc.quality.as_dict()),
                    verdict=doc.quality.verdict, extractor_version=ex.extractor_version, run_id=prov.run_id,
                    file_sha256=prov.source.sha256, documents_in_file=prov.source.documents,
                    **_paper_columns(doc))]


def _paper_columns(doc: Document) -> dict[str, Any]:
    """The paper's metadata where the source gives it; a PDF's or a text's own title otherwise."""
    paper = doc.metadata or PaperMetadata()
    values = {f.name: getattr(paper, f.name) for f in fields(paper)}
    values["title"] = paper.title or doc.title
    values["authors"] = list(paper.authors) if doc.metadata else None
    return values


def _section_rows(ex: Extraction, prov: Provenance) -> list[dict[str, Any]]:
    doc_id = ex.document.doc_id
    return [_fields(s, doc_id=doc_id, section_index=i) for i, s in enumerate(ex.document.sections)]


def _page_block_rows(ex: Extraction, prov: Provenance) -> list[dict[str, Any]]:
    doc_id = ex.document.doc_id
    return [_fields(p, doc_id=doc_id, block_index=i, **_bbox_columns(p))
            for i, p in enumerate(ex.document.pages)]


def _bbox_columns(page: PageSpan) -> dict[str, float | None]:
    return dict(zip(("x0", "y0", "x1", "y1"), page.bbox or (None,) * 4))


def _citation_rows(ex: Extraction, prov: Provenance) -> list[dict[str, Any]]:
    doc_id = ex.document.doc_id
    return [_fields(c, doc_id=doc_id) for c in ex.document.citations]


def _sentence_rows(ex: Extraction, prov: Provenance) -> list[dict[str, Any]]:
    doc = ex.document
    return [_fields(s, sentence_index=s.index, heading_kind=_heading_kind_at(doc, s.start)) for s in ex.sentences]


def _heading_kind_at(doc: Document, offset: int) -> str | None:
    section = doc.section_at(offset)
    return section.heading_kind if section else None


def _mention_rows(ex: Extraction, prov: Provenance) -> list[dict[str, Any]]:
    return [_fields(m) for m in _unique_by(ex.mentions, lambda m: m.mention_id)]


def _claim_rows(ex: Extraction, prov: Provenance) -> list[dict[str, Any]]:
    return [
        _fields(c, **_side("subject", c.subject), **_side("object", c.object),
                extractor_version=ex.extractor_version, run_id=prov.run_id)
        for c in _unique_by(ex.claims, lambda c: c.claim_id)
    ]


def _side(role: str, mention: Mention) -> dict[str, Any]:
    """A claim's subject or object as the claim_records columns that copy it."""
    return {f"{role}_mention_id": mention.mention_id, f"{role}_text": mention.text,
            f"{role}_type": mention.entity_type, f"{role}_id": mention.entity_id,
            f"{role}_name": mention.entity_name}


def _unique_by(items: Sequence[R], key: Callable[[R], str]) -> list[R]:
    """Drop exact repeats of an id (two rules can produce the same claim); first wins."""
    seen: set[str] = set()
    kept = []
    for item in items:
        k = key(item)
        if k not in seen:
            seen.add(k)
            kept.append(item)
    return kept


@dataclass(frozen=True)
class DocumentTable:
    """A table that holds rows of one document: what it stores and where from."""

    name: str
    columns: tuple[str, ...]
    rows: Callable[[Extraction, Provenance], list[dict[str, Any]]]


# In insert order (parents first); deletes go in reverse.
DOCUMENT_TABLES = (
    DocumentTable("documents", (
        "doc_id", "source_path", "media_type", "title", "n_chars", "n_pages", "text", "quality",
        "verdict", "extractor_version", "run_id", "journal", "year", "pmid", "pmcid", "doi", "authors",
        "file_sha256", "documents_in_file"), _document_rows),
    DocumentTable("sections", (
        "doc_id", "section_index", "heading", "kind", "start", "end", "heading_kind", "source_offset"),
        _section_rows),
    DocumentTable("page_blocks", (
        "doc_id", "block_index", "page", "start", "end", "x0", "y0", "x1", "y1"), _page_block_rows),
    DocumentTable("citation_spans", ("doc_id", "start", "end", "text", "refs"), _citation_rows),
    DocumentTable("sentences", (
        "sentence_id", "doc_id", "sentence_index", "start", "end", "text", "section", "section_kind",
        "page", "citations", "heading_kind"), _sentence_rows),
    DocumentTable("entity_mentions", (
        "mention_id", "doc_id", "sentence_id", "start", "end", "text", "entity_type", "entity_id",
        "entity_name", "source"), _mention_rows),
    DocumentTable("claim_records", (
        "claim_id", "doc_id", "sentence_id", "claim_type",
        "subject_mention_id", "subject_text", "subject_type", "subject_id", "subject_name",
        "object_mention_id", "object_text", "object_type", "object_id", "object_name",
        "negated", "certainty", "evidence", "cell_lines", "disease", "citations", "rule", "rule_version",
        "confidence", "extractor_version", "run_id", "subject_state", "object_state"), _claim_rows),
)


def arrow_rows(table: DocumentTable, ex: Extraction, prov: Provenance) -> pa.Table:
    """The table's rows for one extraction, column by column (a missing column is a KeyError)."""
    rows = table.rows(ex, prov)
    return pa.table({column: [row[column] for row in rows] for column in table.columns})


def prepare_arrow_handoff() -> None:
    """Hand DuckDB an Arrow table once, in memory: its first hand-off in a process imports
    pandas (about half a second of CPU), which `litclaims run` has done while Prefect's
    server starts rather than in its first batch."""
    con = duckdb.connect()
    try:
        con.register("handoff", pa.table({"x": [0]}))
    finally:
        con.close()


def _insert(con: duckdb.DuckDBPyConnection, table: str, data: pa.Table) -> None:
    if data.num_rows == 0:
        return
    con.register("incoming_rows", data)
    try:
        con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM incoming_rows")
    finally:
        con.unregister("incoming_rows")


def store_extraction(con: duckdb.DuckDBPyConnection, ex: Extraction, run_id: str,
                     source: SourceFile | None = None) -> None:
    """Replace whatever is stored for this document with `ex`, in one transaction: the
    same document, and every document stored from another version of its file (other
    bytes, or an older extractor) at the same path. The other documents of the same file
    at this version stay. `source` is the file the document was read from (default: a
    file that held only this document)."""
    doc = ex.document
    prov = Provenance(run_id, source or SourceFile.only_document_of(ex))
    con.execute("BEGIN TRANSACTION")
    try:
        stale = con.execute(
            "SELECT doc_id FROM documents WHERE doc_id = ? OR (source_path = ? AND "
            "(file_sha256 IS DISTINCT FROM ? OR extractor_version IS DISTINCT FROM ?))",
            [doc.doc_id, doc.source_path, prov.source.sha256, ex.extractor_version],
        ).fetchall()
        for (doc_id,) in stale:
            for table in reversed(DOCUMENT_TABLES):
                con.execute(f"DELETE FROM {table.name} WHERE doc_id = ?", [doc_id])
        for table in DOCUMENT_TABLES:
            _insert(con, table.name, arrow_rows(table, ex, prov))
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


@dataclass(frozen=True)
class SourcedExtraction:
    """An extraction with the file it was read from, as a batch hands it to the store."""

    extraction: Extraction
    source: SourceFile


def store_batch(con: duckdb.DuckDBPyConnection, extractions: Sequence[SourcedExtraction],
                failures: Sequence[DocumentFailure], run_id: str) -> None:
    """`store_extraction` for every extraction and `record_failure` for every failure of a
    batch, in ONE transaction and one INSERT per table: the rows each document replaces
    are the ones `store_extraction` replaces. A document given twice: the last wins."""
    latest = {item.extraction.document.doc_id: item for item in extractions}
    items = list(latest.values())
    con.execute("BEGIN TRANSACTION")
    try:
        stale = _stale_doc_ids(con, items)
        for table in reversed(DOCUMENT_TABLES):
            if stale:
                con.execute(f"DELETE FROM {table.name} WHERE list_contains(?, doc_id)", [stale])
        for table in DOCUMENT_TABLES:
            _insert(con, table.name, _batch_rows(table, items, run_id))
        for failure in failures:
            record_failure(con, failure, run_id)
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def _stale_doc_ids(con: duckdb.DuckDBPyConnection, items: Sequence[SourcedExtraction]) -> list[str]:
    """The stored documents the batch replaces (see store_extraction), in one query."""
    if not items:
        return []
    incoming = pa.table({
        "doc_id": [i.extraction.document.doc_id for i in items],
        "source_path": [i.extraction.document.source_path for i in items],
        "file_sha256": [i.source.sha256 for i in items],
        "extractor_version": [i.extraction.extractor_version for i in items]})
    con.register("incoming_documents", incoming)
    try:
        rows = con.execute(
            "SELECT DISTINCT d.doc_id FROM documents d JOIN incoming_documents i ON d.doc_id = i.doc_id "
            "OR (d.source_path = i.source_path AND (d.file_sha256 IS DISTINCT FROM i.file_sha256 "
            "OR d.extractor_version IS DISTINCT FROM i.extractor_version))").fetchall()
    finally:
        con.unregister("incoming_documents")
    return [doc_id for (doc_id,) in rows]


def _batch_rows(table: DocumentTable, items: Sequence[SourcedExtraction], run_id: str) -> pa.Table:
    rows = [row for item in items for row in table.rows(item.extraction, Provenance(run_id, item.source))]
    return pa.table({column: [row[column] for row in rows] for column in table.columns})


def record_failure(con: duckdb.DuckDBPyConnection, failure: DocumentFailure, run_id: str) -> None:
    con.execute(
        "INSERT INTO ingest_errors (run_id, source_path, doc_id, stage, error_type, message) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        [run_id, failure.source_path, failure.doc_id, failure.stage, failure.error_type, failure.message],
    )


def start_run(con: duckdb.DuckDBPyConnection, run_id: str, flow_run_id: str | None,
              corpus_dir: str, extractor_version: str) -> None:
    """Record a run as running, by this process; first close the rows of earlier runs
    on this host whose process is gone."""
    process = RunProcess.current()
    close_dead_runs(con, process.host)
    con.execute(
        "INSERT INTO runs (run_id, flow_run_id, corpus_dir, extractor_version, started_at, status, "
        "pid, host, pid_started) VALUES (?, ?, ?, ?, ?, 'running', ?, ?, ?)",
        [run_id, flow_run_id, corpus_dir, extractor_version, _now(), process.pid, process.host, process.started],
    )


def move_documents(con: duckdb.DuckDBPyConnection, moves: Sequence[tuple[str, str, str]]) -> None:
    """(file sha256, old path, new path): the documents stored from those bytes under the
    old path now name the new one. One transaction, so a swap never shows half done."""
    con.execute("BEGIN TRANSACTION")
    try:
        # Keyed by the file's bytes as well as its old path, so two files that swapped
        # paths each take the other's without mixing.
        for sha, old, new in moves:
            con.execute("UPDATE documents SET source_path = ? WHERE file_sha256 = ? AND source_path = ?",
                        [new, sha, old])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def close_dead_runs(con: duckdb.DuckDBPyConnection, host: str) -> list[str]:
    """Mark `crashed` the running rows of this host whose process no longer exists,
    with what they had stored; returns their run ids. (Rows of other hosts cannot
    be checked from here and are left.)"""
    rows = con.execute("SELECT run_id, pid, pid_started FROM runs WHERE status = 'running' AND host = ?",
                       [host]).fetchall()
    dead = [run_id for run_id, pid, started in rows if pid is None or not is_alive(pid, started)]
    for run_id in dead:
        con.execute(
            "UPDATE runs SET status = 'crashed', finished_at = ?, "
            "processed = (SELECT count(*) FROM documents WHERE run_id = ?), "
            "claims_stored = (SELECT count(*) FROM claim_records WHERE run_id = ?) WHERE run_id = ?",
            [_now(), run_id, run_id, run_id])
    return dead


@dataclass(frozen=True)
class RunCounts:
    """A run's counts. processed, skipped and failed count documents and add up to
    documents_seen (a file read into no document counts as one); files_seen counts files."""

    files_seen: int
    documents_seen: int
    processed: int
    skipped: int  # unchanged and duplicate documents
    failed: int
    mentions_stored: int
    claims_stored: int


def finish_run(con: duckdb.DuckDBPyConnection, run_id: str, counts: RunCounts, summary: str,
               status: str = "completed") -> None:
    con.execute(
        "UPDATE runs SET finished_at = ?, status = ?, files_seen = ?, documents_seen = ?, processed = ?, "
        "skipped = ?, failed = ?, mentions_stored = ?, claims_stored = ?, summary = ? WHERE run_id = ?",
        [_now(), status, counts.files_seen, counts.documents_seen, counts.processed, counts.skipped,
         counts.failed, counts.mentions_stored, counts.claims_stored, summary, run_id],
    )


def documents_in_files(con: duckdb.DuckDBPyConnection, file_ids: Sequence[str]) -> dict[str, int]:
    """How many documents each stored file (by SHA-256) holds; files not stored are absent."""
    if not file_ids:
        return {}
    rows = con.execute(
        "SELECT file_sha256, max(documents_in_file) FROM documents WHERE list_contains(?, file_sha256) "
        "GROUP BY 1", [list(file_ids)]).fetchall()
    return {file_id: int(n) for file_id, n in rows}


def mark_run_crashed(con: duckdb.DuckDBPyConnection, run_id: str, status: str = "crashed") -> None:
    """End a run that did not finish: `crashed`, or `cancelled` when it was told to stop."""
    con.execute("UPDATE runs SET finished_at = ?, status = ? WHERE run_id = ?", [_now(), status, run_id])


def _now() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)
