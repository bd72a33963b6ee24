"""Static word vectors inside the NER encoder (litclaims.LexiconVectorsEmbed.v1)."""

import argparse

import numpy
import pytest
import spacy

from litclaims.extract.components.word_vectors import (
    LAYER_NAME,
    LexiconVectorsEmbed,
    dequantised,
    quantised,
    set_word_vectors,
)
from tools.training.word_vectors import VectorTable, build_table, read_glove, training_words

ATTRS = ["NORM", "PREFIX", "SUFFIX", "SHAPE"]
ROWS = [500, 100, 100, 100]
WORDS = ["egfr", "erbb2", "gefitinib", "the"]


def _table(width: int = 6) -> tuple[numpy.ndarray, numpy.ndarray, numpy.ndarray]:
    vectors = numpy.random.RandomState(0).randn(len(WORDS), width).astype("float32")
    codes, scales = quantised(vectors)
    return vectors, codes, scales


def _model(width: int = 6):
    model = LexiconVectorsEmbed(16, ATTRS, ROWS, lexicon_width=8, lexicon_rows=64, vector_width=width)
    _, codes, scales = _table(width)
    set_word_vectors(model, WORDS, codes, scales)
    return model


def test_quantised_rows_come_back_within_half_a_step():
    vectors, codes, scales = _table()
    back = dequantised(codes, scales, numpy.arange(len(WORDS)))
    assert numpy.all(numpy.abs(back - vectors) <= scales[:, None] / 2 + 1e-6)
    assert numpy.all(dequantised(codes, scales, numpy.asarray([-1])) == 0)


def test_a_word_is_looked_up_by_its_lower_case_form_and_an_unknown_word_reads_zeros():
    nlp = spacy.blank("en")
    model = _model()
    docs = [nlp("EGFR"), nlp("egfr"), nlp("xyzzy")]
    model.initialize(X=docs)
    layer = next(node for node in model.walk() if node.name == LAYER_NAME)
    layer.set_param("W", numpy.ones_like(layer.get_param("W")))
    upper, lower, unknown = (layer.predict([doc]).dataXd for doc in docs)
    assert numpy.allclose(upper, lower)
    assert not numpy.allclose(upper, 0)
    assert numpy.allclose(unknown, 0)


def test_the_projection_learns_and_the_table_does_not():
    nlp = spacy.blank("en")
    model = _model()
    docs = [nlp("EGFR binds gefitinib")]
    model.initialize(X=docs)
    layer = next(node for node in model.walk() if node.name == LAYER_NAME)
    codes_before = layer.attrs["codes"].copy()
    outputs, backprop = model.begin_update(docs)
    backprop([numpy.ones_like(o) for o in outputs])
    assert numpy.abs(layer.get_grad("W")).sum() > 0
    assert layer.param_names == ("W",)
    assert numpy.array_equal(layer.attrs["codes"], codes_before)


def test_a_saved_encoder_carries_its_table():
    nlp = spacy.blank("en")
    docs = [nlp("EGFR and ERBB2 with gefitinib")]
    model = _model()
    model.initialize(X=docs)
    loaded = LexiconVectorsEmbed(16, ATTRS, ROWS, lexicon_width=8, lexicon_rows=64, vector_width=6)
    loaded.from_bytes(model.to_bytes())
    assert numpy.allclose(model.predict(docs)[0], loaded.predict(docs)[0])


def test_an_encoder_without_a_table_or_with_a_wrong_one_is_refused():
    nlp = spacy.blank("en")
    empty = LexiconVectorsEmbed(16, ATTRS, ROWS, lexicon_width=8, lexicon_rows=64, vector_width=6)
    with pytest.raises(ValueError, match="no word vectors"):
        empty.initialize(X=[nlp("EGFR")])
    _, codes, scales = _table(width=5)
    with pytest.raises(ValueError, match="x 6 was expected"):
        set_word_vectors(empty, WORDS, codes, scales)


def test_the_table_keeps_the_most_frequent_words_and_the_training_words(tmp_path):
    glove = tmp_path / "glove.txt"
    glove.write_text("the 0.1 0.2\nof -0.3 0.4\nerbb3 0.5 -0.6\nzzz 0.7 0.8\n", encoding="utf-8")
    conll = tmp_path / "train.tsv"
    conll.write_text("ERBB3\tB-GENE\nis\tO\n\n", encoding="utf-8")
    words, vectors = read_glove(glove)
    table = build_table(words, vectors, top=2, also=training_words([conll]))
    assert table.words == ["the", "of", "erbb3"]
    table.save(tmp_path / "table.npz")
    loaded = VectorTable.load(tmp_path / "table.npz")
    assert loaded.words == table.words and loaded.width == 2
    assert numpy.array_equal(loaded.codes, table.codes)


def test_the_training_script_builds_an_encoder_with_vectors_when_asked(tmp_path):
    from tools.training.train import add_arguments, tok2vec_config

    _, codes, scales = _table(width=6)
    VectorTable(WORDS, codes, scales).save(tmp_path / "table.npz")
    parser = argparse.ArgumentParser()
    add_arguments(parser)
    embed = tok2vec_config(parser.parse_args(["--vectors", str(tmp_path / "table.npz")]))["model"]["embed"]
    assert embed["@architectures"] == "litclaims.LexiconVectorsEmbed.v1"
    assert embed["vector_width"] == 6
    with pytest.raises(SystemExit):
        tok2vec_config(parser.parse_args(["--vectors", str(tmp_path / "table.npz"), "--chars", "8"]))
