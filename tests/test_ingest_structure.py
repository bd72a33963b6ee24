"""Issue 12, the text side: section kinds for every format, headings without
numbers, sentences split after citations, short documents read, and the
sentences claims are not taken from. The JATS checks run over the eight PMC
papers of ../shared/nxml when that folder is there."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from litclaims.extract.claimable import is_claimable, is_supplier_sentence
from litclaims.extract.extractor import _section_chunks
from litclaims.extract.pipeline import SENTENCE_SPLITTER, TOKEN_SPLITTER
from litclaims.ingest import read_document
from litclaims.ingest.section_kinds import HeadingInfo, block_heading_kinds
from litclaims.schemas.records import Sentence
from tests.conftest import SHARED

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
UNNUMBERED = FIXTURES / "unnumbered_headings.txt"
NXML = sorted((SHARED / "nxml").glob("*.nxml")) if (SHARED / "nxml").is_dir() else []
SUP = "\u2070\u00b9\u00b2\u00b3\u2074-\u2079"
# A sentence end with its citation after the full stop ("observed.⁴⁸ Next", "cells.[3] The") or
# before it ("resistance [12,13]. The", "(4). The"), followed by the next sentence's first word.
CITATION_ENDED_BOUNDARY = re.compile(
    rf"(?<!\bal)(?<!\bFig)(?<!\bFigs)(?<!\bRef)(?<!\bRefs)[a-z0-9%)\]]\.(?:[{SUP}]+(?:[,\u207b\u2013-][{SUP}]+)*"
    rf"|\[\d[\d,\u2013\- ]*\])\s+[A-Z][a-z]"
    rf"|[a-z]\s?(?:\[\d[\d,\u2013\- ]*\]|\(\d[\d,\u2013\- ]*\))\.\s+[A-Z][a-z]"
)


def _sentences(extractor, document):
    """(section, sentence text, start) as the extractor cuts them: per section chunk,
    the production tokenizer and sentence splitter (the other components skipped)."""
    with extractor.nlp.select_pipes(enable=[TOKEN_SPLITTER, SENTENCE_SPLITTER]):
        for section, base, chunk in _section_chunks(document):
            for sent in extractor.nlp(chunk).sents:
                if sent.text.strip():
                    yield section, sent.text.strip(), base + sent.start_char


def _heading_ranges(document):
    return [(s.start - 2 - len(s.heading), s.start - 2) for s in document.sections
            if s.heading and document.text[s.start - 2 - len(s.heading): s.start - 2] == s.heading]


# --- headings and section kinds in a text file --------------------------------------


def test_unnumbered_headings_found_with_kinds():
    doc = read_document(UNNUMBERED)
    headed = [(s.heading, s.heading_kind) for s in doc.sections if s.heading]
    assert headed == [
        ("Abstract", "abstract"),
        ("INTRODUCTION", "introduction"),                        # all capitals, a usual name
        ("MATERIALS AND METHODS", "methods"),
        ("Cell culture", "methods"),                             # a lone short line: a subsection
        ("Western Blotting", "methods"),                         # a short title-case first line
        ("RESULTS", "results"),
        ("IGF-1R Confers Tamoxifen Resistance", "results"),
        ("Discussion", "discussion"),
        ("References", "references"),
    ]
    front = [(s.kind, s.heading_kind) for s in doc.sections if not s.heading]
    assert front == [("front", "title"), ("front", "front_matter")]


@pytest.mark.parametrize("name", ["Review", "EXPERIMENTAL", "Materials and methods", "Results"])
def test_standard_names_are_headings(tmp_path, name):
    path = tmp_path / "paper.txt"
    path.write_text(f"Introduction\n\nTamoxifen is used widely.\n\n{name}\n\nIGF-1R confers resistance to tamoxifen.\n")
    doc = read_document(path)
    assert [s.heading for s in doc.sections if s.heading] == ["Introduction", name]


def test_heading_never_starts_a_sentence(extractor):
    doc = read_document(UNNUMBERED)
    headings = _heading_ranges(doc)
    for _, text, start in _sentences(extractor, doc):
        assert not any(h_start <= start < h_end for h_start, h_end in headings), text
        assert not text.startswith(("Cell culture", "Western Blotting", "IGF-1R Confers")), text


def test_title_line_is_its_own_sentence(tmp_path, extractor):
    path = tmp_path / "abstract.txt"
    path.write_text("IGF-1R signalling drives tamoxifen resistance in breast cancer\n\n"
                    "Tamoxifen resistance is common. IGF-1R overexpression confers resistance to tamoxifen.\n")
    doc = read_document(path)
    assert (doc.sections[0].kind, doc.sections[0].heading_kind) == ("front", "title")
    texts = [s.text for s in extractor.extract(doc).sentences]
    assert texts[0] == "IGF-1R signalling drives tamoxifen resistance in breast cancer"


def test_block_heading_kinds_numbered_parents_and_structured_abstract():
    kinds = block_heading_kinds([
        HeadingInfo("", "front", "title"), HeadingInfo("Abstract", "body"), HeadingInfo("Methods", "body"),
        HeadingInfo("Results", "body"), HeadingInfo("1. Introduction", "body"), HeadingInfo("2. Methods", "body"),
        HeadingInfo("2.1. Drugs/Reagents", "body"), HeadingInfo("3. Results", "body"),
        HeadingInfo("3.1. Survival Analysis", "body"), HeadingInfo("4. IGF SYSTEM IN RESISTANCE", "body"),
        HeadingInfo("Acknowledgments", "body"), HeadingInfo("References", "references"),
        HeadingInfo("Figure 1", "caption"),
    ])
    assert kinds == ["title", "abstract", "abstract", "abstract", "introduction", "methods", "methods", "results",
                     "results", "other", "other", "references", "caption"]


@pytest.mark.skipif(not (SHARED / "pdfs").is_dir(), reason="../shared/pdfs not present")
def test_pdf_front_matter_title_and_unlabelled_abstract():
    doc = read_document(SHARED / "pdfs" / "hindawi_PMC4736972.pdf")
    front = [(s.heading_kind, doc.text[s.start:s.end][:30]) for s in doc.sections if s.kind == "front"]
    assert [k for k, _ in front] == ["front_matter", "title", "front_matter", "abstract"]
    assert front[-1][1].startswith("Over the past decade")
    assert all(s.heading_kind for s in doc.sections)


# --- sentences after citations -------------------------------------------------------


def test_sentences_split_after_superscript_and_bracketed_citations(extractor):
    doc = read_document(UNNUMBERED)
    texts = [text for _, text, _ in _sentences(extractor, doc)]
    assert "Resistance to tamoxifen was observed in long-term cultures.\u2074\u2078" in texts
    assert "Next, we found that IGF-1R overexpression confers resistance to tamoxifen [12,13]." in texts
    assert "The effect was strong." in texts
    assert "Resistance develops in many patients.\u2074" in texts


@pytest.mark.skipif(not NXML, reason="../shared/nxml not present")
@pytest.mark.parametrize("path", NXML, ids=[p.stem for p in NXML])
def test_jats_no_sentence_starts_with_a_heading_or_spans_a_citation_boundary(extractor, path):
    doc = read_document(path)
    headings = _heading_ranges(doc)
    assert headings
    for section, text, start in _sentences(extractor, doc):
        assert not any(h_start <= start < h_end for h_start, h_end in headings), text
        assert start >= section.start
        if section.kind != "references":
            assert not CITATION_ENDED_BOUNDARY.search(text), text


# --- short documents ------------------------------------------------------------------


def test_150_letter_abstract_yields_sentences_and_claims(tmp_path, extractor):
    text = ("Tamoxifen resistance in MCF-7 breast cancer cells is caused by IGF-1R overexpression. "
            "Trastuzumab inhibits HER2 signalling in these tumours and in xenograft models.\n")
    assert 130 <= sum(c.isalpha() for c in text) <= 160
    path = tmp_path / "abstract.txt"
    path.write_text(text)
    doc = read_document(path)
    assert doc.quality.verdict == "ok"
    extraction = extractor.extract(doc)
    assert len(extraction.sentences) == 2
    assert {(c.claim_type, c.subject.text) for c in extraction.claims} >= {("resistance", "IGF-1R"), ("inhibition", "Trastuzumab")}


# --- sentences claims are not taken from ----------------------------------------------

SUPPLIER_SENTENCE = "The EGFR antagonist, AG1478, was purchased from Biomol (Plymouth Meeting, PA)."


def test_methods_supplier_sentence_yields_no_claim(tmp_path, extractor, claims_of):
    path = tmp_path / "paper.txt"
    path.write_text(f"Introduction\n\nEGFR is a target.\n\nMethods\n\n{SUPPLIER_SENTENCE}\n\n"
                    "Results\n\nIGF-1R confers resistance to tamoxifen.\n")
    extraction = extractor.extract(read_document(path))
    assert SUPPLIER_SENTENCE in [s.text for s in extraction.sentences]
    assert [c.subject.text for c in extraction.claims] == ["IGF-1R"]
    # The same sentence outside any section gives its claim: the filter is what removed it.
    assert [c.subject.text for c in claims_of(SUPPLIER_SENTENCE)] == ["AG1478"]


def test_claims_kept_in_captions_with_their_kind(tmp_path, extractor):
    path = tmp_path / "paper.txt"
    path.write_text("Results\n\nIGF-1R confers resistance to tamoxifen.\n\n"
                    "Figure 1. Trastuzumab inhibits HER2 in BT474 cells.\n\nMore results follow here.\n")
    extraction = extractor.extract(read_document(path))
    kinds = {s.sentence_id: s.heading_kind for s in extraction.sentences}
    assert "caption" in {kinds[c.sentence_id] for c in extraction.claims}


@pytest.mark.parametrize("text, supplier", [
    ("Anti-IGF-1R antibodies were purchased from Santa Cruz Biotechnology (Santa Cruz, CA).", True),
    ("Antibodies against HER2 were from Cell Signaling.", True),
    ("pBABE-Ras constructs were a gift from Dr. Lawrence Quilliam.", True),
    ("Saos2 cells were obtained from the American Type Culture Collection (Manassas, VA).", True),
    ("Tamoxifen (cat. no. T5648) was dissolved in ethanol.", True),
    ("According to data obtained from clinical trials, few patients respond.", False),
    ("KSRP was phosphorylated by AKT2 in vitro.", False),
])
def test_supplier_sentences(text, supplier):
    assert is_supplier_sentence(text) is supplier


@pytest.mark.parametrize("section_kind, heading_kind, claimable", [
    ("references", "references", False), ("front", "front_matter", False), ("front", "title", True),
    ("body", "methods", True), ("caption", "caption", True), ("body", None, True),
])
def test_claimable_sections(section_kind, heading_kind, claimable):
    sentence = Sentence("s", "d", 0, 0, 30, "IGF-1R confers resistance to tamoxifen.", None, section_kind, None,
                        heading_kind=heading_kind)
    assert is_claimable(sentence) is claimable


# --- litclaims eval ingest against JATS -----------------------------------------------


@pytest.mark.skipif(not NXML, reason="../shared/nxml not present")
def test_eval_structure_of_a_jats_paper_against_itself():
    from litclaims.evaluation.ingest_structure import structure_row

    doc = read_document(NXML[0])
    row = structure_row(NXML[0], doc, NXML[0], doc)
    assert row.jats_recall == 1.0 and row.fused == 0
    assert row.headings_found == row.headings_total > 0
    assert row.sentences_found == row.sentences_total > 0
