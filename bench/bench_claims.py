"""The claim engine's time alone, on documents already through the pipeline.

    OMP_NUM_THREADS=1 python bench/bench_claims.py [--repeat 3]

Reads the seed corpus and the first six PDFs of ../shared/pdfs (when present),
runs the pipeline once, then times `ClaimEngine.extract` over every document
`--repeat` times and prints the best pass.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litclaims.extract import Extractor  # noqa: E402
from litclaims.ingest import read_documents  # noqa: E402
from litclaims.schemas.config import Settings  # noqa: E402
from tools.shared import REPO_ROOT, shared_dir  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    extractor = Extractor.from_settings(Settings())
    paths = sorted((REPO_ROOT / "corpus").glob("*.txt")) + sorted((shared_dir() / "pdfs").glob("*.pdf"))[:6]
    analyzed = [[a for a in extractor.analyze(d) if a.sentence.section_kind != "references"]
                for p in paths for d in read_documents(p)]
    best, claims = float("inf"), 0
    for _ in range(args.repeat):
        started = time.perf_counter()
        claims = sum(len(extractor.engine.extract(sentences)) for sentences in analyzed)
        best = min(best, time.perf_counter() - started)
    sentences = sum(len(s) for s in analyzed)
    print(f"claim engine: {best:.3f} s best of {args.repeat} over {sentences} sentences "
          f"({1e3 * best / sentences:.2f} ms/sentence), {claims} claims")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
