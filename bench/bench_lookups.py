"""What the extractor asks a document for every sentence (its page, its citation
markers) and the store for every sentence row (its section), as the document grows.

    python bench/bench_lookups.py [--text corpus/004_32e9bb3871b250ca.txt] [--factors 1 4 16 64] [--repeat 3]

The text is the seed review repeated `factor` times as paragraphs (each copy keeps its
reference markers) and read by the real reader. Sentences are cut by a plain regular
expression (no pipeline is loaded), and every sentence asks `page_at`,
`citations_between` and `section_at`, as `extract/extractor.py` and `schemas/store.py`
do (a fresh copy of the document each time, so any index it builds is timed too). Linear cost means the microseconds per sentence stay flat across the factors.
Run it in two checkouts to compare before and after.
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from timing import best_of  # noqa: E402
from litclaims.ingest import read_document  # noqa: E402
from litclaims.ingest.limits import ReadLimits  # noqa: E402
from litclaims.schemas.records import Document  # noqa: E402
from tools.shared import REPO_ROOT  # noqa: E402

DEFAULT_TEXT = REPO_ROOT / "corpus" / "004_32e9bb3871b250ca.txt"
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z])")


def sentence_bounds(text: str) -> list[tuple[int, int]]:
    bounds, start = [], 0
    for match in SENTENCE_END.finditer(text):
        bounds.append((start, match.start()))
        start = match.end()
    bounds.append((start, len(text)))
    return bounds


def read_scaled(text: str, factor: int) -> Document:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scaled.txt"
        scaled = "\n\n".join([text.strip()] * factor) + "\n"
        path.write_text(scaled, encoding="utf-8")
        # past 16x the seed review is over the reader's default length limit
        return read_document(path, ReadLimits(max_chars=max(ReadLimits.max_chars, len(scaled) + 1)))


def ask_every_sentence(document: Document, bounds: list[tuple[int, int]]) -> int:
    markers = 0
    for start, end in bounds:
        document.page_at(start)
        document.section_at(start)
        markers += len(document.citations_between(start, end))
    return markers


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, default=DEFAULT_TEXT)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 16, 64])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    base = args.text.read_text(encoding="utf-8")
    print(f"{'factor':>6} {'sentences':>9} {'markers':>8} {'sections':>8} {'best s':>8} {'us/sentence':>11}")
    for factor in args.factors:
        document = read_scaled(base, factor)
        bounds = sentence_bounds(document.text)
        seconds, markers = best_of(args.repeat, lambda: ask_every_sentence(replace(document), bounds), time.process_time)
        print(f"{factor:>6} {len(bounds):>9} {markers:>8} {len(document.sections):>8} {seconds:>8.3f}"
              f" {1e6 * seconds / len(bounds):>11.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
