"""Cells named by a CD marker are recognised cell_line mentions (JNLPBA's extents),
never names, and the marker stays a gene."""

from __future__ import annotations

import pytest

from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings(), mention_extents=True)


def test_cd_marker_cells_are_line_mentions_and_no_names(nlp):
    (doc,) = nlp.pipe(paper_docs(nlp, ["IL-2 production by CD4+ T cells and CD4 cells was measured, "
                                       "but not in CD8+ T lymphocytes or Jurkat cells."], "p"))
    mentions = {(m.text, m.label_) for m in doc.spans["mentions"]}
    assert ("CD4+ T cells", "cell_line") in mentions
    assert ("CD4 cells", "cell_line") in mentions
    assert ("Jurkat cells", "cell_line") in mentions
    # "lymphocytes" after a marker: 0 of 3 such phrases of the JNLPBA training part were lines.
    assert not any(text.startswith("CD8") and label == "cell_line" for text, label in mentions)
    # The phrases are no names: doc.ents keeps the marker as a gene.
    names = {(e.text, e.label_) for e in doc.ents}
    assert ("CD4", "gene") in names  # the sign is cut off the name ("CD4+" -> CD4)
    assert not any(text.endswith("cells") for text, _ in names)
