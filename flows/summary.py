"""The run summary: what this run did and what the database now holds, from SQL."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import duckdb

from litclaims.flows.planning import WorkPlan
from litclaims.schemas.prune import missing_papers
from litclaims.schemas.records import DocumentFailure
from litclaims.schemas.store import RunCounts, documents_in_files

EXAMPLE_CLAIMS = 5


@dataclass(frozen=True)
class ExampleClaim:
    claim_type: str
    subject: str
    object: str
    negated: bool
    certainty: str
    evidence: str
    source_path: str
    section: str | None
    page: int | None
    sentence_start: int
    sentence_end: int
    sentence: str
    pmid: str | None = None


@dataclass(frozen=True)
class PlanOutcome:
    """What became of the planned files' documents (the flow's tally)."""

    stored: tuple[str, ...]  # the source path of each document stored (a file holding several: once each)
    already_stored: int  # documents of files read again that were stored at this version before
    failures: tuple[DocumentFailure, ...]  # the plan's rejected files, then failed files and documents
    documents_read: int  # outcomes of the processed files: their documents, a file read into none as one


@dataclass(frozen=True)
class RunSummary:
    """What a run did, counted in documents: processed + skipped + duplicate_documents +
    len(failures) == documents_seen. A file holding several documents (a PubMed XML
    set, a BioC collection) counts each; a file that could not be read into documents
    (unsupported type, unreadable, malformed) counts as one failed document."""

    run_id: str
    corpus_dir: str
    db_path: str
    extractor_version: str
    files_seen: int
    processed: tuple[str, ...]
    skipped: int  # unchanged documents
    duplicates: tuple[tuple[str, str], ...]  # files, with the path whose bytes they repeat
    failures: tuple[DocumentFailure, ...]
    mentions_this_run: int
    claims_this_run: int
    claims_by_type_this_run: dict[str, int] = field(default_factory=dict)
    documents_seen: int = 0
    duplicate_documents: int = 0  # the documents the duplicate files hold
    db_documents: int = 0
    db_sentences: int = 0
    db_mentions_by_type: dict[str, int] = field(default_factory=dict)
    db_claims_by_type: dict[str, int] = field(default_factory=dict)
    examples: tuple[ExampleClaim, ...] = ()
    # Stored papers whose file is gone from the corpus folder (`litclaims prune` removes them).
    missing: tuple[str, ...] = ()
    # Papers stored this run with pages that could not be parsed: "x.pdf, 3 of 12 pages".
    read_partly: tuple[str, ...] = ()

    def counts(self) -> RunCounts:
        return RunCounts(
            files_seen=self.files_seen,
            documents_seen=self.documents_seen,
            processed=len(self.processed),
            skipped=self.skipped + self.duplicate_documents,
            failed=len(self.failures),
            mentions_stored=self.mentions_this_run,
            claims_stored=self.claims_this_run,
        )

    @property
    def db_claims(self) -> int:
        return sum(self.db_claims_by_type.values())

    @property
    def db_mentions(self) -> int:
        return sum(self.db_mentions_by_type.values())


def _by_key(rows: Sequence[tuple]) -> dict[str, int]:
    return {str(k): int(v) for k, v in rows}


def build_summary(con: duckdb.DuckDBPyConnection, *, run_id: str, corpus_dir: str, db_path: str,
                  plan: WorkPlan, outcome: PlanOutcome, extractor_version: str) -> RunSummary:
    this_run = _by_key(con.execute(
        "SELECT claim_type, count(*) FROM claim_records WHERE run_id = ? GROUP BY 1 ORDER BY 2 DESC, 1",
        [run_id]).fetchall())
    mentions_this_run = con.execute(
        "SELECT count(*) FROM entity_mentions m JOIN documents d USING (doc_id) WHERE d.run_id = ?",
        [run_id]).fetchone()[0]
    return RunSummary(
        run_id=run_id,
        corpus_dir=corpus_dir,
        db_path=db_path,
        extractor_version=extractor_version,
        files_seen=plan.files_seen,
        processed=outcome.stored,
        duplicates=tuple((str(f.path), of) for f, of in plan.duplicates),
        failures=outcome.failures,
        **_document_counts(con, plan, outcome),
        mentions_this_run=int(mentions_this_run),
        claims_this_run=sum(this_run.values()),
        claims_by_type_this_run=this_run,
        examples=_example_claims(con, run_id if this_run else None),
        **_database_totals(con),
        missing=tuple(sorted({p.source_path for p in missing_papers(con, Path(corpus_dir))})),
        read_partly=_read_partly(con, run_id),
    )


def _read_partly(con: duckdb.DuckDBPyConnection, run_id: str) -> tuple[str, ...]:
    rows = con.execute(
        "SELECT source_path, CAST(quality->>'pages_total' AS INTEGER), json_array_length(quality->'pages_unread') "
        "FROM documents WHERE run_id = ? AND coalesce(json_array_length(quality->'pages_unread'), 0) > 0 "
        "ORDER BY source_path", [run_id]).fetchall()
    return tuple(f"{Path(path).name}, {(total or unread) - unread} of {total or '?'} pages"
                 for path, total, unread in rows)


def _document_counts(con: duckdb.DuckDBPyConnection, plan: WorkPlan, outcome: PlanOutcome) -> dict:
    """RunSummary's document counts. Files not read this run (unchanged, duplicates) hold
    what their stored documents say (a duplicate of a file that failed: one)."""
    held = documents_in_files(con, [f.sha256 for f in plan.unchanged] + [f.sha256 for f, _ in plan.duplicates])
    unchanged = sum(held.get(f.sha256, 1) for f in plan.unchanged) + outcome.already_stored
    duplicate_documents = sum(held.get(f.sha256, 1) for f, _ in plan.duplicates)
    return {
        "skipped": unchanged,
        "duplicate_documents": duplicate_documents,
        "documents_seen": unchanged - outcome.already_stored + duplicate_documents + len(plan.rejected)
                          + outcome.documents_read,
    }


def _database_totals(con: duckdb.DuckDBPyConnection) -> dict:
    """What the whole database holds, as RunSummary's db_* fields."""
    return {
        "db_documents": int(con.execute("SELECT count(*) FROM documents").fetchone()[0]),
        "db_sentences": int(con.execute("SELECT count(*) FROM sentences").fetchone()[0]),
        "db_mentions_by_type": _by_key(con.execute(
            "SELECT entity_type, count(*) FROM entity_mentions GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()),
        "db_claims_by_type": _by_key(con.execute(
            "SELECT claim_type, count(*) FROM claim_records GROUP BY 1 ORDER BY 2 DESC, 1").fetchall()),
    }


def _example_claims(con: duckdb.DuckDBPyConnection, run_id: str | None) -> tuple[ExampleClaim, ...]:
    """This run's claims if it made any (`run_id`), else what the database holds; one per
    claim type first, most confident first, so the sample shows variety."""
    scope = "WHERE run_id = ?" if run_id else ""
    rows = con.execute(
        f"""
        SELECT claim_type, subject_text, object_text, negated, certainty, evidence, source_path,
               section, page, sentence_start, sentence_end, sentence, pmid
        FROM (
            SELECT *, row_number() OVER (PARTITION BY claim_type
                                         ORDER BY confidence DESC NULLS LAST, doc_id, sentence_start) AS rank_in_type
            FROM claims {scope}
        )
        ORDER BY rank_in_type, claim_type
        LIMIT {EXAMPLE_CLAIMS}
        """,
        [run_id] if run_id else [],
    ).fetchall()
    return tuple(ExampleClaim(*row) for row in rows)


def _location(example: ExampleClaim) -> str:
    parts = [example.source_path.rsplit("/", 1)[-1]]
    if example.pmid:
        # A file may hold several papers; the PMID says which.
        parts.append(f"PMID {example.pmid}")
    if example.page is not None:
        parts.append(f"p. {example.page}")
    if example.section:
        parts.append(f"§ {example.section}")
    parts.append(f"chars {example.sentence_start}-{example.sentence_end}")
    return ", ".join(parts)


def _claim_line(example: ExampleClaim) -> str:
    polarity = "NOT " if example.negated else ""
    hedge = " (hedged)" if example.certainty == "hedged" else ""
    return f"{example.subject} -[{polarity}{example.claim_type}]-> {example.object}{hedge}, {example.evidence}"


def summary_text(summary: RunSummary) -> str:
    """The plain-text summary `litclaims run` prints."""
    lines = [
        f"litclaims run {summary.run_id}",
        f"  corpus   {summary.corpus_dir}  ->  database {summary.db_path}",
        f"  extractor {summary.extractor_version}",
        f"  documents: {len(summary.processed)} processed, {summary.skipped} unchanged (skipped), "
        f"{summary.duplicate_documents} duplicates, {len(summary.failures)} failed "
        f"(of {_seen(summary)})",
    ]
    for failure in summary.failures:
        lines.append(f"    FAILED {failure.source_path} [{failure.stage}]: {failure.message}")
    for path, of in summary.duplicates:
        lines.append(f"    duplicate {path} (same bytes as {of})")
    lines += [f"    read partly: {partly}" for partly in summary.read_partly]
    if summary.missing:
        lines.append(f"  {len(summary.missing)} stored papers no longer in the corpus folder "
                     "(their rows stay until `litclaims prune`):")
        lines += [f"    gone {path}" for path in summary.missing]
    lines.append(f"  this run stored {summary.mentions_this_run} mentions and {summary.claims_this_run} claims"
                 + (": " + ", ".join(f"{k} {v}" for k, v in summary.claims_by_type_this_run.items())
                    if summary.claims_by_type_this_run else ""))
    lines.append(f"  database holds {summary.db_documents} documents, {summary.db_sentences} sentences, "
                 f"{summary.db_mentions} mentions, {summary.db_claims} claims")
    if summary.db_mentions_by_type:
        lines.append("    mentions by type: " + ", ".join(f"{k} {v}" for k, v in summary.db_mentions_by_type.items()))
    if summary.db_claims_by_type:
        lines.append("    claims by type:   " + ", ".join(f"{k} {v}" for k, v in summary.db_claims_by_type.items()))
    if summary.examples:
        lines.append("  example claims:")
        for example in summary.examples:
            lines.append(f"    - {_claim_line(example)}")
            lines.append(f"      [{_location(example)}]")
            lines.append(f"      \"{_shorten(example.sentence, 220)}\"")
    return "\n".join(lines)


def summary_markdown(summary: RunSummary) -> str:
    """The same summary as a Prefect markdown artifact (and stored in `runs.summary`)."""
    out = [
        f"# litclaims run `{summary.run_id}`",
        "",
        f"Corpus `{summary.corpus_dir}` into `{summary.db_path}` with extractor `{summary.extractor_version}`.",
        "",
        "| documents | count |",
        "|---|---|",
        f"| processed | {len(summary.processed)} |",
        f"| unchanged (skipped) | {summary.skipped} |",
        f"| duplicates | {summary.duplicate_documents} |",
        f"| failed | {len(summary.failures)} |",
        f"| seen | {_seen(summary)} |",
        "",
        f"This run stored {summary.mentions_this_run} mentions and {summary.claims_this_run} claims; "
        f"the database holds {summary.db_documents} documents and {summary.db_claims} claims.",
        "",
    ]
    if summary.db_claims_by_type:
        out += ["| claim type | in database | this run |", "|---|---|---|"]
        for claim_type, n in summary.db_claims_by_type.items():
            out.append(f"| {claim_type} | {n} | {summary.claims_by_type_this_run.get(claim_type, 0)} |")
        out.append("")
    if summary.missing:
        out += ["## Papers no longer in the corpus folder", "",
                "Their rows stay in the database until `litclaims prune` removes them.", ""]
        out += [f"- `{path}`" for path in summary.missing] + [""]
    if summary.failures:
        out += ["## Failures", "", "| file | stage | message |", "|---|---|---|"]
        for f in summary.failures:
            out.append(f"| `{f.source_path}` | {f.stage} | {f.message.replace('|', '/')} |")
        out.append("")
    if summary.examples:
        out += ["## Example claims", ""]
        for e in summary.examples:
            out.append(f"- **{_claim_line(e)}** ({_location(e)}): {_shorten(e.sentence, 300)}")
    return "\n".join(out)


def _seen(summary: RunSummary) -> str:
    """'12 documents in 9 files', or '9 files' when every file held one document."""
    if summary.documents_seen == summary.files_seen:
        return f"{summary.files_seen} files"
    return f"{summary.documents_seen} documents in {summary.files_seen} files"


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"
