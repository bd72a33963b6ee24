"""Instructions of one extractor pass over the seed corpus, stage by stage, under callgrind.

    OMP_NUM_THREADS=1 valgrind --tool=callgrind --instr-atstart=no \\
        --callgrind-out-file=build/cg/cg.%p python bench/bench_instructions.py
    python bench/bench_instructions.py --summary build/cg

Instruction counts do not depend on what else the machine runs, unlike timings on a
shared machine. Under valgrind the script builds the rules-only extractor, runs one
warm-up pass, then switches collection on (`callgrind_control -i on`) for one pass and
dumps the counters after each stage (`callgrind_control -d <stage>`): the tokenizer
(`paper_docs`), each pipeline component's `pipe` over a paper's docs (as `nlp.pipe`
runs them), the sentence and mention records, and the claim engine. `--summary DIR`
adds up the dumps of each stage (both papers) and prints them. Python runs about 50x
slower under callgrind: about 8 minutes on this corpus.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tools.shared import REPO_ROOT  # noqa: E402


def run_once(extractor, documents, dump) -> None:
    """One pass, stage by stage, calling `dump(stage)` after each."""
    from litclaims.extract.extractor import _chunks_to_analyze
    from litclaims.extract.pipeline import paper_docs

    for document in documents:
        chunks = _chunks_to_analyze(document)
        docs = paper_docs(extractor.nlp, [text for _, _, text in chunks], document.doc_id)
        dump("make_doc")
        for name, component in extractor.nlp.pipeline:
            docs = list(component.pipe(docs) if hasattr(component, "pipe") else map(component, docs))
            dump(name)
        analyzed = list(extractor._sentences(document, chunks, docs))
        dump("records")
        extractor._extraction(document, analyzed)
        dump("claims")


def measure(corpus: Path) -> None:
    from litclaims.evaluation.relations_cli import build_extractor
    from litclaims.ingest import read_document

    documents = [read_document(p) for p in sorted(corpus.glob("*.txt"))]
    extractor = build_extractor(False)
    run_once(extractor, documents, lambda stage: None)  # warm-up, not collected
    pid = str(os.getpid())

    def control(*args: str) -> None:
        subprocess.run(["callgrind_control", *args, pid], check=True, capture_output=True)

    control("-i", "on")
    control("-z")
    run_once(extractor, documents, lambda stage: control("-d", stage))
    control("-i", "off")


def summary(folder: Path) -> dict[str, int]:
    """Instructions per stage, summed over the dumps of every paper."""
    totals: dict[str, int] = defaultdict(int)
    # in dump order: cg.<pid>.<n>
    for path in sorted(folder.glob("cg.*.*"), key=lambda p: int(p.suffix[1:]) if p.suffix[1:].isdigit() else 0):
        text = path.read_text(errors="replace")
        trigger = re.search(r"^desc: Trigger: dump (.*)$", text, re.M)
        counted = re.search(r"^(?:summary|totals): (\d+)", text, re.M)
        if trigger and counted:
            totals[trigger.group(1).strip()] += int(counted.group(1))
    return totals


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=REPO_ROOT / "corpus")
    parser.add_argument("--summary", type=Path, help="print the stage totals of the dumps in this folder")
    args = parser.parse_args(argv)
    if args.summary is None:
        measure(args.corpus)
        return 0
    totals = summary(args.summary)
    for stage, count in totals.items():
        print(f"{stage:<32} {count / 1e6:>10,.1f} M")
    print(f"{'one pass, all stages':<32} {sum(totals.values()) / 1e6:>10,.1f} M")
    return 0


if __name__ == "__main__":
    sys.exit(main())
