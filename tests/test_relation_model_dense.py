"""The relation model's dense part: the encoder's token vectors carried on the analyzed
sentences only when the model reads them, the pair's dense pieces, the folded
standardisation, the save/load round trip, and a model of another encoder that runs on
its word features instead of crashing."""

from __future__ import annotations

import hashlib
import warnings
from pathlib import Path

import numpy as np
import pytest

from litclaims.extract.analyzed import TokenVectors
from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.relation_dense import (
    DENSE_PIECES,
    DenseLayer,
    dense_matrix,
    dense_pieces,
    encoder_fingerprint,
    select_pieces,
)
from litclaims.extract.claims.relation_model import CLASSES, NONE, RelationModel
from litclaims.extract.claims.units import Unit
from litclaims.schemas.records import Document, Mention
from tests.conftest import CACHE_DIR

TEXT = "In these cells, AZD6244 quenched EGFR."
WIDTH = 4


def _document(text: str = TEXT) -> Document:
    return Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path="t.txt", media_type="text/plain", text=text)


def _units_and_vectors(sentence: str, types: dict[str, str], vector_of: dict[str, list[float]]):
    """Units of a space-separated sentence (words in `types` are mentions) and token
    vectors of width WIDTH: a word's entry in `vector_of`, else zeros."""
    units, starts, ends, rows, position = [], [], [], [], 0
    for word in sentence.split():
        start = sentence.index(word, position)
        position = start + len(word)
        mention = Mention(f"m{start}", "d", "s", start, position, word, types[word], None, None, "test") if word in types else None
        units.append(Unit(f"§{types[word]}" if mention else word.lower(), start, position, word, mention))
        starts.append(start)
        ends.append(position)
        rows.append(vector_of.get(word, [0.0] * WIDTH))
    vectors = TokenVectors(np.array(starts, dtype=np.int32), np.array(ends, dtype=np.int32),
                           np.array(rows, dtype=np.float16), "encoder-test")
    return units, vectors


def test_token_vectors_find_the_tokens_of_a_character_range():
    units, vectors = _units_and_vectors("D lowered G levels", {"D": "drug", "G": "gene"},
                                        {"lowered": [1, 2, 3, 4], "G": [3, 0, 0, 1]})
    assert vectors.rows(2, 9) == slice(1, 2)  # "lowered"
    assert vectors.rows(1, 2) == slice(1, 1)  # the space between "D" and "lowered": no token
    assert vectors.rows(2, 11) == slice(1, 3)  # "lowered G"
    assert vectors.rows(0, 18) == slice(0, 4)


def test_dense_pieces_are_subject_object_and_the_tokens_between():
    units, vectors = _units_and_vectors("D sharply lowered G", {"D": "drug", "G": "gene"},
                                        {"D": [1, 0, 0, 0], "sharply": [0, 2, 0, 0], "lowered": [0, 4, 6, 0], "G": [0, 0, 0, 5]})
    x = dense_pieces(vectors, units, 0, 3)
    assert x.shape == (len(DENSE_PIECES) * WIDTH,)
    subject, obj, mean, top = x.reshape(len(DENSE_PIECES), WIDTH)
    assert np.allclose(subject, [1, 0, 0, 0]) and np.allclose(obj, [0, 0, 0, 5])
    assert np.allclose(mean, [0, 3, 3, 0]) and np.allclose(top, [0, 4, 6, 0])
    # the reversed pair swaps subject and object, not the span between
    assert np.allclose(dense_pieces(vectors, units, 3, 0)[:WIDTH], [0, 0, 0, 5])
    # adjacent mentions have no token between: those pieces are missing (NaN), not zero
    units, vectors = _units_and_vectors("D G", {"D": "drug", "G": "gene"}, {})
    assert np.isnan(dense_pieces(vectors, units, 0, 1)[2 * WIDTH:]).all()
    # a sentence's pairs at once: the same numbers as pair by pair
    units, vectors = _units_and_vectors("D1 lowered G1 and D2 raised G2", {"D1": "drug", "D2": "drug", "G1": "gene", "G2": "gene"},
                                        {w: [i, -i, i / 2, 1] for i, w in enumerate("D1 lowered G1 and D2 raised G2".split())})
    pairs = [(0, 2), (0, 6), (4, 2), (2, 4), (4, 6)]
    assert np.array_equal(dense_matrix(vectors, units, pairs), np.stack([dense_pieces(vectors, units, s, o) for s, o in pairs]),
                          equal_nan=True)
    assert select_pieces(np.arange(16.0)[None, :], ("object", "between_max"), WIDTH).tolist() == [[4, 5, 6, 7, 12, 13, 14, 15]]


def _dense_model(direction: list[float], encoder: str = "encoder-test") -> RelationModel:
    """A model with no word knowledge: the mean vector between a drug and a gene along
    `direction` (its length: the encoder's width) means inhibition."""
    width = len(direction)
    weights = np.zeros((64, len(CLASSES)), dtype=np.float32)
    bias = np.full(len(CLASSES), -20.0, dtype=np.float32)
    bias[CLASSES.index(NONE)] = 0.0
    bias[CLASSES.index("inhibition")] = -2.0
    dense_weights = np.zeros((width, len(CLASSES)), dtype=np.float32)
    dense_weights[:, CLASSES.index("inhibition")] = direction
    layer = DenseLayer(("between_mean",), dense_weights, np.zeros(width, dtype=np.float32), encoder, width)
    return RelationModel(weights, bias, CLASSES, {c: 0.8 for c in CLASSES if c != NONE}, "relations-test", dense=layer)


def test_the_dense_part_decides_from_the_vectors_and_stands_at_the_mean_without_them():
    units, vectors = _units_and_vectors("D lowered G", {"D": "drug", "G": "gene"}, {"lowered": [2, 0, 0, 0]})
    model = _dense_model([3.0, 0, 0, 0])
    (p,) = model.predict(units, [], vectors)
    assert (units[p.subject].text, units[p.object].text, p.claim_type) == ("D", "G", "inhibition")
    assert p.probability == pytest.approx(1 / (1 + np.exp(-4.0)), abs=1e-3)  # scores 6 - 2 against 0
    # without vectors, or with another encoder's, the dense inputs are the training mean: no claim
    assert list(model.predict(units, [])) == []
    other = TokenVectors(vectors.starts, vectors.ends, vectors.values, "another-encoder")
    assert list(model.predict(units, [], other)) == []


def test_save_and_load_keep_the_dense_part(tmp_path: Path):
    model = _dense_model([1.0, -1.0, 0.5, 0])
    model.save(tmp_path, {"dense": {"scale": 0.1}})
    loaded = RelationModel.load(tmp_path, "relations-test")
    assert loaded.dense is not None and loaded.dense.pieces == ("between_mean",)
    assert (loaded.dense.encoder, loaded.dense.width) == ("encoder-test", WIDTH)
    assert np.array_equal(loaded.dense.weights, model.dense.weights)
    meta = (tmp_path / "relations-test.json").read_text(encoding="utf-8")
    assert '"encoder": "encoder-test"' in meta and '"scale": 0.1' in meta


def test_the_folded_standardisation_gives_the_scores_the_regression_fitted():
    from tools.relations.train import DenseScaling

    rng = np.random.default_rng(0)
    dense = rng.normal(3.0, 2.0, size=(50, len(DENSE_PIECES) * WIDTH)).astype(np.float32)
    dense[0, 2 * WIDTH:] = np.nan  # a pair without tokens between
    scaling = DenseScaling.fitted(dense, ("subject", "between_mean"), WIDTH, 0.3)
    weights = rng.normal(size=(2 * WIDTH, len(CLASSES))).astype(np.float32)
    bias = rng.normal(size=len(CLASSES)).astype(np.float32)
    fitted_scores = scaling.transform(dense) @ weights + bias
    layer, folded_bias = scaling.layer(weights, bias, "encoder-test")
    raw = select_pieces(dense, layer.pieces, WIDTH)
    raw = np.where(np.isnan(raw), layer.mean, raw)
    assert np.allclose(raw @ layer.weights + folded_bias, fitted_scores, atol=1e-4)


def test_vectors_are_carried_only_when_the_model_reads_them(extractor):
    from litclaims.extract import Extractor

    assert extractor.vector_encoder is None
    assert all(a.vectors is None for a in extractor.analyze(_document()))
    training = Extractor(extractor.nlp, extractor.engine, extractor.extractor_version, token_vectors=True)
    encoder, width = encoder_fingerprint(extractor.nlp)
    assert training.vector_encoder == encoder and width == 96
    (analyzed,) = [a for a in training.analyze(_document()) if a.mentions]
    vectors = analyzed.vectors
    assert vectors is not None and vectors.values.dtype == np.float16 and vectors.values.shape == (len(analyzed.span), width)
    tokens = [analyzed.sentence.text[s:e] for s, e in zip(vectors.starts, vectors.ends)]
    assert tokens == [t.text for t in analyzed.span]
    # a model reading the pipeline's encoder gets the vectors without being asked
    reading = ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=_dense_model([0.0] * width, encoder=encoder))
    assert Extractor(extractor.nlp, reading, "v").vector_encoder == encoder


def test_a_model_of_another_encoder_runs_on_its_words_and_says_so(extractor):
    from litclaims.extract import Extractor

    engine = ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=_dense_model([5.0] * WIDTH, encoder="scispacy-tok2vec:0000"))
    with pytest.warns(RuntimeWarning, match="dense inputs at their training mean"):
        other = Extractor(extractor.nlp, engine, "v")
    assert other.vector_encoder is None
    assert other.extract(_document()).claims == ()  # runs, at the mean: no claim from the vectors


def test_the_shipped_model_reads_the_shipped_encoder():
    from litclaims.extract import Extractor
    from litclaims.schemas.config import Settings

    model = RelationModel.load()
    if model.dense is None:
        pytest.skip("the shipped model reads no vectors")
    with warnings.catch_warnings():
        warnings.simplefilter("error", RuntimeWarning)  # a fingerprint that moved would warn
        on = Extractor.from_settings(Settings(relation_model=True))
    assert on.vector_encoder == model.dense.encoder
    assert model.dense.weights.shape == (len(model.dense.pieces) * model.dense.width, len(CLASSES))


def test_a_base_model_with_its_own_encoder_runs_the_model_without_the_dense_part(tmp_path: Path):
    import spacy

    from litclaims.extract import Extractor
    from litclaims.schemas.config import Settings

    base = spacy.blank("en")
    base.add_pipe("sentencizer")
    base.add_pipe("tok2vec")  # an encoder, not the one the model was trained with
    base.add_pipe("ner").add_label("GENE")
    base.initialize()
    base.to_disk(tmp_path / "base")
    settings = Settings().with_overrides(base_model=str(tmp_path / "base"), relation_model=True)
    with pytest.warns(RuntimeWarning, match="no such encoder"):
        extractor = Extractor.from_settings(settings)
    assert extractor.engine.relation_model is not None and extractor.vector_encoder is None
    extraction = extractor.extract(_document("Gefitinib inhibited EGFR in these cells. " + TEXT))
    assert all(a.vectors is None for a in extractor.analyze(_document()))
    assert extraction.sentences  # ran to the end
