"""A gene's genotype, state or polymorphism written onto its name is no part of the
name ("VIP(-/-)", "Bcl6(low)", "IL1B-511CC", "CCR5-Delta32"); formulae and ions keep
their brackets."""

from __future__ import annotations

import pytest

from litclaims.extract.components.token_splitter import split_plan
from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def names(nlp, text: str) -> set[tuple[str, str, str]]:
    return {(e.text, e.label_, e.kb_id_) for doc in nlp.pipe(paper_docs(nlp, [text], "p")) for e in doc.ents}


def test_genotype_and_state_marks_are_cut_off_the_gene(nlp):
    found = names(nlp, "VIP(-/-) mice and LKB1(endo-/-) mice lacked Gcgr(-/-) signalling, unlike Thra1(PV/+) "
                       "mice and Bcl6(low) cells.")
    genes = {text for text, label, _ in found if label == "gene"}
    assert {"VIP", "LKB1", "Gcgr", "Thra1", "Bcl6"} <= genes
    assert ("LKB1", "gene", "HGNC:11389") in found
    assert not any("(" in text or "/" in text for text, _, _ in found)


def test_a_polymorphism_after_a_gene_is_split_off_and_is_no_mention(nlp):
    found = names(nlp, "The IL1B-511CC genotype, CCR5-Delta32 and FAS-670 were common.")
    assert ("IL1B", "gene", "HGNC:5992") in found
    assert ("CCR5", "gene", "HGNC:1606") in found
    assert ("FAS", "gene", "HGNC:11920") in found
    assert not any(text in ("511CC", "Delta32", "670") for text, _, _ in found)


def test_formulae_ions_and_bracketed_names_stay_whole(nlp):
    lexicon = nlp.get_pipe("litclaims_token_splitter").lexicon
    assert split_plan("ZnSO(4", lexicon) is None
    assert split_plan("IP(3", lexicon) is None
    assert split_plan("5-HT(2C", lexicon) is None
    assert split_plan("IL-10", lexicon) is None and split_plan("ICAM-1", lexicon) is None
    assert split_plan("VIP(-/", lexicon) == ["VIP", "(", "-/"]
    found = names(nlp, "Intracellular Ca(2+) rose and the 5-HT(2C) receptor was blocked.")
    assert ("Ca(2+)", "drug", "UNII:SY7Q814VUP") in found


def test_what_was_done_with_a_chemical_or_gene_is_split_off_its_name(nlp):
    found = names(nlp, "BCNU-exposed rats and STZ-injected mice were compared with IL-10-neutralized controls.")
    assert ("BCNU", "drug", "UNII:U68WG3173Y") in found
    assert any(text == "STZ" and label == "drug" for text, label, _ in found)
    assert ("IL-10", "gene", "HGNC:5962") in found
    assert not any(text.endswith(("-exposed", "-injected", "-neutralized")) for text, _, _ in found)


def test_a_phenotype_of_markers_and_signs_gives_each_marker(nlp):
    found = names(nlp, "CD4(+)CD25(+)FoxP3(+) regulatory T cells and CD4+IFN-g+IL-10 cells were counted.")
    genes = {(text, kb) for text, label, kb in found if label == "gene"}
    assert {("CD4", "HGNC:1678"), ("CD25", "HGNC:6008"), ("FoxP3", "HGNC:6106"), ("IFN-g", "HGNC:5438"),
            ("IL-10", "HGNC:5962")} <= genes
    lexicon = nlp.get_pipe("litclaims_token_splitter").lexicon
    assert split_plan("CD24+CD73-", lexicon) == ["CD24", "+", "CD73", "-"]
    assert split_plan("Ca2+", lexicon) is None and split_plan("N-acetyl-L-cysteine", lexicon) is None
