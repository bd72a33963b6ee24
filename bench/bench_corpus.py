"""Corpus throughput end to end: `litclaims run` with 1 worker and with all cores,
beside the NLP's own words/s on the same text, with peak memory of all processes.

    OMP_NUM_THREADS=1 python bench/bench_corpus.py [--texts 1000] [--workers 1 2] [--pdfs ../shared/pdfs]
        [--rss-texts 10000]

Short texts: CIViC 2018 evidence statements (../shared/civic), one per .txt file,
those of at least 200 letters (a shorter plain text is judged unreadable and never
reaches the pipeline); past the 1,587 distinct ones they repeat under a numbered
first line. In the same run, in this process: the pipeline's own words/s
(`nlp.pipe` over all the texts, batched) and the extractor's (`Extractor.extract`
per text: pipeline plus claim engine). Then `litclaims run` on the folder, in a
subprocess, once per --workers value: run time is the flow's own (from its `runs`
row: planning, starting the workers, analysis, storing, the summary; not Prefect's
start-up; "load s" is the part of it the flow waited for the workers to load the
pipeline, "w/s loaded" the words/s without it), peak RSS sums every process of the run (the flow, its workers and
Prefect's temporary server), sampled every 0.2 s; "cpu s" their CPU time
together, "loadavg" the machine's load when the run started (other jobs). Then the same run again,
unchanged (its wall time against a run on an empty folder: Prefect's start-up). PDFs: bare pdfminer.six `extract_text` on one core over the folder,
against the whole path with the most workers. --rss-texts: a second, larger
short-text corpus, for peak RSS against the first.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

import duckdb  # noqa: E402
import psutil  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CIVIC = REPO.parent / "shared" / "civic" / "civic_nightly_ClinicalEvidenceSummaries_2018-05.tsv"
MIN_LETTERS = 200
# The NLP's own words/s is measured on the first texts only (the same statements).
NLP_SAMPLE = 2000


def civic_statements() -> list[str]:
    with CIVIC.open(encoding="utf-8") as handle:
        statements = [row["evidence_statement"].strip() for row in csv.DictReader(handle, delimiter="\t")]
    unique = dict.fromkeys(s for s in statements if sum(c.isalpha() for c in s) >= MIN_LETTERS)
    return list(unique)


def write_texts(folder: Path, count: int) -> list[str]:
    """`count` statements, one per file; the texts written."""
    statements = civic_statements()
    folder.mkdir(parents=True)
    texts = []
    for i in range(count):
        text = statements[i % len(statements)]
        if i >= len(statements):
            text = f"Statement {i}.\n\n{text}"
        (folder / f"civic_{i:06d}.txt").write_text(text + "\n", encoding="utf-8")
        texts.append(text)
    return texts


@dataclass(frozen=True)
class NlpSpeed:
    """The pipeline's own speed on the texts (nlp.pipe, batched) and the extractor's (per
    text), in words per second of wall time and per CPU second of this process (on a
    machine shared with other jobs the CPU figures are the steadier)."""

    pipe_wps: float
    extract_wps: float
    pipe_cpu_wps: float
    extract_cpu_wps: float
    many_wps: float  # Extractor.extract_many over batches of 64 texts, as a worker runs a batch
    many_cpu_wps: float


def nlp_words_per_s(texts: list[str]) -> tuple[NlpSpeed, list]:
    """The pipeline's and the extractor's speed on the texts, and the extractions."""
    import hashlib

    from litclaims.extract import Extractor
    from litclaims.schemas.config import Settings
    from litclaims.schemas.records import Document

    extractor = Extractor.from_settings(Settings())
    words = sum(len(t.split()) for t in texts)
    list(extractor.nlp.pipe(texts[:50]))  # warm-up
    started, cpu = time.perf_counter(), time.process_time()
    for _ in extractor.nlp.pipe(texts):
        pass
    pipe_s, pipe_cpu = time.perf_counter() - started, time.process_time() - cpu
    documents = [Document(doc_id=hashlib.sha256(t.encode()).hexdigest(), source_path=f"{i}.txt",
                          media_type="text/plain", text=t) for i, t in enumerate(texts)]
    started, cpu = time.perf_counter(), time.process_time()
    extractions = [extractor.extract(document) for document in documents]
    extract_s, extract_cpu = time.perf_counter() - started, time.process_time() - cpu
    started, cpu = time.perf_counter(), time.process_time()
    for first in range(0, len(documents), 64):
        if not hasattr(extractor, "extract_many"):  # code from before it (a before/after comparison)
            break
        extractor.extract_many(documents[first:first + 64])
    many_s, many_cpu = time.perf_counter() - started, time.process_time() - cpu
    many_s, many_cpu = (many_s, many_cpu) if hasattr(extractor, "extract_many") else (float("nan"),) * 2
    return NlpSpeed(words / pipe_s, words / extract_s, words / pipe_cpu, words / extract_cpu, words / many_s,
                    words / many_cpu), extractions


def writer_words_per_s(extractions: list, work: Path, batch_files: int = 64) -> tuple[float, float]:
    """What one writer stores per second, in words of text: the batches of a run, each
    in one transaction on a connection opened for it (as the flow stores them); and,
    before batches, each document on its own connection and transaction."""
    from litclaims.schemas import store

    words = sum(len(ex.document.text.split()) for ex in extractions)
    items = [store.SourcedExtraction(ex, store.SourceFile.only_document_of(ex)) for ex in extractions]
    store.migrate_database(work / "batched.duckdb")
    started = time.perf_counter()
    for first in range(0, len(items), batch_files):
        with store.writer(work / "batched.duckdb") as con:
            store.store_batch(con, items[first:first + batch_files], [], "bench")
    batched = words / (time.perf_counter() - started)
    store.migrate_database(work / "per-document.duckdb")
    started = time.perf_counter()
    for ex in extractions:
        with store.writer(work / "per-document.duckdb") as con:
            store.store_extraction(con, ex, "bench")
    return batched, words / (time.perf_counter() - started)


@dataclass(frozen=True)
class RunResult:
    run_s: float  # the flow's own time, from its runs row
    load_wait_s: float  # of which the flow waited for the workers to load the pipeline
    wall_s: float  # the whole command, Prefect's start-up included
    peak_rss_mb: float  # all processes of the run together
    processed: int
    cpu_s: float  # user + system time of all its processes
    load_before: float  # the machine's 1-minute load average when it started (other jobs)
    cpu_by_role: dict[str, float]  # CPU seconds as last sampled: flow, workers, prefect server

    def cpu_line(self) -> str:
        return ", ".join(f"{role} {seconds:.1f}" for role, seconds in sorted(self.cpu_by_role.items()))


def _role(process: psutil.Process, root: psutil.Process) -> str:
    if process.pid == root.pid:
        return "flow"
    command = " ".join(process.cmdline())
    return "workers" if "multiprocessing" in command else "prefect server"


def _sample_tree(root: psutil.Process, cpu: dict[int, tuple[str, float]]) -> int:
    """The RSS of the whole tree now; each process's CPU time so far into `cpu`."""
    total = 0
    for p in [root, *root.children(recursive=True)]:
        try:
            total += p.memory_info().rss
            times = p.cpu_times()
            cpu[p.pid] = (cpu[p.pid][0] if p.pid in cpu else _role(p, root), times.user + times.system)
        except psutil.Error:
            pass
    return total


def litclaims_run(corpus: Path, db: Path, workers: int) -> RunResult:
    command = [str(Path(sys.executable).with_name("litclaims")), "run", "--corpus", str(corpus), "--db", str(db),
               "--workers", str(workers), "--no-progress"]
    load_before = os.getloadavg()[0]
    children_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    cpu: dict[int, tuple[str, float]] = {}

    def sample() -> None:
        while process.poll() is None:
            peak[0] = max(peak[0], _sample_tree(process, cpu))
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, stderr = process.communicate()
    wall = time.perf_counter() - started
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_s = (children.ru_utime - children_before.ru_utime) + (children.ru_stime - children_before.ru_stime)
    sampler.join()
    if process.returncode != 0:
        raise SystemExit(f"litclaims run failed ({process.returncode}):\n{stderr.decode()[-3000:]}")
    con = duckdb.connect(str(db), read_only=True)
    try:
        run_s, processed = con.execute(
            "SELECT epoch(finished_at - started_at), processed FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
    finally:
        con.close()
    waited = re.search(r"Waited ([0-9.]+) s for \d+ analysis workers", stderr.decode())
    by_role: dict[str, float] = {}
    for role, seconds in cpu.values():
        by_role[role] = by_role.get(role, 0.0) + seconds
    return RunResult(float(run_s), float(waited.group(1)) if waited else 0.0, wall, peak[0] / 2**20, int(processed),
                     cpu_s, load_before, by_role)


def bare_pdfminer_s(folder: Path) -> tuple[float, float]:
    """Wall and CPU seconds of pdfminer.six's extract_text over the folder, in this process."""
    from pdfminer.high_level import extract_text

    started, cpu = time.perf_counter(), time.process_time()
    for pdf in sorted(folder.glob("*.pdf")):
        extract_text(str(pdf))
    return time.perf_counter() - started, time.process_time() - cpu


def short_texts(work: Path, count: int, workers: list[int]) -> None:
    corpus = work / f"texts-{count}"
    texts = write_texts(corpus, count)
    words = sum(len(t.split()) for t in texts)
    speed, extractions = nlp_words_per_s(texts[:NLP_SAMPLE])
    pipe_wps, extract_wps = speed.pipe_wps, speed.extract_wps
    writer_wps, per_document_wps = writer_words_per_s(extractions, work)
    del extractions
    print(f"\n{count} short texts, {words} words")
    print(f"  NLP on one core, this process: nlp.pipe {pipe_wps:,.0f} words/s; Extractor.extract per text "
          f"{extract_wps:,.0f} words/s")
    print(f"  Extractor.extract_many in batches of 64 (as a worker runs a batch) {speed.many_wps:,.0f} words/s")
    print(f"  per CPU second of this process: nlp.pipe {speed.pipe_cpu_wps:,.0f} words; Extractor.extract "
          f"{speed.extract_cpu_wps:,.0f} words ({speed.extract_cpu_wps / speed.pipe_cpu_wps:.2f} of nlp.pipe); "
          f"extract_many {speed.many_cpu_wps:,.0f} words ({speed.many_cpu_wps / speed.pipe_cpu_wps:.2f})")
    print(f"  one writer stores {writer_wps:,.0f} words/s in batches of 64 ({per_document_wps:,.0f} words/s "
          "document by document, a connection and a transaction each, as before batches)")
    print(f"  {'workers':>7} {'run s':>7} {'words/s':>9} {'/ nlp.pipe':>10} {'/ extract':>9} {'/ 1 worker':>10} "
          f"{'load s':>6} {'w/s loaded':>10} {'peak RSS MB':>11} {'wall s':>7} {'cpu s':>6} {'loadavg':>7} "
          f"{'rerun s':>8} {'rerun wall s':>12}")
    first = None
    cpu_lines: list[str] = []
    for n in workers:
        db = work / f"texts-{count}-w{n}.duckdb"
        run = litclaims_run(corpus, db, n)
        rerun = litclaims_run(corpus, db, n)
        wps = words / run.run_s
        first = first or wps
        loaded_wps = words / (run.run_s - run.load_wait_s)
        worker_cpu_wps = words / max(run.cpu_by_role.get("workers", 0.0), 1e-9)
        cpu_lines.append(f"  CPU s by process, {n} worker(s): {run.cpu_line()}; words per worker CPU s "
                         f"{worker_cpu_wps:,.0f} ({worker_cpu_wps / speed.pipe_cpu_wps:.2f} of nlp.pipe's)")
        print(f"  {n:>7} {run.run_s:>7.1f} {wps:>9,.0f} {wps / pipe_wps:>10.2f} {wps / extract_wps:>9.2f} "
              f"{wps / first:>10.2f} {run.load_wait_s:>6.1f} {loaded_wps:>10,.0f} {run.peak_rss_mb:>11,.0f} "
              f"{run.wall_s:>7.1f} {run.cpu_s:>6.0f} {run.load_before:>7.1f} {rerun.run_s:>8.1f} {rerun.wall_s:>12.1f}")
        if run.processed != count or rerun.processed != 0:
            # (Someone editing ingest/ or extract/ mid-run changes the extractor version.)
            print(f"  NOTE: processed {run.processed} of {count}, then {rerun.processed} on the re-run")
    print("\n".join(cpu_lines))


def pdfs(work: Path, folder: Path, workers: int) -> None:
    corpus = work / "pdfs"
    corpus.mkdir()
    for pdf in sorted(folder.glob("*.pdf")):
        shutil.copy(pdf, corpus / pdf.name)
    bare, bare_cpu = bare_pdfminer_s(corpus)
    run = litclaims_run(corpus, work / "pdfs.duckdb", workers)
    worker_cpu = run.cpu_by_role.get("workers", 0.0)
    print(f"\n{len(list(corpus.glob('*.pdf')))} PDFs: bare pdfminer.six extract_text, one core {bare:.1f} s; "
          f"whole path with {workers} workers {run.run_s:.1f} s (of which {run.load_wait_s:.1f} s waiting for "
          f"the workers to load; wall {run.wall_s:.1f} s, cpu {run.cpu_s:.0f} s), ratio {run.run_s / bare:.2f}; "
          f"peak RSS {run.peak_rss_mb:,.0f} MB")
    print(f"  CPU: bare pdfminer {bare_cpu:.1f} s; the workers {worker_cpu:.1f} s together ({run.cpu_line()}), "
          f"{worker_cpu / bare_cpu:.2f}x bare, so {worker_cpu / workers / bare_cpu:.2f}x bare per worker when "
          f"the {workers} workers share it evenly")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=1000)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, len(os.sched_getaffinity(0))])
    parser.add_argument("--pdfs", type=Path, default=REPO.parent / "shared" / "pdfs")
    parser.add_argument("--rss-texts", type=int, default=0, help="a larger short-text run, for peak RSS")
    parser.add_argument("--skip", nargs="*", default=[], choices=("texts", "pdfs"))
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        work = Path(tmp)
        (work / "empty").mkdir()
        empty = litclaims_run(work / "empty", work / "empty.duckdb", 1)
        print(f"litclaims run on an empty folder (Prefect's start-up and the flow's fixed costs): "
              f"wall {empty.wall_s:.1f} s, flow {empty.run_s:.1f} s")
        if "texts" not in args.skip:
            short_texts(work, args.texts, args.workers)
        if args.rss_texts:
            short_texts(work, args.rss_texts, [max(args.workers)])
        if "pdfs" not in args.skip and args.pdfs.is_dir():
            pdfs(work, args.pdfs, max(args.workers))
    return 0


if __name__ == "__main__":
    sys.exit(main())
