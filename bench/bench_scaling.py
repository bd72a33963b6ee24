"""Cost per word as a document grows: the whole path (read + extract) on one
text at 1x, 4x and 16x its length, side by side.

    OMP_NUM_THREADS=1 python bench/bench_scaling.py [--text corpus/004_32e9bb3871b250ca.txt] [--factors 1 4 16]
        [--one-paragraph]

The text is the seed review repeated `factor` times (as paragraphs, or with
`--one-paragraph` as one paragraph without blank lines, the worst case for
anything that looks across sentences). Linear cost means the microseconds per
word stay flat across the factors; peak RSS of the process is printed too. The
time is given twice: wall-clock, and the process's CPU time (`time.process_time`,
one core: `OMP_NUM_THREADS=1`), which other jobs on a shared machine disturb far
less.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from litclaims.extract import Extractor  # noqa: E402
from litclaims.ingest import read_document  # noqa: E402
from litclaims.schemas.config import Settings  # noqa: E402
from tools.shared import REPO_ROOT  # noqa: E402

DEFAULT_TEXT = REPO_ROOT / "corpus" / "004_32e9bb3871b250ca.txt"


def scaled_text(text: str, factor: int, one_paragraph: bool) -> str:
    if one_paragraph:
        return " ".join([" ".join(text.split())] * factor) + "\n"
    return "\n\n".join([text.strip()] * factor) + "\n"


def time_whole_path(extractor: Extractor, text: str) -> tuple[float, float, int, int]:
    """Wall-clock and CPU seconds to read and extract `text` from a file, its words,
    its claims."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "scaled.txt"
        path.write_text(text, encoding="utf-8")
        started, cpu_started = time.perf_counter(), time.process_time()
        extraction = extractor.extract(read_document(path))
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu_started
        return seconds, cpu, len(text.split()), len(extraction.claims)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--text", type=Path, default=DEFAULT_TEXT)
    parser.add_argument("--factors", type=int, nargs="+", default=[1, 4, 16])
    parser.add_argument("--one-paragraph", action="store_true")
    args = parser.parse_args(argv)
    extractor = Extractor.from_settings(Settings())
    base = args.text.read_text(encoding="utf-8")
    time_whole_path(extractor, base)  # warm-up: lazy loads, caches
    print(f"{'factor':>6} {'words':>8} {'seconds':>8} {'us/word':>8} {'CPU s':>8} {'CPU us/word':>11} {'claims':>7}"
          f" {'peak RSS MB':>12}")
    for factor in args.factors:
        seconds, cpu, words, claims = time_whole_path(extractor, scaled_text(base, factor, args.one_paragraph))
        peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{factor:>6} {words:>8} {seconds:>8.2f} {1e6 * seconds / words:>8.1f} {cpu:>8.2f} {1e6 * cpu / words:>11.1f}"
              f" {claims:>7} {peak_mb:>12.0f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
