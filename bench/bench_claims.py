"""The claim engine's time alone, on documents already through the pipeline.

    OMP_NUM_THREADS=1 python bench/bench_claims.py [--repeat 3] [--civic 300]

Reads the seed corpus and the first six PDFs of ../shared/pdfs (when present),
runs the pipeline once, then times `ClaimEngine.extract` over every document
`--repeat` times and prints the best pass. With --civic N, the same in CPU seconds
(steadier on a shared machine) over the first N CIViC statements of
bench_corpus.py, beside `nlp.pipe`'s CPU seconds on the same texts, and the CPU
seconds of compiling the rule tables (`ClaimEngine.load`).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_corpus (the CIViC statements)

from litclaims.extract import Extractor  # noqa: E402
from litclaims.ingest import read_documents  # noqa: E402
from litclaims.schemas.config import Settings  # noqa: E402
from timing import best_of  # noqa: E402
from tools.shared import REPO_ROOT, shared_dir  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--civic", type=int, default=0, help="also time the engine on this many CIViC statements")
    args = parser.parse_args(argv)
    extractor = Extractor.from_settings(Settings())
    paths = sorted((REPO_ROOT / "corpus").glob("*.txt")) + sorted((shared_dir() / "pdfs").glob("*.pdf"))[:6]
    analyzed = [[a for a in extractor.analyze(d) if a.sentence.section_kind != "references"]
                for p in paths for d in read_documents(p)]
    best, claims = best_of(args.repeat, lambda: sum(len(extractor.engine.extract(s)) for s in analyzed))
    sentences = sum(len(s) for s in analyzed)
    print(f"claim engine: {best:.3f} s best of {args.repeat} over {sentences} sentences "
          f"({1e3 * best / sentences:.2f} ms/sentence), {claims} claims")
    if args.civic:
        civic_cpu(extractor, args.civic, args.repeat)
    return 0


def civic_cpu(extractor: Extractor, count: int, repeat: int) -> None:
    """CPU seconds of the claim engine and of nlp.pipe over the first `count` CIViC statements."""
    import hashlib

    from bench_corpus import civic_statements
    from litclaims.extract.claimable import is_claimable
    from litclaims.schemas.records import Document

    texts = civic_statements()[:count]
    documents = [Document(doc_id=hashlib.sha256(t.encode()).hexdigest(), source_path=f"{i}.txt",
                          media_type="text/plain", text=t) for i, t in enumerate(texts)]
    analyzed = [[a for a in extractor.analyze(d) if is_claimable(a.sentence)] for d in documents]

    def best_cpu(work) -> float:
        return best_of(repeat, work, clock=time.process_time)[0]

    claims = sum(len(extractor.engine.extract(sentences)) for sentences in analyzed)
    engine = best_cpu(lambda: [extractor.engine.extract(sentences) for sentences in analyzed])
    pipe = best_cpu(lambda: list(extractor.nlp.pipe(texts)))
    load = float(subprocess.run(  # a fresh process: `re` caches what this one compiled
        [sys.executable, "-c", "import time\nfrom litclaims.extract.claims import ClaimEngine\n"
         "started = time.process_time()\nClaimEngine.load()\nprint(time.process_time() - started)"],
        capture_output=True, text=True, check=True).stdout.split()[-1])
    print(f"{count} CIViC statements: claim engine {engine:.3f} CPU s best of {repeat} ({claims} claims), "
          f"nlp.pipe {pipe:.3f} CPU s, engine / nlp.pipe {engine / pipe:.2f}; ClaimEngine.load {load:.2f} CPU s")


if __name__ == "__main__":
    raise SystemExit(main())
