"""The components' faster reads give what the per-token reads they replaced give
(docs/benchmarks.md, "Issue 13/14 headroom"): attribute arrays instead of Token
objects, one synonym-list pass per doc, one cue-trigger lookup per sentence."""

from __future__ import annotations

from pathlib import Path

import pytest

from litclaims.extract.claims.qualifiers import CueFinder, EncodedSentence
from litclaims.extract.claims.units import build_units
from litclaims.extract.components.abbreviations import (
    own_abbreviation_types,
    own_abbreviations,
    own_definitions,
    synonym_lists,
)
from litclaims.extract.components.token_arrays import sentence_start_flags, token_texts, whitespace_flags
from litclaims.extract.pipeline import build_pipeline, paper_docs
from litclaims.ingest import read_document
from litclaims.schemas.config import Settings

SEEDS = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


@pytest.fixture(scope="module")
def seed_docs(nlp):
    text = SEEDS[0].read_text(encoding="utf-8")
    return list(nlp.pipe(paper_docs(nlp, text.split("\n\n"), "seed")))


def test_the_array_reads_are_the_tokens_own(seed_docs):
    for doc in seed_docs:
        assert token_texts(doc) == [t.text for t in doc]
        assert whitespace_flags(doc) == [bool(t.whitespace_) for t in doc]
        assert sentence_start_flags(doc) == [bool(t.is_sent_start) for t in doc]
    # sentences inside the docs, not only their first tokens
    assert sum(sum(sentence_start_flags(doc)) for doc in seed_docs) > len(seed_docs)


def test_sentence_start_flags_of_a_doc_split_by_hand(nlp):
    doc = nlp.make_doc("EGFR is mutated. Gefitinib binds it")
    for token in doc:
        token.is_sent_start = token.i in (0, 4)
    assert sentence_start_flags(doc) == [True, False, False, False, True, False, False]


def test_a_synonym_list_after_a_gene_name_is_found_where_the_name_ends(nlp):
    doc = next(nlp.pipe(["MAP3K8 (COT/TPL2) activates MEK, and TPL2 (COT, MAP3K8) is a kinase."]))
    found = [(parts, name.text) for parts, name in synonym_lists(doc)]
    assert (["COT", "TPL2"], "MAP3K8") in found
    assert own_abbreviations(doc)["COT"] == "MAP3K8"


def test_own_definitions_are_both_maps_read_alone(seed_docs, nlp):
    docs = [*seed_docs, next(nlp.pipe(["MAP3K8 (COT/TPL2) and atrial fibrillation (AF) were studied."]))]
    for doc in docs:
        assert own_definitions(doc) == (own_abbreviations(doc), own_abbreviation_types(doc))
    assert any(own_definitions(doc)[0] for doc in docs)


def test_cue_triggers_find_what_every_cue_pattern_finds(extractor):
    """Each cue list through the sentence's trigger lookup gives the spans that running
    every pattern of the list gives, on the seed papers' sentences."""
    finder = CueFinder(extractor.engine.cues)
    lists = [v for v in vars(finder).values() if isinstance(v, list) and v and hasattr(v[0], "regex")]
    lists += list(finder.evidence.values())
    found = 0
    for path in SEEDS:
        for analyzed in extractor.analyze(read_document(path)):
            units = build_units(analyzed.sentence, analyzed.mentions)
            sentence = EncodedSentence(units, finder.triggers)
            every_pattern = EncodedSentence(units)
            for cue_list in lists:
                spans = sentence.find(cue_list)
                assert spans == every_pattern.find(cue_list)
                found += len(spans)
    assert found > 100
