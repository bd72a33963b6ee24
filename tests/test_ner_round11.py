"""Issue 14 round 11: names the training corpora annotate reliably that the lexicon does
not know (extract/data/annotated_names.tsv, built by `python -m tools.lexicon.annotated_names`)
are names of their type with no id; classes and generic words stay out of the list.
Real sentences through the production pipeline."""

from __future__ import annotations

from collections import Counter

import pytest

from litclaims.extract.components.annotated_names import ANNOTATED_NAMES_PATH, load_table, read_table
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.shipped import compiled_lexicon
from litclaims.extract.pipeline import build_pipeline
from litclaims.schemas.config import Settings
from tools.lexicon.annotated_names import Counts, is_class_or_generic, judge


@pytest.fixture(scope="module")
def nlp():
    return build_pipeline(Settings())


def _ents(nlp, text):
    return [(e.text, e.label_, e.kb_id_, e._.mention_source) for e in nlp(text).ents]


def test_a_listed_name_is_a_mention_of_its_type_with_no_id(nlp):
    # "5-AzC" (BC5CDR train: a chemical) and "TSST-1" (BC2GM train: a gene): the lexicon
    # knows neither, and no head tags them in these sentences.
    found = _ents(nlp, "We measured the effect of 5-AzC in these patients.")
    assert ("5-AzC", "drug", "", "annotated") in found, found
    found = _ents(nlp, "We measured the effect of TSST-1 in these patients.")
    assert ("TSST-1", "gene", "", "annotated") in found, found


def test_no_lex_id_and_only_unknown_keys_in_the_list():
    lexicon = compiled_lexicon()
    for line in ANNOTATED_NAMES_PATH.read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        surface, kind = line.split("\t")[:2]
        assert kind in ("drug", "gene")
        assert not lexicon.has_key(norm_key(surface)), surface


def test_class_words_stay_out_of_the_list_and_the_names(nlp):
    table = load_table()
    for word in ("cytokines", "tyrosine kinase", "kinase", "ion channel", "EGFR inhibitors", "FSHbeta mRNA"):
        assert is_class_or_generic(word), word
        assert not table.lookup(norm_key(word), word), word
    found = _ents(nlp, "Cytokines and tyrosine kinases were measured in the ion channel assay.")
    assert not any(source == "annotated" for *_, source in found), found


def test_the_list_matches_only_listed_spellings(tmp_path):
    path = tmp_path / "names.tsv"
    path.write_text("# test\nclaudin\tgene\t1\tclaudin\t5\t5\nD-pen\tdrug\t3\td\t6\t6\n", encoding="utf-8")
    table = read_table(path)
    assert [e.entity_type for e in table.lookup("claudin", "Claudin")] == ["gene"]  # sentence-initial capital
    assert table.lookup("claudin", "CLAUDIN") == []
    assert [e.entity_id for e in table.lookup("dpen", "D-pen")] == [""]


def _counts(annotated: dict, occurrences: dict) -> Counts:
    counts = Counts()
    counts.annotated.update(annotated)
    counts.occurrences.update(occurrences)
    for (_, key, kind) in annotated:
        counts.surfaces[(key, kind)][key] += 1
    return counts


def test_the_verdict_needs_a_reliable_rate_and_no_disagreement():
    reliable = _counts({("bc5cdr", "abc12", "drug"): 4}, {("bc5cdr", "abc12"): 4, ("biored", "abc12"): 1})
    assert judge(reliable, "abc12", "drug").kept
    rare = _counts({("bc5cdr", "abc12", "drug"): 5}, {("bc5cdr", "abc12"): 10})
    assert judge(rare, "abc12", "drug").why == "rate"
    # BioRED holds it four times and never annotates it: the corpora disagree.
    disagree = _counts({("bc5cdr", "abc12", "drug"): 9}, {("bc5cdr", "abc12"): 9, ("biored", "abc12"): 4})
    assert judge(disagree, "abc12", "drug").why == "corpus disagrees"
    both = _counts({("bc5cdr", "abc12", "drug"): 9, ("biored", "abc12", "gene"): 1}, {("bc5cdr", "abc12"): 9})
    assert judge(both, "abc12", "drug").why == "other type"


def test_a_head_span_the_list_types_otherwise_takes_the_listed_type(nlp):
    # The gene head tags "L-NAME" (BC5CDR train: a chemical, never a gene; the lexicon
    # does not know it): the listed type wins, with no id.
    doc = nlp("The levels of L-NAME were increased by the treatment.")
    assert any(s.text == "L-NAME" and s.label_ == "gene" for s in doc.spans["ner_bc2gm"])
    assert [(e.text, e.label_, e.kb_id_) for e in doc.ents if e.text == "L-NAME"] == [("L-NAME", "drug", "")]
