"""Chemicals BioRED annotates that the shared lexicons lack or drop as common words
(extract/data/curated_entities.tsv, issue 14 round 3)."""

from __future__ import annotations

import pytest

from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def _entities(nlp, text: str) -> list:
    """The entities of `text` read as one paper."""
    return [e for doc in nlp.pipe(paper_docs(nlp, [text], "p")) for e in doc.ents]


def test_metabolites_ions_and_radicals_are_grounded_chemicals(nlp):
    text = ("High glucose and LPS increased ROS production in podocytes exposed to puromycin aminonucleoside, "
            "while lithium lowered NO and superoxide levels.")
    found = {e.text: (e.label_, e.kb_id_) for e in _entities(nlp, text)}
    assert found["glucose"] == ("drug", "UNII:5SL0G7R0OK")
    assert found["LPS"] == ("drug", "MESH:D008070")
    assert found["ROS"] == ("drug", "MESH:D017382")
    assert found["puromycin aminonucleoside"] == ("drug", "MESH:D011692")
    assert found["lithium"] == ("drug", "UNII:9FN79X2M3F")
    assert found["NO"] == ("drug", "UNII:31C4KY9ESH")
    assert found["superoxide"] == ("drug", "MESH:D013481")


def test_the_gene_ros1_and_the_word_no_are_not_taken_for_them(nlp):
    text = "ROS1 fusions respond to crizotinib. No change was seen."
    found = {e.text: (e.label_, e.kb_id_) for e in _entities(nlp, text)}
    assert found["ROS1"][0] == "gene"
    assert "No" not in found


def test_genes_named_in_words_the_sources_lack_are_grounded(nlp):
    text = "Alpha-synuclein aggregates and gamma-H2AX foci rose; the serotonin transporter and 5-HTTLPR were typed."
    found = {e.text.lower(): (e.label_, e.kb_id_) for e in _entities(nlp, text)}
    assert found["alpha-synuclein"] == ("gene", "HGNC:11138")
    assert found["gamma-h2ax"] == ("gene", "HGNC:4739")
    assert found["serotonin transporter"] == ("gene", "HGNC:11050")
    assert found["5-httlpr"] == ("gene", "HGNC:11050")


def test_water_and_saline_are_no_chemicals(nlp):
    text = "Rats drank tap water or received normal saline, and saline-treated controls received glucose."
    found = {e.text: e.label_ for e in _entities(nlp, text)}
    assert "water" not in found and "normal saline" not in found and "saline" not in found
    assert found["glucose"] == "drug"
