"""The whole extractor (NER + claims) on one core, in CPU seconds, and where they go.

    OMP_NUM_THREADS=1 python bench/bench_extractor.py [--corpus corpus] [--repeat 9] [--stages]

Like `python -m tools.relations.bench`, but timed in CPU seconds of this process
(`time.process_time`), which another job on a shared machine disturbs far less than
wall-clock time: each .txt file of the corpus is read once, then `Extractor.extract`
runs over all of them with the rules only and with the relation model, alternating,
`--repeat` times after a warm-up pass of each. Prints words per CPU second (best and
median) and the claims each made. `--stages`: also the CPU milliseconds of each
pipeline component, of building the sentence and mention records, and of the claim
engine (rules only; the components run one after another over a paper's docs, as
`nlp.pipe` runs them), best and median over the passes.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.relations.bench import alternating_passes, corpus_documents, rules_and_model  # noqa: E402
from tools.shared import REPO_ROOT  # noqa: E402


def stage_pass(extractor, documents) -> dict[str, float]:
    """CPU seconds of each stage of one pass (what `extract` does, stage by stage)."""
    from litclaims.extract.extractor import _chunks_to_analyze
    from litclaims.extract.pipeline import paper_docs

    seconds: dict[str, float] = defaultdict(float)
    for document in documents:
        chunks = _chunks_to_analyze(document)
        start = time.process_time()
        docs = paper_docs(extractor.nlp, [text for _, _, text in chunks], document.doc_id)
        seconds["make_doc (tokenizer)"] += time.process_time() - start
        for name, component in extractor.nlp.pipeline:
            start = time.process_time()
            docs = list(component.pipe(docs) if hasattr(component, "pipe") else map(component, docs))
            seconds[name] += time.process_time() - start
        start = time.process_time()
        analyzed = list(extractor._sentences(document, chunks, docs))
        seconds["sentence and mention records"] += time.process_time() - start
        start = time.process_time()
        extractor._extraction(document, analyzed)
        seconds["claims"] += time.process_time() - start
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=9)
    parser.add_argument("--stages", action="store_true", help="also the CPU time of each stage (rules only)")
    args = parser.parse_args(argv)
    documents = corpus_documents(args.corpus)
    words = sum(len(d.text.split()) for d in documents)
    extractors = rules_and_model()
    times, claims = alternating_passes(extractors, documents, args.repeat, clock=time.process_time)
    print(f"{len(documents)} documents, {words} words, {args.repeat} passes each (alternating), CPU seconds")
    for name, values in times.items():
        print(f"{name:<14} best {words / min(values):>8.0f} words/CPU s   median {words / statistics.median(values):>8.0f}"
              f" words/CPU s   {claims[name]} claims")
    if args.stages:
        print_stages(extractors["rules only"], documents, args.repeat)
    return 0


def print_stages(extractor, documents, repeat: int) -> None:
    passes = [stage_pass(extractor, documents) for _ in range(repeat)]
    print(f"{'stage (rules only)':<32} {'best ms':>8} {'median ms':>10}")
    for name in passes[0]:
        values = [p[name] for p in passes]
        print(f"{name:<32} {1e3 * min(values):>8.1f} {1e3 * statistics.median(values):>10.1f}")
    totals = [sum(p.values()) for p in passes]
    print(f"{'all stages':<32} {1e3 * min(totals):>8.1f} {1e3 * statistics.median(totals):>10.1f}")


if __name__ == "__main__":
    sys.exit(main())
