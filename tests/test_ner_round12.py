"""Issue 14 round 12: whole papers read as a curator would (the development JATS
papers). Constructed sentences of each phenomenon counted there, through the production
pipeline, and the ids they must get."""

from __future__ import annotations

import pytest

from litclaims.extract.components.grounding import construct_core
from litclaims.extract.components.mention_context import is_never_a_name
from litclaims.extract.pipeline import build_pipeline
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def _ents(nlp, text):
    return [(e.text, e.label_, e.kb_id_) for e in nlp(text).ents]


def test_a_gene_symbol_in_lower_case_is_the_gene(nlp):
    # Mouse genes and knockouts are written in lower case ("fyn", "src"); the lexicon lists
    # the risky three-letter keys only as "FYN"/"Fyn", "SRC"/"Src".
    found = _ents(nlp, "Mice lacking fyn and src showed reduced phosphorylation of beta-catenin.")
    assert ("fyn", "gene", "HGNC:4037") in found, found
    assert ("src", "gene", "HGNC:11283") in found, found
    found = _ents(nlp, "Keratinocytes with a disruption of the fyn gene and the src gene were used.")
    assert ("fyn", "gene", "HGNC:4037") in found, found


def test_protein_names_hgnc_lists_otherwise(nlp):
    found = _ents(nlp, "We studied plakoglobin and γ-catenin in cells expressing the δ-opioid receptor (δ-OR).")
    assert ("plakoglobin", "gene", "HGNC:6207") in found, found
    assert ("γ-catenin", "gene", "HGNC:6207") in found, found
    assert ("δ-opioid receptor", "gene", "HGNC:8153") in found, found
    # the definition keeps the id for the short form
    assert ("δ-OR", "gene", "HGNC:8153") in found, found
    found = _ents(nlp, "Tristetraprolin binds the transcript and the mu-opioid receptor was activated.")
    assert ("Tristetraprolin", "gene", "HGNC:12862") in found, found
    assert ("mu-opioid receptor", "gene", "HGNC:8156") in found, found


def test_figure_labels_references_and_symbols_are_no_names(nlp):
    for text in ("Fig. 2 A", "Fig.", "Figure 3", "Table 1", "[26]–[29", "×", "±", "18–21", "mRNA", "mRNAs"):
        assert is_never_a_name(text), text
    for text in ("Fig4", "FIGF", "Tab2", "EGF", "Ca2+", "5-FU", "14-3-3", "[3H]RX821002"):
        assert not is_never_a_name(text), text
    found = _ents(nlp, "Mice lacking Fyn showed reduced phosphorylation of beta-catenin (Fig. 2A).")
    assert not any(t.startswith("Fig") for t, *_ in found), found
    found = _ents(nlp, "Band intensities are expressed as grain density × band area and HuR mRNA was measured.")
    assert not any(t in ("×", "mRNA") for t, *_ in found), found
    found = _ents(nlp, "KSRP binds 14-3-3 after phosphorylation by AKT.")
    assert any(t == "14-3-3" and label == "gene" for t, label, _ in found), found


def test_an_amino_acid_before_a_phosphorylation_word_is_a_residue(nlp):
    found = _ents(nlp, "JAK3 triggers tyrosine phosphorylation of HuR, and HuR was tyrosine-phosphorylated.")
    assert not any(t.lower() == "tyrosine" for t, *_ in found), found
    # an enzyme's name keeps its chemical word (BC5CDR annotates it there), and the
    # amino acid as a reagent is a chemical
    found = _ents(nlp, "Tyrosine was added to the medium at 2 mM.")
    assert any(t == "Tyrosine" and label == "drug" for t, label, _ in found), found


def test_a_construct_names_its_gene(nlp):
    assert construct_core("Flag-HuR(Y63F)") == "HuR"
    assert construct_core("Ras17N/69N") == "Ras"
    assert construct_core("Gab1F446/472/589/627/659") == "Gab1"
    assert construct_core("KRASV12") == "KRAS"
    assert construct_core("K650E-FGFR3") == "FGFR3"
    assert construct_core("CD44") is None and construct_core("HA-1") is None
    found = _ents(nlp, "V5-ASPP2 was expressed with Gab1F627/659 in HeLa cells.")
    assert ("V5-ASPP2", "gene", "HGNC:12000") in found, found
    assert ("Gab1F627/659", "gene", "HGNC:4066") in found, found
    found = _ents(nlp, "Expression of dominant-negative Ras (Ras17N) inhibited ITSN1 activation of AKT.")
    assert ("Ras17N", "gene", "FPLX:RAS") in found, found


def test_a_nucleic_acid_word_defined_by_brackets_is_no_gene(nlp):
    # The detector reads "mRNA (MYC mRNA, ...)" as a definition of "mRNA" by a gene's
    # name; before, every "mRNA" of the paper was then a gene (29 in one paper).
    found = _ents(nlp, "The levels of a control short-lived mRNA (MYC mRNA, encoding the proto-oncogene c-Myc) "
                       "were unchanged, and the mRNA decay of SIRT1 was faster.")
    assert not any(t == "mRNA" for t, *_ in found), found
    assert ("MYC", "gene", "HGNC:7553") in found, found
