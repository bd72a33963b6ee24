"""PubMed / MEDLINE XML and PubMed's plain-text abstract layout: one document per
record, title and abstract as text, identifiers and authors as metadata."""

from __future__ import annotations

from pathlib import Path

import pytest

from litclaims.ingest import IngestError, read_document, read_documents
from litclaims.ingest.pubmed_text_source import looks_like_pubmed_text
from tests.conftest import SEED_DIR

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
PUBMED_XML = FIXTURES / "pubmed_articles.xml"
PUBMED_TEXT = FIXTURES / "pubmed_abstracts.txt"


def test_xml_set_gives_one_document_per_article():
    docs = read_documents(PUBMED_XML)
    assert [d.metadata.pmid for d in docs] == ["11111111", "22222222", "33333333"]
    assert [d.title for d in docs] == [
        "Gefitinib resistance in EGFR-mutant lung cancer cells.",
        "Tamoxifen resistance and IGF-1R signalling: a structured abstract.",
        "A letter without an abstract.",
    ]
    assert len({d.doc_id for d in docs}) == 3
    assert [d.doc_id for d in read_documents(PUBMED_XML)] == [d.doc_id for d in docs]  # stable
    assert all(d.source_path == str(PUBMED_XML) and d.media_type == "application/xml" for d in docs)


def test_xml_text_is_title_and_abstract_only():
    first, structured, letter = read_documents(PUBMED_XML)
    assert first.text == (
        "Gefitinib resistance in EGFR-mutant lung cancer cells.\n\nAbstract\n\n"
        "EGFR T790M confers resistance to gefitinib in PC9 cells. MET amplification was also observed."
    )
    assert [(s.heading, s.kind, s.heading_kind) for s in first.sections] == [("", "front", "title"), ("Abstract", "body", "abstract")]
    assert [s.heading for s in structured.sections] == ["", "Abstract", "BACKGROUND", "RESULTS", "CONCLUSIONS"]
    assert all(s.heading_kind == "abstract" for s in structured.sections[1:])
    assert letter.text == "A letter without an abstract."
    for doc in (first, structured, letter):
        assert "Ludwig" not in doc.text and "Copyright" not in doc.text and "Drug Resistance, Neoplasm" not in doc.text
        assert doc.quality.verdict == "ok"  # short, but an abstract is not an unreadable scan


def test_xml_metadata():
    first, structured, _ = read_documents(PUBMED_XML)
    meta = first.metadata
    assert (meta.journal, meta.year, meta.doi, meta.pmcid) == ("Journal of Test Oncology", 2013, "10.1000/jto.2013.11", "PMC1111111")
    assert meta.authors == ("Godin-Heymann N", "Lu X")
    assert structured.metadata.year == 2015 and structured.metadata.authors == ("The Resistance Consortium",)


def test_read_document_refuses_a_file_of_several_records():
    with pytest.raises(IngestError, match="holds 3 documents; read it with read_documents"):
        read_document(PUBMED_XML)


def test_one_article_file_reads_with_read_document(tmp_path):
    text = PUBMED_XML.read_text(encoding="utf-8")
    one = text[: text.index("<PubmedArticle>", text.index("</PubmedArticle>"))] + "</PubmedArticleSet>\n"
    path = tmp_path / "one.xml"
    path.write_text(one, encoding="utf-8")
    doc = read_document(path)
    assert doc.metadata.pmid == "11111111"
    assert read_documents(path) == [doc]


def test_text_layout_records():
    first, second = read_documents(PUBMED_TEXT)
    assert first.text == (
        "Gefitinib resistance in EGFR-mutant lung cancer cells: a made-up record for the tests.\n\nAbstract\n\n"
        "EGFR T790M confers resistance to gefitinib in PC9 cells. MET amplification was also observed in resistant clones."
    )
    meta = first.metadata
    assert (meta.pmid, meta.pmcid, meta.doi, meta.journal, meta.year) == (
        "11111111", "PMC1111111", "10.1000/jto.2013.11", "J Test Oncol", 2013)
    assert meta.authors == ("Godin-Heymann N", "Wang Y", "Slee E", "Lu X")
    assert second.metadata.pmid == "22222222" and second.title == "Tamoxifen resistance and IGF-1R signalling."
    assert [s.heading for s in second.sections] == ["", "Abstract", "BACKGROUND", "RESULTS", "CONCLUSIONS"]
    for doc in (first, second):
        # Authors, affiliations, the copyright and identifier lines are not text.
        for junk in ("Godin-Heymann", "CM(1", "Author information", "©", "PMID", "DOI:"):
            assert junk not in doc.text
        assert doc.media_type == "text/plain" and doc.quality.verdict == "ok"
    assert first.doc_id != second.doc_id


def test_text_layout_single_record(tmp_path):
    text = PUBMED_TEXT.read_text(encoding="utf-8")
    path = tmp_path / "one.txt"
    path.write_text(text[: text.index("\n2. Cancer Test Rep.")], encoding="utf-8")
    doc = read_document(path)
    assert doc.metadata.pmid == "11111111" and doc.sections[0].heading_kind == "title"


@pytest.mark.parametrize("text", [
    "1. Introduction\n\nTamoxifen is used widely.\n\nPMID: 12345\n",  # a numbered heading, not a citation line
    "Gefitinib resistance.\n\n1. J Test Oncol. 2013 Dec;8:1.\n\nPMID: 1\n",  # the citation line is not first
    "1. J Test Oncol. 2013 Dec;8:1.\n\nA title.\n\nNo identifier line at all.\n",
])
def test_detection_is_strict(text):
    assert not looks_like_pubmed_text(text)


def test_ordinary_text_papers_are_not_pubmed_records():
    texts = [p.read_text(encoding="utf-8") for p in sorted(SEED_DIR.glob("*.txt"))]
    texts += [p.read_text(encoding="utf-8") for p in sorted(FIXTURES.glob("*.txt")) if p != PUBMED_TEXT]
    assert texts
    assert not any(looks_like_pubmed_text(t) for t in texts)


@pytest.mark.parametrize("content, message", [
    ("<PubmedArticleSet></PubmedArticleSet>", "without any article"),
    ("<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID></MedlineCitation></PubmedArticle></PubmedArticleSet>",
     "neither a title nor an abstract"),
    ("<PubmedArticleSet><PubmedArticle>", "not well-formed XML"),
])
def test_bad_pubmed_xml(tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(IngestError, match=message):
        read_documents(path)
