"""Tagging throughput of the full entity pipeline on one core.

    OMP_NUM_THREADS=1 python bench/bench_tagging.py [--corpus corpus] [--repeat 3] [--no-models]

Runs `nlp.pipe` over each document's paragraphs as the extractor runs it over a
paper's sections (one doc per section, `paper_docs`), for every .txt file of the
corpus folder, `--repeat` times after one warm-up pass,
and prints words/s (whitespace-separated words of the input) for the best and
the median pass, plus the time each component takes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

# One core: BLAS and OpenMP must not fan out (set before numpy is imported).
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litclaims.extract.pipeline import build_pipeline, paper_docs  # noqa: E402
from litclaims.schemas.config import Settings  # noqa: E402
from tools.shared import REPO_ROOT  # noqa: E402


def load_documents(folder: Path) -> list[list[str]]:
    """Each .txt file as a list of sections (blank-line separated, lines joined)."""
    documents = []
    for path in sorted(folder.glob("*.txt")):
        text = path.read_text(encoding="utf-8", errors="replace")
        sections = [" ".join(block.split()) for block in text.split("\n\n")]
        documents.append([s for s in sections if s])
    return documents


def run_document(nlp, name: str, sections: list[str]) -> list:
    return list(nlp.pipe(paper_docs(nlp, sections, name)))


def component_times(nlp, documents: list[list[str]]) -> dict[str, float]:
    """Seconds per component over one pass (each component over all of a document's
    sections before the next one: what nlp.pipe does within a batch)."""
    times: dict[str, float] = {"tokenizer": 0.0}
    for k, sections in enumerate(documents):
        start = time.perf_counter()
        docs = paper_docs(nlp, sections, f"document {k}")
        times["tokenizer"] += time.perf_counter() - start
        for name, proc in nlp.pipeline:
            start = time.perf_counter()
            docs = list(proc.pipe(docs)) if hasattr(proc, "pipe") else [proc(d) for d in docs]
            times[name] = times.get(name, 0.0) + time.perf_counter() - start
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-models", action="store_true", help="lexicon and rules only")
    args = parser.parse_args(argv)

    started = time.perf_counter()
    nlp = build_pipeline(Settings(), use_models=not args.no_models)
    build_seconds = time.perf_counter() - started
    documents = load_documents(args.corpus)
    if not documents:
        print(f"error: no .txt files in {args.corpus}", file=sys.stderr)
        return 2
    words = sum(len(s.split()) for doc in documents for s in doc)
    for k, sections in enumerate(documents):  # warm-up
        run_document(nlp, f"document {k}", sections)
    passes = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        for k, sections in enumerate(documents):
            run_document(nlp, f"document {k}", sections)
        passes.append(time.perf_counter() - start)
    times = component_times(nlp, documents)
    print(f"pipeline: {', '.join(nlp.pipe_names)}")
    print(f"build_pipeline: {build_seconds:.2f}s")
    print(f"input: {len(documents)} documents, {words} words; {args.repeat} passes, OMP_NUM_THREADS={os.environ['OMP_NUM_THREADS']}")
    print(f"throughput: best {words / min(passes):,.0f} words/s, median {words / statistics.median(passes):,.0f} words/s")
    total = sum(times.values())
    for name, seconds in times.items():
        print(f"  {name:<28} {seconds * 1000:8.1f} ms  {100 * seconds / total:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
