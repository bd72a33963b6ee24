"""Ingest speed against bare pdfminer.six on the same PDFs, in the same run.

For each PDF: the time of `pdfminer.high_level.extract_text` and of
`litclaims.ingest.read_document` (best of --repeat runs each, interleaved so that load
from other processes hits both alike), pages per second of each, and the
ratio read_document / extract_text. The target of issue 3: the cleaning adds
at most 15% (total ratio <= 1.15).

    python bench/bench_ingest.py [--dir ../shared/pdfs] [--repeat 3]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from timing import best_of  # noqa: E402
from tools.shared import REPO_ROOT, shared_dir  # noqa: E402

DEFAULT_DIR = shared_dir() / "pdfs"
TARGET_RATIO = 1.15


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--dir", type=Path, default=DEFAULT_DIR, help="folder of PDFs (default: ../shared/pdfs)")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    pdfs = sorted(args.dir.glob("*.pdf")) if args.dir.is_dir() else []
    if not pdfs:
        print(f"no PDFs in {args.dir} (the shared data folder is missing? pass --dir)", file=sys.stderr)
        return 2
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    from pdfminer.high_level import extract_text

    from litclaims.ingest import read_document
    from litclaims.ingest.vocab import load_vocabulary

    load_vocabulary()  # loaded once per process; not part of any document's time
    read_document(pdfs[0])  # warm imports and caches for both paths
    total_bare = total_ingest = 0.0
    total_pages = 0
    print(f"{'pdf':30s} {'pages':>5s} {'bare_s':>7s} {'ingest_s':>8s} {'bare_p/s':>8s} {'ingest_p/s':>10s} {'ratio':>6s}")
    for pdf in pdfs:
        bare_t = ingest_t = float("inf")
        pages = 0
        for _ in range(args.repeat):
            bare_t = min(bare_t, best_of(1, lambda: extract_text(str(pdf)))[0])
            start = time.perf_counter()
            doc = read_document(pdf)
            ingest_t = min(ingest_t, time.perf_counter() - start)
            pages = doc.n_pages or 0
        total_bare += bare_t
        total_ingest += ingest_t
        total_pages += pages
        print(f"{pdf.name[:30]:30s} {pages:5d} {bare_t:7.2f} {ingest_t:8.2f} {pages / bare_t:8.1f} {pages / ingest_t:10.1f} {ingest_t / bare_t:6.2f}")
    ratio = total_ingest / total_bare
    print(
        f"{'TOTAL':30s} {total_pages:5d} {total_bare:7.2f} {total_ingest:8.2f} {total_pages / total_bare:8.1f} "
        f"{total_pages / total_ingest:10.1f} {ratio:6.2f}"
    )
    print(f"ingest/bare time ratio {ratio:.3f} (target <= {TARGET_RATIO}): {'OK' if ratio <= TARGET_RATIO else 'OVER'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
