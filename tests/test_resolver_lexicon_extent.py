"""A head's span that stops inside a name the lexicon knows in the head's type is
that name ("reactive oxygen" of "reactive oxygen species")."""

from __future__ import annotations

import spacy

from litclaims.extract.components.entity_resolver import lexicon_name_around
from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.schemas.config import Settings


def test_the_lexicon_name_around_a_head_span_is_the_mention():
    nlp = build_pipeline(Settings())
    text = "Oxidative stress increased reactive oxygen species in the kidney."
    found = [(e.text, e.label_, e.kb_id_) for doc in nlp.pipe(paper_docs(nlp, [text], "p")) for e in doc.ents]
    assert ("reactive oxygen species", "drug", "MESH:D017382") in found
    assert not any(t == "reactive oxygen" for t, _, _ in found)


def test_only_one_longer_lexicon_name_of_the_same_type_counts():
    doc = spacy.blank("en")("reactive oxygen species rose")
    head = doc[0:2]
    head.label_ = "drug"
    name = doc[0:3]
    name.label_ = "drug"
    gene = doc[0:3]
    gene.label_ = "gene"
    assert lexicon_name_around(head, [name]) == name
    assert lexicon_name_around(head, [gene]) is None
    assert lexicon_name_around(name, [name]) is None
