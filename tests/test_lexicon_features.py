"""The trained NER's embedding layers: lexicon tags as a feature, optional character embedding."""

import numpy
import pytest
import spacy
from spacy.tokens import Span

from litclaims.extract.components.lexicon_features import LexiconCharEmbed, LexiconHashEmbed, lexicon_tags
from litclaims.schemas.vocabulary import LEXICON_SPANS

ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
ROWS = [500, 100, 100, 100]


def _doc(nlp, text: str, lexicon: list[tuple[int, int, str]]):
    doc = nlp(text)
    doc.spans[LEXICON_SPANS] = [Span(doc, start, end, label=label) for start, end, label in lexicon]
    return doc


def test_lexicon_tags_are_iob_over_the_lexicon_spans():
    nlp = spacy.blank("en")
    doc = _doc(nlp, "IGF - IR confers resistance to tamoxifen", [(0, 3, "gene"), (6, 7, "drug")])
    assert lexicon_tags(doc) == ["B-gene", "I-gene", "I-gene", "O", "O", "O", "B-drug"]


@pytest.mark.parametrize("build", [
    lambda: LexiconHashEmbed(32, ATTRS, ROWS, lexicon_width=8, lexicon_rows=64),
    lambda: LexiconCharEmbed(32, ATTRS, ROWS, lexicon_width=8, lexicon_rows=64, char_width=4, chars=6),
])
def test_embedding_gives_a_vector_per_token_and_reads_the_lexicon_tag(build):
    nlp = spacy.blank("en")
    tagged = _doc(nlp, "tamoxifen resistance", [(0, 1, "drug")])
    untagged = _doc(nlp, "tamoxifen resistance", [])
    model = build()
    model.initialize(X=[tagged, untagged])
    out_tagged, out_untagged = model.predict([tagged, untagged])
    assert out_tagged.shape == (2, 32)
    # Only the lexicon tag differs between the two docs, and only on the first token.
    assert not numpy.allclose(out_tagged[0], out_untagged[0])
    assert numpy.allclose(out_tagged[1], out_untagged[1])


def test_character_embedding_is_trained_with_the_rest():
    nlp = spacy.blank("en")
    docs = [_doc(nlp, "IGF1R and EGFR", [])]
    model = LexiconCharEmbed(16, ATTRS, ROWS, lexicon_width=8, lexicon_rows=64, char_width=4, chars=6)
    model.initialize(X=docs)
    char_table = next(node for node in model.walk() if node.name == "charembed")
    outputs, backprop = model.begin_update(docs)
    backprop([numpy.ones_like(o) for o in outputs])
    assert numpy.abs(char_table.get_grad("E")).sum() > 0


def test_the_training_script_builds_an_encoder_with_characters_when_asked():
    import argparse

    from tools.training.train import add_arguments, tok2vec_config

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    plain = tok2vec_config(parser.parse_args([]))["model"]["embed"]
    with_chars = tok2vec_config(parser.parse_args(["--chars", "8", "--char-width", "16"]))["model"]["embed"]
    assert plain["@architectures"] == "litclaims.LexiconHashEmbed.v1" and "chars" not in plain
    assert with_chars["@architectures"] == "litclaims.LexiconCharEmbed.v1"
    assert (with_chars["chars"], with_chars["char_width"]) == (8, 16)
    nlp = spacy.blank("en")
    doc = _doc(nlp, "IGF1R binds IGF2", [(0, 1, "gene")])
    tok2vec = nlp.add_pipe("tok2vec", config=tok2vec_config(parser.parse_args(["--chars", "4", "--width", "32"])))
    tok2vec.model.initialize(X=[doc])
    assert tok2vec.predict([doc])[0].shape == (3, 32)
