"""Grounding that holds in real papers: definitions keep the lexicon's id, short
forms keep their long form's type, statistics are no entities, ids say their
namespace; and the BioRED grounding scorer."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from litclaims.evaluation.grounding import Abstract, Grounding, evaluate, read_pubtator
from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings

# The namespaces the output writes, as the field writes them (docs/ner.md, "Identifiers").
ID_FORMS = re.compile(r"^(?:HGNC:\d+|FPLX:\w+|UNII:[0-9A-Z]{10}|CHEBI:\d+|DRUGBANK:DB\d+|MESH:[CD]\d+|CVCL_[0-9A-Z]{4})$")


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def paper(nlp, *sections: str):
    return list(nlp.pipe(paper_docs(nlp, sections, "paper")))


def ids_of(docs, surface: str) -> set[tuple[str, str]]:
    return {(e.label_, e.kb_id_) for doc in docs for e in doc.ents if e.text == surface}


def test_a_definition_whose_long_form_does_not_ground_keeps_the_lexicons_id(nlp):
    docs = paper(nlp, "Akt (also known as protein kinase B) is activated by PI3K.",
                 "Akt then phosphorylates GSK3 and Akt inhibition restores sensitivity.")
    assert ids_of(docs, "Akt") == {("gene", "FPLX:AKT")}
    # The words that open the definition are not part of the name.
    assert not any(e.text.startswith("also") for doc in docs for e in doc.ents)


def test_slash_joined_synonyms_take_the_named_genes_id_and_type(nlp):
    docs = paper(nlp, "MAP3K8 (COT/TPL2) drives resistance to BRAF inhibitors.",
                 "COT is amplified and TPL2 is active in A375 cells.")
    assert ids_of(docs, "MAP3K8") == {("gene", "HGNC:6860")}
    assert ids_of(docs, "COT") == {("gene", "HGNC:6860")}  # never the drug the chemical head guessed
    assert ids_of(docs, "TPL2") == {("gene", "HGNC:6860")}


def test_a_long_form_the_lexicon_knows_grounds_its_short_form(nlp):
    docs = paper(nlp, "Protein kinase B (Akt) was phosphorylated.", "Akt inhibition sensitized the cells.")
    assert ids_of(docs, "Akt") == {("gene", "FPLX:AKT")}


def test_a_short_form_defined_as_something_else_is_not_the_lexicons_entity(nlp):
    docs = paper(nlp, "Stress in the endoplasmic reticulum (ER) was measured; ER stress rose.")
    assert ids_of(docs, "ER") == set()


def test_statistical_and_typographic_abbreviations_are_never_entities(nlp):
    docs = paper(nlp,
                 "The odds ratio (OR) was 2.1 (95% CI 1.2-3.4) and the HR 0.8 in EGFR mutant tumours.",
                 "Values are mean ± S.E.M. or SD of three experiments; SEM was below 5%.",
                 "The IC50 of gefitinib in MCF-7 cells was 1 uM (OR 1.5, SE 0.2).")
    texts = {e.text for doc in docs for e in doc.ents}
    assert not texts & {"OR", "CI", "HR", "S.E.M.", "SD", "SEM", "IC50", "SE"}
    assert ids_of(docs, "gefitinib") == {("drug", "UNII:S65743JHBS")}
    assert ids_of(docs, "MCF-7") == {("cell_line", "CVCL_0031")}


def test_protein_changes_are_not_cell_lines_and_lines_like_them_stay(nlp):
    docs = paper(nlp, "The EGFR S491A mutant and the S491A substitution were expressed in T47D cells; T47D grew.")
    assert not any(e.label_ == "cell_line" and e.text == "S491A" for doc in docs for e in doc.ents)
    assert ids_of(docs, "T47D") == {("cell_line", "CVCL_0553")}


def test_every_id_says_its_namespace_and_none_is_internal(nlp):
    docs = paper(nlp, "alpha-IR3 blocked IGF-IR in MCF-7 cells treated with tamoxifen or 5-fluorouracil; "
                      "ERK and AKT phosphorylation fell in breast cancer.")
    found = [(e.text, e.label_, e.kb_id_) for doc in docs for e in doc.ents]
    assert ("alpha-IR3", "drug", "") in found  # a curated row without a registry id: no LEX: id
    ids = [kb for _, _, kb in found if kb]
    assert ids and all(ID_FORMS.match(kb) for kb in ids), found
    assert ("IGF-IR", "gene", "HGNC:5465") in found


def test_the_compiled_lexicon_gives_no_internal_id(nlp):
    from litclaims.extract.lexicon.shipped import compiled_lexicon

    lexicon = compiled_lexicon()
    ids = {lexicon.entity(i).entity_id for i in range(len(lexicon._entity_lines))}
    assert not any(i.startswith("LEX:") for i in ids)
    assert all(ID_FORMS.match(i) for i in ids if i), sorted(i for i in ids if i and not ID_FORMS.match(i))[:5]


PUBTATOR = """\
1|t|EGFR in MCF-7 cells.
1|a|Gefitinib inhibits EGFR.
1\t0\t4\tEGFR\tGeneOrGeneProduct\t1956
1\t8\t13\tMCF-7\tCellLine\tCVCL_0031
1\t21\t30\tGefitinib\tChemicalEntity\tD000077156
1\t40\t44\tEGFR\tGeneOrGeneProduct\t1956
1\tAssociation\t1956\tD000077156\tNovel
"""


class FakeIds:
    ncbi_known = {"1956"}

    def expressible(self, label, gold):
        return True

    def judge(self, label, predicted, gold):
        return "right" if predicted in ("HGNC:3236", "CVCL_0031") else "wrong"


def test_the_grounding_scorer_counts_found_mentions_and_their_ids(tmp_path: Path):
    path = tmp_path / "x.PubTator"
    path.write_text(PUBTATOR)
    abstracts = read_pubtator(path)
    assert len(abstracts) == 1 and len(abstracts[0].mentions) == 4
    predicted = [[(0, 4, "gene", "HGNC:3236", "EGFR"), (8, 13, "cell_line", "CVCL_0031", "MCF-7"),
                  (21, 30, "drug", "", "Gefitinib"), (40, 44, "gene", "HGNC:1", "EGFR"), (14, 19, "gene", "", "cells")]]
    ner, grounding = evaluate(abstracts, predicted, FakeIds())
    assert (ner["gene"].correct, ner["gene"].predicted, ner["gene"].gold) == (2, 3, 2)
    assert grounding["gene"].right == 1 and grounding["gene"].judged == 2
    assert grounding["drug"].ungrounded_share == 1.0
    assert grounding["cell_line"].accuracy == 1.0
    assert Grounding().accuracy == 0.0
