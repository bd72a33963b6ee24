"""`litclaims eval confidence`: each rule's and each model score band's precision on the
dev splits (evaluation.confidence), printed, and optionally written as the table the
claim engine reads (extract/claims/confidence.json).

    litclaims eval confidence --data ../shared [--write extract/claims/confidence.json]
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from litclaims.evaluation.confidence import (
    civic_verdicts,
    format_table,
    gold_verdicts,
    model_bands,
    per_rule,
    relation_verdicts,
)

PAIR_CORPORA = ("chemprot", "biored", "civicmine")


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", type=Path, required=True,
                        help="the shared data folder holding relations/, civic/ and gold/ (e.g. ../shared)")
    parser.add_argument("--documents", type=Path, default=Path("corpus"), help="the folder of the dev gold's documents")
    parser.add_argument("--write", type=Path, default=None,
                        help="write the table the claim engine reads (extract/claims/confidence.json)")


def run(args: argparse.Namespace) -> int:
    from litclaims.evaluation.civic import row_of_example
    from litclaims.evaluation.relation_corpora import read_corpus
    from litclaims.evaluation.relations_cli import build_extractor

    gold = args.data / "gold" / "dev.jsonl"
    if not gold.exists():
        print(f"dev gold not found: {gold} (pass --data, the shared data folder)", file=sys.stderr)
        return 2
    extractor = build_extractor(True, measuring_confidence=True)
    verdicts = gold_verdicts(gold, args.documents, extractor)
    for corpus in PAIR_CORPORA:
        verdicts += relation_verdicts(corpus, read_corpus(corpus, "dev", args.data), extractor)
    rows = [row_of_example(e) for e in read_corpus("civic", "dev", args.data)]
    verdicts += civic_verdicts(rows, extractor)
    rules = per_rule(verdicts)
    model_rule = extractor.engine.relation_model.rule
    bands = model_bands(verdicts, model_rule)
    print(f"extractor {extractor.extractor_version}; {len(verdicts)} judged claims on the dev splits")
    print(format_table(rules, bands))
    if args.write:
        write_table(args.write, rules, bands, extractor.engine, model_rule)
        print(f"\nwrote {args.write}")
    return 0


def write_table(path: Path, rules: dict, bands: list, engine, model_rule: str) -> None:
    """The engine's table: per rule its version and confidence (rules never judged: 0.5),
    the model's bands."""
    from litclaims.extract.claims.anaphora import ANAPHORA_KEY, ANAPHORA_SUFFIX

    empty = {"true_positives": 0, "predicted": 0, "precision": None, "confidence": 0.5, "by_source": {}}
    table = {}
    for rule in engine.rules:
        row = rules.get(rule.rule_id, empty)
        table[rule.rule_id] = {"version": rule.version, "claim_type": rule.claim_type, **row}
    # the anaphora step: every claim whose subject is a resolved anaphor, whatever rule matched
    anaphora = [r for k, r in rules.items() if k.endswith(ANAPHORA_SUFFIX)]
    right, judged = sum(r["true_positives"] for r in anaphora), sum(r["predicted"] for r in anaphora)
    table[ANAPHORA_KEY] = {"version": engine.cues.anaphora_version, "claim_type": "resistance, sensitization",
                           "true_positives": right, "predicted": judged,
                           "precision": round(right / judged, 4) if judged else None,
                           "confidence": round((right + 1) / (judged + 2), 4)}
    data = {
        "about": ("Each rule's precision on the dev splits (dev gold, ChemProt, BioRED, CIViCmine, CIViC 2018: "
                  "evaluation/confidence.py) and the confidence its claims carry, (right + 1) / (judged + 2); "
                  "the relation model's claims carry their probability band's. Regenerate with the command, never edit."),
        "command": "litclaims eval confidence --data ../shared --write extract/claims/confidence.json",
        "rules": table,
        "model": {"rule": model_rule, "bands": bands},
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
