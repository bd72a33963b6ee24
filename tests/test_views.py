"""claim_support and claim_conflicts on the seed review, extracted for real and stored in DuckDB."""

from __future__ import annotations

import pytest

from litclaims.extract import Extractor
from litclaims.ingest import read_document
from litclaims.schemas import store
from litclaims.schemas.config import Settings
from tests.conftest import SEED_DIR
from tests.records_factory import make_extraction
from tests.test_store import new_database


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory):
    db = tmp_path_factory.mktemp("views") / "db.duckdb"
    extractor = Extractor.from_settings(Settings())
    with store.writer(new_database(db)) as con:
        for path in sorted(SEED_DIR.glob("*.txt")):
            store.store_extraction(con, extractor.extract(read_document(path)), "run-1")
    return db


def test_claim_support_counts_papers_sentences_and_polarity(seed_db):
    with store.reader(seed_db) as con:
        rows = con.execute(
            "SELECT subject_key, claim_type, object_key, papers, sentences, asserted + hedged + negated "
            "FROM claim_support").fetchall()
        total = con.execute("SELECT count(*) FROM claims").fetchone()[0]
    assert rows
    assert sum(r[5] for r in rows) == total
    assert all(r[3] >= 1 and r[4] >= 1 for r in rows)


def test_the_seed_review_contradicts_itself_on_igf1r(seed_db):
    """Preclinical support for IGF-IR in resistance vs clinical 'not correlated' statements."""
    with store.reader(seed_db) as con:
        conflicts = con.execute(
            "SELECT claim_type, object, asserted_sentence, negated_sentence FROM claim_conflicts "
            "WHERE subject_key = 'HGNC:5465'").fetchall()
    assert conflicts, "expected IGF-IR claims asserted in one place and negated in another"
    types = {(c[0], c[1].lower()) for c in conflicts}
    assert ("response_association", "gefitinib") in types or ("resistance", "trastuzumab") in types
    for _, _, asserted, negated in conflicts:
        assert "IGF-IR" in asserted and "IGF-IR" in negated


def test_interaction_is_one_triple_whichever_way_round(tmp_path):
    from dataclasses import replace

    ex, other_paper = make_extraction(), make_extraction(doc_id="f" * 64, source_path="corpus/other.pdf")
    forward = replace(ex.claims[1], claim_type="interaction", claim_id="fwd")
    inhibition = other_paper.claims[1]
    backward = replace(inhibition, claim_type="interaction", claim_id="bwd",
                       subject=inhibition.object, object=inhibition.subject, negated=True)
    db = tmp_path / "db.duckdb"
    with store.writer(new_database(db)) as con:
        store.store_extraction(con, replace(ex, claims=(forward,)), "run-1")
        store.store_extraction(con, replace(other_paper, claims=(backward,)), "run-1")
        support = con.execute(
            "SELECT subject_key, object_key, papers, negated FROM claim_support WHERE claim_type = 'interaction'"
        ).fetchall()
        conflicts = con.execute("SELECT count(*) FROM claim_conflicts").fetchone()[0]
    assert support == [("HGNC:3236", "UNII:S65743JHBS", 2, 1)]
    assert conflicts == 1


def test_a_sentence_asserting_and_negating_a_pair_is_no_conflict_with_itself(tmp_path):
    # the spec's two rows for "asserted for one condition, negated for another": both are
    # stored and counted, but the sentence contradicts nothing
    from dataclasses import replace

    ex = make_extraction()
    inhibition = ex.claims[1]
    negated = replace(inhibition, claim_id="neg", negated=True)
    db = tmp_path / "db.duckdb"
    with store.writer(new_database(db)) as con:
        store.store_extraction(con, replace(ex, claims=(inhibition, negated)), "run-1")
        support = con.execute(
            "SELECT sentences, asserted, negated FROM claim_support WHERE claim_type = 'inhibition'").fetchall()
        alone = con.execute("SELECT count(*) FROM claim_conflicts").fetchone()[0]
        other = make_extraction(doc_id="e" * 64, source_path="corpus/other.pdf")
        store.store_extraction(con, replace(other, claims=(replace(other.claims[1], negated=True),)), "run-1")
        across = con.execute("SELECT asserted_doc_id, negated_doc_id FROM claim_conflicts").fetchall()
    assert support == [(1, 1, 1)] and alone == 0
    assert across == [(ex.document.doc_id, "e" * 64)]  # the other paper's negation still conflicts


def test_reference_lists_give_sentences_but_no_mentions_or_claims():
    from pathlib import Path

    from tests.conftest import SHARED

    pdf = SHARED / "pdfs" / "hindawi_PMC4736972.pdf"
    if not pdf.exists():
        pytest.skip("shared PDFs not beside the repo")
    extraction = Extractor.from_settings(Settings()).extract(read_document(Path(pdf)))
    reference_ids = {s.sentence_id for s in extraction.sentences if s.section_kind == "references"}
    assert len(reference_ids) > 20
    assert not [m for m in extraction.mentions if m.sentence_id in reference_ids]
    assert not [c for c in extraction.claims if c.sentence_id in reference_ids]
    assert extraction.claims
