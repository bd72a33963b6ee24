"""The relation model's fast paths state exactly what the straightforward ones state, on
the seed corpus's real sentences with the rule hits and token vectors the engine passes:
PairFeaturizer gives every candidate pair the same feature strings and weight rows as
pair_features (which training uses) and hash_features; dense_matrix gives the same
float32 bits as each piece's ndarray.mean / ndarray.max over its tokens."""

from __future__ import annotations

import numpy as np
import pytest

from litclaims.extract import Extractor
from litclaims.extract.claimable import is_claimable
from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.relation_dense import DENSE_PIECES, dense_matrix
from litclaims.extract.claims.relation_model import (
    PairFeaturizer,
    RelationModel,
    SentenceView,
    candidates,
    hash_features,
    pair_features,
)
from litclaims.ingest import read_document
from tests.conftest import CACHE_DIR


@pytest.fixture(scope="module")
def model_inputs(extractor, seed_corpus):
    """(units, hits, vectors) of every call the engine makes to the shipped model on the seed corpus."""
    engine = ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=RelationModel.load())
    with_vectors = Extractor(extractor.nlp, engine, extractor.extractor_version)  # the shipped model reads them
    model = engine.relation_model
    calls = []
    original = model.predict

    def recording(units, hits, vectors=None, *skip):
        calls.append((units, hits, vectors))
        return original(units, hits, vectors, *skip)

    model.predict = recording  # this model object only
    for path in sorted(seed_corpus.glob("*.txt")):
        engine.extract([a for a in with_vectors.analyze(read_document(path)) if is_claimable(a.sentence)])
    del model.predict  # the class's own again
    return model, calls


def test_the_seed_corpus_exercises_pairs_and_rule_hits(model_inputs):
    _, calls = model_inputs
    assert sum(len(candidates(units)) for units, _, _ in calls) > 500
    assert sum(1 for units, hits, _ in calls if hits and candidates(units)) > 10


def test_the_fast_features_are_the_straightforward_ones_on_real_sentences(model_inputs):
    _, calls = model_inputs
    for units, hits, _ in calls:
        view = SentenceView.of(units)
        fast = PairFeaturizer(units, hits, view)
        for s, o in candidates(units):
            types = f"{units[s].mention.entity_type}>{units[o].mention.entity_type}"
            assert {f"{types}/{f}" for f in fast.features(s, o)} == set(pair_features(units, s, o, hits, view))


def test_the_fast_rows_are_the_hashed_rows_of_every_pair(model_inputs):
    model, calls = model_inputs
    for units, hits, _ in calls:
        pairs = candidates(units)
        if not pairs:
            continue
        rows, starts = PairFeaturizer(units, hits).rows(pairs, model.dim)
        ends = list(starts[1:]) + [len(rows)]
        for (s, o), start, end in zip(pairs, starts, ends):
            expected = np.unique(hash_features(pair_features(units, s, o, hits), model.dim))
            assert np.array_equal(rows[start:end], expected)


def _dense_reference(vectors, units, s: int, o: int) -> np.ndarray:
    values = vectors.values.astype(np.float32)
    lo, hi = min(s, o), max(s, o)
    pieces = []
    for start, end, reduce in ((units[s].start, units[s].end, "mean"), (units[o].start, units[o].end, "mean"),
                               (units[lo].end, units[hi].start, "mean"), (units[lo].end, units[hi].start, "max")):
        rows = values[vectors.rows(start, end)]
        pieces.append(getattr(rows, reduce)(axis=0) if len(rows) else np.full(vectors.width, np.nan, dtype=np.float32))
    return np.concatenate(pieces)


def test_the_dense_pieces_are_the_plain_means_and_maxima_bit_for_bit(model_inputs):
    _, calls = model_inputs
    checked = 0
    for units, _, vectors in calls:
        pairs = candidates(units)
        if not pairs or vectors is None:
            continue
        fast = dense_matrix(vectors, units, pairs)
        assert fast.shape == (len(pairs), len(DENSE_PIECES) * vectors.width)
        for row, (s, o) in zip(fast, pairs):
            assert np.array_equal(row, _dense_reference(vectors, units, s, o), equal_nan=True)
            checked += 1
    assert checked > 500


def test_skipped_pairs_leave_the_other_pairs_predictions_as_they_were(model_inputs):
    model, calls = model_inputs
    skipped = 0
    for units, hits, vectors in calls:
        every = list(model.predict(units, hits, vectors))
        pairs = candidates(units)
        dropped = set(pairs[::2])  # every other candidate pair
        skipped += len(dropped)
        kept = list(model.predict(units, hits, vectors, skip=lambda s, o: (s, o) in dropped))
        assert kept == [p for p in every if (p.subject, p.object) not in dropped]
    assert skipped > 250
