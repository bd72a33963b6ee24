"""Issue 13, round 11: Methods sentences that state no finding are not read for claims
(extract/claimable.py). Sentences written for the test."""

from __future__ import annotations

import pytest

from litclaims.extract.claimable import is_claimable, is_protocol_sentence
from litclaims.schemas.records import Sentence


@pytest.mark.parametrize("text, protocol", [
    ("Cells were lysed in buffer containing 20 mM HEPES pH 7.5, 100 mM KCl, 2 mM EDTA and the protease inhibitors leupeptin and aprotinin.", True),
    ("The fold activation of the reporter by KRAS G12V was determined by the luciferase activity divided by that of the vector.", True),
    ("Band intensities were quantified by densitometry.", True),
    ("Recombinant KSRP was phosphorylated by AKT2 in standard kinase assays.", False),
    ("Cells were treated with 10 uM LY294002 for 1 h.", False),
])
def test_protocol_sentences(text, protocol):
    assert is_protocol_sentence(text) is protocol


@pytest.mark.parametrize("heading_kind, claimable", [("methods", False), ("results", True), ("caption", True)])
def test_a_recipe_is_read_only_outside_methods(heading_kind, claimable):
    text = "Lysates were prepared in 50 mM Tris-HCl, 150 mM NaCl, 1 mM PMSF and 10 ug/ml soybean trypsin inhibitor."
    sentence = Sentence("s", "d", 0, 0, len(text), text, None, "body", None, heading_kind=heading_kind)
    assert is_claimable(sentence) is claimable
