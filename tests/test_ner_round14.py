"""Issue 14 round 14: phenomena counted on both BioRED parts. Capitals alone that the
chemical head types, that the lexicon does not know and the paper does not define,
are no chemical name. Real sentences through the production pipeline."""

from __future__ import annotations

import pytest

from litclaims.extract.components.entity_resolver import undefined_capitals
from litclaims.extract.pipeline import build_pipeline
from litclaims.schemas.config import Settings
from tests.paper_names import paper_names as names


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def test_undefined_capitals_from_the_chemical_head_are_no_drug(nlp):
    found = names(nlp, "We genotyped the patients. Compared with the control group, patients with chronic ITP had a "
                       "significantly lower frequency of the allele. The mutation spectrum, presenting a high level "
                       "of CC to TT mutations, shows that the tumours were exposed.")
    # both were drugs without an id (a disease's letters, a base pair)
    assert not {t for t, label, _ in found if label == "drug"}
    # must not change: the disease of the same text
    assert ("tumours", "disease", "MESH:D009369") in found


def test_in_a_sentence_read_alone_capitals_keep_the_heads_type(nlp):
    # ChemProt's texts are single sentences: a short form defined elsewhere in the paper
    found = names(nlp, "Compared with the control group, patients with chronic ITP had a significantly lower "
                       "frequency of the allele.")
    assert ("ITP", "drug", "") in found


def test_defined_or_listed_chemical_short_forms_stay_drugs(nlp):
    found = names(nlp, "The histamine H3 agonist R-alpha-methylhistamine (RAMH) reduced food intake, and RAMH "
                       "also lowered glucose.")
    assert ("RAMH", "drug", "CHEBI:73337") in found  # the paper defines it
    assert ("glucose", "drug", "UNII:5SL0G7R0OK") in found
    assert undefined_capitals("ITP", {})
    assert not undefined_capitals("RAMH", {"RAMH": None})  # defined (here as no entity): other rules decide
    assert not undefined_capitals("H2O2", {})  # not capitals alone


def test_a_gene_heads_compound_code_is_a_drug_name(nlp):
    found = names(nlp, "Cells pretreated with CCT137690 showed reduced phosphorylation of AKT and ERK.")
    assert ("CCT137690", "drug", "") in found  # was a gene without an id
    # must not change: the genes of the same sentence
    assert ("AKT", "gene", "FPLX:AKT") in found and ("ERK", "gene", "FPLX:ERK") in found


def test_code_shaped_genes_the_lexicon_grounds_stay_genes(nlp):
    found = names(nlp, "Expression of CD133 and GPR120 was higher in the treated tumours.")
    assert ("CD133", "gene", "HGNC:9454") in found
    assert ("GPR120", "gene", "HGNC:19061") in found
