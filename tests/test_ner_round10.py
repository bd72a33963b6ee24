"""Issue 14 round 10: BioRED chemicals. An amino acid named as a residue of a protein
("a glycine to arginine substitution", "the Ile/Val genotype", "Arg555Trp") is part of a
protein change, not a chemical name; amino acids measured or given as compounds stay.
Real sentences through the production pipeline."""

from __future__ import annotations

import pytest

from litclaims.extract.pipeline import build_pipeline
from litclaims.schemas.config import Settings
from tests.paper_names import paper_names as names


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def _drugs(found) -> set[str]:
    return {text for text, label, _ in found if label == "drug"}


def test_amino_acids_in_a_protein_change_are_no_chemicals(nlp):
    found = names(nlp,
                  "The mutation in exon 2 leads to a substitution of alanine for valine at position 88 (p.Ala88Val).",
                  "A missense mutation causing a glycine to glutamine substitution was found in two families.",
                  "We conclude that the GSTP1 Ile/Val polymorphism is involved in the risk of prostate cancer.",
                  "Eight of 18 patients carried the Arg555Trp mutation of TGFBI.")
    drugs = _drugs(found)
    for residue in ("alanine", "valine", "glycine", "glutamine", "Ile", "Val", "Arg555Trp", "Ala88Val"):
        assert residue not in drugs, (residue, found)


def test_amino_acids_as_compounds_stay_chemicals(nlp):
    found = names(nlp,
                  "Pilocarpine decreased aspartate, glutamine and glutamate levels in the hippocampus of seized mice.",
                  "A defect in the glycine cleavage system leads to an accumulation of glycine in the brain.",
                  "Oral L-arginine supplementation lowered blood pressure in hypertensive rats.")
    drugs = _drugs(found)
    assert {"aspartate", "glutamine", "glutamate"} <= drugs, found
    assert "glycine" in drugs, found
    assert "L-arginine" in drugs, found
