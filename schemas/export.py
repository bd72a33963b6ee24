"""Export the views to files: `claims` and `mentions` with the spec's columns in
order, and the cross-paper views `claim_support`, `claim_conflicts` and the
`documents` table, as Parquet, CSV or JSON lines; and, through one module each,
the formats of other tools (`EXPORTERS`: INDRA, BioC, PubTator, a review sheet).

DuckDB writes the tabular files itself (COPY ... TO), so an export is one set
operation, not a loop over rows. Every file is written beside its target and
renamed over it when complete.
"""

from __future__ import annotations

import importlib
from pathlib import Path

import duckdb

from litclaims.schemas.export_files import atomic_group, sql_string

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
# scores, the paper it names (migration 004), the part of the paper it is in, and the
# states its gene arguments are stated in (migration 007).
CLAIM_EXTRA_COLUMNS = ("confidence", "rule_version", "title", "pmid", "doi", "section_kind",
                       "subject_state", "object_state")
MENTION_EXTRA_COLUMNS = ("section_kind",)

FORMATS = {
    "parquet": ("parquet", "FORMAT parquet, COMPRESSION zstd"),
    "csv": ("csv", "FORMAT csv, HEADER true"),
    "jsonl": ("jsonl", "FORMAT json"),
}

_ORDER = {
    "claims": "doc_id, sentence_start, claim_type, claim_id",
    "mentions": "doc_id, \"start\", mention_id",
    "claim_support": "subject_key, claim_type, object_key",
    "claim_conflicts": "subject_key, claim_type, object_key, asserted_claim_id, negated_claim_id",
    "documents": "doc_id",
}
VIEWS = tuple(_ORDER)
# A paper's whole clean text is a column for Parquet; in a CSV or JSON-lines file
# it would swamp every other column, and the BioC export carries it with its passages.
_LEFT_OUT = {("documents", "csv"): "text", ("documents", "jsonl"): "text"}

# Formats written by a module of their own: format -> (module, function, file name, what it counts).
EXPORTERS = {
    "indra": ("litclaims.schemas.export_indra", "write_indra", "indra_statements.json", "statements"),
    "bioc": ("litclaims.schemas.export_bioc", "write_bioc_xml", "bioc.xml", "documents"),
    "bioc-json": ("litclaims.schemas.export_bioc", "write_bioc_json", "bioc.json", "documents"),
    "pubtator": ("litclaims.schemas.export_pubtator", "write_pubtator", "pubtator.txt", "documents"),
    "review": ("litclaims.schemas.export_review", "write_review_sheet", "review.tsv", "claims"),
}
ALL_FORMATS = (*FORMATS, *EXPORTERS)


def export_views(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str = "parquet",
                 views: tuple[str, ...] = VIEWS) -> dict[str, tuple[Path, int]]:
    """Write `<view>.<ext>` for each view into `out_dir`; returns {view: (path, rows)}."""
    if fmt not in FORMATS:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}.")
    ext, options = FORMATS[fmt]
    paths = {view: out_dir / f"{view}.{ext}" for view in views}
    written = {}
    # All files of one export are replaced together or not at all: a failure on the
    # second view must not leave a new claims file beside an old mentions file.
    with atomic_group(list(paths.values())) as temporaries:
        for view, path in paths.items():
            left_out = _LEFT_OUT.get((view, fmt))
            columns = f"* EXCLUDE ({left_out})" if left_out else "*"
            con.execute(f"COPY (SELECT {columns} FROM {view} ORDER BY {_ORDER[view]}) "
                        f"TO {sql_string(temporaries[path])} ({options})")
            written[view] = (path, con.execute(f"SELECT count(*) FROM {view}").fetchone()[0])
    return written


def export(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str = "parquet") -> dict[str, tuple[Path, int, str]]:
    """Export in any format of `ALL_FORMATS` into `out_dir`; returns {name: (path, count, what)}."""
    if fmt in FORMATS:
        return {view: (path, rows, "rows") for view, (path, rows) in export_views(con, out_dir, fmt).items()}
    if fmt not in EXPORTERS:
        raise ValueError(f"Unknown export format {fmt!r}; choose one of {', '.join(ALL_FORMATS)}.")
    module, function, file_name, what = EXPORTERS[fmt]
    path = out_dir / file_name
    count = getattr(importlib.import_module(module), function)(con, path)
    return {fmt: (path, count, what)}
