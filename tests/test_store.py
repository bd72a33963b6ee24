"""The DuckDB store: schema, one-transaction replace, failures, locks. Real DuckDB files."""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from litclaims.schemas import store
from litclaims.schemas.export import CLAIM_COLUMNS, CLAIM_EXTRA_COLUMNS, MENTION_COLUMNS, MENTION_EXTRA_COLUMNS
from litclaims.schemas.migrate import current_version, latest_version, migrate
from litclaims.schemas.records import DocumentFailure, PaperMetadata, Section
from tests.conftest import SHARED
from tests.records_factory import database_before, make_extraction


def _count(con, table: str) -> int:
    return con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def new_database(path: Path) -> Path:
    """A migrated, empty litclaims database, as a run leaves it before its first document."""
    store.migrate_database(path)
    return path


def stored_database(path: Path) -> Path:
    """A litclaims database holding one hand-built extraction (two claims, five mentions)."""
    with store.writer(new_database(path)) as con:
        store.store_extraction(con, make_extraction(), "run-1")
    return path


def test_migrate_is_idempotent_and_records_version(tmp_path):
    con = duckdb.connect(str(tmp_path / "db.duckdb"))
    assert current_version(con) == 0
    assert migrate(con) == latest_version()
    assert migrate(con) == latest_version()
    assert _count(con, "schema_migrations") == latest_version()


def test_views_have_the_spec_columns_in_order(tmp_path):
    con = duckdb.connect(str(tmp_path / "db.duckdb"))
    migrate(con)
    claim_cols = [d[0] for d in con.execute("SELECT * FROM claims LIMIT 0").description]
    mention_cols = [d[0] for d in con.execute("SELECT * FROM mentions LIMIT 0").description]
    assert tuple(claim_cols[: len(CLAIM_COLUMNS)]) == CLAIM_COLUMNS
    assert tuple(mention_cols[: len(MENTION_COLUMNS)]) == MENTION_COLUMNS
    # The extra columns follow the spec's, in their order.
    extra_claims = tuple(claim_cols[len(CLAIM_COLUMNS): len(CLAIM_COLUMNS) + len(CLAIM_EXTRA_COLUMNS)])
    assert extra_claims == CLAIM_EXTRA_COLUMNS
    extra_mentions = tuple(mention_cols[len(MENTION_COLUMNS): len(MENTION_COLUMNS) + len(MENTION_EXTRA_COLUMNS)])
    assert extra_mentions == MENTION_EXTRA_COLUMNS


PAPER = PaperMetadata(title="IGF-IR and tamoxifen", journal="Breast Cancer Res", year=2011, pmid="21234567",
                      pmcid="PMC3046425", doi="10.1186/bcr2824", authors=("Zhang Y", "Lee AV"))


def paper_extraction(**kwargs):
    """The hand-built extraction as a structured source gives it: metadata, a results section
    and a caption (the second sentence)."""
    ex = make_extraction(**kwargs)
    doc = ex.document
    second = ex.sentences[1].start
    sections = (Section("Results", doc.sections[0].start, second, "body", "results"),
                Section("Figure 1.", second, len(doc.text), "caption", "caption"))
    sentences = (ex.sentences[0], replace(ex.sentences[1], section="Figure 1.", section_kind="caption"))
    return replace(ex, document=replace(doc, sections=sections, metadata=PAPER, media_type="application/jats+xml"),
                   sentences=sentences)


def test_paper_metadata_and_section_kinds_reach_documents_and_the_views(tmp_path):
    ex = paper_extraction()
    with store.writer(new_database(tmp_path / "db.duckdb")) as con:
        store.store_extraction(con, ex, "run-1")
        assert con.execute("SELECT title, journal, year, pmid, pmcid, doi, authors FROM documents").fetchall() == [
            (PAPER.title, PAPER.journal, PAPER.year, PAPER.pmid, PAPER.pmcid, PAPER.doi, list(PAPER.authors))]
        assert con.execute("SELECT heading_kind FROM sections ORDER BY section_index").fetchall() == [
            ("results",), ("caption",)]
        assert con.execute(
            "SELECT claim_type, title, pmid, doi, section_kind FROM claims ORDER BY sentence_start").fetchall() == [
            ("resistance", PAPER.title, PAPER.pmid, PAPER.doi, "results"),
            ("inhibition", PAPER.title, PAPER.pmid, PAPER.doi, "caption")]
        by_kind = dict(con.execute("SELECT section_kind, count(*) FROM mentions GROUP BY 1").fetchall())
        assert by_kind == {"results": 3, "caption": 2}
        # A claim found by its paper's PMID (the README's example).
        assert con.execute("SELECT count(*) FROM claims WHERE pmid = ?", [PAPER.pmid]).fetchone()[0] == 2


def test_a_document_without_metadata_keeps_its_own_title_and_kinds_the_structure_gives(tmp_path):
    ex = make_extraction()
    ex = replace(ex, document=replace(ex.document, title="Resistance to tamoxifen"))
    with store.writer(new_database(tmp_path / "db.duckdb")) as con:
        store.store_extraction(con, ex, "run-1")
        assert con.execute("SELECT title, pmid, authors FROM documents").fetchall() == [
            ("Resistance to tamoxifen", None, None)]
        # No heading kind from a PDF reader: unknown, not guessed.
        assert con.execute("SELECT DISTINCT title, section_kind FROM claims").fetchall() == [
            ("Resistance to tamoxifen", None)]
        con.execute("UPDATE sentences SET section_kind = 'caption'")
        assert con.execute("SELECT DISTINCT section_kind FROM mentions").fetchall() == [("caption",)]


def test_the_documents_of_one_file_are_stored_side_by_side_and_replaced_together(tmp_path):
    path = "corpus/pubmed.xml"
    file_v1 = store.SourceFile("f1" * 32, 2)
    first, second = (make_extraction(source_path=path, doc_id=f"{n}" * 64) for n in (1, 2))
    with store.writer(new_database(tmp_path / "db.duckdb")) as con:
        store.store_extraction(con, first, "run-1", file_v1)
        store.store_extraction(con, second, "run-1", file_v1)
        assert con.execute("SELECT doc_id, file_sha256, documents_in_file FROM documents ORDER BY 1").fetchall() == [
            ("1" * 64, file_v1.sha256, 2), ("2" * 64, file_v1.sha256, 2)]
        assert _count(con, "claim_records") == 2 * len(first.claims)
        assert store.documents_in_files(con, [file_v1.sha256, "absent"]) == {file_v1.sha256: 2}
        # The file changed: its first new document replaces every document of the old bytes.
        third = make_extraction(source_path=path, doc_id="3" * 64)
        store.store_extraction(con, third, "run-2", store.SourceFile("f2" * 32, 1))
        assert con.execute("SELECT doc_id FROM documents").fetchall() == [("3" * 64,)]
        assert _count(con, "claim_records") == len(third.claims)
        # A newer extractor over the same bytes also replaces the older version's siblings.
        store.store_extraction(con, replace(first, extractor_version="test+2"), "run-3", file_v1)
        assert con.execute("SELECT doc_id, extractor_version FROM documents").fetchall() == [("1" * 64, "test+2")]


def test_migration_4_marks_every_stored_document_as_its_files_only_one(tmp_path):
    con = database_before(tmp_path / "db.duckdb", 4)
    con.execute("INSERT INTO documents (doc_id, source_path, media_type, n_chars, text, quality, verdict, "
                "extractor_version, run_id) VALUES ('abc', 'corpus/a.txt', 'text/plain', 1, 'x', '{}', 'ok', "
                "'v1', 'run-1')")
    migrate(con)
    assert store.stored_documents(con) == [store.StoredDocument("abc", "corpus/a.txt", "v1", "abc", 1)]
    con.close()


@pytest.mark.skipif(not (SHARED / "spec" / "claims.md").exists(), reason="spec not beside the repo")
def test_export_columns_match_the_spec_text():
    spec = (SHARED / "spec" / "claims.md").read_text(encoding="utf-8")
    section = spec.split("## Export columns", 1)[1]
    claims_part = section.split("claims:", 1)[1].split("mentions:", 1)[0]
    mentions_part = section.split("mentions:", 1)[1].split("##", 1)[0]
    assert tuple(re.findall(r"`([a-z_]+)`", claims_part)) == CLAIM_COLUMNS
    assert tuple(re.findall(r"`([a-z_]+)`", mentions_part)) == MENTION_COLUMNS


def test_store_extraction_writes_every_table_with_provenance(tmp_path):
    db = new_database(tmp_path / "db.duckdb")
    ex = make_extraction()
    with store.writer(db) as con:
        store.store_extraction(con, ex, "run-1")
        row = con.execute(
            "SELECT claim_type, subject_id, object_id, page, section, sentence_start, sentence_end, "
            "citations, cell_lines, rule, extractor_version, run_id, source_path "
            "FROM claims WHERE claim_type = 'resistance'").fetchone()
        assert row == ("resistance", "HGNC:5465", "UNII:094ZI81Y45", 1, "Resistance",
                       ex.sentences[0].start, ex.sentences[0].end, ["12"], ["MCF-7"], "r1", "test+1",
                       "run-1", "corpus/paper.pdf")
        assert _count(con, "mentions") == len(ex.mentions)
        assert _count(con, "page_blocks") == len(ex.document.pages)
        assert _count(con, "citation_spans") == len(ex.document.citations)
        # The sentence text is exactly the clean text at the stored offsets.
        text, start, end, sentence = con.execute(
            "SELECT d.text, s.start, s.end, s.text FROM sentences s JOIN documents d USING (doc_id) "
            "ORDER BY s.sentence_index LIMIT 1").fetchone()
        assert text[start:end] == sentence


def test_storing_again_replaces_rather_than_duplicates(tmp_path):
    db = new_database(tmp_path / "db.duckdb")
    with store.writer(db) as con:
        store.store_extraction(con, make_extraction(), "run-1")
        store.store_extraction(con, make_extraction(version="test+2"), "run-2")
        assert _count(con, "documents") == 1
        assert _count(con, "claim_records") == len(make_extraction().claims)
        assert con.execute("SELECT DISTINCT extractor_version FROM claims").fetchall() == [("test+2",)]


def test_a_changed_file_at_the_same_path_replaces_the_old_version(tmp_path):
    db = new_database(tmp_path / "db.duckdb")
    old = make_extraction()
    new = make_extraction(text=old.document.text + " Tamoxifen binds ER.")
    assert old.document.doc_id != new.document.doc_id
    with store.writer(db) as con:
        store.store_extraction(con, old, "run-1")
        store.store_extraction(con, new, "run-2")
        assert con.execute("SELECT doc_id FROM documents").fetchall() == [(new.document.doc_id,)]
        assert con.execute("SELECT count(*) FROM sentences WHERE doc_id = ?", [old.document.doc_id]).fetchone()[0] == 0


def test_a_failed_store_leaves_what_was_stored(tmp_path):
    db = new_database(tmp_path / "db.duckdb")
    good = make_extraction()
    with store.writer(db) as con:
        store.store_extraction(con, good, "run-1")
        # A later version of the same file whose store fails half-way: the delete of the
        # old rows has run, the insert into the (now missing) mentions table fails.
        broken = make_extraction(version="test+2")
        con.execute("DROP VIEW mentions")
        con.execute("DROP TABLE entity_mentions")
        with pytest.raises(duckdb.Error):
            store.store_extraction(con, broken, "run-2")
        assert con.execute("SELECT extractor_version FROM documents").fetchall() == [("test+1",)]
        assert _count(con, "claim_records") == len(make_extraction().claims)


def test_failures_are_recorded_per_run(tmp_path):
    db = new_database(tmp_path / "db.duckdb")
    with store.writer(db) as con:
        store.record_failure(con, DocumentFailure("corpus/bad.pdf", None, "parse", "IngestError",
                                                "the PDF is encrypted"), "run-1")
        assert con.execute("SELECT source_path, stage, message FROM ingest_errors").fetchall() == [
            ("corpus/bad.pdf", "parse", "the PDF is encrypted")]


_HOLD_LOCK = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1])
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
con.close()
"""


def _hold_lock(db: Path, seconds: float) -> subprocess.Popen:
    proc = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(db), str(seconds)],
                            stdout=subprocess.PIPE, text=True)
    assert proc.stdout.readline().strip() == "locked"
    return proc


def test_a_locked_database_gives_a_plain_error_after_the_timeout(tmp_path):
    db = new_database(tmp_path / "db.duckdb")
    proc = _hold_lock(db, 20)
    try:
        started = time.monotonic()
        with pytest.raises(store.DatabaseLockedError) as info:
            with store.reader(db, timeout_s=1.0):
                pass
        assert time.monotonic() - started < 10
        message = str(info.value)
        assert "locked by process" in message and str(proc.pid) in message
        assert "try again" in message
    finally:
        proc.kill()
        proc.wait()


def test_a_reader_waits_for_a_writer_that_lets_go(tmp_path):
    db = new_database(tmp_path / "db.duckdb")
    with store.writer(db) as con:
        store.store_extraction(con, make_extraction(), "run-1")
    proc = _hold_lock(db, 1.5)
    try:
        with store.reader(db, timeout_s=20) as con:
            assert _count(con, "claims") == len(make_extraction().claims)
    finally:
        proc.wait()


def test_reader_refuses_a_missing_or_foreign_database(tmp_path):
    with pytest.raises(FileNotFoundError, match="litclaims run"):
        with store.reader(tmp_path / "none.duckdb"):
            pass
    foreign = tmp_path / "foreign.duckdb"
    duckdb.connect(str(foreign)).execute("CREATE TABLE x (a INT)").close()
    with pytest.raises(store.DatabaseSchemaError, match="not a litclaims database"):
        with store.reader(foreign):
            pass


def test_a_writer_opens_a_migrated_database_and_never_migrates(tmp_path):
    with pytest.raises(FileNotFoundError, match="litclaims run"):
        with store.writer(tmp_path / "none.duckdb"):
            pass
    assert not (tmp_path / "none.duckdb").exists()
    old = tmp_path / "old.duckdb"
    con = duckdb.connect(str(old))
    migrate(con)
    con.execute("DELETE FROM schema_migrations WHERE version = ?", [latest_version()])
    con.close()
    with pytest.raises(store.DatabaseSchemaError, match="Run `litclaims run` once"):
        with store.writer(old):
            pass
    con = duckdb.connect(str(old), read_only=True)
    assert current_version(con) == latest_version() - 1  # the writer left it as it was
    con.close()


def test_only_readers_open_a_database_from_a_newer_litclaims(tmp_path):
    db = stored_database(tmp_path / "db.duckdb")
    con = duckdb.connect(str(db))
    con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, 'from_the_future')",
                [latest_version() + 1])
    con.close()
    with pytest.raises(store.DatabaseSchemaError, match="newer litclaims"):
        with store.writer(db):
            pass
    with store.reader(db) as con:
        assert _count(con, "claims") == len(make_extraction().claims)


def test_migrate_database_creates_the_file_once(tmp_path):
    db = tmp_path / "sub" / "db.duckdb"
    assert store.migrate_database(db) == latest_version()
    assert store.migrate_database(db) == latest_version()
    with store.reader(db) as con:
        assert _count(con, "schema_migrations") == latest_version()


def test_every_document_table_column_is_in_the_ddl_and_every_required_one_is_filled(tmp_path):
    con = duckdb.connect(str(new_database(tmp_path / "db.duckdb")))
    for table in store.DOCUMENT_TABLES:
        ddl = dict(con.execute(
            "SELECT column_name, is_nullable = 'YES' OR column_default IS NOT NULL "
            "FROM information_schema.columns WHERE table_name = ?", [table.name]).fetchall())
        assert set(table.columns) <= set(ddl), table.name
        required = {name for name, optional in ddl.items() if not optional}
        assert required <= set(table.columns), table.name
    con.close()


def test_stored_rows_are_the_records_values(tmp_path):
    """Every column of every document table, against the records it came from."""
    ex = make_extraction()
    doc = ex.document
    with store.writer(stored_database(tmp_path / "db.duckdb")) as con:
        assert con.execute(
            "SELECT doc_id, source_path, media_type, title, n_chars, n_pages, text, quality::VARCHAR, verdict, "
            "extractor_version, run_id, journal, year, pmid, pmcid, doi, authors, file_sha256, documents_in_file "
            "FROM documents").fetchall() == [
            (doc.doc_id, doc.source_path, doc.media_type, doc.title, len(doc.text), doc.n_pages, doc.text,
             json.dumps(doc.quality.as_dict()), doc.quality.verdict, ex.extractor_version, "run-1",
             None, None, None, None, None, None, doc.doc_id, 1)]
        assert con.execute(
            "SELECT doc_id, section_index, heading, kind, start, \"end\", heading_kind, source_offset "
            "FROM sections ORDER BY section_index").fetchall() == [
            (doc.doc_id, i, s.heading, s.kind, s.start, s.end, s.heading_kind, s.source_offset)
            for i, s in enumerate(doc.sections)]
        assert con.execute("SELECT * FROM page_blocks ORDER BY block_index").fetchall() == [
            (doc.doc_id, i, p.page, p.start, p.end, *(p.bbox or (None,) * 4)) for i, p in enumerate(doc.pages)]
        assert con.execute("SELECT * FROM citation_spans").fetchall() == [
            (doc.doc_id, c.start, c.end, c.text, list(c.refs)) for c in doc.citations]
        assert con.execute("SELECT * FROM sentences ORDER BY sentence_index").fetchall() == [
            (s.sentence_id, s.doc_id, s.index, s.start, s.end, s.text, s.section, s.section_kind, s.page,
             list(s.citations), doc.section_at(s.start).heading_kind) for s in ex.sentences]
        assert sorted(con.execute("SELECT * FROM entity_mentions").fetchall()) == sorted(
            (m.mention_id, m.doc_id, m.sentence_id, m.start, m.end, m.text, m.entity_type, m.entity_id,
             m.entity_name, m.source) for m in {m.mention_id: m for m in ex.mentions}.values())
        assert sorted(con.execute("SELECT * FROM claim_records").fetchall()) == sorted(
            (c.claim_id, c.doc_id, c.sentence_id, c.claim_type,
             c.subject.mention_id, c.subject.text, c.subject.entity_type, c.subject.entity_id, c.subject.entity_name,
             c.object.mention_id, c.object.text, c.object.entity_type, c.object.entity_id, c.object.entity_name,
             c.negated, c.certainty, c.evidence, list(c.cell_lines), c.disease, list(c.citations), c.rule,
             c.rule_version, c.confidence, ex.extractor_version, "run-1", c.subject_state, c.object_state)
            for c in ex.claims)
