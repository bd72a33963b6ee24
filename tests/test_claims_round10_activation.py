"""Issue 13, round 10a: ChemProt activation-group phrasings counted on train (docs/claims.md,
"Issue 13, round 10a"). Sentences written for the tests, through the real pipeline. The first
two fail on the rule tables before the round (activation.passive v2); the last two are guards
that pass before and after it (a lowering or negating word between the target and the verb
keeps the drug from being read as the target's activator).
"""

from __future__ import annotations

from tests.claim_hits import claim_pairs


def test_target_activated_after_drug_treatment(claims_of):
    # activation.passive v3: "the G signaling pathway can be activated after D treatment"
    claims = claims_of("In these cells, the NF-kB signaling pathway was activated after dexamethasone treatment.")
    assert ("dexamethasone", "NF-kB") in claim_pairs(claims, "activation", "activation.passive")


def test_target_increased_in_response_to_drug(claims_of):
    # activation.passive v3: "G increased in response to D1 and D2" (one claim per drug)
    claims = claims_of("Moreover, IGFBP-3 markedly increased in response to tamoxifen and retinoic acid in MCF-7 cells.")
    pairs = claim_pairs(claims, "activation", "activation.passive")
    assert {("tamoxifen", "IGFBP-3"), ("retinoic acid", "IGFBP-3")} <= pairs


def test_negated_increase_after_drug_is_no_activation(claims_of):
    # guard: "not" between the target and the verb: no positive claim (the gap may not cross it)
    claims = claims_of("EGFR phosphorylation was not increased after gefitinib treatment in these cells.")
    assert ("gefitinib", "EGFR") not in claim_pairs(claims, "activation")


def test_lowering_word_before_the_verb_is_no_activation(claims_of):
    # guard: a lowering verb ("reduced") is neither a verb of the pattern nor crossed by its gap
    claims = claims_of("AKT activity was reduced after gefitinib treatment of the resistant cells.")
    assert ("gefitinib", "AKT") not in claim_pairs(claims, "activation")
