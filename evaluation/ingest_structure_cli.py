"""`litclaims eval ingest --doc X --jats Y`: the structure table alone (no
PDF-only measures), and the structure columns of the PDF table."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path

from litclaims.evaluation.ingest_structure import StructureRow, is_jats, structure_row
from litclaims.ingest.errors import IngestError

STRUCTURE_HEAD = ("jats_recall", "headings", "sentences", "fused")


def structure_cells(row: StructureRow | None) -> tuple[str, ...]:
    if row is None:
        return ("-",) * len(STRUCTURE_HEAD)
    return (f"{row.jats_recall:.4f}", f"{row.headings_found}/{row.headings_total}",
            f"{row.sentences_found}/{row.sentences_total}", str(row.fused))


def run_structure(pairs: list[tuple[Path, Path]], output_format: str) -> int:
    from litclaims.ingest.reader import read_document

    rows: list[StructureRow] = []
    for doc_path, jats_path in pairs:
        for path in (doc_path, jats_path):
            if not path.exists():
                print(f"not found: {path}", file=sys.stderr)
                return 2
        if not is_jats(jats_path):
            print(f"{jats_path.name}: not a JATS article (root <article> or <pmc-articleset>)", file=sys.stderr)
            return 2
        try:
            rows.append(structure_row(doc_path, read_document(doc_path), jats_path, read_document(jats_path)))
        except IngestError as exc:
            print(f"{doc_path.name}: {exc}", file=sys.stderr)
            return 1
    if output_format == "json":
        print(json.dumps([asdict(r) for r in rows], indent=2))
        return 0
    head = ("doc", "jats", *STRUCTURE_HEAD)
    body = [(r.candidate, r.reference, *structure_cells(r)) for r in rows]
    widths = [max(len(x) for x in col) for col in zip(head, *body)]
    print("\n".join("  ".join(c.ljust(w) for c, w in zip(row, widths)) for row in (head, *body)))
    return 0
