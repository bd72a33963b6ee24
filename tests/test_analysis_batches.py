"""The chunks of one long paper go through the models in small batches (memory: the
heads' activations grow with the docs of one call, docs/reliability.md), and the
batch size changes nothing: the abbreviation pool still shares a paper's definitions
across every batch, so a short form used in the first section and defined in the last
keeps the long form's id."""

from __future__ import annotations

import hashlib

import pytest

from litclaims.extract import Extractor
from litclaims.schemas.records import Document, Section

SECTIONS = 40  # more than two batches of PIPE_BATCH_DOCS sections


def _long_paper() -> Document:
    bodies = ["In resistant cells, InRS1 levels fell and HER-2 conferred resistance to trastuzumab."]
    bodies += [f"Experiment {i} treated MCF-7 cells with gefitinib, which inhibits EGFR." for i in range(1, SECTIONS - 1)]
    bodies += ["Phosphorylation of insulin receptor substrate 1 (InRS1) was measured last."]
    text, sections = "", []
    for i, body in enumerate(bodies):
        heading = f"{i + 1}. Results part {i + 1}"
        text += heading + "\n"
        sections.append(Section(heading=heading, start=len(text), end=len(text) + len(body), heading_kind="body"))
        text += body + "\n\n"
    return Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path="long.txt",
                    media_type="text/plain", text=text, sections=tuple(sections))


@pytest.mark.parametrize("batch", [1, 1000])
def test_a_long_paper_gives_the_same_extraction_whatever_the_batch_size(extractor, batch):
    paper = _long_paper()
    other = Extractor(extractor.nlp, extractor.engine, extractor.extractor_version, pipe_batch_docs=batch)
    assert extractor.pipe_batch_docs < SECTIONS // 2
    assert other.extract(paper) == extractor.extract(paper)


def test_a_definition_in_the_last_batch_grounds_a_short_form_in_the_first(extractor):
    paper = _long_paper()
    first_section_end = paper.sections[0].end
    early = [m for m in extractor.extract(paper).mentions if m.text == "InRS1" and m.end <= first_section_end]
    assert early and all(m.entity_id == "HGNC:6125" for m in early)
