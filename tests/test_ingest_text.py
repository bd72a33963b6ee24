"""Text and HTML ingest, and the repairs each format shares, on small fixtures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from litclaims.ingest import IngestError, read_document
from litclaims.ingest.blocks import Counts
from litclaims.ingest.citations import expand_refs, find_citations
from litclaims.ingest.dehyphenate import LineJoiner
from litclaims.ingest.ligature_repair import repair_dropped_ligatures
from litclaims.ingest.normalize import normalize_line
from litclaims.ingest.vocab import load_vocabulary

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "ingest"
ROOT = Path(__file__).resolve().parent.parent
SEED_004 = ROOT / "corpus" / "004_32e9bb3871b250ca.txt"
SEED_000 = ROOT / "corpus" / "000_e37fadffb700e91c.txt"
GOLD = ROOT.parent / "shared" / "gold" / "dev.jsonl"


def _joiner(counts: Counts | None = None, forms=None) -> LineJoiner:
    from collections import Counter

    return LineJoiner(load_vocabulary(), Counter(forms or {}), counts or Counts())


# --- line-end hyphens -------------------------------------------------------------


@pytest.mark.parametrize(
    "lines, expected",
    [
        (["increased prolifer-", "ation of cells"], "increased proliferation of cells"),
        (["the signal-", "ling cascade"], "the signalling cascade"),
        (["through the receptor (IGF-", "IR) in cells"], "through the receptor (IGF-IR) in cells"),
        (["amplified HER-", "2 in tumours"], "amplified HER-2 in tumours"),
        (["cells (MCF-", "7/HER-2), which"], "cells (MCF-7/HER-2), which"),
        (["from paclitaxel- ", " and doxorubicin-induced apoptosis"], "from paclitaxel- and doxorubicin-induced apoptosis"),
        (["concerning ER down-", "regulation by growth"], "concerning ER down-regulation by growth"),
        (["for these hormone-", "responsive tumors"], "for these hormone-responsive tumors"),
        (["DNA repair (99-", "101)."], "DNA repair (99-101)."),
        (["activation of phosphatidylinositol 3\u2019-", "kinase (PI3K)"], "activation of phosphatidylinositol 3\u2019-kinase (PI3K)"),
    ],
)
def test_line_end_hyphen(lines, expected):
    assert _joiner().join(lines) == expected


def test_hyphen_decision_follows_the_documents_own_spelling():
    # Neither spelling in the compiled lists: the document decides.
    assert _joiner(forms={"zorblaxine": 2}).join(["the zorbla-", "xine level"]) == "the zorblaxine level"
    assert _joiner(forms={"zorbla-xine": 2}).join(["the zorbla-", "xine level"]) == "the zorbla-xine level"


def test_hyphen_counts():
    counts = Counts()
    _joiner(counts).join(["prolifer-", "ation and IGF-", "IR"])
    assert (counts.hyphen_joins_removed, counts.hyphen_joins_kept) == (1, 1)


# --- characters ------------------------------------------------------------------


def test_soft_hyphen_nonbreaking_hyphen_and_fffe_normalised():
    counts = Counts()
    lines = [normalize_line("prolif\u00ad", counts), normalize_line("eration of IGF\u2011IR cells\ufffe here", counts)]
    assert _joiner(counts).join(lines) == "proliferation of IGF-IR cells here"
    assert normalize_line("co\u00adexpression", counts) == "coexpression"


def test_ligature_glyphs_expanded_and_counted():
    counts = Counts()
    assert normalize_line("a signi\ufb01cant \ufb02ow, e\ufb00ect, e\ufb03cacy", counts) == "a significant flow, effect, efficacy"
    assert counts.ligatures_expanded == 4


def test_run_of_ligature_glyphs_is_a_formula_not_letters():
    counts = Counts()
    assert normalize_line("x = \ufb01\ufb02\ufb00 + y", counts) == "x = + y"
    assert counts.ligatures_expanded == 0 and counts.formula_glyphs_dropped == 3


def test_cid_runs_dropped_and_counted():
    counts = Counts()
    assert normalize_line("Binding (cid:3)(cid:45)(cid:12) of MOP", counts) == "Binding of MOP"
    assert counts.cid_glyphs_dropped == 3


def test_mostly_cid_document_is_an_unreadable_failure(tmp_path):
    """"Unreadable" is a failure kind (the run lists it), not a processed empty document."""
    path = tmp_path / "glyphs.txt"
    path.write_text("(cid:12)(cid:40)(cid:77) " * 400 + "\nA title\n", encoding="utf-8")
    with pytest.raises(IngestError, match="unreadable: 1200 \\(cid:N\\) glyphs"):
        read_document(path)


def test_mojibake_repaired_but_curly_quotes_kept(tmp_path):
    path = tmp_path / "moji.txt"
    path.write_text(
        "The receptor\u00e2\u20ac\u2122s half-life was reduced in O\u2019Regan\u2019s model. " * 6,
        encoding="utf-8",
    )
    text = read_document(path).text
    assert "receptor\u2019s half-life" in text and "O\u2019Regan\u2019s" in text


# --- dropped ligatures --------------------------------------------------------------


@pytest.mark.parametrize(
    "broken, fixed",
    [
        ("was signi cant in", "was significant in"),
        ("the e ect of", "the effect of"),
        ("a di erent response", "a different response"),
        ("high af nity binding", "high affinity binding"),
        ("to in uence the", "to influence the"),
        ("the nal result", "the final result"),
    ],
)
def test_dropped_ligature_repaired(broken, fixed):
    counts = Counts()
    assert repair_dropped_ligatures(broken, load_vocabulary(), counts) == fixed
    assert counts.dropped_ligatures_repaired == 1


@pytest.mark.parametrize("text", ["one of the cells", "a test of in vivo growth", "in a dose of it"])
def test_real_words_are_not_joined(text):
    assert repair_dropped_ligatures(text, load_vocabulary(), Counts()) == text


# --- citations -------------------------------------------------------------------


def test_citation_markers():
    text = "shown (45) and (99-101), also (27, 28) and [12], [1,8-10]; cells\u00b9\u00b2 and MCF\u00b3\u207b\u2075; in 2006 (2006) at (10\u20137 mol/L)."
    cites = {c.text: c.refs for c in find_citations(text, [(0, len(text))])}
    assert cites["(45)"] == ("45",)
    assert cites["(99-101)"] == ("99", "100", "101")
    assert cites["(27, 28)"] == ("27", "28")
    assert cites["[12]"] == ("12",)
    assert cites["[1,8-10]"] == ("1", "8", "9", "10")
    assert cites["\u00b9\u00b2"] == ("12",)
    assert cites["\u00b3\u207b\u2075"] == ("3", "4", "5")
    assert "(2006)" not in cites
    assert len(cites) == 7


def test_implausible_range_is_not_a_citation():
    assert expand_refs("10-700") == ()


# --- a text file saved from a PDF ---------------------------------------------------


@pytest.fixture(scope="module")
def pdf_text():
    return read_document(FIXTURES / "pdf_extracted.txt")


def test_pdf_text_sections(pdf_text):
    headings = [(s.heading, s.kind) for s in pdf_text.sections]
    assert headings == [
        ("1. SUMMARY", "body"),
        ("2. IGF SIGNALLING AND RESISTANCE TO ENDOCRINE THERAPY", "body"),
        ("2.1. Resistance to fulvestrant treatment", "body"),
        ("Figure 2", "caption"),
    ]
    for s in pdf_text.sections[:3]:
        body = pdf_text.text[s.start : s.end]
        assert s.heading not in body and body[:1].isupper()


def test_pdf_text_paragraph_broken_by_blank_line_is_joined(pdf_text):
    assert "Growth factor receptors promote survival of tumour cells" in pdf_text.text


def test_pdf_text_header_page_number_and_caption_leave_the_sentence(pdf_text):
    text = pdf_text.text
    assert "The cells were unable to respond to the drug after six months." in text
    assert "a review?" not in text and "2417" not in text
    assert pdf_text.quality.page_numbers_removed == 1
    assert pdf_text.quality.header_footer_lines_removed == 1
    assert pdf_text.quality.captions_found == 1


def test_pdf_text_hyphens(pdf_text):
    text = pdf_text.text
    for expected in ("ER-positive cells", "IGF-IR becomes", "MCF-7/HER-2 cells", "reduce proliferation of",
                     "paclitaxel- and doxorubicin-induced", "receptor down-regulation was"):
        assert expected in text


def test_pdf_text_citations(pdf_text):
    refs = [c.refs for c in pdf_text.citations]
    assert ("4", "5") in refs and ("6", "7", "8") in refs and ("9",) in refs and ("10",) in refs


# --- web page text and HTML ----------------------------------------------------------


def test_web_text_keeps_abstract_drops_banner_and_metadata():
    doc = read_document(FIXTURES / "web_page.txt")
    assert doc.text.startswith("Insulin-like growth factor signalling drives resistance")
    assert doc.text.rstrip().endswith("which patients may benefit.")
    for furniture in ("cookie", "Original publication", "Journal article", "Publication Date", "112 - 130", "Cancer Res Rev", "Humans"):
        assert furniture not in doc.text
    assert doc.quality.boilerplate_lines_removed >= 7


def test_html_main_text_without_banner_or_navigation():
    doc = read_document(FIXTURES / "publisher_page.html")
    assert doc.media_type == "text/html"
    assert "cookies" not in doc.text.lower() and "Journals" not in doc.text
    headings = [s.heading for s in doc.sections]
    assert "Abstract" in headings and "Introduction" in headings
    intro = next(s for s in doc.sections if s.heading == "Introduction")
    assert doc.text[intro.start : intro.end].startswith("Resistance to therapy remains")
    assert {c.refs for c in doc.citations} >= {("3",), ("4", "5")}


def test_html_banner_that_main_text_extraction_keeps_is_removed(tmp_path):
    path = tmp_path / "page.html"
    banner = "<p>We use cookies to give you the best experience. Accept all cookies or manage your privacy settings.</p>"
    para = "<p>Blocking the receptor restored the response of resistant tumour cells to the drug in culture and in mice.</p>"
    path.write_text(f"<html><body><article>{banner}{para * 3}</article></body></html>", encoding="utf-8")
    doc = read_document(path)
    assert "cookies" not in doc.text and "restored the response" in doc.text


# --- the seed papers -----------------------------------------------------------------


@pytest.fixture(scope="module")
def seed_004():
    return read_document(SEED_004)


def test_seed_004_has_its_sixteen_numbered_sections(seed_004):
    body = [s for s in seed_004.sections if s.kind == "body"]
    assert len(body) == 16
    assert body[0].heading == "1. ABSTRACT"
    assert body[4].heading == "5. IGF SYSTEM IN RESISTANCE TO ENDOCRINE THERAPIES IN BREAST CANCER"
    assert "7. IGF SYSTEM INFLUENCES RESPONSE TO RADIATION" in [s.heading for s in body]
    assert body[-1].heading == "10. CONCLUSION"


def test_seed_004_running_header_and_page_number_gone(seed_004):
    assert "key player in cancer therapeutic resistance?" not in seed_004.text
    assert "\n3280\n" not in seed_004.text
    assert "The radiosensitivity likely can be explained by a cellular decision" in seed_004.text


@pytest.mark.skipif(not GOLD.exists(), reason="shared gold data not available")
def test_seed_004_contains_every_gold_sentence(seed_004):
    text = " ".join(seed_004.text.split())
    sentences = {json.loads(line)["sentence"] for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()}
    missing = [s for s in sentences if " ".join(s.split()) not in text]
    assert not missing


def test_seed_000_keeps_abstract_loses_banner_and_metadata():
    doc = read_document(SEED_000)
    assert doc.text.startswith("Despite a strong preclinical rationale")
    assert "overcome treatment resistance." in doc.text
    for furniture in ("Cookies", "Original publication", "Journal article", "Publication Date", "571 - 597", "Antineoplastic Agents"):
        assert furniture not in doc.text


def test_text_file_with_form_feeds_gives_pages(tmp_path):
    path = tmp_path / "paged.txt"
    page = "Receptor signalling keeps resistant cells alive during long treatment with the drug. " * 4
    path.write_text(f"{page}\n\f{page}\n\f{page}", encoding="utf-8")
    doc = read_document(path)
    assert [p.page for p in doc.pages] == [1, 2, 3]
    assert doc.page_at(len(doc.text) - 1) == 3
