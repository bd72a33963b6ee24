"""Commands that measure the claim engine.

    litclaims eval claims --gold FILE.jsonl --corpus DIR [--write-confidence]
    litclaims eval civic  --tsv FILE.tsv

Both run the production code (litclaims.ingest.read_document or an in-memory Document,
then extract.Extractor.from_settings(Settings())). Until the litclaims CLI
has these subcommands: `python -m litclaims.evaluation.claims_cli claims ...` / `... civic ...`.
"""

from __future__ import annotations

import argparse
import json
import shlex
import sys
import time
from collections import defaultdict
from pathlib import Path



def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", type=Path, required=True, help="gold claims, one JSON object a line (e.g. ../shared/gold/dev.jsonl)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder holding the gold's documents (default: corpus/)")
    parser.add_argument("--show", type=int, default=1000, help="at most this many missed / spurious claims to list")
    parser.add_argument(
        "--write-confidence",
        type=Path,
        metavar="PATH",
        default=None,
        help="write each rule's measured precision and confidence to PATH (the shipped table is extract/claims/confidence.json)",
    )
    _add_model_option(parser)


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--with-model", action="store_true",
                        help="also run the learned relation model after the rules (extract/claims/relation_model.py; off by default)")


def _extractor(args: argparse.Namespace):
    """The production extractor, with the relation model when --with-model is given."""
    from litclaims.evaluation.relations_cli import build_extractor

    return build_extractor(getattr(args, "with_model", False))


def run_eval(args: argparse.Namespace) -> int:
    from litclaims.evaluation.claims import format_report, load_gold, merge, score_document
    from litclaims.ingest import read_document

    if not args.gold.exists():
        print(f"gold file not found: {args.gold} (the shared data folder sits beside the repository; pass --gold)", file=sys.stderr)
        return 2
    gold = load_gold(args.gold)
    by_doc: dict[str, list] = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    extractor = _extractor(args)
    results = []
    for doc_name, rows in sorted(by_doc.items()):
        path = args.corpus / doc_name
        if not path.exists():
            print(f"document of the gold not found: {path} (pass --corpus)", file=sys.stderr)
            return 2
        extraction = extractor.extract(read_document(path))
        sections = {g.section for g in rows if g.section}
        results.append(score_document(rows, extraction, sections))
    scores = merge(results)
    print(f"gold: {args.gold.name} ({len(gold)} claims in {len(by_doc)} document(s)); extractor {extractor.extractor_version}")
    print(format_report(scores, show=args.show))
    if args.write_confidence:
        path = write_confidence(scores, args, extractor.engine)
        print(f"\nwrote {path}")
    return 0


def write_confidence(scores, args: argparse.Namespace, engine) -> Path:
    """confidence.json: per rule, its version, its precision on the gold (true
    positives / predictions, in the sections the gold covers) and the confidence
    the claims carry: that precision with add-one smoothing, (tp + 1) / (n + 2),
    so a rule seen once on the dev gold is not reported as certain and a rule
    never seen there gets 0.5."""
    from litclaims.evaluation.claims import rule_precisions

    measured = rule_precisions(scores)
    tp, pred, _ = scores.counts()
    rules = {}
    for rule in engine.rules:
        row = measured.get(rule.rule_id, {"true_positives": 0, "predicted": 0, "precision": None})
        rules[rule.rule_id] = {
            "version": rule.version,
            "claim_type": rule.claim_type,
            "true_positives": row["true_positives"],
            "predicted": row["predicted"],
            "precision": row["precision"],
            "confidence": round((row["true_positives"] + 1) / (row["predicted"] + 2), 4),
        }
    # the anaphora step (extract/claims/anaphora.py): every claim whose subject is a
    # resolved anaphor, whatever rule matched it
    from litclaims.extract.claims.anaphora import ANAPHORA_KEY, ANAPHORA_SUFFIX

    tp_a = sum(r["true_positives"] for k, r in measured.items() if k.endswith(ANAPHORA_SUFFIX))
    n_a = sum(r["predicted"] for k, r in measured.items() if k.endswith(ANAPHORA_SUFFIX))
    rules[ANAPHORA_KEY] = {
        "version": engine.cues.anaphora_version,
        "claim_type": "resistance, sensitization",
        "true_positives": tp_a,
        "predicted": n_a,
        "precision": round(tp_a / n_a, 4) if n_a else None,
        "confidence": round((tp_a + 1) / (n_a + 2), 4),
    }
    data = {
        "about": (
            "Each rule's precision on the dev gold and the confidence its claims carry, "
            "(true_positives + 1) / (predicted + 2). Regenerate with the command below, never edit."
        ),
        "command": (f"litclaims eval claims --gold ../shared/gold/{args.gold.name} --corpus {_rel(args.corpus)}"
                    " --write-confidence extract/claims/confidence.json"),
        "gold": args.gold.name,
        "overall_precision": round(tp / pred, 4) if pred else None,
        "rules": rules,
    }
    args.write_confidence.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    return args.write_confidence


def _rel(path: Path) -> str:
    try:
        return shlex.quote(str(path.resolve().relative_to(Path.cwd())))
    except ValueError:
        return shlex.quote(path.name)


def add_civic_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tsv", type=Path, required=True, help="CIViC clinical evidence summaries (TSV), e.g. ../shared/civic/civic_nightly_ClinicalEvidenceSummaries_2018-05.tsv")
    parser.add_argument("--show", type=int, default=20, help="list this many statements that yield no right claim")
    parser.add_argument("--limit", type=int, default=0, help="score only the first N rows of each group (0: all)")
    _add_model_option(parser)


def run_civic(args: argparse.Namespace) -> int:
    from litclaims.evaluation.civic import evaluate_civic, format_civic, load_civic

    if not args.tsv.exists():
        print(f"CIViC file not found: {args.tsv} (pass --tsv)", file=sys.stderr)
        return 2
    rows = load_civic(args.tsv)
    extractor = _extractor(args)
    started = time.perf_counter()
    result = evaluate_civic(rows, extractor, limit=args.limit)
    print(format_civic(result, show=args.show))
    print(f"\n({time.perf_counter() - started:.0f} s; extractor {extractor.extractor_version})")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m litclaims.evaluation.claims_cli", description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    add_eval_arguments(sub.add_parser("claims", help="precision/recall on gold claims"))
    add_civic_arguments(sub.add_parser("civic", help="direction accuracy on CIViC statements"))
    args = parser.parse_args(argv)
    return run_eval(args) if args.command == "claims" else run_civic(args)


if __name__ == "__main__":
    sys.exit(main())
