"""A reference list and the front matter give sentences only: the pipeline splits them
into sentences and reads nothing else there, so a definition in a cited title is not
the paper's (it neither names nor grounds a short form of the body)."""

from __future__ import annotations

from pathlib import Path

import pytest

from litclaims.ingest import read_document
from tests.conftest import SHARED

BODY = """Introduction

Mosquitoes find their hosts by smell, and the repellents used against them act on the proteins that carry odorants to the receptors of the antenna.

Results

Here AgamOBP1 bound indole in every assay, and the binding of AgamOBP1 fell when DEET was added to the buffer at high concentration.
"""
DEFINITIONS = (
    "The Anopheles gambiae odorant binding protein 1 (AgamOBP1) mediates indole recognition in the antennae of "
    "female mosquitoes. PLoS One 2010, 5: e9471.\n"
    "Anopheles gambiae odorant binding protein crystal complex with the synthetic repellent DEET: implications "
    "for the mode of action of n,n-diethyl-3–methylbenzamide (DEET). Cell Mol Life Sci 2012, 69: 283-297.\n")


def _paper(tmp_path: Path, name: str, text: str):
    path = tmp_path / name
    path.write_text("Odorant binding in mosquitoes\n\n" + text, encoding="utf-8")
    return read_document(path)


def test_a_definition_in_a_cited_title_does_not_define_the_body(extractor):
    """cm_3-305.pdf cites "The Anopheles gambiae odorant binding protein 1 (AgamOBP1) ..." and
    "... n,n-diethyl-3-methylbenzamide (DEET)"; read as the paper's own definitions they named
    the body's AgamOBP1 after the cited title and took DEET's mentions away."""
    pdf = SHARED / "pdfs" / "cm_3-305.pdf"
    if not pdf.exists():
        pytest.skip("shared PDFs not beside the repo")
    extraction = extractor.extract(read_document(pdf))
    references = [s for s in extraction.document.sections if s.kind == "references"]
    assert any("(AgamOBP1)" in extraction.document.text[s.start:s.end] for s in references)
    agam = [m for m in extraction.mentions if m.text == "AgamOBP1"]
    assert agam and not [m for m in agam if m.entity_name and "odorant" in m.entity_name]
    deet = [m for m in extraction.mentions if m.text == "DEET"]
    assert deet and {m.entity_id for m in deet} == {"UNII:FB0C1XZV4Y"}


def test_reference_sentences_are_split_as_body_sentences_are(tmp_path, extractor):
    cited = extractor.extract(_paper(tmp_path, "cited.txt", BODY + "\nReferences\n\n" + DEFINITIONS))
    as_body = extractor.extract(_paper(tmp_path, "as_body.txt", BODY + "\nDiscussion\n\n" + DEFINITIONS))
    references = [s.text for s in cited.sentences if s.section_kind == "references"]
    discussion = [s.text for s in as_body.sentences if s.section == "Discussion"]
    assert len(references) >= 2 and references == discussion
    assert not [m for m in cited.mentions if m.start >= cited.document.sections[-1].start]
