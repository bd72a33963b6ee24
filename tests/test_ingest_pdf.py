"""PDF ingest on PDFs drawn at test time: two columns, running headers, page
numbers, ligature glyphs, line-end hyphens, headings, captions, references."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from litclaims.ingest import read_document

sys.path.insert(0, str(Path(__file__).resolve().parent / "fixtures" / "ingest"))
from pdf_factory import runs_pdf, single_page_pdf, two_column_pdf  # noqa: E402

HEADER = "Journal of Synthetic Oncology 2024; 12: 101-110"


def _paper(tmp_path: Path) -> Path:
    page1_left = [
        ("h", "1. Introduction"),
        ("p", "Alpha one: the left column is read first. Tamoxifen"),
        ("p", "resistance arises in breast cancer cells that show"),
        ("p", "increased prolifer-"),
        ("p", "ation after long exposure (12, 13). The IGF-"),
        ("p", "IR pathway and HER-"),
        ("p", "2 signalling are involved in MCF-"),
        ("p", "7/HER-2 cells, which resist paclitaxel-"),
        ("p", "and doxorubicin-induced apoptosis [4]."),
        ("p", "Alpha two: a signi\ufb01cant \ufb02ow of signals runs"),
        ("p", "through the receptor and this sentence goes on"),
    ]
    page1_right = [
        ("p", "into the right column (Beta one) without a break,"),
        ("p", "which the reader must join to the left column (5-7)."),
        ("gap", ""),
        ("h", "2. Results"),
        ("p", "Beta two: cells treated with the inhibitor grew"),
        ("p", "less than control cells in every experiment."),
    ]
    page2_left = [
        ("p", "Gamma one: the second page starts in the left"),
        ("p", "column and states that the effect was robust."),
        ("gap", ""),
        ("p", "Figure 1. Growth of treated and control cells."),
    ]
    page2_right = [
        ("h", "References"),
        ("p", "[1] Smith J, Jones A. A study of things. J Test. 2020."),
        ("p", "[2] Brown B. Another study. J Test. 2021."),
    ]
    return two_column_pdf(tmp_path / "paper.pdf", [(page1_left, page1_right), (page2_left, page2_right)], header=HEADER)


@pytest.fixture(scope="module")
def paper(tmp_path_factory):
    return read_document(_paper(tmp_path_factory.mktemp("pdf")))


def test_record_basics(paper, tmp_path_factory):
    assert paper.media_type == "application/pdf"
    assert len(paper.doc_id) == 64
    assert paper.n_pages == 2
    assert paper.quality.verdict == "ok"


def test_two_columns_in_reading_order(paper):
    text = paper.text
    order = [text.find(marker) for marker in ("Alpha one", "Alpha two", "Beta one", "Beta two", "Gamma one")]
    assert -1 not in order
    assert order == sorted(order)


def test_paragraph_continues_across_columns(paper):
    assert "this sentence goes on into the right column (Beta one) without a break" in paper.text


def test_running_header_and_page_numbers_removed(paper):
    assert "Synthetic Oncology" not in paper.text
    assert paper.quality.header_footer_lines_removed >= 2
    assert paper.quality.page_numbers_removed == 2


def test_line_end_hyphens(paper):
    text = paper.text
    assert "increased proliferation after" in text
    assert "The IGF-IR pathway and HER-2 signalling" in text
    assert "MCF-7/HER-2 cells" in text
    assert "paclitaxel- and doxorubicin-induced" in text
    assert paper.quality.hyphen_joins_removed >= 1
    assert paper.quality.hyphen_joins_kept >= 4


def test_ligature_glyphs_expanded(paper):
    assert "a significant flow of signals" in paper.text
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in paper.text)
    assert paper.quality.ligatures_expanded == 2


def test_headings_are_sections_and_not_in_their_bodies(paper):
    by_heading = {s.heading: s for s in paper.sections}
    assert {"1. Introduction", "2. Results", "References"} <= set(by_heading)
    intro = by_heading["1. Introduction"]
    assert paper.text[intro.start : intro.end].startswith("Alpha one")
    assert "Introduction" not in paper.text[intro.start : intro.end]
    assert by_heading["References"].kind == "references"
    references = paper.text[by_heading["References"].start : by_heading["References"].end]
    # One paragraph per entry.
    assert references.split("\n\n") == ["[1] Smith J, Jones A. A study of things. J Test. 2020.", "[2] Brown B. Another study. J Test. 2021."]


def test_sections_tile_the_text_in_order(paper):
    previous_end = 0
    for section in paper.sections:
        assert section.start >= previous_end
        gap = paper.text[previous_end : section.start]
        # Only separators and the heading line itself lie between sections.
        assert gap.strip() in ("", section.heading) or section.kind == "caption"
        previous_end = section.end
    assert previous_end == len(paper.text)


def test_caption_is_kept_apart(paper):
    captions = [s for s in paper.sections if s.kind == "caption"]
    assert len(captions) == 1
    assert paper.text[captions[0].start : captions[0].end].startswith("Figure 1. Growth")
    body = " ".join(paper.text[s.start : s.end] for s in paper.sections if s.kind == "body")
    assert "Growth of treated" not in body


def test_pages_map_offsets_to_pages_with_bboxes(paper):
    assert paper.pages and all(p.bbox is not None for p in paper.pages)
    assert paper.page_at(paper.text.find("Alpha one")) == 1
    assert paper.page_at(paper.text.find("Gamma one")) == 2
    spread = paper.text.find("into the right column")
    assert paper.pages_between(spread - 40, spread + 10) == (1,)


def test_citations_in_body_with_ranges(paper):
    refs = {c.text: c.refs for c in paper.citations}
    assert refs["(12, 13)"] == ("12", "13")
    assert refs["(5-7)"] == ("5", "6", "7")
    assert refs["[4]"] == ("4",)
    references = next(s for s in paper.sections if s.kind == "references")
    assert not any(references.start <= c.start < references.end for c in paper.citations)


def test_formula_run_of_ligature_glyphs_is_not_a_word(tmp_path):
    path = single_page_pdf(
        tmp_path / "formula.pdf",
        ["The model is defined below and it holds for all cells tested."] * 3
        + ["x = \ufb01\ufb02\ufb01 + y"]
        + ["The fitted curve is smooth across every dose we used here."] * 3,
    )
    doc = read_document(path)
    assert "fiflfi" not in doc.text
    assert "fitted curve" in doc.text
    assert not any("\ufb00" <= ch <= "\ufb06" for ch in doc.text)
    assert doc.quality.verdict == "degraded"


def test_same_file_same_id(tmp_path):
    path = single_page_pdf(tmp_path / "a.pdf", ["Some text long enough to be read as a line of a paper."] * 5)
    assert read_document(path).doc_id == read_document(path).doc_id


def test_superscript_citation_numbers_become_citations(tmp_path):
    filler = [[("p", "Receptor signalling keeps cells alive during long treatment with the drug.")]] * 4
    path = runs_pdf(
        tmp_path / "sup.pdf",
        filler
        + [[("p", "Overexpression confers resistance to tamoxifen"), ("sup", "12,13"), ("p", " in breast cancer cells.")],
           [("p", "Blocking the receptor restores the response"), ("sup", "4-6"), ("p", " of resistant cells.")]],
    )
    doc = read_document(path)
    refs = {c.refs for c in doc.citations}
    assert ("12", "13") in refs and ("4", "5", "6") in refs
    assert "tamoxifen\u00b9\u00b2,\u00b9\u00b3 in breast" in doc.text


def test_run_in_numbered_heading_is_split_from_its_paragraph(tmp_path):
    body = "Cells were grown in medium with serum and counted every day for a week."
    path = runs_pdf(
        tmp_path / "runin.pdf",
        [[("b", "1. Methods")], [("p", body)], [("p", body)],
         [("b", "1.1. Growth Assays. "), ("p", "Treated cells grew less than the control")],
         [("p", "cells in every experiment that was done.")], [("p", body)]],
    )
    doc = read_document(path)
    headings = [s.heading for s in doc.sections]
    assert "1.1. Growth Assays" in headings
    section = next(s for s in doc.sections if s.heading == "1.1. Growth Assays")
    assert doc.text[section.start : section.end].startswith("Treated cells grew less than the control cells in every")


def test_a_pdfs_work_is_estimated_from_its_pages_not_its_bytes(tmp_path):
    from litclaims.ingest import estimated_work
    from litclaims.ingest.work_estimate import PDF_PAGE_WORK_BYTES

    pdf = _paper(tmp_path)  # two pages
    assert estimated_work(pdf, pdf.stat().st_size) == 2 * PDF_PAGE_WORK_BYTES
    text = tmp_path / "note.txt"
    text.write_text("EGFR T790M confers resistance to gefitinib.")
    assert estimated_work(text, 44) == 44
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\nnot really a PDF")
    assert estimated_work(broken, 26) == 26  # the worker reports the damage; the estimate falls back
