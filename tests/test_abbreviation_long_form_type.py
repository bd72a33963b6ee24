"""A short form takes the entity of its long form in the type the long form was
tagged with, where the lexicon knows the long form in several types."""

from __future__ import annotations

import pytest

from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def ents(nlp, text: str) -> list[tuple[str, str, str]]:
    return [(e.text, e.label_, e.kb_id_) for doc in nlp.pipe(paper_docs(nlp, [text], "p")) for e in doc.ents]


def test_a_peptide_defined_as_a_gene_keeps_the_gene_in_its_short_form(nlp):
    # The lexicon lists "endothelin-1" as a drug (UNII) before the gene EDN1; the gene
    # head tags the long form, so "ET-1" is EDN1 wherever the paper writes it.
    found = ents(nlp, "Endothelin-1 (ET-1) is a potent vasoconstrictor. ET-1 infusion raised blood pressure.")
    assert ("Endothelin-1", "gene", "HGNC:3176") in found
    assert [f for f in found if f[0] == "ET-1"] == [("ET-1", "gene", "HGNC:3176")] * 2
    found = ents(nlp, "Erythropoietin (Epo) was given and Epo raised the haematocrit.")
    assert {f for f in found if f[0] == "Epo"} == {("Epo", "gene", "HGNC:3415")}


def test_a_drug_defined_as_a_drug_stays_a_drug(nlp):
    found = ents(nlp, "Patients received tamoxifen (TAM); TAM reduced recurrence.")
    assert {f for f in found if f[0] == "TAM"} == {("TAM", "drug", "UNII:094ZI81Y45")}
