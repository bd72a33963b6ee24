"""Time of the entity resolver alone (the rules after the models), on one core.

    OMP_NUM_THREADS=1 python bench/bench_resolver.py [--corpus corpus] [--repeat 7]

Runs the pipeline up to the resolver once over every paragraph of the corpus's
.txt files (each document's paragraphs as one paper, as the extractor runs a
paper's sections), then the resolver alone `--repeat` times over those docs, and prints
the best and the median pass in ms. The full pipeline's words/s swing with the
host's load; this number isolates what the resolver's rules cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.bench_tagging import load_documents  # noqa: E402
from litclaims.extract.pipeline import RESOLVER, build_pipeline, paper_docs  # noqa: E402
from litclaims.schemas.config import Settings  # noqa: E402
from tools.shared import REPO_ROOT  # noqa: E402


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    nlp = build_pipeline(Settings())
    documents = load_documents(args.corpus)
    paragraphs = [p for document in documents for p in document]
    if not paragraphs:
        print(f"error: no .txt documents in {args.corpus}", file=sys.stderr)
        return 2
    papers = [doc for k, document in enumerate(documents) for doc in paper_docs(nlp, document, f"document {k}")]
    with nlp.select_pipes(disable=[RESOLVER]):
        docs = list(nlp.pipe(papers))
    resolver = nlp.get_pipe(RESOLVER)
    passes = []
    for _ in range(args.repeat):
        started = time.perf_counter()
        for doc in docs:
            resolver(doc)
        passes.append(time.perf_counter() - started)
    words = sum(len(p.split()) for p in paragraphs)
    print(f"resolver over {len(docs)} paragraphs, {words} words: best {min(passes) * 1000:.1f} ms, "
          f"median {statistics.median(passes) * 1000:.1f} ms per pass")
    return 0


if __name__ == "__main__":
    sys.exit(main())
