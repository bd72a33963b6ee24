"""Confidence measured on the dev splits (evaluation/confidence.py): how a claim is judged
on a relation corpus, the pooled per-rule table, the model's probability bands, and the
band confidence the engine gives the model's claims."""

from __future__ import annotations

import json

import numpy as np

from litclaims.evaluation.confidence import Verdict, model_bands, per_rule, relation_verdicts
from litclaims.evaluation.relation_corpora import ACTIVATION_TYPES, INHIBITION_TYPES, GoldEntity, GoldRelation, RelationExample
from litclaims.extract.claims.relation_model import CLASSES, RelationModel, load_model_bands
from tests.conftest import CACHE_DIR

TEXT = "Telmisartan is a potent AT1 receptor antagonist."


def _example(corpus: str, label: str, claim_types: tuple[str, ...]) -> RelationExample:
    drug = GoldEntity(0, 11, None, "Telmisartan", ("e1",))
    target = GoldEntity(24, 36, None, "AT1 receptor", ("e2",))
    return RelationExample(corpus, "x1", TEXT, (drug, target), (GoldRelation("e1", "e2", label, claim_types, False),))


def test_a_claim_of_the_pairs_type_is_right_and_one_on_a_substrate_pair_is_wrong(extractor):
    right = relation_verdicts("chemprot", [_example("chemprot", "ANTAGONIST", INHIBITION_TYPES)], extractor)
    assert [(v.rule, v.right) for v in right] == [("inhibition.role", True)]
    opposite = relation_verdicts("chemprot", [_example("chemprot", "AGONIST", ACTIVATION_TYPES)], extractor)
    assert [v.right for v in opposite] == [False]
    substrate = relation_verdicts("chemprot", [_example("chemprot", "SUBSTRATE", ())], extractor)
    assert [v.right for v in substrate] == [False]
    # BioRED relates ids without a claim type (Association): nothing to judge the claim by
    assert relation_verdicts("biored", [_example("biored", "Association", ())], extractor) == []


def test_per_rule_pools_the_sources_with_add_one_smoothing():
    verdicts = [Verdict("chemprot", "r", None, True), Verdict("chemprot", "r", None, False),
                Verdict("gold", "r", None, True), Verdict("civic", "s", None, True)]
    table = per_rule(verdicts)
    assert table["r"]["true_positives"] == 2 and table["r"]["predicted"] == 3
    assert table["r"]["confidence"] == round(3 / 5, 4)
    assert table["r"]["by_source"] == {"chemprot": [1, 2], "gold": [1, 1]}
    assert table["s"]["confidence"] == round(2 / 3, 4)


def test_model_bands_count_each_claim_in_the_band_of_its_probability():
    rule = "model:relations-v1"
    verdicts = [Verdict("chemprot", rule, 0.96, True), Verdict("chemprot", rule, 0.97, False),
                Verdict("civic", rule, 1.0, True), Verdict("chemprot", rule, 0.72, False),
                Verdict("chemprot", "inhibition.verb", 0.8, True)]
    bands = {(b["from"], b["to"]): b for b in model_bands(verdicts, rule)}
    assert (bands[(0.95, 1.0)]["true_positives"], bands[(0.95, 1.0)]["predicted"]) == (2, 3)
    assert (bands[(0.7, 0.8)]["true_positives"], bands[(0.7, 0.8)]["predicted"]) == (0, 1)
    assert bands[(0.8, 0.9)]["predicted"] == 0


def test_the_models_claims_carry_their_bands_measured_confidence(tmp_path):
    model = RelationModel(np.zeros((8, len(CLASSES))), np.zeros(len(CLASSES)), CLASSES, {})
    table = {"model": {"rule": model.rule, "bands": [
        {"from": 0.9, "to": 0.95, "predicted": 10, "confidence": 0.7},
        {"from": 0.95, "to": 1.0, "predicted": 20, "confidence": 0.85},
        {"from": 0.5, "to": 0.6, "predicted": 0, "confidence": 0.5}]}}
    path = tmp_path / "confidence.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    banded = model.with_bands(load_model_bands(path, model.rule))
    assert banded.confidence_of(0.97) == 0.85 and banded.confidence_of(1.0) == 0.85
    assert banded.confidence_of(0.91) == 0.7
    assert banded.confidence_of(0.55) == 0.55  # a band nothing was judged in: the probability itself
    assert load_model_bands(path, "model:another") == []


def test_the_shipped_engine_gives_the_model_the_shipped_bands():
    from litclaims.extract.claims import ClaimEngine
    from litclaims.extract.claims.engine import CONFIDENCE_FILE

    engine = ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=True)
    assert engine.relation_model.bands == tuple(load_model_bands(CONFIDENCE_FILE, engine.relation_model.rule))
    assert engine.relation_model.bands, "confidence.json has no measured band for the shipped model"
    raw = ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=RelationModel.load())
    assert raw.relation_model.bands == ()


def test_the_measuring_extractor_reads_no_table_so_the_table_it_writes_is_a_fixed_point():
    # the engine names a claim after the most confident of the rules that make it; measured
    # with that table, the rules' counts moved with it and each rewrite changed the next
    from litclaims.evaluation.relations_cli import build_extractor

    engine = build_extractor(True, measuring_confidence=True).engine
    assert engine.confidence == {} and engine.relation_model.bands == ()
