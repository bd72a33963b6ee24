"""Issue 14 round 19 (issue 13's entity coverage): a gene the heads found with a word or a
change around it keeps its id once the span is cut back to its name ("wildtype PIK3CA",
"GNAS1 R201C mutation"). Sentences written for the tests, not taken from any corpus."""

from __future__ import annotations

import pytest

from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def ents(nlp, text):
    (doc,) = nlp.pipe(paper_docs(nlp, [text], "p"))
    return {(e.text, e.label_, e.kb_id_) for e in doc.ents}


@pytest.mark.parametrize("text, name, kb_id", [
    # the name's key is also a drug's (PIK3CA), so only its gene reading grounds the cut span
    ("Responses were shorter in the tumours with wildtype PIK3CA than in the others.", "PIK3CA", "HGNC:8975"),
    # the change after the name is also a cell line's name in the lexicon ("R201C")
    ("A GNAS1 R201C mutation was found in the second biopsy.", "GNAS1", "HGNC:4392"),
])
def test_a_gene_cut_back_to_its_name_keeps_its_id(nlp, text, name, kb_id):
    assert (name, "gene", kb_id) in ents(nlp, text)


def test_a_gene_with_its_change_stays_grounded(nlp):
    # guard (passes before and after): the ordinary case
    assert ("EGFR", "gene", "HGNC:3236") in ents(nlp, "Tumours with an EGFR T790M mutation grew on the drug.")


def test_a_gene_and_its_change_the_chemical_head_took_is_the_gene(nlp):
    # the chemical head takes "HRAS G13D co-mutation" whole, with no id: a change is never
    # part of a drug's name, and HRAS is a gene's name and no drug's
    found = ents(nlp, "A HRAS G13D co-mutation was found in one resistant patient.")
    assert ("HRAS", "gene", "HGNC:5173") in found
    assert not any(label == "drug" for _, label, _ in found)


def test_a_drug_before_a_change_stays_a_drug(nlp):
    # guard: a drug's name before a change keeps the drug ("Osimertinib overcomes T790M")
    found = ents(nlp, "Osimertinib overcomes T790M in the cells we tested.")
    assert any(text == "Osimertinib" and label == "drug" for text, label, _ in found)
