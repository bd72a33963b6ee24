"""Commands that measure the claim engine.

    litclaims eval claims --gold FILE.jsonl --corpus DIR
    litclaims eval civic  --tsv FILE.tsv

Both run the production code (litclaims.ingest.read_document or an in-memory Document,
then extract.Extractor.from_settings(Settings())). Until the litclaims CLI
has these subcommands: `python -m litclaims.evaluation.claims_cli claims ...` / `... civic ...`.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path



def add_eval_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--gold", type=Path, required=True, help="gold claims, one JSON object a line (e.g. ../shared/gold/dev.jsonl)")
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder holding the gold's documents (default: corpus/)")
    parser.add_argument("--show", type=int, default=1000, help="at most this many missed / spurious claims to list")
    _add_model_option(parser)


def _add_model_option(parser: argparse.ArgumentParser) -> None:
    from litclaims.evaluation.relations_cli import add_model_options

    add_model_options(parser)


def _extractor(args: argparse.Namespace):
    """The production extractor, its relation model as the options ask (else as in production)."""
    from litclaims.evaluation.relations_cli import build_extractor, model_scope

    return build_extractor(model_scope(args))


def run_eval(args: argparse.Namespace) -> int:
    from litclaims.evaluation.claims import format_report, load_gold, merge, score_document
    from litclaims.evaluation.relations_cli import model_scope
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
    print(f"gold: {args.gold.name} ({len(gold)} claims in {len(by_doc)} document(s)); extractor {extractor.extractor_version}, "
          f"relation model: {model_scope(args)}")
    print(format_report(scores, show=args.show))
    return 0


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
