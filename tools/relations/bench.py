"""Extractor throughput (NER + claims) with and without the relation model, in one run.

    OMP_NUM_THREADS=1 python -m tools.relations.bench [--corpus corpus] [--repeat 3] [--also FOLDER/NAME ...]

Each .txt file of the corpus folder goes through `read_document` once; then
`Extractor.extract` runs over all of them with the rules only and with the model,
alternating, `--repeat` times after a warm-up pass of each; prints words/s (best
and median) and the claims each made. `--also`: more models to time in the same
run (the weights FOLDER/NAME.npz and .json, e.g. a model before a change).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Callable

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from tools.shared import REPO_ROOT  # noqa: E402


def corpus_documents(corpus: Path) -> list:
    """Every .txt file of the folder, read once (`read_document`), in name order; exits
    with a message when there is none."""
    from litclaims.ingest import read_document

    documents = [read_document(p) for p in sorted(corpus.glob("*.txt"))]
    if not documents:
        raise SystemExit(f"no .txt files in {corpus}")
    return documents


def rules_and_model() -> dict:
    """The production extractor with the rules only and with the relation model."""
    from litclaims.evaluation.relations_cli import build_extractor

    return {"rules only": build_extractor(False), "rules + model": build_extractor(True)}


def alternating_passes(extractors: dict, documents, repeat: int,
                       clock: Callable[[], float] = time.perf_counter) -> tuple[dict[str, list[float]], dict[str, int]]:
    """A warm-up pass of each extractor, then `repeat` rounds of one `extract` pass over
    every document by each in turn: the seconds of each pass (by `clock`) and the claims
    each extractor made."""
    def one_pass(extractor) -> tuple[float, int]:
        start = clock()
        claims = sum(len(extractor.extract(d).claims) for d in documents)
        return clock() - start, claims

    times: dict[str, list[float]] = {name: [] for name in extractors}
    claims: dict[str, int] = {}
    for extractor in extractors.values():
        one_pass(extractor)  # warm-up
    for _ in range(repeat):
        for name, extractor in extractors.items():
            seconds, claims[name] = one_pass(extractor)
            times[name].append(seconds)
    return times, claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--also", type=Path, nargs="*", default=[], help="more models, as FOLDER/NAME")
    args = parser.parse_args(argv)
    from litclaims.extract import Extractor
    from litclaims.extract.claims import ClaimEngine
    from litclaims.extract.claims.relation_model import RelationModel

    documents = corpus_documents(args.corpus)
    words = sum(len(d.text.split()) for d in documents)
    extractors = rules_and_model()
    for path in args.also:
        engine = ClaimEngine.load(relation_model=RelationModel.load(path.parent, path.name))
        base = extractors["rules only"]
        extractors[f"rules + {path.name}"] = Extractor(base.nlp, engine, base.extractor_version)
    times, claims = alternating_passes(extractors, documents, args.repeat)
    print(f"{len(documents)} documents, {words} words, {args.repeat} passes each (alternating)")
    for name, values in times.items():
        print(f"{name:<24} best {words / min(values):>8.0f} words/s   median {words / statistics.median(values):>8.0f} words/s"
              f"   {claims[name]} claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
