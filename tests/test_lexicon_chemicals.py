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
    expected = {"glucose": "UNII:5SL0G7R0OK", "LPS": "MESH:D008070", "ROS": "MESH:D017382",
                "puromycin aminonucleoside": "MESH:D011692", "lithium": "UNII:9FN79X2M3F",
                "NO": "UNII:31C4KY9ESH", "superoxide": "MESH:D013481"}
    _assert_grounded(nlp, text, "drug", expected)


def test_the_gene_ros1_and_the_word_no_are_not_taken_for_them(nlp):
    text = "ROS1 fusions respond to crizotinib. No change was seen."
    found = {e.text: (e.label_, e.kb_id_) for e in _entities(nlp, text)}
    assert found["ROS1"][0] == "gene"
    assert "No" not in found


def test_genes_named_in_words_the_sources_lack_are_grounded(nlp):
    text = "Alpha-synuclein aggregates and gamma-H2AX foci rose; the serotonin transporter and 5-HTTLPR were typed."
    expected = {"Alpha-synuclein": "HGNC:11138", "gamma-H2AX": "HGNC:4739",
                "serotonin transporter": "HGNC:11050", "5-HTTLPR": "HGNC:11050"}
    _assert_grounded(nlp, text, "gene", expected)


def _assert_grounded(nlp, text: str, label: str, expected: dict[str, str]) -> None:
    """Each expected name of `text` is an entity of `label` grounded to its id."""
    found = {e.text: (e.label_, e.kb_id_) for e in _entities(nlp, text)}
    assert {name: found.get(name) for name in expected} == {name: (label, i) for name, i in expected.items()}


def test_water_and_saline_are_no_chemicals(nlp):
    text = "Rats drank tap water or received normal saline, and saline-treated controls received glucose."
    found = {e.text: e.label_ for e in _entities(nlp, text)}
    assert "water" not in found and "normal saline" not in found and "saline" not in found
    assert found["glucose"] == "drug"
