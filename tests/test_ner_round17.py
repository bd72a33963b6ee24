"""Issue 14 round 17: MeSH protein names the training corpora annotate as genes are
matched in running text (outside the lexicon features), where no lexicon match and no
head's span stands, as that gene; a lower-case word whose norm key only a name of
several words gives ("proteins": "Protein S") is no MeSH protein name."""

from __future__ import annotations

import pytest

from litclaims.extract.components.grounding import mesh_protein_name, mesh_protein_rows
from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings
from tests.paper_names import paper_names as names


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def test_mesh_protein_names_no_head_found_are_genes(nlp):
    found = names(nlp, "In these cells, decay accelerating factor was inhibited by haloperidol.",
                  "In these cells, factor XII was inhibited by haloperidol.",
                  "In these cells, interleukin 17 was inhibited by haloperidol.")
    # no name at all before
    assert ("decay accelerating factor", "gene", "HGNC:2665") in found  # CD55
    assert ("interleukin 17", "gene", "HGNC:5981") in found  # IL17A
    # must not change: the gene head's name (F12) and the drug
    assert ("factor XII", "gene", "HGNC:3530") in found
    assert ("haloperidol", "drug", "UNII:J6292F8L3D") in found


def test_a_glued_lower_case_word_is_no_multi_word_mesh_name():
    assert mesh_protein_name("proteins") is None  # was PROS1 ("Protein S": key "proteins")
    # must not change
    assert mesh_protein_name("Protein S").entity_id == "HGNC:9456"
    assert mesh_protein_name("lactoferrins").entity_id == "HGNC:6720"


def test_no_match_across_an_unbalanced_bracket_nor_on_a_glued_word(nlp):
    docs = list(nlp.pipe(paper_docs(nlp, ["The proteins were bound by the low-density lipoprotein (LDL) receptor."], "p")))
    assert not [s for s in docs[0].spans["annotated_names"] if s.label_ == "gene"]


def test_names_a_head_finds_keep_the_heads_span(nlp):
    # must not change (passes before and after)
    found = names(nlp, "Desipramine blocks the norepinephrine transporter and the histamine H1 receptor.")
    assert ("norepinephrine transporter", "gene", "HGNC:11048") in found
    assert ("histamine H1 receptor", "gene", "HGNC:5182") in found


def test_only_names_the_training_corpora_annotate_are_matched(nlp):
    rows = mesh_protein_rows()
    matched = [r for r in rows if r[4]]
    assert len(rows) > 5000 and 50 < len(matched) < 200
    # "Neural Cell Adhesion Molecule" is never annotated in the training corpora: no match
    docs = list(nlp.pipe(paper_docs(nlp, ["Levels of neural cell adhesion molecule were reduced."], "p")))
    assert not docs[0].spans["annotated_names"]
    # nor in the lexicon features
    assert not [s for s in docs[0].spans["lexicon"] if "adhesion" in s.text]
