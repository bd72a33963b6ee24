"""Out-of-fold rates of the relation model on the TRAIN splits, to choose C and the
per-class thresholds without looking at any dev split.

    OMP_NUM_THREADS=1 python -m tools.relations.crossval --cache build/relations [--c 0.3 1 3] [--folds 5]
        [--dense "" subject,object,between_mean,between_max] [--dense-scale 0.1 0.3]

The train splits' labelled candidate pairs (tools.relations.train.collect, cached)
are cut into folds by source (tools.relations.folds: an abstract's or a paper's examples
never straddle two folds; `--folds-by example` cuts by example, as before the ninth session); each fold is scored by a model fitted on the others. Printed, per corpus
and class, over the pairs the rules left without a claim (the only pairs the model
claims for): right / predicted at each threshold. Then, per class, the lowest
threshold whose pooled out-of-fold precision reaches `--precision` (the chosen
thresholds of tools.relations.train come from this table). `--dense`: the sets of
the encoder's dense pieces to compare ("" = the sparse features only), each at every
`--dense-scale` (the dense columns are standardised on all train pairs, an
unsupervised step).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

from tools.relations.train import (
    MIN_COUNT, TRAIN_CORPORA, DenseScaling, _encoder_width, cached_collect, fit, matrix, training_extractor, with_dense,
)
from tools.relations.folds import civic_papers, fold_of, source_of
from tools.shared import shared_dir

GRID = (0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.85, 0.9, 0.95, 0.97, 0.99)


def out_of_fold(x, labels: list[str], groups: list[int], folds: int, c: float) -> np.ndarray:
    """Class probabilities (relation_model.CLASSES order) of every pair, from the model
    fitted without its fold. Types not allowed for a pair are not masked here: the
    training pairs of a type pair only carry that pair's labels."""
    probs = np.zeros((len(labels), 9), dtype=np.float32)
    groups_arr = np.asarray(groups)
    y = np.asarray(labels)
    for k in range(folds):
        test = groups_arr == k
        weights, bias = fit(x[~test], list(y[~test]), c)
        scores = np.asarray(x[test] @ weights) + bias
        p = np.exp(scores - scores.max(axis=1, keepdims=True))
        probs[test] = p / p.sum(axis=1, keepdims=True)
    return probs


def gate_of_features(features: list[str], claim_type: str) -> bool:
    """relation_model.passes_trigger_gate, read off the pair's features (the cache keeps no
    units): a trigger of the type's family between the pair ("t:STEM|between"), else one next
    to it ("otrig:STEM|...|near", "srole:" / "orole:") with no "and a(n)/the" between
    ("bb:" bigrams). tests/test_relations_model.py checks that the two agree."""
    from litclaims.extract.claims.relation_model import COORDINATED, GATE_FAMILIES

    patterns = GATE_FAMILIES.get(claim_type)
    if patterns is None:
        return True
    ours = lambda stem_: any(p.match(stem_) for p in patterns)  # noqa: E731
    between, near, coordinated = [], [], False
    for feature in features:
        body = feature.partition("/")[2]
        if body.startswith("t:") and "|between|" in body:
            between.append(body[2:].split("|")[0])
        elif body.startswith("otrig:") and body.endswith("|near"):
            near.append(body[6:].split("|")[0])
        elif body.startswith(("srole:", "orole:")):
            near.append(body.split(":", 1)[1])
        elif body.startswith("bb:") and tuple(body[3:].split("_", 1)) in COORDINATED:
            coordinated = True
    if any(ours(t) for t in between):
        return True
    return any(ours(t) for t in near) and not coordinated


def rate_table(probs, labels, ruled, classes, features=None) -> dict[str, list[tuple[float, int, int, int]]]:
    """Per class: (threshold, right, predicted, gold) over the pairs no rule claimed, with
    the decision of RelationModel.predict: the likeliest claim type, when its family's
    probability beats "none" and reaches the threshold. `features`: the pairs' features, for
    the trigger gate of the molecular claims (gate_of_features); None: no gate."""
    from litclaims.extract.claims.relation_model import family_decisions

    table = {}
    free = ~np.asarray(ruled)
    none = list(classes).index("none")
    best, family_p = family_decisions(probs, classes)
    if features is not None:
        free = free & np.array([gate_of_features(f, classes[b]) for f, b in zip(features, best)], dtype=bool)
    y = np.asarray(labels)
    for k, name in enumerate(classes):
        if name == "none":
            continue
        gold = int(((y == name) & ~np.asarray(ruled)).sum())
        rows = []
        for t in GRID:
            predicted = free & (best == k) & (family_p >= t) & (family_p > probs[:, none])
            rows.append((t, int((predicted & (y == name)).sum()), int(predicted.sum()), gold))
        table[name] = rows
    return table


def chosen_thresholds(table, precision: float, default: float = 0.95) -> dict[str, float]:
    """The lowest threshold per class whose out-of-fold precision reaches `precision`
    (over at least 5 predictions); `default` where none does."""
    chosen = {}
    for name, rows in table.items():
        ok = [t for t, right, pred, _ in rows if pred >= 5 and right / pred >= precision]
        chosen[name] = min(ok) if ok else default
    return chosen


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=Path("build/relations"))
    parser.add_argument("--c", type=float, nargs="+", default=[1.0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--folds-by", choices=("source", "example"), default="source",
                        help="keep an abstract's / a paper's examples in one fold (default), or cut by example")
    parser.add_argument("--precision", type=float, default=0.8)
    parser.add_argument("--dim", type=int, default=2 ** 18)
    parser.add_argument("--min-count", type=int, nargs="+", default=[MIN_COUNT],
                        help="pairs a hashed feature needs to get a weight (counted on all train pairs)")
    parser.add_argument("--dense", nargs="+", default=[""],
                        help="comma-separated DENSE_PIECES per variant ('' = sparse only)")
    parser.add_argument("--dense-scale", type=float, nargs="+", default=[1.0])
    parser.add_argument("--trigger-gate", action="store_true",
                        help="molecular claims need a trigger of their family (relation_model.passes_trigger_gate)")
    parser.add_argument("--biored-precision", type=float, default=None,
                        help="also print, per molecular class, the lowest threshold whose BioRED out-of-fold precision reaches this")
    args = parser.parse_args(argv)
    from litclaims.extract.claims.relation_model import CLASSES

    data = shared_dir(args.data)
    extractor = training_extractor()
    parts = {c: cached_collect(c, "train", data, extractor, args.cache) for c in TRAIN_CORPORA}
    feats = [f for p in parts.values() for f in p.features]
    labels = [y for p in parts.values() for y in p.labels]
    ruled = [r for p in parts.values() for r in p.ruled]
    dense = np.concatenate([p.dense for p in parts.values()])
    corpus_of = np.asarray([c for c, p in parts.items() for _ in p.labels])
    papers = civic_papers(data) if args.folds_by == "source" else None
    groups = [fold_of(source_of(c, w[0], papers), args.folds) for c, p in parts.items() for w in p.where]
    width = _encoder_width(extractor)
    for min_count in args.min_count:
        sparse = matrix(feats, args.dim, min_count)
        for variant in args.dense:
            pieces = tuple(p for p in variant.split(",") if p)
            for scale in args.dense_scale if pieces else [0.0]:
                scaling = DenseScaling.fitted(dense, pieces, width, scale) if pieces else None
                x = with_dense(sparse, dense, scaling)
                for c in args.c:
                    print(f"dense pieces {variant or '(none)'}, scale {scale}")
                    _report(x, labels, ruled, groups, corpus_of, parts, args, c, min_count, CLASSES,
                            feats if args.trigger_gate else None)
    return 0


def _report(x, labels, ruled, groups, corpus_of, parts, args, c: float, min_count: int, classes,
            features=None) -> None:
    """The out-of-fold tables of one C and min count, per corpus and pooled (`features`:
    with the trigger gate)."""
    from litclaims.extract.claims.relation_model import MODEL_SCOPES

    probs = out_of_fold(x, labels, groups, args.folds, c)
    gate = "with the trigger gate" if features is not None else "no gate"
    print(f"C = {c}: out-of-fold over {len(labels)} train pairs ({args.folds} folds), min count {min_count}, {gate}")
    tables = {}
    for corpus in parts:
        mask = corpus_of == corpus
        some = None if features is None else [f for f, m in zip(features, mask) if m]
        tables[corpus] = rate_table(probs[mask], list(np.asarray(labels)[mask]), list(np.asarray(ruled)[mask]), classes,
                                    some)
        print(f" {corpus}")
        print("\n".join(_format(tables[corpus])))
    pooled = rate_table(probs, labels, ruled, classes, features)
    print(" pooled")
    print("\n".join(_format(pooled)))
    print(f" thresholds at out-of-fold precision >= {args.precision}: {chosen_thresholds(pooled, args.precision)}")
    if args.biored_precision is not None and "biored" in tables:
        molecular = {k: v for k, v in tables["biored"].items() if k in MODEL_SCOPES["molecular"]}
        print(f" molecular thresholds at BioRED out-of-fold precision >= {args.biored_precision} (None: no threshold"
              f" reaches it): {chosen_thresholds(molecular, args.biored_precision, default=None)}")


def _format(table) -> list[str]:
    lines = []
    for name, rows in table.items():
        if rows[0][3] or rows[0][2]:
            cells = "  ".join(f"{t:.2f}: {right}/{pred}" for t, right, pred, _ in rows)
            lines.append(f"  {name:<21} gold {rows[0][3]:>5}  {cells}")
    return lines


if __name__ == "__main__":
    sys.exit(main())
