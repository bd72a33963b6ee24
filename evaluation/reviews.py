"""Precision from a curator's verdicts (`litclaims eval reviews`).

    litclaims eval reviews [--db FILE]

Precision is accepted / reviewed over the stored claims that have a verdict
(`claim_reviews`, filled by `litclaims review import`): reject, wrong_type and
wrong_direction all count against it. It is printed per rule, per confidence
band (the claim's score) and per claim type. Verdicts whose claim is no longer
stored are counted apart and scored nowhere.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import duckdb

# Lower bounds of the confidence bands, highest first.
BANDS = (0.9, 0.8, 0.7, 0.5, 0.0)
NO_SCORE = "no score"
VERDICTS = ("accept", "reject", "wrong_type", "wrong_direction")


@dataclass(frozen=True)
class ReviewedClaim:
    rule: str
    claim_type: str
    confidence: float | None
    verdict: str


@dataclass(frozen=True)
class Tally:
    group: str
    counts: dict[str, int]

    @property
    def reviewed(self) -> int:
        return sum(self.counts.values())

    @property
    def precision(self) -> float:
        return self.counts.get("accept", 0) / self.reviewed if self.reviewed else 0.0


def confidence_band(confidence: float | None) -> str:
    if confidence is None:
        return NO_SCORE
    for index, low in enumerate(BANDS):
        if confidence >= low:
            return f">= {low:.1f}" if index == 0 else f"{low:.1f}-{BANDS[index - 1]:.1f}"
    return f"< {BANDS[-1]:.1f}"


def reviewed_claims(con: duckdb.DuckDBPyConnection) -> tuple[list[ReviewedClaim], int]:
    """The stored claims with a verdict, and the number of verdicts whose claim is gone."""
    rows = con.execute(
        "SELECT c.rule, c.claim_type, c.confidence, r.verdict FROM claim_reviews r "
        "JOIN claim_records c USING (claim_id) ORDER BY c.rule, r.claim_id").fetchall()
    orphans = con.execute(
        "SELECT count(*) FROM claim_reviews r ANTI JOIN claim_records c USING (claim_id)").fetchone()[0]
    return [ReviewedClaim(*row) for row in rows], int(orphans)


def tally(claims: Iterable[ReviewedClaim], key) -> list[Tally]:
    groups: dict[str, dict[str, int]] = {}
    for claim in claims:
        counts = groups.setdefault(key(claim), {})
        counts[claim.verdict] = counts.get(claim.verdict, 0) + 1
    return [Tally(group, counts) for group, counts in sorted(groups.items())]


def format_tallies(title: str, tallies: list[Tally]) -> str:
    width = max([len(title)] + [len(t.group) for t in tallies])
    header = f"{title:<{width}}  reviewed  accept  reject  wrong_type  wrong_direction  precision"
    lines = [header, "-" * len(header)]
    for t in tallies:
        c = t.counts
        lines.append(f"{t.group:<{width}}  {t.reviewed:>8}  {c.get('accept', 0):>6}  {c.get('reject', 0):>6}  "
                     f"{c.get('wrong_type', 0):>10}  {c.get('wrong_direction', 0):>15}  {t.precision:>9.3f}")
    return "\n".join(lines)


def review_report(claims: list[ReviewedClaim], orphans: int) -> str:
    if not claims:
        return ("No reviewed claims in this database: export a sheet with `litclaims export --format review`, "
                "fill in its verdict column and `litclaims review import` it."
                + (f" ({orphans} verdicts name claims no longer stored.)" if orphans else ""))
    overall = Tally("all", tally(claims, lambda c: "all")[0].counts)
    parts = [f"{overall.reviewed} reviewed claims, precision {overall.precision:.3f}"
             + (f"; {orphans} verdicts name claims no longer stored (not scored)" if orphans else ""),
             "", format_tallies("rule", tally(claims, lambda c: c.rule)),
             "", format_tallies("confidence", tally(claims, lambda c: confidence_band(c.confidence))),
             "", format_tallies("claim type", tally(claims, lambda c: c.claim_type))]
    return "\n".join(parts)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--db", type=Path, help="DuckDB file (default: LITCLAIMS_DB, else litclaims.duckdb)")
    parser.add_argument("--lock-timeout", type=float, help="seconds to wait while another process holds the database")


def run(args: argparse.Namespace) -> int:
    import sys

    from litclaims.schemas.config import Settings
    from litclaims.schemas.store import DatabaseLockedError, DatabaseSchemaError, reader

    settings = Settings().with_overrides(db_path=args.db, db_lock_timeout_s=args.lock_timeout)
    try:
        with reader(settings.db_path, timeout_s=settings.db_lock_timeout_s) as con:
            claims, orphans = reviewed_claims(con)
    except (FileNotFoundError, DatabaseLockedError, DatabaseSchemaError) as error:
        print(f"litclaims: {error}", file=sys.stderr)
        return 1
    print(review_report(claims, orphans))
    return 0
