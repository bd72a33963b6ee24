"""The relation model on the CIViC 2018 TRAIN rows, out of fold, through the whole engine.

    OMP_NUM_THREADS=1 python -m tools.relations.civic_oof --cache build/relations
        [--thresholds resistance=0.9 sensitization=0.9 ...] [--show]

The model's own figure on the train rows says nothing about "Does Not Support" (DNS)
rows: they are its "none" examples. Here every train pair of the cache
(tools.relations.train, the shipped C, min count, dense pieces and scale) is cut into
the folds of tools.relations.crossval (by example); for each fold a model is fitted on
the other folds and the engine runs it (ClaimEngine with that model, the shipped
confidence bands) over the CIViC train rows of the held-out fold. A row counts as
evaluation.civic counts it: the positive claim is a non-negated claim of the row's type
from the row's gene to one of its drugs (evaluation.civic.right_claim). So every guard
of the engine is in the count: negation and hedging of the clause, unasserted
statements, wild-type subjects, the "no second partner" block, the conflicting-direction
drop and the rules' own claims. What is not held out: the min count and the dense
columns' standardisation are computed on all train pairs (counts and means, no labels),
as in tools.relations.crossval.

Printed: per variant of thresholds (each `--thresholds` set; none = the shipped ones),
DNS rows yielding the positive claim, Supports rows yielding it (by type), the rules'
figures beside; `--show` prints the DNS statements the model makes the positive claim
for (train rows: allowed to read).
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Sequence

import numpy as np

from tools.relations.folds import civic_papers, fold_of, source_of
from tools.relations.train import (
    DENSE, DENSE_SCALE, DIM, MIN_COUNT, THRESHOLDS, TRAIN_CORPORA, DenseScaling, _encoder_width, cached_collect, fit,
    matrix, training_extractor, with_dense,
)
from tools.shared import shared_dir


@dataclass(frozen=True)
class RowOutcome:
    """What one CIViC train row got from the engine with its fold's model."""

    evidence_id: str
    supports: bool
    claim_type: str
    statement: str
    rules_hit: bool  # the rules alone make the positive claim
    hit: bool  # the rules and the fold's model make it
    by_model: str  # the model claim that makes it ("" when none): "type gene->drug p=..."


def fold_weights(x, labels: Sequence[str], groups: np.ndarray, folds: int, c: float) -> list[tuple[np.ndarray, np.ndarray]]:
    """(weights, bias) of the model fitted without each fold."""
    y = np.asarray(labels)
    return [fit(x[groups != k], list(y[groups != k]), c) for k in range(folds)]


def fold_model(weights: np.ndarray, bias: np.ndarray, scaling: DenseScaling | None, encoder: str, thresholds, bands):
    """A RelationModel as tools.relations.train writes it, from one fold's weights."""
    from litclaims.extract.claims.relation_model import CLASSES, MODEL_NAME, RelationModel

    layer = None
    if scaling is not None:
        layer, bias = scaling.layer(weights[DIM:], bias, encoder)
    return RelationModel(weights[:DIM], bias, CLASSES, thresholds, MODEL_NAME, bands=bands, dense=layer)


def analysed_rows(data: Path, extractor):
    """(row, its claimable analysed sentences) of every CIViC train row, analysed once."""
    from litclaims.evaluation.civic import row_of_example, statement_document
    from litclaims.evaluation.relation_corpora import read_corpus
    from litclaims.extract.claimable import is_claimable

    out = []
    for example in read_corpus("civic", "train", data):
        row = row_of_example(example)
        analyzed = [a for a in extractor.analyze(statement_document(row)) if is_claimable(a.sentence)]
        out.append((row, analyzed))
    return out


def row_outcomes(rows, engines: Sequence, rules_engine, folds: int,
                 papers: dict[str, str] | None = None) -> list[RowOutcome]:
    """Each row through the rules alone and through the engine of its own fold."""
    from litclaims.evaluation.civic import right_claim

    outcomes = []
    for row, analyzed in rows:
        rules_hit = right_claim(rules_engine.extract(analyzed), row) is not None
        claims = engines[fold_of(source_of("civic", row.evidence_id, papers), folds)].extract(analyzed)
        hit = right_claim(claims, row)
        by_model = ""
        if hit is not None and hit.rule.startswith("model:"):
            sentence = next(a.sentence.text for a in analyzed if a.sentence.sentence_id == hit.sentence_id)
            by_model = f"{hit.claim_type} {hit.subject.text}->{hit.object.text} conf={hit.confidence} in: {sentence}"
        outcomes.append(RowOutcome(row.evidence_id, row.direction == "Supports", row.claim_type, row.statement,
                                   rules_hit, hit is not None, by_model))
    return outcomes


def summary(outcomes: Sequence[RowOutcome]) -> list[str]:
    lines = []
    for supports, label in ((True, "Supports"), (False, "Does Not Support")):
        part = [o for o in outcomes if o.supports == supports]
        for claim_type in ("resistance", "sensitization", None):
            sub = [o for o in part if claim_type is None or o.claim_type == claim_type]
            rules = sum(o.rules_hit for o in sub)
            model = sum(o.hit for o in sub)
            lines.append(f"  {label:<17} {claim_type or 'all':<14} rules {rules:>4}/{len(sub):<4}"
                         f" + model (out of fold) {model:>4}/{len(sub):<4} ({model / max(len(sub), 1):.1%})")
    return lines


def parse_thresholds(items: Sequence[str]) -> dict[str, float]:
    thresholds = dict(THRESHOLDS)
    thresholds.update({k: float(v) for k, v in (item.split("=") for item in items)})
    return thresholds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--cache", type=Path, default=Path("build/relations"))
    parser.add_argument("--c", type=float, default=1.0)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--folds-by", choices=("source", "example"), default="source",
                        help="keep an abstract's / a paper's examples in one fold (default), or cut by example")
    parser.add_argument("--thresholds", nargs="*", action="append", default=None, metavar="CLASS=P",
                        help="one variant of per-class thresholds over the shipped ones (repeatable)")
    parser.add_argument("--show", action="store_true", help="print the DNS rows the model claims")
    parser.add_argument("--dense", default=",".join(DENSE),
                        help="comma-separated dense pieces the folds' models read (default: the shipped model's)")
    args = parser.parse_args(argv)
    from litclaims.extract.claims.engine import CONFIDENCE_FILE, ClaimEngine
    from litclaims.extract.claims.relation_model import MODEL_NAME, RULE_PREFIX, load_model_bands

    data = shared_dir(args.data)
    extractor = training_extractor()
    parts = {c: cached_collect(c, "train", data, extractor, args.cache) for c in TRAIN_CORPORA}
    labels = [y for p in parts.values() for y in p.labels]
    papers = civic_papers(data) if args.folds_by == "source" else None
    groups = np.asarray([fold_of(source_of(c, w[0], papers), args.folds) for c, p in parts.items() for w in p.where])
    dense = np.concatenate([p.dense for p in parts.values()])
    width = _encoder_width(extractor)
    scaling = DenseScaling.fitted(dense, tuple(p for p in args.dense.split(",") if p), width, DENSE_SCALE)
    x = with_dense(matrix([f for p in parts.values() for f in p.features], DIM, MIN_COUNT), dense, scaling)
    fitted = fold_weights(x, labels, groups, args.folds, args.c)
    rows = analysed_rows(data, extractor)
    rules_engine = ClaimEngine.load()
    bands = load_model_bands(CONFIDENCE_FILE, RULE_PREFIX + MODEL_NAME)
    print(f"CIViC train rows: {len(rows)}; out of fold ({args.folds} folds by {args.folds_by}, C = {args.c})")
    for variant in args.thresholds or [[]]:
        thresholds = parse_thresholds(variant)
        engines = [ClaimEngine.load(relation_model=fold_model(w, b, scaling, extractor.vector_encoder, thresholds, bands))
                   for w, b in fitted]
        outcomes = row_outcomes(rows, engines, rules_engine, args.folds, papers)
        print(f"thresholds {' '.join(variant) or '(shipped)'}: resistance {thresholds['resistance']}, "
              f"sensitization {thresholds['sensitization']}")
        print("\n".join(summary(outcomes)))
        if args.show:
            for o in outcomes:
                if not o.supports and o.hit:
                    print(f"  DNS {o.evidence_id} [{o.claim_type}] {o.by_model or 'by a rule'}\n      {o.statement}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
