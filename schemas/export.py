"""Export the claims and mentions views to files, with the spec's columns in order.

DuckDB writes the files itself (COPY ... TO), so an export is one set operation,
not a loop over rows.
"""

from __future__ import annotations

from pathlib import Path

import duckdb

# The spec's export columns (spec/claims.md, "Export columns"), in order.
CLAIM_COLUMNS = (
    "claim_id", "doc_id", "source_path", "section", "page", "sentence_id", "sentence",
    "sentence_start", "sentence_end", "claim_type", "subject_text", "subject_type", "subject_id",
    "subject_name", "object_text", "object_type", "object_id", "object_name", "negated",
    "certainty", "evidence", "cell_lines", "disease", "citations", "rule", "extractor_version",
    "run_id",
)
MENTION_COLUMNS = (
    "mention_id", "doc_id", "sentence_id", "start", "end", "text", "entity_type", "entity_id",
    "entity_name", "source",
)
# The views' columns after the spec's, exported with them (SELECT *): the claim's
# scores, the paper it names (migration 004) and the part of the paper it is in.
CLAIM_EXTRA_COLUMNS = ("confidence", "rule_version", "title", "pmid", "doi", "section_kind")
MENTION_EXTRA_COLUMNS = ("section_kind",)

FORMATS = {
    "parquet": ("parquet", "FORMAT parquet, COMPRESSION zstd"),
    "csv": ("csv", "FORMAT csv, HEADER true"),
    "jsonl": ("jsonl", "FORMAT json"),
}

_ORDER = {
    "claims": "doc_id, sentence_start, claim_type, claim_id",
    "mentions": "doc_id, \"start\", mention_id",
}


def export_views(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str = "parquet") -> dict[str, tuple[Path, int]]:
    """Write `claims.<ext>` and `mentions.<ext>` into `out_dir`; returns {view: (path, rows)}."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    ext, options = FORMATS[fmt]
    out_dir.mkdir(parents=True, exist_ok=True)
    written = {}
    for view in ("claims", "mentions"):
        path = out_dir / f"{view}.{ext}"
        target = str(path).replace("'", "''")
        con.execute(f"COPY (SELECT * FROM {view} ORDER BY {_ORDER[view]}) TO '{target}' ({options})")
        rows = con.execute(f"SELECT count(*) FROM {view}").fetchone()[0]
        written[view] = (path, rows)
    return written
