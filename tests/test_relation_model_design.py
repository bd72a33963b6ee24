"""The relation model states no resistance or sensitization in a sentence that only
describes a study's design (engine.states_design_only; docs/claims.md "Issue 13, round 8")."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from litclaims.extract.claims import ClaimEngine
from litclaims.extract.claims.engine import states_design_only
from litclaims.extract.claims.relation_model import CLASSES, NONE, RelationModel
from litclaims.schemas.records import Document


@pytest.mark.parametrize("text", [
    "This phase II single arm study assessed trastuzumab monotherapy in HER2 positive endometrial cancers "
    "with tumor response as primary endpoint.",
    "Treatment response to vemurafenib and panitumumab was assayed in 12 patients who had progressed on chemotherapy.",
    "A phase I study to determine the tolerability and pharmacokinetics of selumetinib in KRAS-mutant CRC.",
])
def test_a_sentence_of_aims_assays_and_endpoints_states_only_a_design(text):
    assert states_design_only(text)


@pytest.mark.parametrize("text", [
    "This study assessed gefitinib in EGFR mutant patients and showed a response rate of 60%.",
    "In this pilot study of vemurafenib, one patient had a durable partial response.",
    "Patients with EGFR L858R responded to gefitinib.",  # no design cue at all
    "The trial evaluated erlotinib; EGFR mutant tumours were sensitive to it.",
])
def test_a_sentence_that_reports_a_result_is_no_design_only_sentence(text):
    assert not states_design_only(text)


def _sensitizing_model() -> RelationModel:
    """A model that calls every gene -> drug pair sensitization (its bias alone)."""
    weights = np.zeros((1024, len(CLASSES)), dtype=np.float32)
    bias = np.full(len(CLASSES), -10.0, dtype=np.float32)
    bias[CLASSES.index(NONE)] = 0.0
    bias[CLASSES.index("sensitization")] = 5.0
    return RelationModel(weights, bias, CLASSES, {c: 0.6 for c in CLASSES if c != NONE}, name="relations-test")


def _analyzed(extractor, text: str):
    doc = Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path="t.txt",
                   media_type="text/plain", text=text)
    return list(extractor.analyze(doc))


def _model_pairs(extractor, text: str) -> set[tuple[str, str, str]]:
    claims = ClaimEngine.load(relation_model=_sensitizing_model()).extract(_analyzed(extractor, text))
    return {(c.claim_type, c.subject.text, c.object.text) for c in claims if c.rule == "model:relations-test"}


def test_the_model_claims_no_direction_in_a_design_only_sentence(extractor):
    design = "This phase II study assessed gefitinib in EGFR mutant lung cancers with tumor response as primary endpoint."
    assert _model_pairs(extractor, design) == set()


def test_the_same_model_claims_the_direction_where_the_sentence_is_no_design(extractor):
    plain = "In EGFR mutant lung cancers, gefitinib was given daily."
    assert ("sensitization", "EGFR", "gefitinib") in _model_pairs(extractor, plain)
