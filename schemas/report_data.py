"""What the HTML report shows, read from the database: counts, the genes claimed to
change the response to each drug, the claim network, conflicts, and every claim
with its neighbouring sentences.

Claims a curator rejected (`reviewed_claim_keys.rejected`) count nowhere here,
as in `claim_support`; they still appear, struck through, in the list of claims.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import duckdb

from litclaims.schemas.claim_details import claim_details
from litclaims.schemas.export_files import fetch_dicts

RESPONSE_TYPES = ("resistance", "sensitization")
DRUG_TYPES = ("drug", "therapy")
NETWORK_TYPES = ("gene", "drug", "therapy")
EVIDENCE_LEVELS = ("in_vitro", "in_vivo", "clinical", "unspecified")


@dataclass(frozen=True)
class ReportData:
    totals: dict[str, int]
    by_type: list[dict[str, Any]]
    drug_genes: list[dict[str, Any]]
    edges: list[dict[str, Any]]
    conflicts: list[dict[str, Any]]
    claims: list[dict[str, Any]]


def _totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    row = fetch_dicts(con, """
        SELECT (SELECT count(*) FROM documents) AS papers, (SELECT count(*) FROM sentences) AS sentences,
               (SELECT count(*) FROM entity_mentions) AS mentions, (SELECT count(*) FROM claim_records) AS claims,
               (SELECT count(*) FROM reviewed_claim_keys WHERE verdict IS NOT NULL) AS reviewed,
               (SELECT count(*) FROM reviewed_claim_keys WHERE rejected) AS rejected""")[0]
    return {key: int(value) for key, value in row.items()}


def _by_type(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    return fetch_dicts(con, """
        SELECT claim_type,
               count(*) FILTER (WHERE NOT negated AND certainty = 'asserted') AS asserted,
               count(*) FILTER (WHERE NOT negated AND certainty = 'hedged') AS hedged,
               count(*) FILTER (WHERE negated) AS negated,
               count(DISTINCT doc_id) AS papers
        FROM reviewed_claim_keys WHERE NOT rejected
        GROUP BY claim_type ORDER BY count(*) DESC, claim_type""")


def _drug_genes(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Per (drug, gene, resistance|sensitization): claims by evidence level, papers, and the
    claim ids; affirmed claims only (a negated one is a conflict, listed there)."""
    levels = ", ".join(f"count(*) FILTER (WHERE evidence = '{e}') AS {e}" for e in EVIDENCE_LEVELS)
    return fetch_dicts(con, f"""
        SELECT object_key AS drug_key, mode(object_label) AS drug, subject_key AS gene_key,
               mode(subject_label) AS gene, claim_type, {levels},
               count(DISTINCT doc_id) AS papers, list(claim_id ORDER BY doc_id, sentence_start) AS claim_ids
        FROM reviewed_claim_keys
        WHERE NOT rejected AND NOT negated AND claim_type IN {RESPONSE_TYPES}
          AND subject_type = 'gene' AND object_type IN {DRUG_TYPES}
        GROUP BY object_key, subject_key, claim_type
        ORDER BY lower(drug), drug, count(*) DESC, gene, claim_type""")


def _edges(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Typed edges between genes and drugs, weighted by papers (affirmed claims only)."""
    return fetch_dicts(con, f"""
        SELECT subject_key, mode(subject_label) AS subject, mode(subject_type) AS subject_type,
               object_key, mode(object_label) AS object, mode(object_type) AS object_type, claim_type,
               count(DISTINCT doc_id) AS papers, count(*) AS claims
        FROM reviewed_claim_keys
        WHERE NOT rejected AND NOT negated
          AND subject_type IN {NETWORK_TYPES} AND object_type IN {NETWORK_TYPES}
        GROUP BY subject_key, object_key, claim_type
        ORDER BY papers DESC, claims DESC, subject_key, object_key, claim_type""")


def _conflicts(con: duckdb.DuckDBPyConnection) -> list[dict[str, Any]]:
    """Conflicts, those across two papers first, with both papers' titles."""
    return fetch_dicts(con, """
        SELECT k.*, coalesce(pa.title, pa.source_path) AS asserted_paper,
               coalesce(pn.title, pn.source_path) AS negated_paper,
               k.asserted_doc_id <> k.negated_doc_id AS across_papers
        FROM claim_conflicts k
        JOIN documents pa ON pa.doc_id = k.asserted_doc_id
        JOIN documents pn ON pn.doc_id = k.negated_doc_id
        ORDER BY across_papers DESC, k.subject, k.claim_type, k.object, k.asserted_claim_id, k.negated_claim_id""")


def _with_neighbours(con: duckdb.DuckDBPyConnection, claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each claim with the sentence before and after its own (empty at a paper's ends)."""
    neighbours = {
        row[0]: (row[1] or "", row[2] or "")
        for row in con.execute("""
            SELECT s.sentence_id, p.text, n.text FROM sentences s
            LEFT JOIN sentences p ON p.doc_id = s.doc_id AND p.sentence_index = s.sentence_index - 1
            LEFT JOIN sentences n ON n.doc_id = s.doc_id AND n.sentence_index = s.sentence_index + 1
            WHERE s.sentence_id IN (SELECT sentence_id FROM claim_records)""").fetchall()
    }
    return [claim | dict(zip(("previous_sentence", "next_sentence"),
                             neighbours.get(claim["sentence_id"], ("", "")))) for claim in claims]


def report_data(con: duckdb.DuckDBPyConnection) -> ReportData:
    return ReportData(totals=_totals(con), by_type=_by_type(con), drug_genes=_drug_genes(con),
                      edges=_edges(con), conflicts=_conflicts(con),
                      claims=_with_neighbours(con, claim_details(con)))
