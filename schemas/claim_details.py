"""The claims as the exporters and the report read them: the `claims` view's columns,
plus the two arguments' character offsets (to mark them in their sentence), the
sentence's position in its paper, and the curator's verdict where there is one.

Paper metadata (`title`, `pmid`, `doi`, `section_kind`) and the gene states
(`subject_state`, `object_state`) come from the view when the database has them; an older view without those columns reads as NULL,
so the exporters never depend on which migration added them.
"""

from __future__ import annotations

from typing import Any

import duckdb

from litclaims.schemas.export_files import fetch_dicts, view_columns

PAPER_COLUMNS = ("title", "pmid", "doi", "section_kind")
# The claim's gene states (migration 007), NULL in an older view like the paper columns.
STATE_COLUMNS = ("subject_state", "object_state")


def claim_details(con: duckdb.DuckDBPyConnection, where: str = "", params: tuple = ()) -> list[dict[str, Any]]:
    """Every claim (or those `where` selects, on the alias `c`), in paper and text order."""
    return fetch_dicts(con, f"""
        SELECT c.*,
               sm."start" AS subject_start, sm."end" AS subject_end,
               om."start" AS object_start, om."end" AS object_end,
               s.sentence_index,
               r.verdict AS review_verdict, r.note AS review_note, r.reviewer AS review_reviewer
        FROM (SELECT * {_missing_paper_columns(con)} FROM claims) c
        JOIN claim_records cr USING (claim_id)
        JOIN sentences s ON s.sentence_id = c.sentence_id
        LEFT JOIN entity_mentions sm ON sm.mention_id = cr.subject_mention_id
        LEFT JOIN entity_mentions om ON om.mention_id = cr.object_mention_id
        LEFT JOIN claim_reviews r ON r.claim_id = c.claim_id
        {f"WHERE {where}" if where else ""}
        ORDER BY c.doc_id, c.sentence_start, c.claim_type, c.claim_id
    """, params)


def _missing_paper_columns(con: duckdb.DuckDBPyConnection) -> str:
    """`, NULL AS title, ...` for the paper columns an older claims view lacks, so that
    the outer query can name all of them."""
    present = set(view_columns(con, "claims"))
    missing = [name for name in PAPER_COLUMNS + STATE_COLUMNS if name not in present]
    return "".join(f", NULL AS {name}" for name in missing)


def argument_span(claim: dict[str, Any], role: str) -> tuple[int, int] | None:
    """The subject's or object's [start, end) within its sentence, or None when the
    mention's offsets are unknown and its text is not in the sentence."""
    sentence, start = claim["sentence"], claim.get(f"{role}_start")
    if start is not None:
        begin = start - claim["sentence_start"]
        end = claim[f"{role}_end"] - claim["sentence_start"]
        if 0 <= begin <= end <= len(sentence):
            return begin, end
    found = sentence.find(claim[f"{role}_text"])
    return (found, found + len(claim[f"{role}_text"])) if found >= 0 else None


def marked_sentence(claim: dict[str, Any], subject: tuple[str, str] = ("[[", "]]"),
                    object_: tuple[str, str] = ("{{", "}}")) -> str:
    """The sentence with the subject between `subject` marks and the object between
    `object_` marks (overlapping arguments: only the subject is marked)."""
    sentence = claim["sentence"]
    spans = []
    for role, marks in (("subject", subject), ("object", object_)):
        span = argument_span(claim, role)
        if span and not any(span[0] < end and start < span[1] for start, end, _ in spans):
            spans.append((span[0], span[1], marks))
    for start, end, (opening, closing) in sorted(spans, reverse=True):
        sentence = sentence[:start] + opening + sentence[start:end] + closing + sentence[end:]
    return sentence


def paper_label(claim: dict[str, Any]) -> str:
    """The paper's title, else its file name."""
    return claim.get("title") or str(claim["source_path"]).replace("\\", "/").rsplit("/", 1)[-1]
