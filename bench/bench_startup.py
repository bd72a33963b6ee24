"""What loading the extractor costs a fresh process (each analysis worker pays it), with
and without the compiled-regex cache (extract/claims/regex_cache.py).

    OMP_NUM_THREADS=1 python bench/bench_startup.py [--repeat 3]

Each measurement is a new Python process timing `Extractor.from_settings(Settings())`
and, inside it, `ClaimEngine.load` (wall and CPU seconds): with LITCLAIMS_CACHE_DIR=off,
with an empty cache folder (the first process after a rule change), and with that
folder filled (every later process). Prints the best of `--repeat` for each.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, time
t0, c0 = time.perf_counter(), time.process_time()
from litclaims.extract import Extractor
from litclaims.extract.claims import engine as claim_engine
from litclaims.schemas.config import Settings
timings = {}
load = claim_engine.ClaimEngine.load.__func__
def timed_load(cls, *args, **kwargs):
    t, c = time.perf_counter(), time.process_time()
    result = load(cls, *args, **kwargs)
    timings["engine"] = (time.perf_counter() - t, time.process_time() - c)
    return result
claim_engine.ClaimEngine.load = classmethod(timed_load)
Extractor.from_settings(Settings())
timings["extractor"] = (time.perf_counter() - t0, time.process_time() - c0)
print(json.dumps(timings))
"""


def probe(cache: str) -> dict[str, tuple[float, float]]:
    env = dict(os.environ, LITCLAIMS_CACHE_DIR=cache, OMP_NUM_THREADS="1")
    out = subprocess.run([sys.executable, "-c", PROBE], env=env, cwd=REPO_ROOT, capture_output=True,
                         text=True, check=True)
    return json.loads(out.stdout.strip().splitlines()[-1])


def best(runs: list[dict], key: str) -> str:
    wall = min(r[key][0] for r in runs)
    cpu = min(r[key][1] for r in runs)
    return f"{wall:6.2f} s wall, {cpu:6.2f} s CPU"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    results: dict[str, list[dict]] = {"no cache": [], "empty cache": [], "filled cache": []}
    for _ in range(max(1, args.repeat)):
        with tempfile.TemporaryDirectory() as folder:
            results["no cache"].append(probe("off"))
            results["empty cache"].append(probe(folder))
            results["filled cache"].append(probe(folder))
    for name, runs in results.items():
        print(f"{name:12s}  extractor {best(runs, 'extractor')}; claim engine {best(runs, 'engine')}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
