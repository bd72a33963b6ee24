"""The relation model's fast feature path (PairFeaturizer) states exactly what the
straightforward one (pair_features, which training uses, then hash_features) states:
on the seed corpus's real sentences, with the rule hits the engine passes, every
candidate pair gets the same feature strings and the same weight rows."""

from __future__ import annotations

import numpy as np
import pytest

from litclaims.extract.claimable import is_claimable
from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.relation_model import (
    PairFeaturizer,
    RelationModel,
    SentenceView,
    candidates,
    hash_features,
    pair_features,
)
from litclaims.ingest import read_document


@pytest.fixture(scope="module")
def model_inputs(extractor, seed_corpus):
    """(units, hits) of every call the engine makes to the shipped model on the seed corpus."""
    engine = ClaimEngine.load(relation_model=RelationModel.load())
    model = engine.relation_model
    calls = []
    original = model.predict

    def recording(units, hits, vectors=None):
        calls.append((units, hits))
        return original(units, hits, vectors)

    model.predict = recording  # this model object only
    for path in sorted(seed_corpus.glob("*.txt")):
        engine.extract([a for a in extractor.analyze(read_document(path)) if is_claimable(a.sentence)])
    return model, calls


def test_the_seed_corpus_exercises_pairs_and_rule_hits(model_inputs):
    _, calls = model_inputs
    assert sum(len(candidates(units)) for units, _ in calls) > 500
    assert sum(1 for units, hits in calls if hits and candidates(units)) > 10


def test_the_fast_features_are_the_straightforward_ones_on_real_sentences(model_inputs):
    _, calls = model_inputs
    for units, hits in calls:
        view = SentenceView.of(units)
        fast = PairFeaturizer(units, hits, view)
        for s, o in candidates(units):
            types = f"{units[s].mention.entity_type}>{units[o].mention.entity_type}"
            assert {f"{types}/{f}" for f in fast.features(s, o)} == set(pair_features(units, s, o, hits, view))


def test_the_fast_rows_are_the_hashed_rows_of_every_pair(model_inputs):
    model, calls = model_inputs
    for units, hits in calls:
        pairs = candidates(units)
        if not pairs:
            continue
        rows, starts = PairFeaturizer(units, hits).rows(pairs, model.dim)
        ends = list(starts[1:]) + [len(rows)]
        for (s, o), start, end in zip(pairs, starts, ends):
            expected = np.unique(hash_features(pair_features(units, s, o, hits), model.dim))
            assert np.array_equal(rows[start:end], expected)
