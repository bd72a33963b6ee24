"""JATS / NLM XML ingest: a small made-up article (always), and the eight PMC
papers of ../shared/nxml when that folder is there: headings and their kinds
as the XML's <sec><title> structure has them, captions, references kept out
of the body, title and abstract, citations mapped to the reference labels."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

from litclaims.ingest import IngestError, read_document, read_documents
from tests.conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
ARTICLE = FIXTURES / "jats_article.nxml"
NXML_DIR = SHARED / "nxml"
PAPERS = sorted(NXML_DIR.glob("*.nxml")) if NXML_DIR.is_dir() else []

# The test's own reading of section kinds: sec-type first, then the title, then the parent's kind.
SEC_TYPE_KINDS = {"intro": "introduction", "methods": "methods", "materials": "methods", "results": "results",
                  "discussion": "discussion", "conclusions": "conclusion"}
TITLE_KINDS = {"introduction": "introduction", "background": "introduction", "methods": "methods",
               "materials and methods": "methods", "statistical analysis": "methods", "results": "results",
               "results and discussion": "results", "discussion": "discussion", "conclusion": "conclusion",
               "conclusions": "conclusion"}
BACK_CONTAINERS = {"ack": "Acknowledgements", "glossary": "Abbreviations", "fn-group": "Notes", "notes": "Notes"}


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split()) if element is not None else ""


def _article(path: Path):
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    root = etree.parse(str(path), parser).getroot()
    return root if root.tag == "article" else root.find("article")


def _expected_sec_headings(container, parent_kind=None):
    out = []
    for sec in container.findall("sec"):
        if sec.get("sec-type") == "display-objects":
            continue
        title = _text(sec.find("title"))
        label = _text(sec.find("label"))
        own = next((SEC_TYPE_KINDS[t] for t in (sec.get("sec-type") or "").split("|") if t in SEC_TYPE_KINDS), None)
        own = own or TITLE_KINDS.get(title.lower().rstrip(".:"))
        kind = own or parent_kind or "other"
        if title:
            out.append((f"{label} {title}".strip(), kind))
        out += _expected_sec_headings(sec, kind)
    return out


def _expected_back_headings(back):
    """Back sections in order; acknowledgements, glossary and footnotes with their own
    title or the usual name when they hold text directly."""
    out = []
    for child in back:
        if child.tag == "sec":
            out += _expected_sec_headings(_only(child), None)
        elif child.tag in BACK_CONTAINERS:
            if child.find("title") is not None or any(c.tag in ("p", "def-list", "fn") for c in child):
                out.append((_text(child.find("title")) or BACK_CONTAINERS[child.tag], "other"))
            out += _expected_sec_headings(child, "other")
    return out


def _only(sec):
    """A wrapper holding just this <sec>, for _expected_sec_headings."""
    wrapper = etree.Element("wrapper")
    wrapper.append(etree.fromstring(etree.tostring(sec, with_tail=False)))
    return wrapper


def _printed_headings(doc):
    """Headings printed in the text, with their kinds (continuations of a section are not printed again)."""
    out = []
    for s in doc.sections:
        h = s.heading
        if h and s.kind == "body" and doc.text[s.start - 2 - len(h) : s.start - 2] == h:
            out.append((h, s.heading_kind))
    return out


def _expected_captions(article) -> int:
    return sum(
        1 for e in article.iter("fig", "table-wrap", "supplementary-material") if _text(e.find("caption"))
    )


# --- the made-up article -------------------------------------------------------------------


@pytest.fixture(scope="module")
def article_doc():
    return read_document(ARTICLE)


def test_fixture_title_metadata_and_media_type(article_doc):
    doc = article_doc
    assert doc.media_type == "application/jats+xml"
    assert doc.title == "IGF-1R signalling confers tamoxifen resistance in MCF-7 cells"
    first = doc.sections[0]
    assert (first.kind, first.heading_kind) == ("front", "title")
    assert doc.text[first.start : first.end] == doc.title
    meta = doc.metadata
    assert (meta.pmid, meta.pmcid, meta.doi, meta.year) == ("12345678", "PMC7654321", "10.1000/jto.2020.001", 2020)
    assert meta.journal == "Journal of Test Oncology"
    assert meta.authors == ("Smith JA", "Zhu WG", "The Resistance Consortium")  # the editor is not an author
    assert doc.quality.verdict == "ok"


def test_fixture_abstracts_structured_and_summary_toc_left_out(article_doc):
    doc = article_doc
    abstract = [(s.heading, s.heading_kind) for s in doc.sections if s.heading_kind == "abstract"]
    assert abstract == [("Abstract", "abstract"), ("Background", "abstract"), ("Results", "abstract"), ("Author Summary", "abstract")]
    assert "one-line summary" not in doc.text
    assert "tamoxifen" in doc.text and "Department of Oncology" not in doc.text  # affiliations are not text
    assert "kwd" not in doc.text and "IGF-1R\n\ntamoxifen" not in doc.text


def test_fixture_sections_nested_with_kinds(article_doc):
    doc = article_doc
    assert _printed_headings(doc)[4:] == [
        ("Introduction", "introduction"),
        ("MATERIALS AND METHODS", "methods"),
        ("Reagents.", "methods"),
        ("Statistical analysis", "methods"),
        ("3 Results", "results"),
        ("IGF-1R blockade restores sensitivity", "results"),
        ("Discussion", "discussion"),
        ("Acknowledgements", "other"),
        ("Notes", "other"),
    ]
    # Paragraphs before the first section are an untitled introduction.
    lead = next(s for s in doc.sections if s.kind == "body" and not s.heading)
    assert doc.text[lead.start : lead.end].startswith("Endocrine therapy is the mainstay")
    assert lead.heading_kind == "introduction"
    # An untitled subsection continues its parent, under its heading.
    untitled = doc.section_at(doc.text.index("An untitled subsection"))
    assert (untitled.heading, untitled.heading_kind) == ("3 Results", "results")


def test_fixture_lists_formulas_footnote_marks_and_tables(article_doc):
    text = article_doc.text
    assert "Three mechanisms are known:\n\nligand overexpression;\n\nreceptor activation.\n\nThey were reviewed" in text
    assert "tamoxifen." in text and "tamoxifena" not in text  # footnote mark dropped
    assert "cell cell" not in text and "IC50" not in text  # table cells are not text
    assert "x=1" not in text.replace(" ", "")
    assert "1 display formulas left out" in article_doc.quality.notes


def test_fixture_captions_after_the_last_section(article_doc):
    doc = article_doc
    captions = [s for s in doc.sections if s.kind == "caption"]
    assert [c.heading for c in captions] == ["Figure 1", "Table 1", "Figure 2"]
    assert all(c.heading_kind == "caption" for c in captions)
    assert doc.sections[-3:] == tuple(captions)
    assert doc.text[captions[0].start : captions[0].end] == "Figure 1. IGF-1R in resistance. Cells were treated with tamoxifen [2]."
    assert doc.quality.captions_found == 3
    # The figure stood inside a paragraph: the paragraph reads on without it.
    assert "(6–8). The receptor is overexpressed" in doc.text


def test_fixture_citations(article_doc):
    doc = article_doc
    got = [(c.text, c.refs) for c in doc.citations]
    assert got == [
        ("[1], [2]", ("1", "2")),
        ("[3–5]", ("3", "4", "5")),
        ("(6–8)", ("6", "7", "8")),
        ("\u2079,\u00b9\u2070", ("9", "10")),
        ("(Smith et al., 2001; Jones, 2003)", ("1", "2")),
        ("[2]", ("2",)),
    ]
    for c in doc.citations:
        assert doc.text[c.start : c.end] == c.text


def test_fixture_references_kept_apart(article_doc):
    doc = article_doc
    refs = [s for s in doc.sections if s.kind == "references"]
    assert len(refs) == 1 and refs[0].heading == "References" and refs[0].heading_kind == "references"
    body = doc.text[refs[0].start : refs[0].end].split("\n\n")
    assert len(body) == 10
    assert body[0] == "1. Smith J (2001) Endocrine therapy of breast cancer. J Test Oncol 1: 1–10."
    assert body[1].startswith("2. Jones B, et al. Growth factor receptors in tamoxifen failure. Cancer Test. 2003.")
    outside = "".join(doc.text[s.start : s.end] for s in doc.sections if s.kind != "references")
    assert "receptor signalling pathways" not in outside


def test_read_documents_of_one_article_is_read_document(article_doc):
    (doc,) = read_documents(ARTICLE)
    assert doc == article_doc


def test_articleset_with_two_articles(tmp_path):
    one = ARTICLE.read_text(encoding="utf-8").split("?>", 1)[1].split("]>", 1)[-1]
    body = one[one.index("<article") :]
    second = body.replace("12345678", "87654321").replace("IGF-1R signalling confers", "EGFR signalling confers")
    path = tmp_path / "set.xml"
    path.write_text(f"<pmc-articleset>{body}{second}</pmc-articleset>", encoding="utf-8")
    docs = read_documents(path)
    assert [d.metadata.pmid for d in docs] == ["12345678", "87654321"]
    assert len({d.doc_id for d in docs}) == 2
    with pytest.raises(IngestError, match="read_documents"):
        read_document(path)


def test_the_dtd_is_never_fetched(tmp_path):
    # An external entity pointing at a local file must not be expanded (nor the DTD loaded).
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    path = tmp_path / "xxe.nxml"
    path.write_text(
        f'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x SYSTEM "file://{secret}">]>'
        "<article><front><article-meta><title-group><article-title>Title &x; here</article-title></title-group>"
        "</article-meta></front><body><p>Some body text of this article.</p></body></article>",
        encoding="utf-8",
    )
    try:
        doc = read_document(path)
    except IngestError:
        return
    assert "TOPSECRET" not in doc.text


# --- the eight PMC papers ------------------------------------------------------------------

needs_papers = pytest.mark.skipif(not PAPERS, reason="../shared/nxml not available")


@needs_papers
@pytest.mark.parametrize("path", PAPERS, ids=lambda p: p.stem)
def test_pmc_paper_structure(path):
    article = _article(path)
    doc = read_document(path)
    # Title and abstract.
    assert doc.title == _text(article.find("front/article-meta/title-group/article-title"))
    assert doc.sections[0].heading_kind == "title"
    abstract = article.find("front/article-meta/abstract")
    first_words = _text(abstract.find(".//p"))[:60]
    assert any(s.heading_kind == "abstract" and doc.text[s.start : s.end].startswith(first_words) for s in doc.sections)
    assert doc.metadata.pmcid == path.stem and doc.metadata.pmid and doc.metadata.authors
    # Headings: every titled <sec> of body and back, in order, with its kind.
    expected = _expected_sec_headings(article.find("body")) + _expected_back_headings(article.find("back"))
    printed = [h for h in _printed_headings(doc) if h[1] != "abstract"]
    assert printed == expected
    # Captions.
    assert sum(1 for s in doc.sections if s.kind == "caption") == _expected_captions(article)
    # References: one paragraph per <ref>, in a references section, and nowhere else.
    refs = [s for s in doc.sections if s.kind == "references"]
    n_refs = len(article.findall("back/ref-list/ref"))
    assert sum(len(doc.text[s.start : s.end].split("\n\n")) for s in refs) == n_refs
    outside = "\n".join(doc.text[s.start : s.end] for s in doc.sections if s.kind != "references")
    for ref in article.findall("back/ref-list/ref"):
        title = _text(ref.find(".//article-title"))
        if len(title) > 40:
            assert title not in outside
    # Citations: every cited reference is named by a span, none inside the reference list.
    labels = {}
    for i, ref in enumerate(article.findall("back/ref-list/ref"), 1):
        labels[ref.get("id")] = _text(ref.find("label")).strip("[]. ") or str(i)
    cited = {labels[rid] for x in article.iter("xref") if x.get("ref-type") == "bibr" for rid in (x.get("rid") or "").split()}
    named = {r for c in doc.citations for r in c.refs}
    assert cited <= named
    for c in doc.citations:
        assert doc.text[c.start : c.end] == c.text
        assert doc.section_at(c.start).kind != "references"
