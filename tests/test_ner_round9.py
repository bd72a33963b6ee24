"""Issue 14 round 9: the entities of ChemProt's pairs, found and typed. A name written
like a protein that the lexicon lists first as a drug and also as a gene ("COX-1",
"caspase-3") is a gene. Real sentences through the production pipeline."""

from __future__ import annotations

import pytest

from litclaims.extract.components.entity_resolver import protein_listed_as_drug
from litclaims.extract.lexicon.shipped import compiled_lexicon
from litclaims.extract.pipeline import build_pipeline
from litclaims.schemas.config import Settings
from tests.paper_names import paper_names as names


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def test_protein_shaped_names_listed_first_as_drugs_are_genes(nlp):
    found = names(nlp, "Ketorolac inhibited both COX-1 and COX-2 in human whole blood assays.",
                  "Diclofenac increased the activity of caspase-3 in cultured hepatocytes.")
    types = {text: label for text, label, _ in found}
    # COX-1 came from the chemical head, COX-2 from the lexicon alone; both were drugs
    assert types.get("COX-1") == "gene"
    assert types.get("COX-2") == "gene"
    assert types.get("caspase-3") == "gene"
    assert ("COX-2", "gene", "HGNC:9605") in found  # grounded through the lexicon's gene entry
    # must not change: the drugs of the same sentences
    assert types.get("Ketorolac") == "drug" and types.get("Diclofenac") == "drug"


def test_other_names_listed_as_drug_and_gene_keep_their_drug(nlp):
    lexicon = compiled_lexicon()
    # not written like a protein: LPS and ROS are chemicals in BioRED (23 of 25)
    assert protein_listed_as_drug(lexicon, "LPS") is None
    assert protein_listed_as_drug(lexicon, "ROS") is None
    # a drug code the lexicon knows only as a drug
    assert protein_listed_as_drug(lexicon, "ZD1839") is None
    found = names(nlp, "Macrophages were stimulated with LPS and treated with gefitinib (ZD1839).")
    assert {("LPS", "drug"), ("gefitinib", "drug")} <= {(t, label) for t, label, _ in found}


def test_a_chemical_before_an_enzyme_word_names_the_enzyme(nlp):
    found = names(nlp, "Peroxynitrite formation depended on glutathione (GSH) reductase in the treated cells.")
    # was two drugs, "glutathione" and "GSH"; the enzyme is a gene (no id: the lexicon lacks the phrase)
    assert ("glutathione (GSH) reductase", "gene", "") in found
    assert not {t for t, label, _ in found if label == "drug" and t in ("glutathione", "GSH")}


def test_a_chemical_before_an_enzyme_word_and_a_drug_class_word_stays(nlp):
    found = names(nlp, "Carmustine is a glutathione (GSH) reductase inhibitor.")
    # "... reductase inhibitor" names a drug class: the chemical stays, as BC5CDR writes it
    assert {("glutathione", "drug"), ("GSH", "drug"), ("Carmustine", "drug")} <= {(t, label) for t, label, _ in found}


def test_cox_1_is_the_cyclooxygenase_not_the_mitochondrial_gene(nlp):
    # HGNC lists the alias COX1 for PTGS1 and MT-CO1; the curated row picks PTGS1, and the
    # chemical head's "COX-1" span becomes that gene (it stayed a drug before the row's rule)
    found = names(nlp, "Indomethacin inhibits both COX-1 and COX-2 in human platelets.",
                  "The selectivity of celecoxib for cyclooxygenase-1 was low.")
    assert ("COX-1", "gene", "HGNC:9604") in found
    assert ("cyclooxygenase-1", "gene", "HGNC:9604") in found
    assert ("COX-2", "gene", "HGNC:9605") in found
