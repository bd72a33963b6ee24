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

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from tools.shared import REPO_ROOT  # noqa: E402


def _pass(extractor, documents) -> tuple[float, int]:
    start = time.perf_counter()
    claims = sum(len(extractor.extract(d).claims) for d in documents)
    return time.perf_counter() - start, claims


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--also", type=Path, nargs="*", default=[], help="more models, as FOLDER/NAME")
    args = parser.parse_args(argv)
    from litclaims.evaluation.relations_cli import build_extractor
    from litclaims.extract import Extractor
    from litclaims.extract.claims import ClaimEngine
    from litclaims.extract.claims.relation_model import RelationModel
    from litclaims.ingest import read_document

    documents = [read_document(p) for p in sorted(args.corpus.glob("*.txt"))]
    if not documents:
        print(f"no .txt files in {args.corpus}", file=sys.stderr)
        return 2
    words = sum(len(d.text.split()) for d in documents)
    extractors = {"rules only": build_extractor(False), "rules + model": build_extractor(True)}
    for path in args.also:
        engine = ClaimEngine.load(relation_model=RelationModel.load(path.parent, path.name))
        base = extractors["rules only"]
        extractors[f"rules + {path.name}"] = Extractor(base.nlp, engine, base.extractor_version)
    times: dict[str, list[float]] = {name: [] for name in extractors}
    claims: dict[str, int] = {}
    for name, extractor in extractors.items():
        _pass(extractor, documents)  # warm-up
    for _ in range(args.repeat):
        for name, extractor in extractors.items():
            seconds, claims[name] = _pass(extractor, documents)
            times[name].append(seconds)
    print(f"{len(documents)} documents, {words} words, {args.repeat} passes each (alternating)")
    for name, values in times.items():
        print(f"{name:<24} best {words / min(values):>8.0f} words/s   median {words / statistics.median(values):>8.0f} words/s"
              f"   {claims[name]} claims")
    return 0


if __name__ == "__main__":
    sys.exit(main())
