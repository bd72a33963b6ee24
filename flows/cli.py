"""The `litclaims` command line.

Commands that only read the database (query, export) import neither spaCy nor
Prefect, so they start fast; commands owned by a stage (tag, eval ...) are
loaded only when called.
"""

from __future__ import annotations

import argparse
import csv
import importlib
import json
import os
import signal
import sys
import warnings
from dataclasses import dataclass
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, Sequence

from litclaims import __version__
from litclaims.schemas.config import RELATION_MODEL_SCOPES, Settings, prefect_environment_defaults, setting_source


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    add_arguments: Callable[[argparse.ArgumentParser], None]
    run: Callable[[argparse.Namespace], int]


@dataclass(frozen=True)
class DelegatedCommand:
    """A command implemented in a stage's module: `module.add_fn(parser)` and `module.run_fn(args)`."""

    name: str
    help: str
    module: str
    add_fn: str
    run_fn: str


class UserError(Exception):
    """Something the user can fix; printed without a traceback, exit code 1."""


# --- settings, made once per command --------------------------------------------


def _apply_prefect_defaults() -> None:
    for key, value in prefect_environment_defaults().items():
        os.environ.setdefault(key, value)


def _add_store_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help=f"DuckDB file ({setting_source('db_path')})")
    parser.add_argument("--lock-timeout", type=float,
                        help="seconds to wait while another process holds the database "
                             f"({setting_source('db_lock_timeout_s')})")


def settings_from(args: argparse.Namespace) -> Settings:
    """The command's settings: its flags over the environment over the defaults; paths absolute."""
    try:
        settings = Settings().with_overrides(
            corpus_dir=getattr(args, "corpus", None), db_path=args.db,
            db_lock_timeout_s=args.lock_timeout, max_workers=getattr(args, "workers", None),
            dask_address=getattr(args, "dask_address", None),
            max_file_mb=getattr(args, "max_file_mb", None), max_pages=getattr(args, "max_pages", None),
            max_stream_mb=getattr(args, "max_stream_mb", None), max_chars=getattr(args, "max_chars", None),
            max_seconds_per_file=getattr(args, "max_seconds_per_file", None),
            max_worker_memory_mb=getattr(args, "max_worker_memory_mb", None),
            relation_model=getattr(args, "relation_model", None))
    except ValueError as error:  # a malformed LITCLAIMS_* variable
        raise UserError(str(error)) from error
    return settings.with_overrides(corpus_dir=settings.corpus_dir.resolve(), db_path=settings.db_path.resolve())


# The exit code of a run that completed with documents a lock kept out of the database.
EXIT_NOT_STORED = 3


# --- run ------------------------------------------------------------------------


def add_run_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path,
                        help=f"folder of papers (.pdf, .txt, .html) ({setting_source('corpus_dir')})")
    _add_store_args(parser)
    parser.add_argument("--workers", type=int,
                        help="worker processes that parse and extract at once, each with the pipeline "
                             f"loaded ({setting_source('max_workers')}: the cores)")
    parser.add_argument("--dask-address", metavar="tcp://HOST:PORT",
                        help="analyse on this existing Dask cluster instead of local workers "
                             f"({setting_source('dask_address')}; docs/scaling.md)")
    parser.add_argument("--no-progress", action="store_true", help="no progress bar")
    limits = parser.add_argument_group("limits per document (docs/reliability.md)")
    limits.add_argument("--max-file-mb", type=float, help=f"largest file read ({setting_source('max_file_mb')})")
    limits.add_argument("--max-pages", type=int, help=f"most PDF pages ({setting_source('max_pages')})")
    limits.add_argument("--max-stream-mb", type=float,
                        help=f"largest inflated PDF content stream ({setting_source('max_stream_mb')})")
    limits.add_argument("--max-chars", type=int,
                        help=f"most characters of clean text per document ({setting_source('max_chars')})")
    limits.add_argument("--max-seconds-per-file", type=float,
                        help=f"analysis time per file before its worker is replaced ({setting_source('max_seconds_per_file')}; 0: none)")
    limits.add_argument("--max-worker-memory-mb", type=float,
                        help=f"a worker's address space ({setting_source('max_worker_memory_mb')}; 0: none)")
    parser.add_argument("--relation-model", nargs="?", const="all", choices=RELATION_MODEL_SCOPES,
                        help="what the learned relation model adds to the rules' claims: response "
                             "(gene -> drug or therapy), molecular (drug -> gene, gene -> gene), all (the "
                             "flag alone) or off "
                             f"({setting_source('relation_model')}; docs/relation-model.md)")


def _check_run_settings(settings: Settings) -> None:
    from prefect.settings import PREFECT_API_URL

    from litclaims.flows.preflight import check_base_model, check_corpus_readable, check_prefect_api

    check_corpus_readable(settings.corpus_dir)
    check_base_model(settings.base_model)
    check_prefect_api(PREFECT_API_URL.value())
    if settings.max_workers < 1:
        raise UserError("--workers must be at least 1.")
    if settings.dask_address and "://" not in settings.dask_address:
        raise UserError(f"--dask-address {settings.dask_address}: give the scheduler as tcp://HOST:PORT.")


def run_run(args: argparse.Namespace) -> int:
    settings = settings_from(args)
    _check_run_settings(settings)
    from litclaims.schemas.store import DatabaseLockedError, DatabaseSchemaError, wait_until_free

    # Fail fast, before Prefect's server starts, when another process holds the database.
    try:
        wait_until_free(settings.db_path, timeout_s=settings.db_lock_timeout_s)
    except DatabaseLockedError as error:
        raise UserError(str(error)) from error
    _apply_prefect_defaults()
    from litclaims.flows.corpus_flow import NOT_STORED, corpus_flow, started_workers
    from litclaims.flows.summary import summary_text

    show_progress = not args.no_progress and sys.stderr.isatty()
    # `kill` (SIGTERM) stops a run as Ctrl-C does: the batch being written commits or
    # rolls back, work in progress is dropped (the next run redoes it), the run's row
    # says cancelled, and the workers and the temporary server stop with it.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    try:
        # The workers start first: they load the pipeline while Prefect's server starts.
        with started_workers(settings) as workers, _prefect_api_for_one_run(_prepare_flow_process):
            summary = corpus_flow(settings)(settings=settings, show_progress=show_progress, workers=workers)
    except (DatabaseLockedError, DatabaseSchemaError) as error:
        raise UserError(str(error)) from error
    print(summary_text(summary))
    # 3: the run completed, but a lock kept some documents out of the database to the end.
    return EXIT_NOT_STORED if any(f.error_type == NOT_STORED for f in summary.failures) else 0


def _drain_prefect_workers() -> None:
    """Send Prefect's queued logs and events while its server is still up (Prefect
    would flush them at exit, after the server is gone)."""
    from prefect.events.worker import EventsWorker
    from prefect.logging.handlers import APILogWorker

    APILogWorker.drain_all(timeout=5)
    EventsWorker.drain_all(timeout=5)


def _prepare_flow_process() -> None:
    """The flow process's own start-up, done while Prefect's server starts rather than
    in the run, where it would take CPU from the workers (docs/benchmarks.md): the
    imports behind the extractor version, and DuckDB's first Arrow hand-off."""
    import litclaims.extract.claims.engine  # noqa: F401  (what planned_extractor_version imports: spaCy)
    import litclaims.extract.pipeline  # noqa: F401
    from litclaims.schemas.store import prepare_arrow_handoff

    prepare_arrow_handoff()


@contextmanager
def _prefect_api_for_one_run(while_starting: Callable[[], None]) -> Iterator[None]:
    """The user's Prefect server (PREFECT_API_URL), else a temporary one for this run
    that dies with this process, however it is stopped (Prefect's own temporary
    server outlives a killed parent). `while_starting` runs while it starts (at once
    with the user's server)."""
    from prefect.settings import PREFECT_API_URL, temporary_settings

    from litclaims.flows.prefect_server import PrefectServerError, local_prefect_server

    if PREFECT_API_URL.value():
        while_starting()
        yield
        return
    try:
        with local_prefect_server(temporary=True, while_starting=while_starting) as api_url, \
                temporary_settings(updates={PREFECT_API_URL: api_url}):
            os.environ["PREFECT_API_URL"] = api_url  # child processes (workers) talk to it too
            try:
                yield
            finally:
                _drain_prefect_workers()
                os.environ.pop("PREFECT_API_URL", None)
    except PrefectServerError as error:
        raise UserError(f"could not start a temporary Prefect server: {error}") from error


# --- serve ----------------------------------------------------------------------


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    add_run_arguments(parser)
    when = parser.add_mutually_exclusive_group(required=True)
    when.add_argument("--cron", help='cron schedule, e.g. "0 2 * * *" (02:00 every day)')
    when.add_argument("--interval", type=float, help="run every SECONDS seconds")
    parser.add_argument("--name", default="litclaims-corpus", help="deployment name (default: %(default)s)")


def run_serve(args: argparse.Namespace) -> int:
    from litclaims.flows.preflight import check_cron

    settings = settings_from(args)
    check_cron(args.cron)
    _check_run_settings(settings)
    if args.interval is not None and args.interval <= 0:
        raise UserError("--interval must be a positive number of seconds.")
    _migrate_for_serving(settings)
    _apply_prefect_defaults()
    from prefect.settings import PREFECT_API_URL, PREFECT_HOME, temporary_settings

    from litclaims.flows.prefect_server import PrefectServerError, local_prefect_server

    schedule = f"cron '{args.cron}'" if args.cron else f"every {args.interval:g} s"
    if PREFECT_API_URL.value():
        print(f"Using the Prefect server at {PREFECT_API_URL.value()}", flush=True)
        return _serve(args, settings, schedule)
    # `kill` (SIGTERM) should stop the server we start, as Ctrl-C does.
    signal.signal(signal.SIGTERM, _raise_keyboard_interrupt)
    # Prefect's temporary server runs no scheduler, so serving needs a real one.
    log_path = Path(PREFECT_HOME.value()) / "litclaims-prefect-server.log"
    log_path.parent.mkdir(parents=True, exist_ok=True)
    print(f"No PREFECT_API_URL set: starting a local Prefect server (log: {log_path}) ...", flush=True)
    try:
        with local_prefect_server(log_path=log_path) as api_url:
            os.environ["PREFECT_API_URL"] = api_url
            print(f"Prefect server and UI at {api_url.removesuffix('/api')}", flush=True)
            with temporary_settings(updates={PREFECT_API_URL: api_url}):
                return _serve(args, settings, schedule)
    except PrefectServerError as error:
        raise UserError(f"could not start a local Prefect server: {error}") from error


def _migrate_for_serving(settings: Settings) -> None:
    """Migrate once at serve start: the database is there to query before the first
    scheduled run, and a locked or foreign file shows up now, not at 2 a.m."""
    from litclaims.schemas.store import DatabaseLockedError, DatabaseSchemaError, migrate_database

    try:
        migrate_database(settings.db_path, timeout_s=settings.db_lock_timeout_s)
    except (DatabaseLockedError, DatabaseSchemaError) as error:
        raise UserError(str(error)) from error


def _raise_keyboard_interrupt(signum, frame):
    raise KeyboardInterrupt


def _serve(args: argparse.Namespace, settings: Settings, schedule: str) -> int:
    from litclaims.flows.corpus_flow import corpus_flow

    print(f"Serving {args.name}: corpus {settings.corpus_dir} -> {settings.db_path}, {schedule}. "
          "Ctrl-C stops it.", flush=True)
    corpus_flow(settings).serve(
        name=args.name,
        cron=args.cron,
        interval=args.interval,
        # Every scheduled run gets these settings, made once here.
        parameters={"settings": settings.as_parameters()},
        # One run at a time: a slow run must not overlap the next scheduled one.
        limit=1,
        description="Ingest, tag and extract claims from new or changed papers in the corpus folder.",
    )
    return 0


# --- query ----------------------------------------------------------------------


def add_query_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("sql", help='SQL to run, e.g. "SELECT claim_type, count(*) FROM claims GROUP BY 1"')
    _add_store_args(parser)
    parser.add_argument("--format", choices=("table", "csv", "json"), default="table")
    parser.add_argument("--max-width", type=int, default=60, help="widest table column (default: %(default)s)")
    parser.add_argument("--allow-read", type=Path, action="append", default=[], metavar="PATH",
                        help="a file or folder of your own the SQL may read (e.g. a CSV to join); repeatable")


def run_query(args: argparse.Namespace) -> int:
    import duckdb

    from litclaims.schemas.query_sandbox import lock_down, refusal
    from litclaims.schemas.store import DatabaseLockedError, DatabaseSchemaError, reader

    settings = settings_from(args)
    try:
        with reader(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
            lock_down(con, args.allow_read)
            try:
                cursor = con.execute(args.sql)
            except duckdb.Error as error:
                raise UserError(refusal(error) or f"SQL error: {error}") from error
            if cursor.description is None:
                return 0
            columns = [d[0] for d in cursor.description]
            rows = cursor.fetchall()
    except (FileNotFoundError, DatabaseLockedError, DatabaseSchemaError) as error:
        raise UserError(str(error)) from error
    out = sys.stdout
    if args.format == "csv":
        writer = csv.writer(out)
        writer.writerow(columns)
        writer.writerows([[_csv_value(v) for v in row] for row in rows])
    elif args.format == "json":
        json.dump([dict(zip(columns, row)) for row in rows], out, default=str, ensure_ascii=False, indent=1)
        out.write("\n")
    else:
        out.write(format_table(columns, rows, max_width=args.max_width))
    return 0


def _csv_value(value):
    if isinstance(value, (list, tuple, dict)):
        return json.dumps(value, default=str, ensure_ascii=False)
    return value


def format_table(columns: Sequence[str], rows: Sequence[Sequence], max_width: int = 60) -> str:
    def cell(value) -> str:
        text = "NULL" if value is None else (json.dumps(value, ensure_ascii=False, default=str)
                                              if isinstance(value, (list, dict)) else str(value))
        text = text.replace("\n", " ")
        return text if len(text) <= max_width else text[: max_width - 1] + "…"

    body = [[cell(v) for v in row] for row in rows]
    widths = [max([len(c)] + [len(r[i]) for r in body]) for i, c in enumerate(columns)]
    line = "+".join("-" * (w + 2) for w in widths)
    out = [" | ".join(c.ljust(w) for c, w in zip(columns, widths)), line]
    out += [" | ".join(v.ljust(w) for v, w in zip(r, widths)) for r in body]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out) + "\n"


# --- export, report, review, prune -----------------------------------------------


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    from litclaims.schemas.export import ALL_FORMATS

    parser.add_argument("--out", type=Path, required=True, help="folder to write the files into")
    _add_store_args(parser)
    parser.add_argument("--format", choices=ALL_FORMATS, default="parquet",
                        help="parquet, csv, jsonl: the views claims, mentions, claim_support, claim_conflicts "
                             "and documents; indra: INDRA Statements JSON; bioc / bioc-json: BioC XML / JSON; "
                             "pubtator: PubTator text; review: a TSV for a curator (default: %(default)s)")


def _reading(settings: Settings, work: Callable):
    """`work(con)` on a read-only connection; store errors become UserErrors."""
    from litclaims.schemas.store import DatabaseLockedError, DatabaseSchemaError, reader

    try:
        with reader(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
            return work(con)
    except (FileNotFoundError, DatabaseLockedError, DatabaseSchemaError) as error:
        raise UserError(str(error)) from error


def _writing(settings: Settings, work: Callable):
    """`work(con)` on a read-write connection; store errors become UserErrors."""
    from litclaims.schemas.store import DatabaseLockedError, DatabaseSchemaError, writer

    try:
        with writer(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
            return work(con)
    except (FileNotFoundError, DatabaseLockedError, DatabaseSchemaError) as error:
        raise UserError(str(error)) from error


def run_export(args: argparse.Namespace) -> int:
    from litclaims.schemas.export import export

    written = _reading(settings_from(args), lambda con: export(con, args.out, args.format))
    for name, (path, count, what) in written.items():
        print(f"{name}: {count} {what} -> {path}")
    return 0


def add_report_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", type=Path, default=Path("report.html"), help="HTML file (default: %(default)s)")
    _add_store_args(parser)


def run_report(args: argparse.Namespace) -> int:
    from litclaims.schemas.report import write_report

    settings = settings_from(args)
    claims = _reading(settings, lambda con: write_report(con, args.out, settings.db_path.name))
    print(f"report: {claims} claims -> {args.out}")
    return 0


def add_review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("import",), help="import: store the verdicts of a review sheet")
    parser.add_argument("file", type=Path, help="a sheet from `litclaims export --format review`, verdicts filled in")
    parser.add_argument("--reviewer", help="who reviewed, for rows whose reviewer column is empty")
    _add_store_args(parser)


def run_review(args: argparse.Namespace) -> int:
    from litclaims.schemas.reviews import ReviewSheetError, import_reviews

    if not args.file.is_file():
        raise UserError(f"No such file: {args.file}")
    try:
        result = _writing(settings_from(args), lambda con: import_reviews(con, args.file, args.reviewer))
    except ReviewSheetError as error:
        raise UserError(str(error)) from error
    verdicts = ", ".join(f"{k} {v}" for k, v in sorted(result.by_verdict.items()))
    print(f"stored {result.stored} verdicts ({verdicts or 'none'}); {result.skipped_blank} rows without a verdict")
    if result.unknown_claims:
        print(f"  {len(result.unknown_claims)} of them name claims this database does not hold now "
              "(kept: they apply if those claims are extracted again)")
    return 0


def add_prune_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--corpus", type=Path,
                        help=f"the corpus folder whose deleted papers to remove ({setting_source('corpus_dir')})")
    _add_store_args(parser)
    parser.add_argument("--dry-run", action="store_true", help="list the papers, remove nothing")


def run_prune(args: argparse.Namespace) -> int:
    from litclaims.schemas.prune import missing_papers, remove_papers

    settings = settings_from(args)

    def prune(con):
        missing = missing_papers(con, settings.corpus_dir)
        return missing, (0 if args.dry_run else remove_papers(con, [m.doc_id for m in missing]))

    missing, removed = _writing(settings, prune)
    for paper in missing:
        print(f"{'missing' if args.dry_run else 'removed'} {paper.source_path} ({paper.claims} claims)")
    print(f"{len(missing)} papers no longer in {settings.corpus_dir}; {removed} removed")
    return 0


# --- parse ----------------------------------------------------------------------


def add_parse_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a .pdf, .txt or .html document")
    parser.add_argument("--format", choices=("text", "json"), default="text")


def document_json(document) -> dict:
    return {
        "doc_id": document.doc_id,
        "source_path": document.source_path,
        "media_type": document.media_type,
        "title": document.title,
        "n_pages": document.n_pages,
        "text": document.text,
        "sections": [{"heading": s.heading, "start": s.start, "end": s.end, "kind": s.kind}
                     for s in document.sections],
        "pages": [{"page": p.page, "start": p.start, "end": p.end, "bbox": list(p.bbox) if p.bbox else None}
                  for p in document.pages],
        "citations": [{"start": c.start, "end": c.end, "text": c.text, "refs": list(c.refs)}
                      for c in document.citations],
        "quality": document.quality.as_dict(),
    }


def run_parse(args: argparse.Namespace) -> int:
    from litclaims.ingest import IngestError, read_document

    if not args.file.is_file():
        raise UserError(f"No such file: {args.file}")
    try:
        document = read_document(args.file)
    except IngestError as error:
        raise UserError(f"{args.file}: {error.message}") from error
    if args.format == "json":
        json.dump(document_json(document), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        sys.stdout.write(document.text)
        if not document.text.endswith("\n"):
            sys.stdout.write("\n")
    return 0


# --- the command table ----------------------------------------------------------

COMMANDS: dict[str, Command | DelegatedCommand] = {
    c.name: c
    for c in (
        Command("run", "process the corpus folder into the database once and print a summary",
                add_run_arguments, run_run),
        Command("serve", "serve the corpus flow as a Prefect deployment on a schedule",
                add_serve_arguments, run_serve),
        Command("query", "run SQL on the database (read-only)", add_query_arguments, run_query),
        Command("export", "write the views as Parquet, CSV or JSON lines, or claims as INDRA, BioC, "
                "PubTator or a review sheet", add_export_arguments, run_export),
        Command("report", "write an HTML report of the claims (works offline)", add_report_arguments, run_report),
        Command("review", "import a curator's verdicts from a review sheet", add_review_arguments, run_review),
        Command("prune", "remove the rows of papers no longer in the corpus folder", add_prune_arguments, run_prune),
        Command("parse", "print the clean text (or JSON with sections and quality) of one document",
                add_parse_arguments, run_parse),
        DelegatedCommand("tag", "tag a CoNLL token file with the production pipeline",
                         "litclaims.evaluation.ner_cli", "add_tag_arguments", "run_tag"),
    )
}

EVAL_COMMANDS: dict[str, DelegatedCommand] = {
    c.name: c
    for c in (
        DelegatedCommand("ingest", "compare clean PDF text with the publisher XML",
                         "litclaims.evaluation.ingest", "add_arguments", "run"),
        DelegatedCommand("ner", "entity-level precision/recall/F1 on a CoNLL file",
                         "litclaims.evaluation.ner_cli", "add_eval_arguments", "run_eval"),
        DelegatedCommand("claims", "claim precision/recall/F1 against gold claims",
                         "litclaims.evaluation.claims_cli", "add_eval_arguments", "run_eval"),
        DelegatedCommand("civic", "claim direction accuracy on CIViC evidence statements",
                         "litclaims.evaluation.claims_cli", "add_civic_arguments", "run_civic"),
        DelegatedCommand("reviews", "precision per rule and confidence band from curators' verdicts",
                         "litclaims.evaluation.reviews", "add_arguments", "run"),
        DelegatedCommand("grounding", "NER and grounding accuracy per type on BioRED abstracts",
                         "litclaims.evaluation.grounding", "add_arguments", "run"),
        DelegatedCommand("relations", "claims measured on the relation corpora (ChemProt, BioRED, CIViCmine, "
                         "drug_combo, CIViC 2018, dev gold)",
                         "litclaims.evaluation.relations_cli", "add_arguments", "run"),
        DelegatedCommand("confidence", "each rule's and model score band's precision on the dev splits",
                         "litclaims.evaluation.confidence_cli", "add_arguments", "run"),
    )
}


def _resolve(command: Command | DelegatedCommand) -> Command:
    if isinstance(command, Command):
        return command
    module = importlib.import_module(command.module)
    return Command(command.name, command.help, getattr(module, command.add_fn), getattr(module, command.run_fn))


def build_parser(argv: Sequence[str]) -> tuple[argparse.ArgumentParser, Command | None]:
    """Only the chosen command's module is imported, so `litclaims query` stays fast."""
    parser = argparse.ArgumentParser(prog="litclaims", description=__doc__.strip().splitlines()[0])
    parser.add_argument("--version", action="version", version=f"litclaims {__version__}")
    parser.add_argument("--debug", action="store_true", help="show the full traceback when a command fails")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    argv = [a for a in argv if a != "--debug"]  # the global flag may stand before the command
    chosen_name = argv[0] if argv else None
    chosen: Command | None = None
    for name, command in COMMANDS.items():
        p = sub.add_parser(name, help=command.help, description=command.help)
        if name == chosen_name:
            chosen = _resolve(command)
            chosen.add_arguments(p)
            p.set_defaults(handler=chosen.run)
    eval_parser = sub.add_parser("eval", help="quality evaluations: " + ", ".join(EVAL_COMMANDS))
    eval_sub = eval_parser.add_subparsers(dest="evaluation", metavar="WHAT")
    eval_name = argv[1] if chosen_name == "eval" and len(argv) > 1 else None
    for name, command in EVAL_COMMANDS.items():
        p = eval_sub.add_parser(name, help=command.help, description=command.help)
        if name == eval_name:
            resolved = _resolve(command)
            resolved.add_arguments(p)
            p.set_defaults(handler=resolved.run)
    return parser, chosen


def main(argv: Sequence[str] | None = None) -> int:
    # scispaCy's tokenizer regex trips a Python FutureWarning that says nothing to a user.
    warnings.filterwarnings("ignore", message="Possible set union", category=FutureWarning)
    argv = list(sys.argv[1:] if argv is None else argv)
    parser, _ = build_parser(argv)
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("litclaims: interrupted", file=sys.stderr)
        return 130
    except Exception as error:
        if args.debug:
            raise
        print(f"litclaims: {_one_line(error, args)}", file=sys.stderr)
        return 1


def _one_line(error: Exception, args: argparse.Namespace) -> str:
    """What a user reads when a command fails outside any one document: the
    message of a known failure, else the error's type and first line."""
    from litclaims.flows.preflight import PreflightError, describe_database_error

    if isinstance(error, (UserError, PreflightError)):
        return str(error)
    db_path = getattr(args, "db", None)
    if db_path is None and hasattr(args, "db"):
        db_path = Settings().db_path  # the command's database came from the environment or default
    if db_path is not None:
        described = describe_database_error(error, Path(db_path))
        if described:
            return described
    first = (str(error).strip().splitlines() or [""])[0][:200]
    return f"unexpected error: {type(error).__name__}: {first} (run again with --debug for the traceback)"


if __name__ == "__main__":
    sys.exit(main())
