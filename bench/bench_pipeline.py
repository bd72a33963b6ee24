"""Time the whole path (ingest -> extract -> store in DuckDB) on a folder of PDFs
against bare pdfminer.six `extract_text` on the same files, in the same run.

    python bench/bench_pipeline.py [--pdf-dir ../shared/pdfs] [--repeat 1]

Prints one row per file and the ratio whole-path / pdfminer. Loading the spaCy
pipeline happens once per process and is reported on its own line; Prefect's
server start-up (once per `litclaims run`) is not part of the per-document path.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pdfminer.high_level import extract_text  # noqa: E402
from timing import best_of  # noqa: E402

from litclaims.extract import Extractor  # noqa: E402
from litclaims.ingest import IngestError, read_document  # noqa: E402
from litclaims.schemas import store  # noqa: E402
from litclaims.schemas.config import Settings  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf-dir", type=Path, default=ROOT.parent / "shared" / "pdfs")
    parser.add_argument("--repeat", type=int, default=1, help="time each step this many times, keep the best")
    args = parser.parse_args()
    pdfs = sorted(args.pdf_dir.glob("*.pdf"))
    if not pdfs:
        print(f"No PDFs in {args.pdf_dir}; pass --pdf-dir.", file=sys.stderr)
        return 1

    started = time.perf_counter()
    extractor = Extractor.from_settings(Settings())
    load_s = time.perf_counter() - started
    print(f"pipeline load: {load_s:.2f} s (once per process)")
    print(f"{'file':<34} {'pages':>5} {'pdfminer s':>10} {'ingest s':>9} {'extract s':>9} "
          f"{'store s':>8} {'whole s':>8} {'ratio':>6} {'claims':>6}")
    totals = {"pages": 0, "pdfminer": 0.0, "ingest": 0.0, "extract": 0.0, "store": 0.0}
    with tempfile.TemporaryDirectory() as tmp:
        db = Path(tmp) / "bench.duckdb"
        store.migrate_database(db)  # once, as a run does; not part of the store timing
        for pdf in pdfs:
            bare = best_of(args.repeat, lambda: extract_text(str(pdf)))[0]
            try:
                ingest_s, document = best_of(args.repeat, lambda: read_document(pdf))
            except IngestError as error:
                print(f"{pdf.name:<34} skipped: {error.message}")
                continue
            extract_s, extraction = best_of(args.repeat, lambda: extractor.extract(document))

            def store_once():
                with store.writer(db) as con:
                    store.store_extraction(con, extraction, "bench")

            store_s = best_of(args.repeat, store_once)[0]
            pages = document.n_pages or 0
            whole = ingest_s + extract_s + store_s
            print(f"{pdf.name:<34} {pages:>5} {bare:>10.2f} {ingest_s:>9.2f} {extract_s:>9.2f} "
                  f"{store_s:>8.2f} {whole:>8.2f} {whole / bare:>6.2f} {len(extraction.claims):>6}")
            totals["pages"] += pages
            totals["pdfminer"] += bare
            totals["ingest"] += ingest_s
            totals["extract"] += extract_s
            totals["store"] += store_s
    whole = totals["ingest"] + totals["extract"] + totals["store"]
    print(f"{'TOTAL':<34} {totals['pages']:>5} {totals['pdfminer']:>10.2f} {totals['ingest']:>9.2f} "
          f"{totals['extract']:>9.2f} {totals['store']:>8.2f} {whole:>8.2f} {whole / totals['pdfminer']:>6.2f}")
    print(f"pages/s: pdfminer {totals['pages'] / totals['pdfminer']:.1f}, ingest {totals['pages'] / totals['ingest']:.1f}, "
          f"whole path {totals['pages'] / whole:.1f}")
    print(f"ratio whole path / bare pdfminer.six: {whole / totals['pdfminer']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
