"""The reliability issue's pathological corpus, run as a user runs litclaims:
wall time, peak RSS of all its processes together, and what became of each file.

    python bench/bench_pathological.py [--workers 2]

The corpus (written to a temporary folder): the seed papers, a 1,500-page text PDF,
a PDF whose one content stream inflates to 400 MB, a 15 MB text, 16 KB of nested
brackets, and the seed review twenty times as one paragraph.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.test_ingest_limits import BODY, _page, raw_pdf  # noqa: E402
from tools.shared import REPO_ROOT  # noqa: E402

SEED = REPO_ROOT / "corpus" / "004_32e9bb3871b250ca.txt"


def write_corpus(folder: Path) -> None:
    folder.mkdir(parents=True)
    for seed in (REPO_ROOT / "corpus").glob("*.txt"):
        shutil.copy(seed, folder / seed.name)
    (folder / "thesis_1500_pages.pdf").write_bytes(raw_pdf([zlib.compress(_page(BODY * 3)) for _ in range(1500)]))
    (folder / "stream_bomb.pdf").write_bytes(raw_pdf([zlib.compress(_page(BODY) + b" " * (400 << 20), 9)]))
    seed = SEED.read_text(encoding="utf-8")
    (folder / "fifteen_mb.txt").write_text(((seed + "\n\n") * (15_000_000 // len(seed) + 1))[:15_000_000],
                                           encoding="utf-8")
    (folder / "brackets.txt").write_text("IGF-IR confers resistance to tamoxifen. " + "[(x) " * 4096 + "\n",
                                         encoding="utf-8")
    (folder / "seed_x20_one_paragraph.txt").write_text(" ".join([" ".join(seed.split())] * 20) + "\n",
                                                       encoding="utf-8")


def session_rss(session: int) -> int:
    """Resident bytes of every process in a session (Linux /proc)."""
    total = 0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[3]) != session:
                continue
            status = (entry / "status").read_text().splitlines()
            total += next(int(line.split()[1]) for line in status if line.startswith("VmRSS:")) * 1024
        except (OSError, StopIteration, IndexError):
            continue
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        corpus, db, log = Path(tmp) / "corpus", Path(tmp) / "db.duckdb", Path(tmp) / "run.log"
        write_corpus(corpus)
        env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
        started, peak = time.monotonic(), 0
        with log.open("w") as out:
            run = subprocess.Popen([sys.executable, "-m", "litclaims.flows.cli", "run", "--corpus", str(corpus),
                                    "--db", str(db), "--workers", str(args.workers), "--no-progress"],
                                   stdout=out, stderr=subprocess.STDOUT, env=env, start_new_session=True)
            while run.poll() is None:
                peak = max(peak, session_rss(run.pid))
                time.sleep(0.3)
        print(f"exit {run.returncode}, {time.monotonic() - started:.0f} s, peak RSS of all processes "
              f"{peak / 2**30:.2f} GB")
        for line in log.read_text().splitlines():
            if "documents:" in line or "FAILED" in line or "this run stored" in line:
                print(line.strip()[:200])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
