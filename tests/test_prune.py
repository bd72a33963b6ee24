"""Papers deleted from the corpus folder: reported by the next run's summary, removed
by `litclaims prune` in one transaction. The run is a real flow run on a real
Prefect server, which also attaches the HTML report as an artifact."""

from __future__ import annotations

import shutil

import duckdb
import pytest

from litclaims.flows.cli import main
from litclaims.schemas import store
from litclaims.schemas.prune import missing_papers, remove_papers
from tests.conftest import SEED_DIR
from tests.records_factory import make_extraction


def _run(corpus, db):
    from litclaims.flows.corpus_flow import corpus_flow
    from litclaims.schemas.config import Settings

    settings = Settings().with_overrides(corpus_dir=corpus, db_path=db)
    return corpus_flow(settings)(settings=settings)


def _report_artifacts(flow_run_id: str):
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey, FlowRunFilter, FlowRunFilterId

    with get_client(sync_client=True) as client:
        return client.read_artifacts(
            artifact_filter=ArtifactFilter(key=ArtifactFilterKey(any_=["litclaims-report"])),
            flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))


@pytest.mark.slow
def test_a_deleted_paper_is_reported_by_the_next_run_and_pruned(prefect_server, tmp_path, capsys):
    from litclaims.flows.summary import summary_markdown, summary_text

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    seeds = sorted(SEED_DIR.glob("*.txt"))
    for seed in seeds:
        shutil.copy(seed, corpus / seed.name)
    db = tmp_path / "litclaims.duckdb"
    first = _run(corpus, db)
    assert first.missing == ()
    report = tmp_path / "litclaims-report.html"
    assert report.is_file() and "litclaims report" in report.read_text(encoding="utf-8")
    (artifact,) = _report_artifacts(first.run_id)
    assert report.as_uri() in str(artifact.data)  # Prefect keeps a link artifact as markdown

    gone = corpus / seeds[0].name
    gone.unlink()
    second = _run(corpus, db)
    assert second.missing == (str(gone.resolve()),)
    assert f"gone {gone.resolve()}" in summary_text(second) and "litclaims prune" in summary_markdown(second)

    assert main(["prune", "--corpus", str(corpus), "--db", str(db)]) == 0
    assert "1 papers no longer in" in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)
    try:
        paths = [row[0] for row in con.execute("SELECT DISTINCT source_path FROM documents").fetchall()]
        orphans = con.execute("SELECT count(*) FROM sentences WHERE doc_id NOT IN (SELECT doc_id FROM documents)"
                              ).fetchone()[0]
    finally:
        con.close()
    assert paths == [str((corpus / seeds[1].name).resolve())] and orphans == 0


def test_only_gone_papers_of_the_corpus_folder_are_missing(tmp_path):
    db = tmp_path / "db.duckdb"
    store.migrate_database(db)
    paper = tmp_path / "corpus" / "paper.pdf"
    with store.writer(db) as con:
        store.store_extraction(con, make_extraction(source_path=str(paper)), "run-1")
        (missing,) = missing_papers(con, tmp_path / "corpus")
        assert missing.source_path == str(paper) and missing.claims == len(make_extraction().claims)
        assert missing_papers(con, tmp_path / "another-corpus") == []
        paper.parent.mkdir()
        paper.write_bytes(b"%PDF")
        assert missing_papers(con, tmp_path / "corpus") == []


def test_removal_is_all_or_nothing(db, monkeypatch):
    from litclaims.schemas import prune

    doc_id = make_extraction().document.doc_id
    # A table that does not exist, deleted from last: the deletes before it must roll back.
    broken = (store.DocumentTable("no_such_table", (), lambda ex, run_id: []), *store.DOCUMENT_TABLES)
    monkeypatch.setattr(prune, "DOCUMENT_TABLES", broken)
    with store.writer(db) as con:
        with pytest.raises(duckdb.Error):
            remove_papers(con, [doc_id])
        assert con.execute("SELECT count(*) FROM claim_records").fetchone()[0] == len(make_extraction().claims)
    monkeypatch.setattr(prune, "DOCUMENT_TABLES", store.DOCUMENT_TABLES)
    with store.writer(db) as con:
        assert remove_papers(con, [doc_id]) == 1
        assert all(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] == 0
                   for t in ("documents", "sentences", "entity_mentions", "claim_records"))
