"""Dev-split rates of the relation model's predictions, to choose C and the thresholds.

    OMP_NUM_THREADS=1 python -m tools.relations.tune --cache build/relations [--c 0.5 1 2]

Trains on the train splits (as tools.relations.train) and prints, on each dev split's
labelled candidate pairs that the rules left without a claim, the precision and
recall of each class at several thresholds: rates only, no sentence is shown.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from tools.relations.train import TRAIN_CORPORA, cached_collect, fit, matrix, training_extractor
from tools.shared import shared_dir

GRID = (0.4, 0.5, 0.6, 0.7, 0.8, 0.9)


def rates(model_probs, labels, ruled, classes, allowed_of) -> list[str]:
    """Per class and threshold: predictions, right ones, and the labelled pairs of the class."""
    import numpy as np

    lines = []
    for k, name in enumerate(classes):
        if name == "none":
            continue
        gold = sum(1 for y, r in zip(labels, ruled) if y == name and not r)
        row = []
        for t in GRID:
            pred = right = 0
            for p, y, r in zip(model_probs, labels, ruled):
                if r or int(np.argmax(p)) != k or p[k] < t:
                    continue
                pred += 1
                right += y == name
            row.append(f"{t:.1f}: {right}/{pred}")
        if gold or any(not r.endswith("/0") for r in row):
            lines.append(f"  {name:<22} gold {gold:>5}  " + "  ".join(row))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=Path("build/relations"))
    parser.add_argument("--c", type=float, nargs="+", default=[0.5])
    parser.add_argument("--dim", type=int, default=2 ** 18)
    args = parser.parse_args(argv)
    import numpy as np

    from litclaims.extract.claims.relation_model import CLASSES

    data = shared_dir(args.data)
    extractor = training_extractor()
    train = [cached_collect(c, "train", data, extractor, args.cache) for c in TRAIN_CORPORA]
    dev = {c: cached_collect(c, "dev", data, extractor, args.cache) for c in TRAIN_CORPORA}
    x = matrix([f for part in train for f in part.features], args.dim)
    y = [label for part in train for label in part.labels]
    for c in args.c:
        weights, bias = fit(x, y, c)
        print(f"C = {c} (sparse features only)")
        for corpus, (feats, labels, ruled, *_) in dev.items():
            scores = np.asarray(matrix(feats, args.dim) @ weights) + bias
            probs = np.exp(scores - scores.max(axis=1, keepdims=True))
            probs /= probs.sum(axis=1, keepdims=True)
            print(f" {corpus} dev: {len(labels)} pairs {dict(Counter(labels).most_common())}")
            print("\n".join(rates(probs, labels, ruled, CLASSES, None)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
