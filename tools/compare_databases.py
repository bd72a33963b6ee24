"""Compare what two litclaims databases store, table by table and view by view.

    .venv/bin/python tools/compare_databases.py build/before.duckdb build/after.duckdb

For a refactoring that must not change results: run the same corpus into two
files (before and after the change) and compare them. Rows are compared as
multisets (EXCEPT ALL both ways) over the columns both files have, leaving out
the columns that differ from run to run by design: run ids, timestamps, and the
extractor/rule versions (a code change changes the version on purpose).
Columns only one file has are listed (a new migration may add some) but not
compared. Exit status 0 when everything compared is identical, 1 otherwise.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import duckdb

# The stored data and the user-facing views over it.
RELATIONS = (
    "documents", "sections", "page_blocks", "citation_spans", "sentences", "entity_mentions",
    "claim_records", "ingest_errors", "runs",
    "claims", "mentions", "claim_support", "claim_conflicts",
)
# Different on every run, or by design after a code change.
IGNORED_COLUMNS = frozenset({
    "run_id", "flow_run_id", "stored_at", "occurred_at", "started_at", "finished_at",
    "extractor_version", "rule_version",
    # The run summary names the run id and the extractor version.
    "summary",
})
# Paths differ when the two runs used copies of the corpus in different folders.
PATH_COLUMNS = frozenset({"source_path", "corpus_dir", "asserted_source_path", "negated_source_path"})


@dataclass(frozen=True)
class Comparison:
    relation: str
    rows_before: int
    rows_after: int
    only_before: int  # rows (with multiplicity) in before and not in after
    only_after: int
    columns_compared: tuple[str, ...]
    columns_only_before: tuple[str, ...]
    columns_only_after: tuple[str, ...]

    @property
    def identical(self) -> bool:
        return self.only_before == 0 and self.only_after == 0 and self.rows_before == self.rows_after


def _columns(con: duckdb.DuckDBPyConnection, catalog: str, relation: str) -> list[str]:
    rows = con.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_catalog = ? AND table_name = ? ORDER BY ordinal_position",
        [catalog, relation],
    ).fetchall()
    return [name for (name,) in rows]


def _select(catalog: str, relation: str, columns: list[str], ignore_paths: bool) -> str:
    def expression(name: str) -> str:
        quoted = f'"{name}"'
        if ignore_paths and name in PATH_COLUMNS:
            # Keep the file name, drop the folder the corpus was in.
            return f"regexp_extract({quoted}, '[^/]+$') AS {quoted}"
        return quoted

    return f"SELECT {', '.join(expression(c) for c in columns)} FROM {catalog}.main.{relation}"


def compare_relation(con: duckdb.DuckDBPyConnection, relation: str, ignore_paths: bool) -> Comparison:
    before, after = _columns(con, "before", relation), _columns(con, "after", relation)
    if not before or not after:
        raise SystemExit(f"{relation}: missing in {'before' if not before else 'after'}")
    compared = [c for c in before if c in after and c not in IGNORED_COLUMNS]
    select_before = _select("before", relation, compared, ignore_paths)
    select_after = _select("after", relation, compared, ignore_paths)

    def count(sql: str) -> int:
        return con.execute(f"SELECT count(*) FROM ({sql})").fetchone()[0]

    return Comparison(
        relation=relation,
        rows_before=count(select_before),
        rows_after=count(select_after),
        only_before=count(f"{select_before} EXCEPT ALL {select_after}"),
        only_after=count(f"{select_after} EXCEPT ALL {select_before}"),
        columns_compared=tuple(compared),
        columns_only_before=tuple(c for c in before if c not in after),
        columns_only_after=tuple(c for c in after if c not in before),
    )


def compare_databases(before: Path, after: Path, ignore_paths: bool = False) -> list[Comparison]:
    con = duckdb.connect()
    try:
        con.execute(f"ATTACH '{_quote(before)}' AS before (READ_ONLY)")
        con.execute(f"ATTACH '{_quote(after)}' AS after (READ_ONLY)")
        return [compare_relation(con, relation, ignore_paths) for relation in RELATIONS]
    finally:
        con.close()


def _quote(path: Path) -> str:
    return str(path).replace("'", "''")


def report_line(result: Comparison) -> str:
    verdict = "identical" if result.identical else (
        f"DIFFERENT: {result.only_before} rows only before, {result.only_after} only after")
    line = f"{result.relation:<16} {result.rows_before:>7} / {result.rows_after:<7} rows  {verdict}"
    if result.columns_only_before or result.columns_only_after:
        line += (f"  (not compared: only before {list(result.columns_only_before)}, "
                 f"only after {list(result.columns_only_after)})")
    return line


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.strip().splitlines()[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    parser.add_argument("--ignore-folders", action="store_true",
                        help="compare source paths by file name only (the corpora were in different folders)")
    args = parser.parse_args(argv)
    results = compare_databases(args.before, args.after, args.ignore_folders)
    print(f"{'relation':<16} {'before':>7} / {'after':<7}")
    for result in results:
        print(report_line(result))
    ignored = ", ".join(sorted(IGNORED_COLUMNS))
    print(f"(columns left out everywhere: {ignored})")
    same = all(r.identical for r in results)
    print("IDENTICAL" if same else "DIFFERENT")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
