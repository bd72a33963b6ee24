"""Issue 14 round 4: names that end in "protein"/"kinase" stay whole, a bracketed
name glued to a suffix is split from its brackets, and a head span that holds a whole
long form and words before it types the short form. Real sentences through the
production pipeline (nlp.pipe over the docs of one paper)."""

from __future__ import annotations

import pytest

from litclaims.extract.components.token_splitter import split_plan
from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings
from tests.paper_names import paper_names as names


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def test_protein_and_kinase_end_a_name_the_lexicon_does_not_know(nlp):
    found = names(nlp, "Tunicamycin raised the X-box binding protein and the GH-binding protein in liver.")
    assert ("X-box binding protein", "gene", "") in found
    assert ("GH-binding protein", "gene", "") in found
    assert not any(text in ("X-box binding", "GH-binding") for text, _, _ in found)


def test_generic_words_alone_stay_a_class_and_a_known_name_is_still_cut_back(nlp):
    found = names(nlp, "IGF-IR tyrosine kinase activity was blocked, and receptor tyrosine kinases were inhibited.")
    assert ("IGF-IR", "gene", "HGNC:5465") in found  # (must not change: a lexicon name plus generic words)
    assert not any(text in ("tyrosine kinase", "tyrosine") for text, _, _ in found)
    assert ("receptor tyrosine kinases", "gene", "") in found


def test_a_bracketed_name_glued_to_a_suffix_loses_its_brackets(nlp):
    lexicon = nlp.get_pipe("litclaims_token_splitter").lexicon
    assert split_plan("(VEGF)-induced", lexicon) == ["(", "VEGF", ")", "-", "induced"]
    assert split_plan("(+)-catechin", lexicon) is None  # an enantiomer's sign stays in the name
    found = names(nlp, "Vascular endothelial growth factor (VEGF)-induced angiogenesis required superoxide "
                       "dismutase 1 (SOD1)-dependent signalling in streptozotocin (STZ)-induced diabetes.")
    assert ("SOD1", "gene", "HGNC:11179") in found
    assert any(text == "VEGF" and label == "gene" for text, label, _ in found)
    assert ("STZ", "drug", "UNII:5W494URQ81") in found
    assert not any(text.startswith("(") for text, _, _ in found)
    assert ("(+)-catechin", "drug", "UNII:8R1V1STN48") in names(nlp, "Rats were given (+)-catechin daily.")


def test_a_head_span_around_the_long_form_types_the_short_form(nlp):
    found = names(nlp, "The cytokine leukemia inhibitory factor (LIF) is essential for implantation.",
                  "LIF binds its receptor in the luminal epithelium.")
    assert ("LIF", "gene", "HGNC:6596") in found
    # (must not change) a long form that is no entity still makes its short form none
    assert not any(text == "ER" for text, _, _ in names(nlp, "The endoplasmic reticulum (ER) was swollen."))


def test_a_species_word_before_a_gene_name_is_no_part_of_it(nlp):
    found = names(nlp, "We studied genetic variants within the human tryptophan hydroxylase (TPH) gene.")
    assert ("tryptophan hydroxylase", "gene", "") in found
    assert ("TPH", "gene", "HGNC:12008") in found
    found = names(nlp, "Mice received recombinant human TNF-alpha and human MCF-7 cells were grown.")
    assert ("TNF-alpha", "gene", "HGNC:11892") in found
    assert ("MCF-7", "cell_line", "CVCL_0031") in found  # (must not change: a line keeps its own rules)
    assert not any(text.lower().startswith(("human ", "rat ", "recombinant ")) for text, _, _ in found)


def test_promoter_cdna_and_family_after_a_gene_are_no_part_of_its_name(nlp):
    found = names(nlp, "Sp1 binding to the VEGF promoter was reduced, and DCT is a member of the tyrosinase family.")
    assert ("VEGF", "gene", "HGNC:12680") in found
    assert ("Sp1", "gene", "HGNC:11205") in found  # (must not change)
    assert any(text == "tyrosinase" and label == "gene" for text, label, _ in found)
    assert not any(text.endswith((" promoter", " family")) for text, _, _ in found)


def test_tyrosine_kinase_before_inhibitors_is_a_drug_class_not_a_gene_name(nlp):
    found = names(nlp, "Gefitinib is a small molecule tyrosine kinase inhibitor of EGFR, and resistance to several "
                       "EGFR tyrosine kinase inhibitors is common.")
    assert not any("tyrosine kinase" in text for text, _, _ in found)
    assert ("EGFR", "gene", "HGNC:3236") in found
    assert ("Gefitinib", "drug", "UNII:S65743JHBS") in found  # (must not change)


def test_an_antibody_around_a_long_form_types_no_short_form(nlp):
    texts = ["Anti-IGF-1R monoclonal antibodies (mAbs) do not inhibit IGF-2 activation.",
             "Conversely, ligand-neutralizing mAbs inhibit signaling via IGF-1R."]
    ents = [e for doc in nlp.pipe(paper_docs(nlp, texts, "p")) for e in doc.ents]
    assert any(e.text == "IGF-1R" and e.kb_id_ == "HGNC:5465" for e in ents)
    assert not any(e.text == "mAbs" and e._.mention_source == "abbreviation" for e in ents)
