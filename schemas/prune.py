"""Papers whose file is gone from the corpus folder: finding them, and removing their
rows (`litclaims prune`).

A stored paper is missing when its `source_path` lies inside the corpus folder
and no file is there any more. Papers stored from another folder are neither
reported nor removed: the same database may hold several corpora. Removal
deletes the paper's rows from every table that holds rows of one document, in
one transaction; curators' verdicts (`claim_reviews`, keyed by claim id) stay,
and apply again if the paper comes back.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

from litclaims.schemas.store import DOCUMENT_TABLES


@dataclass(frozen=True)
class MissingPaper:
    doc_id: str
    source_path: str
    claims: int


def _inside(path: Path, folder: Path) -> bool:
    try:
        path.relative_to(folder)
    except ValueError:
        return False
    return True


def missing_papers(con: duckdb.DuckDBPyConnection, corpus_dir: Path) -> list[MissingPaper]:
    """Stored papers from `corpus_dir` whose file no longer exists, by path."""
    folder = corpus_dir.resolve()
    rows = con.execute(
        "SELECT d.doc_id, d.source_path, count(c.claim_id) FROM documents d "
        "LEFT JOIN claim_records c USING (doc_id) GROUP BY ALL ORDER BY d.source_path, d.doc_id").fetchall()
    return [MissingPaper(doc_id, source_path, int(claims)) for doc_id, source_path, claims in rows
            if _inside(Path(source_path).resolve(), folder) and not Path(source_path).exists()]


def remove_papers(con: duckdb.DuckDBPyConnection, doc_ids: list[str]) -> int:
    """Delete every row of these documents, all or none; returns the documents removed."""
    if not doc_ids:
        return 0
    con.execute("BEGIN TRANSACTION")
    try:
        for table in reversed(DOCUMENT_TABLES):
            con.executemany(f"DELETE FROM {table.name} WHERE doc_id = ?", [[doc_id] for doc_id in doc_ids])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise
    return len(doc_ids)
