"""Dev rates of the relation model with some of its classes switched off, in one run.

    OMP_NUM_THREADS=1 python -m tools.relations.directions [--data ../shared] [--off drug-gene|gene-drug|CLASS ...]

Runs the production extractor with the shipped model (`relations-v2`) whose
thresholds for the `--off` classes are set above 1, so those classes never claim,
and prints the DEV rates only (no sentence): ChemProt inhibition / activation
recall and polarity errors, the CIViC 2018 Supports rates, direction accuracy and
Does Not Support rows, and the dev gold's P / R and qualifier accuracies. The same
scorers as `litclaims eval relations` and `litclaims eval claims`. `--off drug-gene`
switches off inhibition, activation, expression_up, expression_down and interaction;
`--off gene-drug` resistance, sensitization and response_association
(docs/claims.md, "Issue 13, round 3").
"""

from __future__ import annotations

import argparse
import os
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from tools.shared import REPO_ROOT, shared_dir  # noqa: E402

GROUPS = {
    "drug-gene": ("inhibition", "activation", "expression_up", "expression_down", "interaction"),
    "gene-drug": ("resistance", "sensitization", "response_association"),
}
OFF = 1.01  # above any probability: the class never claims


def build(off: list[str]):
    from litclaims.extract import Extractor
    from litclaims.extract.claims import ClaimEngine
    from litclaims.extract.claims.relation_model import RelationModel
    from litclaims.schemas.config import Settings

    base = Extractor.from_settings(Settings(relation_model="off"))
    shipped = RelationModel.load()
    thresholds = dict(shipped.thresholds)
    for name in off:
        for cls in GROUPS.get(name, (name,)):
            thresholds[cls] = OFF
    model = RelationModel(shipped.weights, shipped.bias, shipped.classes, thresholds, shipped.name)
    return Extractor(base.nlp, ClaimEngine.load(relation_model=model), base.extractor_version), thresholds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder (default: ../shared)")
    parser.add_argument("--off", nargs="*", default=[], help="drug-gene, gene-drug or claim types to switch off")
    args = parser.parse_args(argv)
    from litclaims.evaluation.civic import evaluate_civic, row_of_example
    from litclaims.evaluation.claims import format_report, load_gold, merge, score_document
    from litclaims.evaluation.relation_corpora import GOLD_FILE, read_corpus
    from litclaims.evaluation.relation_scoring import format_relation_scores, score_examples
    from litclaims.evaluation.relations_cli import format_civic_rates
    from litclaims.ingest import read_document

    data = shared_dir(args.data)
    extractor, thresholds = build(args.off)
    print("model thresholds:", ", ".join(f"{k} {v:g}" for k, v in thresholds.items()))
    scores = score_examples(read_corpus("chemprot", "dev", data), extractor)
    table = format_relation_scores(scores, with_precision=False).splitlines()
    print("ChemProt dev\n" + "\n".join(line for line in table if line.startswith(("inhibition (", "activation (", "polarity"))))
    rows = [row_of_example(e) for e in read_corpus("civic", "dev", data)]
    print("CIViC 2018 dev\n" + "\n".join(format_civic_rates(evaluate_civic(rows, extractor)).splitlines()[:5]))
    by_doc: dict[str, list] = defaultdict(list)
    for g in load_gold(data / GOLD_FILE):
        by_doc[g.doc].append(g)
    results = [score_document(gold, extractor.extract(read_document(REPO_ROOT / "corpus" / name)),
                              {g.section for g in gold if g.section})
               for name, gold in sorted(by_doc.items())]
    report = format_report(merge(results), show=0).splitlines()
    print("dev gold\n" + "\n".join(line for line in report if line.startswith(("overall", "  certainty", "  evidence", "  disease"))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
