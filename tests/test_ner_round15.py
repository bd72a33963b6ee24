"""Issue 14 round 15: a gene mention's recognised extent (doc.spans["mentions"], what
`litclaims eval ner` scores against BC2GM) takes in the noun that names the form meant
("p53 gene", "IL-2 mRNA") and a word of origin before it ("human insulin"), as BC2GM
annotates; doc.ents keeps the name alone, as BioRED annotates and the claims use."""

from __future__ import annotations

import pytest

from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings(), mention_extents=True)


def parse(nlp, text):
    (doc,) = nlp.pipe(paper_docs(nlp, [text], "p"))
    mentions = {m.text for m in doc.spans["mentions"] if m.label_ == "gene"}
    names = {e.text for e in doc.ents if e.label_ == "gene"}
    return mentions, names


def test_form_nouns_join_the_gene_mention_not_the_name(nlp):
    mentions, names = parse(nlp, "Mutations in the p53 gene were frequent, and IL-2 mRNA levels rose "
                                 "while the c-fos promoter was silent.")
    assert {"p53 gene", "IL-2 mRNA", "c-fos promoter"} <= mentions
    assert {"p53", "IL-2", "c-fos"} <= names
    assert not names & {"p53 gene", "IL-2 mRNA", "c-fos promoter"}


def test_a_word_of_origin_joins_the_gene_mention(nlp):
    mentions, names = parse(nlp, "Cells were treated with recombinant IL-2 and human insulin.")
    assert {"recombinant IL-2", "human insulin"} <= mentions
    assert "IL-2" in names and "recombinant IL-2" not in names


def test_words_after_a_gene_that_bc2gm_leaves_out_stay_out(nlp):
    # "activity" follows a BC2GM gene mention 234 times and ends one 0 times
    mentions, _ = parse(nlp, "Caspase-3 activity and p53 levels increased.")
    assert "Caspase-3" in mentions and "p53" in mentions
    assert not any(m.endswith(("activity", "levels")) for m in mentions)
