"""Reading a curator's review sheet back: verdicts stored in `claim_reviews`, one per
claim id, in one transaction.

The sheet is the TSV `litclaims export --format review` writes (any columns,
in any order, as long as `claim_id` and `verdict` are there; `note` and
`reviewer` are read when present). Rows with an empty verdict are skipped. A
verdict is one of accept / reject / wrong_type / wrong_direction, in any case,
with a space or hyphen for the underscore ("Wrong type" is wrong_type); a few
spreadsheet habits are understood too (ok/yes/y = accept, no/n = reject). A new
verdict for a claim replaces the old one.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from litclaims.schemas.export_review import VERDICTS

_SYNONYMS = {"ok": "accept", "yes": "accept", "y": "accept", "accepted": "accept", "correct": "accept",
             "no": "reject", "n": "reject", "rejected": "reject", "wrong": "reject"}


class ReviewSheetError(ValueError):
    """The sheet cannot be imported as it is; the message names the lines to fix."""


@dataclass(frozen=True)
class Verdict:
    claim_id: str
    verdict: str
    note: str | None
    reviewer: str | None


@dataclass(frozen=True)
class ImportResult:
    stored: int
    skipped_blank: int
    unknown_claims: tuple[str, ...] = field(default_factory=tuple)
    by_verdict: dict[str, int] = field(default_factory=dict)


def normalise_verdict(raw: str) -> str | None:
    """The canonical verdict for what a curator typed, None if it is none of them."""
    word = "_".join(raw.strip().lower().replace("-", " ").split())
    word = _SYNONYMS.get(word, word)
    return word if word in VERDICTS else None


def read_review_sheet(path: Path, default_reviewer: str | None = None) -> tuple[list[Verdict], int]:
    """The verdicts in the sheet and the number of rows left blank; ReviewSheetError
    listing every bad line if any verdict is not understood or a column is missing."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.DictReader(handle, dialect="excel-tab")
        missing = {"claim_id", "verdict"} - set(rows.fieldnames or ())
        if missing:
            raise ReviewSheetError(f"{path}: no {' or '.join(sorted(missing))} column; "
                                   "export a sheet with `litclaims export --format review`.")
        verdicts, blank, bad = [], 0, []
        for line, row in enumerate(rows, start=2):
            raw, claim_id = (row.get("verdict") or "").strip(), (row.get("claim_id") or "").strip()
            if not raw:
                blank += 1
                continue
            verdict = normalise_verdict(raw)
            if verdict is None or not claim_id:
                bad.append(f"line {line}: " + (f"verdict {raw!r}" if verdict is None else "no claim_id"))
                continue
            verdicts.append(Verdict(claim_id, verdict, (row.get("note") or "").strip() or None,
                                    (row.get("reviewer") or "").strip() or default_reviewer))
    if bad:
        raise ReviewSheetError(f"{path}: {len(bad)} rows not understood (verdicts are "
                               f"{', '.join(VERDICTS)}):\n  " + "\n  ".join(bad[:20]))
    return verdicts, blank


def store_verdicts(con: duckdb.DuckDBPyConnection, verdicts: list[Verdict], source_file: str) -> None:
    """Insert or replace the verdicts, all or none."""
    con.execute("BEGIN TRANSACTION")
    try:
        con.executemany(
            "INSERT OR REPLACE INTO claim_reviews (claim_id, verdict, note, reviewer, reviewed_at, source_file) "
            "VALUES (?, ?, ?, ?, current_timestamp, ?)",
            [[v.claim_id, v.verdict, v.note, v.reviewer, source_file] for v in verdicts])
        con.execute("COMMIT")
    except Exception:
        con.execute("ROLLBACK")
        raise


def import_reviews(con: duckdb.DuckDBPyConnection, path: Path, default_reviewer: str | None = None) -> ImportResult:
    """Read the sheet at `path` and store its verdicts. Verdicts for claims the database
    does not hold (now) are stored too, and named in the result."""
    verdicts, blank = read_review_sheet(path, default_reviewer)
    # The last row wins when a sheet names a claim twice.
    latest = list({v.claim_id: v for v in verdicts}.values())
    known = {row[0] for row in con.execute("SELECT claim_id FROM claim_records").fetchall()}
    store_verdicts(con, latest, path.name)
    counts: dict[str, int] = {}
    for v in latest:
        counts[v.verdict] = counts.get(v.verdict, 0) + 1
    return ImportResult(stored=len(latest), skipped_blank=blank,
                        unknown_claims=tuple(v.claim_id for v in latest if v.claim_id not in known),
                        by_verdict=counts)
