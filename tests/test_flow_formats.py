"""The corpus flow over the structured formats, end to end on a real Prefect server and a
real DuckDB file: a JATS article, a PubMed XML set (three articles), a BioC collection
(two documents), a seed paper and a file of an unsupported type. Every file is accounted
for, every document is stored on its own with its paper's metadata, re-runs are
incremental document by document."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from tests.conftest import SEED_DIR, SHARED

pytestmark = pytest.mark.slow

FIXTURES = SEED_DIR.parent / "tests" / "fixtures" / "ingest"
SEED = "000_e37fadffb700e91c.txt"
# file -> the PMIDs of the documents it holds, in file order
PMIDS = {
    "jats_article.nxml": ["12345678"],
    "pubmed_articles.xml": ["11111111", "22222222", "33333333"],
    "bioc_collection.xml": ["12345678", None],
    SEED: [None],
}


def _run(corpus, db):
    from litclaims.flows.corpus_flow import corpus_flow
    from litclaims.schemas.config import Settings

    settings = Settings().with_overrides(corpus_dir=corpus, db_path=db)
    return corpus_flow(settings)(settings=settings)


def _name(path: str) -> str:
    return path.rsplit("/", 1)[-1]


def _query(db, sql: str, params=()):
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def _adds_up(summary) -> bool:
    return (len(summary.processed) + summary.skipped + summary.duplicate_documents + len(summary.failures)
            == summary.documents_seen)


@pytest.fixture(scope="module")
def first_run(prefect_server, tmp_path_factory):
    base = tmp_path_factory.mktemp("formats")
    corpus = base / "corpus"
    corpus.mkdir()
    for name in ("jats_article.nxml", "pubmed_articles.xml", "bioc_collection.xml"):
        shutil.copy(FIXTURES / name, corpus / name)
    shutil.copy(SEED_DIR / SEED, corpus / SEED)
    (corpus / "notes.docx").write_bytes(b"PK\x03\x04 not read")
    db = base / "litclaims.duckdb"
    return corpus, db, _run(corpus, db)


def test_every_document_is_stored_with_its_metadata_and_every_file_is_accounted_for(first_run):
    _, db, summary = first_run
    assert sorted(_name(p) for p in summary.processed) == sorted(
        name for name, pmids in PMIDS.items() for _ in pmids)
    assert [(_name(f.source_path), f.error_type) for f in summary.failures] == [("notes.docx", "UnsupportedFormat")]
    assert (summary.files_seen, summary.documents_seen) == (5, 8) and _adds_up(summary)
    stored = _query(db, "SELECT source_path, pmid, title, journal, year, doi, authors, file_sha256, "
                        "documents_in_file FROM documents")
    by_file: dict[str, list] = {}
    for row in stored:
        by_file.setdefault(_name(row[0]), []).append(row)
    assert {name: sorted(r[1] or "" for r in rows) for name, rows in by_file.items()} == {
        name: sorted(p or "" for p in pmids) for name, pmids in PMIDS.items()}
    for name, rows in by_file.items():
        assert len({r[7] for r in rows}) == 1 and {r[8] for r in rows} == {len(PMIDS[name])}
    titles = {r[1]: r[2] for r in stored if r[1]}
    assert titles["11111111"] == "Gefitinib resistance in EGFR-mutant lung cancer cells."
    (jats,) = by_file["jats_article.nxml"]
    _, _, title, journal, year, doi, authors, _, _ = jats
    assert (title, doi) == ("IGF-1R signalling confers tamoxifen resistance in MCF-7 cells", "10.1000/jto.2020.001")
    assert journal and year and authors
    (runs,) = _query(db, "SELECT processed, skipped, failed, files_seen, documents_seen FROM runs")
    assert runs == (7, 0, 1, 5, 8)


def test_the_unsupported_file_is_a_listed_failure_naming_the_supported_formats(first_run):
    from litclaims.flows.summary import summary_text
    from litclaims.ingest import SUPPORTED_SUFFIXES

    _, db, summary = first_run
    ((stage, message),) = _query(db, "SELECT stage, message FROM ingest_errors WHERE source_path LIKE '%notes.docx'")
    assert stage == "read" and ".docx" in message and all(s in message for s in SUPPORTED_SUFFIXES)
    text = summary_text(summary)
    assert "FAILED" in text and "notes.docx" in text and "8 documents in 5 files" in text
    # An example claim names its paper by PMID where it has one.
    assert summary.examples and ("PMID" in text) == any(e.pmid for e in summary.examples)


def test_claims_name_their_paper_and_the_part_of_it(first_run):
    _, db, _ = first_run
    rows = _query(db, "SELECT source_path, title, pmid, doi, section_kind FROM claims")
    jats = [r for r in rows if r[0].endswith("jats_article.nxml")]
    assert jats and {(r[1], r[2], r[3]) for r in jats} == {
        ("IGF-1R signalling confers tamoxifen resistance in MCF-7 cells", "12345678", "10.1000/jto.2020.001")}
    assert all(r[4] for r in jats)
    assert {r[2] for r in rows if r[0].endswith("pubmed_articles.xml")} >= {"11111111"}
    assert not [r for r in rows if r[4] in ("references", "front_matter")]
    kinds = dict(_query(db, "SELECT section_kind, count(*) FROM mentions GROUP BY 1"))
    assert kinds.get("abstract", 0) > 0


def test_a_rerun_processes_nothing_then_only_what_is_missing_or_changed(first_run):
    corpus, db, first = first_run
    documents = "SELECT doc_id, source_path, run_id FROM documents ORDER BY doc_id"
    before = _query(db, documents)
    again = _run(corpus, db)
    assert again.processed == () and again.skipped == 7 and _adds_up(again)
    assert [_name(f.source_path) for f in again.failures] == ["notes.docx"]
    assert _query(db, documents) == before

    # One document of the BioC collection went missing (as if it had failed), and the
    # PubMed set changed: the missing one and the set's three are processed, nothing else.
    (missing,) = _query(db, "SELECT doc_id FROM documents WHERE source_path LIKE '%bioc_collection.xml' "
                            "AND pmid IS NULL")
    con = duckdb.connect(str(db))
    for table in ("claim_records", "entity_mentions", "sentences", "citation_spans", "page_blocks", "sections",
                  "documents"):
        con.execute(f"DELETE FROM {table} WHERE doc_id = ?", [missing[0]])
    con.close()
    pubmed = corpus / "pubmed_articles.xml"
    pubmed.write_bytes(pubmed.read_bytes() + b"\n<!-- edited -->\n")
    third = _run(corpus, db)
    assert sorted(_name(p) for p in third.processed) == ["bioc_collection.xml"] + ["pubmed_articles.xml"] * 3
    assert third.skipped == 3 and _adds_up(third)  # the BioC sibling, the JATS article, the seed
    after = _query(db, documents)
    assert len(after) == len(before)
    assert {d for d in after if d[2] != third.run_id} == {d for d in before if not d[1].endswith("pubmed_articles.xml")
                                                         and d[0] != missing[0]}


@pytest.mark.skipif(not (SHARED / "nxml").is_dir(), reason="the shared JATS papers are not beside the repo")
def test_the_eight_pmc_papers_run_through_the_flow(prefect_server, tmp_path):
    corpus = tmp_path / "nxml"
    corpus.mkdir()
    papers = sorted((SHARED / "nxml").glob("*.nxml"))
    for paper in papers:
        shutil.copy(paper, corpus / paper.name)
    db = tmp_path / "litclaims.duckdb"
    summary = _run(corpus, db)
    assert len(summary.processed) == len(papers) == 8 and not summary.failures
    per_paper = _query(db, "SELECT d.pmcid, d.title, count(c.claim_id), count(c.section_kind) FROM documents d "
                           "LEFT JOIN claims c USING (doc_id) GROUP BY 1, 2")
    assert len(per_paper) == 8
    for pmcid, title, claims, with_kind in per_paper:
        assert pmcid and pmcid.startswith("PMC") and title
        assert claims > 0 and with_kind == claims, pmcid
    kinds = {k for (k,) in _query(db, "SELECT DISTINCT section_kind FROM claims")}
    assert {"abstract", "results"} <= kinds and not kinds & {"references", "front_matter"}
