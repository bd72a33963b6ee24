"""Issue 14 round 13: whole papers read as a curator would, continued (the development
JATS papers). Constructed sentences of each phenomenon counted there, through the
production pipeline, and the ids they must get."""

from __future__ import annotations

import pytest

from litclaims.extract.components.grounding import construct_core, ground_gene_head_span
from litclaims.extract.components.mention_context import is_a_residue_alone
from litclaims.extract.lexicon.shipped import compiled_lexicon
from litclaims.extract.pipeline import build_pipeline
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def _ents(nlp, text):
    return [(e.text, e.label_, e.kb_id_) for e in nlp(text).ents]


@pytest.mark.parametrize("text, entity_id", [
    ("pAKT", "FPLX:AKT"), ("p-ERK", "FPLX:ERK"), ("PhosphoERK", "FPLX:ERK"), ("phospho-AKT", "FPLX:AKT"),
    ("anti-AKT antibody", "FPLX:AKT"), ("rabbit anti-AKT", "FPLX:AKT"), ("anti-HuR antibody", "HGNC:3312"),
    ("anti-HuR monoclonal antibody 3A2", "HGNC:3312"), ("Ras-GTP", "FPLX:RAS"), ("RasGTP", "FPLX:RAS"),
    ("P-STAT1Y701", "HGNC:11362"), ("P-STAT5(Y694) antibodies", "FPLX:STAT5"), ("ERK 1 and 2", "FPLX:ERK"),
    ("14-3-3", "FPLX:p14_3_3"), ("GST–14-3-3", "FPLX:p14_3_3"),
])
def test_a_gene_products_form_grounds_to_the_gene(text, entity_id):
    found = ground_gene_head_span(compiled_lexicon(), text)
    assert found is not None and found.entity_id == entity_id, (text, found)


def test_a_tags_antibody_is_no_gene():
    for text in ("anti-FLAG antibody", "anti-GST", "anti-Flag", "anti-pY antibody"):
        assert construct_core(text) is None, text


def test_forms_in_sentences(nlp):
    found = _ents(nlp, "KSRP binds 14-3-3 after phosphorylation by AKT.")
    assert ("14-3-3", "gene", "FPLX:p14_3_3") in found, found
    found = _ents(nlp, "Lysates were probed with an anti-AKT antibody and pAKT levels rose.")
    assert any(e == "FPLX:AKT" and t != "AKT" for t, _, e in found), found


def test_a_residue_alone_is_no_entity(nlp):
    for text in ("Y701", "Y694", "Y68", "Tyr705", "Thr35", "Ser473"):
        assert is_a_residue_alone(text), text
    for text in ("S13", "T84", "STAT1", "YES1", "Tyr"):
        assert not is_a_residue_alone(text), text
    found = _ents(nlp, "JAK3 phosphorylates STAT1 at Y701 and STAT5 at Y694, and Thr35 of Ras changes its switch.")
    assert not any(t in ("Y701", "Y694", "Thr35") for t, *_ in found), found


def test_methods_reagents_are_no_genes(nlp):
    # "SDS" (SDS-PAGE), "FBS" (fetal bovine serum), "ECL" (chemiluminescence): BC2GM train
    # never annotates them; the lexicon gave the genes SDS, FBXO8, CCL21.
    found = _ents(nlp, "Cells grown in 10% FBS were lysed, proteins were separated by SDS-PAGE, "
                       "and HuR was detected by ECL.")
    assert not any(e in ("HGNC:10691", "HGNC:13587", "HGNC:10620") for _, _, e in found), found


def test_pdgf_and_its_receptor_are_families(nlp):
    lexicon = compiled_lexicon()
    for text, entity_id in (("PDGF receptor", "FPLX:PDGFR"), ("PDGF receptors", "FPLX:PDGFR"),
                            ("platelet-derived growth factor", "FPLX:PDGF")):
        found = ground_gene_head_span(lexicon, text)
        assert found is not None and found.entity_id == entity_id, (text, found)
