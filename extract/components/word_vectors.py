"""Static word vectors for the trained NER's encoder, carried inside the model.

The hashed NORM/PREFIX/SUFFIX/SHAPE rows are learnt from the training corpora
alone, so a word those corpora never contain reaches the encoder as a row no
example trained. Word vectors learnt from a large general text (GloVe 6B:
Wikipedia and Gigaword, lower-cased) place such a word near the words it is
used like (the nearest to "egfr" in the table: "egf", "mtor", "pdgf").

The table lives in the layer's `attrs` (words, int8 rows, one scale per row),
not in the `Vocab`: the NER components are sourced into a pipeline whose vocab
may hold a scispaCy model's own vectors, which must not be replaced. A word is
looked up by its lower-cased form; an unknown word gets a zero vector. The
projection to the encoder's width is learnt; the table is not.

`litclaims.LexiconVectorsEmbed.v1` is `litclaims.LexiconHashEmbed.v1` with the
projected vector concatenated before the Maxout. A new model's table is set by
`set_word_vectors` before the encoder is initialised
(`tools/training/word_vectors.py` builds it); a saved model carries it.
"""

from __future__ import annotations

from typing import List

import numpy
from spacy.tokens import Doc
from spacy.util import registry
from thinc.api import Maxout, Model, chain, concatenate, ragged2list, with_array
from thinc.types import Floats2d, Ragged

from litclaims.extract.components.lexicon_features import hashed_features

LAYER_NAME = "static_word_vectors"


@registry.architectures("litclaims.LexiconVectorsEmbed.v1")
def LexiconVectorsEmbed(
    width: int,
    attrs: List[str],
    rows: List[int],
    lexicon_width: int,
    lexicon_rows: int,
    vector_width: int,
) -> Model[List[Doc], List[Floats2d]]:
    """LexiconHashEmbed plus each word's static vector, projected to `width`."""
    if len(rows) != len(attrs):
        raise ValueError(f"Mismatched lengths: {len(rows)} vs {len(attrs)}")
    concat_size = width * len(attrs) + lexicon_width + width
    return chain(
        concatenate(
            hashed_features(width, attrs, rows, lexicon_width, lexicon_rows),
            StaticWordVectors(width, vector_width),
        ),
        with_array(Maxout(width, concat_size, nP=3, dropout=0.0, normalize=True)),
        ragged2list(),
    )


def StaticWordVectors(n_out: int, vector_width: int) -> Model[List[Doc], Ragged]:
    """Each token's lower-cased word looked up in a fixed table, times a learnt W."""
    row_cache: dict = {}  # the word -> row index of the table it was built for

    def rows_of(model: Model, docs: List[Doc]) -> numpy.ndarray:
        words = model.attrs["words"]
        if row_cache.get("words") is not words:
            row_cache["words"] = words
            row_cache["index"] = {word: i for i, word in enumerate(words)}
        index = row_cache["index"]
        return numpy.fromiter((index.get(t.lower_, -1) for doc in docs for t in doc), dtype="int64")

    def forward(model: Model, docs: List[Doc], is_train: bool):
        lengths = model.ops.asarray1i([len(doc) for doc in docs])
        rows = rows_of(model, docs)
        vectors = dequantised(model.attrs["codes"], model.attrs["scales"], rows)
        weights = model.get_param("W")
        output = model.ops.gemm(model.ops.asarray2f(vectors), weights, trans2=True)

        def backprop(d_output: Ragged) -> List[Doc]:
            model.inc_grad("W", model.ops.gemm(d_output.dataXd, model.ops.asarray2f(vectors), trans1=True))
            return []

        return Ragged(output, lengths), backprop

    def init(model: Model, X=None, Y=None) -> None:
        if not model.attrs["words"]:
            raise ValueError("no word vectors set: call set_word_vectors before initialising the encoder")
        model.set_param("W", model.ops.alloc2f(n_out, vector_width))

    return Model(
        LAYER_NAME,
        forward,
        init=init,
        dims={"nO": n_out, "nV": vector_width},
        params={"W": None},
        attrs={
            "words": [],
            "codes": numpy.zeros((0, vector_width), dtype="int8"),
            "scales": numpy.zeros((0,), dtype="float32"),
        },
    )


def dequantised(codes: numpy.ndarray, scales: numpy.ndarray, rows: numpy.ndarray) -> numpy.ndarray:
    """The float vectors of `rows` (-1: an unknown word, a zero vector)."""
    known = rows >= 0
    vectors = numpy.zeros((len(rows), codes.shape[1]), dtype="float32")
    vectors[known] = codes[rows[known]].astype("float32") * scales[rows[known], None]
    return vectors


def quantised(vectors: numpy.ndarray) -> tuple[numpy.ndarray, numpy.ndarray]:
    """int8 codes and one float32 scale per row (symmetric, the row's largest |value| -> 127)."""
    scales = numpy.abs(vectors).max(axis=1) / 127.0
    scales[scales == 0] = 1.0
    codes = numpy.rint(vectors / scales[:, None]).astype("int8")
    return codes, scales.astype("float32")


def set_word_vectors(encoder: Model, words: list[str], codes: numpy.ndarray, scales: numpy.ndarray) -> None:
    """Give an encoder's static-vector layer its table (before it is initialised)."""
    layers = [node for node in encoder.walk() if node.name == LAYER_NAME]
    if not layers:
        raise ValueError("this encoder has no static word-vector layer (litclaims.LexiconVectorsEmbed.v1)")
    width = layers[0].get_dim("nV")
    if codes.shape != (len(words), width) or scales.shape != (len(words),):
        raise ValueError(f"a table of {len(words)} words x {width} was expected, got {codes.shape}")
    for layer in layers:
        layer.attrs["words"] = list(words)
        layer.attrs["codes"] = codes
        layer.attrs["scales"] = scales
