"""A review sheet: one row per claim, as a tab-separated file a curator opens in a
spreadsheet, fills in the `verdict` column of (and `note`, `reviewer`), and
hands back to `litclaims review import`.

In `sentence` the claim's subject is marked [[like this]] and its object
{{like this}}. `verdict` is empty for a claim nobody reviewed yet, and holds the
stored verdict otherwise, so that importing an unchanged sheet changes nothing.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import duckdb

from litclaims.schemas.claim_details import claim_details, marked_sentence, paper_label
from litclaims.schemas.export_files import write_text_atomically

# What a curator reads first, then what identifies the row, then what they fill in.
REVIEW_COLUMNS = (
    "paper", "pmid", "doi", "section", "page", "sentence", "claim_type", "subject", "subject_state", "object",
    "object_state", "negated", "hedged", "evidence", "confidence", "rule", "claim_id", "verdict", "note", "reviewer",
)
VERDICTS = ("accept", "reject", "wrong_type", "wrong_direction")


def _yes_no(value: bool) -> str:
    return "yes" if value else "no"


def review_row(claim: dict[str, Any]) -> dict[str, str]:
    confidence = claim["confidence"]
    return {
        "paper": paper_label(claim), "pmid": claim.get("pmid") or "", "doi": claim.get("doi") or "",
        "section": claim["section"] or "", "page": "" if claim["page"] is None else str(claim["page"]),
        "sentence": " ".join(marked_sentence(claim).split()),
        "claim_type": claim["claim_type"],
        "subject": claim["subject_text"], "subject_state": claim.get("subject_state") or "",
        "object": claim["object_text"], "object_state": claim.get("object_state") or "",
        "negated": _yes_no(claim["negated"]), "hedged": _yes_no(claim["certainty"] == "hedged"),
        "evidence": claim["evidence"],
        "confidence": "" if confidence is None else f"{confidence:.3f}",
        "rule": claim["rule"], "claim_id": claim["claim_id"],
        "verdict": claim.get("review_verdict") or "", "note": claim.get("review_note") or "",
        "reviewer": claim.get("review_reviewer") or "",
    }


def review_sheet(con: duckdb.DuckDBPyConnection) -> tuple[str, int]:
    """The sheet as TSV text (a header row, then one row per claim) and its number of claims."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=REVIEW_COLUMNS, dialect="excel-tab", lineterminator="\n")
    writer.writeheader()
    claims = claim_details(con)
    for claim in claims:
        writer.writerow(review_row(claim))
    return out.getvalue(), len(claims)


def write_review_sheet(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write the review sheet to `path`; returns the number of claims in it."""
    text, count = review_sheet(con)
    write_text_atomically(path, text)
    return count
