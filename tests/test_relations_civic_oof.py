"""tools.relations.civic_oof: CIViC rows counted through the whole engine with a fold's model."""

from __future__ import annotations

import numpy as np

from litclaims.evaluation.civic import CivicRow, statement_document
from litclaims.extract.claimable import is_claimable
from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.relation_model import CLASSES, NONE, RelationModel
from tests.conftest import CACHE_DIR
from tools.relations.civic_oof import RowOutcome, parse_thresholds, row_outcomes, summary


def _sensitizing_model() -> RelationModel:
    """A model that calls every gene -> drug pair sensitization (its bias alone)."""
    weights = np.zeros((1024, len(CLASSES)), dtype=np.float32)
    bias = np.full(len(CLASSES), -10.0, dtype=np.float32)
    bias[CLASSES.index(NONE)] = 0.0
    bias[CLASSES.index("sensitization")] = 5.0
    return RelationModel(weights, bias, CLASSES, {c: 0.6 for c in CLASSES if c != NONE}, name="relations-test")


def _row(direction: str, statement: str) -> CivicRow:
    return CivicRow("1", "EGFR", "L858R", ("Gefitinib",), direction, "sensitization", statement)


def test_a_does_not_support_row_counts_when_the_folds_model_makes_the_positive_claim(extractor):
    row = _row("Does Not Support", "In EGFR mutant lung cancers, gefitinib was given daily.")
    analyzed = [a for a in extractor.analyze(statement_document(row)) if is_claimable(a.sentence)]
    (outcome,) = row_outcomes([(row, analyzed)], [ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=_sensitizing_model())],
                              ClaimEngine.load(cache_dir=CACHE_DIR), folds=1)
    assert not outcome.supports and not outcome.rules_hit and outcome.hit
    assert outcome.by_model.startswith("sensitization EGFR->gefitinib")


def test_a_negated_claim_of_the_model_is_no_positive_claim(extractor):
    row = _row("Does Not Support", "EGFR mutant lung cancers were not treated with gefitinib daily.")
    analyzed = [a for a in extractor.analyze(statement_document(row)) if is_claimable(a.sentence)]
    (outcome,) = row_outcomes([(row, analyzed)], [ClaimEngine.load(cache_dir=CACHE_DIR, relation_model=_sensitizing_model())],
                              ClaimEngine.load(cache_dir=CACHE_DIR), folds=1)
    assert not outcome.hit


def test_the_summary_counts_rows_per_direction_and_type():
    outcomes = [RowOutcome("1", True, "sensitization", "", False, True, "x"),
                RowOutcome("2", True, "resistance", "", True, True, ""),
                RowOutcome("3", False, "sensitization", "", False, True, "x"),
                RowOutcome("4", False, "sensitization", "", False, False, "")]
    lines = summary(outcomes)
    assert "rules    1/2    + model (out of fold)    2/2    (100.0%)" in lines[2]
    assert "rules    0/2    + model (out of fold)    1/2    (50.0%)" in lines[5]


def test_thresholds_override_only_the_classes_named():
    from tools.relations.train import THRESHOLDS

    thresholds = parse_thresholds(["sensitization=0.99"])
    assert thresholds["sensitization"] == 0.99
    assert {k: v for k, v in thresholds.items() if k != "sensitization"} == {
        k: v for k, v in THRESHOLDS.items() if k != "sensitization"}
