"""Issue 13, round 9a: drug -> gene phrasings counted on ChemProt train (docs/claims.md,
"Issue 13, round 9a"). Sentences written for the tests, through the real pipeline; each
test names the rule it pins. Thirteen fail on the rule tables before the round; four are
guards that pass before and after it (an amount stays expression_down's, "aromatase
inhibitors (AIs)" gives AIs no claim, "a reduction in G activity induced by D" is no
activation, a comma series with words between its items is no list).
"""

from __future__ import annotations

from tests.claim_hits import claim_pairs


def test_verb_on_the_targets_activity(claims_of):
    # inhibition.verb_of: "inhibited the kinase activity of both CRAF and BRAF"
    claims = claims_of("Sorafenib inhibited the kinase activity of both CRAF and BRAF in these cells.")
    assert {("Sorafenib", "CRAF"), ("Sorafenib", "BRAF")} <= claim_pairs(claims, "inhibition", "inhibition.verb_of")


def test_verb_on_activity_keeps_amounts_for_expression(claims_of):
    # an amount ("the expression of") is expression_down.verb's, not inhibition.verb_of's
    claims = claims_of("Gefitinib reduced the expression of EGFR in these cells.")
    assert ("Gefitinib", "EGFR") in claim_pairs(claims, "expression_down")
    assert not claim_pairs(claims, "inhibition", "inhibition.verb_of")


def test_drug_causes_activation(claims_of):
    # activation.outcome: "D caused activation of G"
    claims = claims_of("In the prefrontal cortex, dexamethasone caused activation of AKT within one hour.")
    assert ("dexamethasone", "AKT") in claim_pairs(claims, "activation", "activation.outcome")


def test_passive_reduced_by_drug(claims_of):
    # expression_down.passive: "G mRNA expression was significantly down-regulated by D"
    claims = claims_of("In the colon, COX-2 mRNA expression was significantly reduced by celecoxib, but not by placebo.")
    assert ("celecoxib", "COX-2") in claim_pairs(claims, "expression_down", "expression_down.passive")


def test_passive_increased_by_drug(claims_of):
    # expression_up.passive: "G1 and G2 mRNAs were also increased by D"
    claims = claims_of("CYP1A1 and CYP1A2 mRNAs were also increased by omeprazole in primary hepatocytes.")
    assert {("omeprazole", "CYP1A1"), ("omeprazole", "CYP1A2")} <= claim_pairs(
        claims, "expression_up", "expression_up.passive"
    )


def test_role_noun_with_the_drug_in_parentheses(claims_of):
    # inhibition.prenominal v3: "a selective COX-2 inhibitor (celecoxib)"
    claims = claims_of("The mice were treated with a selective COX-2 inhibitor (celecoxib) for two weeks.")
    assert ("celecoxib", "COX-2") in claim_pairs(claims, "inhibition", "inhibition.prenominal")


def test_plural_role_noun_with_examples_in_parentheses(claims_of):
    # inhibition.prenominal v3: "EGFR inhibitors (e.g. gefitinib and erlotinib)"
    claims = claims_of("Patients received EGFR inhibitors (e.g. gefitinib and erlotinib) as first-line therapy.")
    assert {("gefitinib", "EGFR"), ("erlotinib", "EGFR")} <= claim_pairs(claims, "inhibition", "inhibition.prenominal")


def test_class_abbreviation_in_parentheses_is_no_drug_of_the_class(claims_of):
    # "aromatase inhibitors (AIs)": the parenthesis abbreviates the class, it names no drug
    claims = claims_of("Therapies for these tumours include tamoxifen and aromatase inhibitors (AIs).")
    assert not {p for p in claim_pairs(claims, "inhibition") if p[0] == "AIs"}


def test_inducer_is_an_activator(claims_of):
    # activation.agonist v2: "D, a specific G inducer" and "G inducers (D1 and D2)"
    claims = claims_of("Cobalt protoporphyrin, a specific HO-1 inducer, reduced the injury.")
    assert ("Cobalt protoporphyrin", "HO-1") in claim_pairs(claims, "activation", "activation.agonist")
    claims = claims_of("Cells were exposed to Nrf2 inducers (sulforaphane and curcumin) for six hours.")
    assert {("sulforaphane", "Nrf2"), ("curcumin", "Nrf2")} <= claim_pairs(claims, "activation", "activation.agonist")


def test_relative_clause_after_the_drugs_class(claims_of):
    # inhibition.relative: "D1 and D2 are two NSAIDs that selectively inhibit G" (the class mention
    # "NSAIDs" stops inhibition.verb's subject gap)
    claims = claims_of(
        "Celecoxib and rofecoxib are two relatively new nonsteroidal anti-inflammatory drugs (NSAIDs) "
        "that selectively inhibit the COX-2 isoenzyme."
    )
    assert {("Celecoxib", "COX-2"), ("rofecoxib", "COX-2")} <= claim_pairs(claims, "inhibition", "inhibition.relative")


def test_associated_with_an_increase_in_expression(claims_of):
    # expression_up.nominal v2: "D exposure resulted in a sustained increase in mRNA expression for G"
    claims = claims_of("Theophylline exposure resulted in a sustained increase in mRNA expression for PDE3A.")
    assert ("Theophylline", "PDE3A") in claim_pairs(claims, "expression_up", "expression_up.nominal")


def test_comma_series_ending_in_and_is_a_list(claims_of):
    # engine._list_items: "G1 (a), G2 (b), G3 (c), and <a drug>": the comma series is a list
    claims = claims_of(
        "Curcumin suppressed the production of tumor necrosis factor-alpha (TNF-alpha), "
        "interleukin-1beta (IL-1beta), interleukin-6 (IL-6), and prostaglandin E2 in activated microglia."
    )
    got = {o for s, o in claim_pairs(claims, "expression_down") if s == "Curcumin"}
    assert {"TNF-alpha", "IL-6"} <= got


def test_comma_series_with_words_between_is_no_list(claims_of):
    # "up-regulated Bax, down-regulated Bcl-2, and ...": items with words between them are no list
    claims = claims_of(
        "Curcumin up-regulated the expression of Bax, down-regulated the expression of Bcl-2, and increased apoptosis."
    )
    assert ("Curcumin", "Bcl-2") not in claim_pairs(claims, "expression_up")


def test_inhibition_named_as_the_cause(claims_of):
    # inhibition.nominal v3: "the toxicity of D is due to their irreversible inhibition of G"
    claims = claims_of(
        "The acute toxicity of organophosphorus compounds in mammals is due to their irreversible "
        "inhibition of acetylcholinesterase in the nervous system."
    )
    assert ("organophosphorus", "acetylcholinesterase") in claim_pairs(claims, "inhibition", "inhibition.nominal")


def test_mention_cut_inside_its_parenthesis_takes_the_closing_one(claims_of):
    # units._tokenize: the tagger's "5-HT(1A" (without its ")") is still followed by "agonist"
    claims = claims_of("Lisuride fully mimicked the 5-HT(1A) agonist LY 293284 in these rats.")
    got = {(s, o) for s, o in claim_pairs(claims, "activation", "activation.agonist") if s == "LY 293284"}
    assert got and all(o.startswith("5-HT(1A") for _, o in got)


def test_participle_after_its_object(claims_of):
    # activation.passive v2: "NF-kB activation induced by TCDD" (no verb "be")
    claims = claims_of("The NF-kB activation induced by TCDD was blocked by the calcium chelator.")
    assert ("TCDD", "NF-kB") in claim_pairs(claims, "activation", "activation.passive")


def test_participle_after_a_lowering_is_no_activation(claims_of):
    # activation.passive v2: what gentamicin induced is the reduction, not SGLT1 activity
    claims = claims_of("ApoE3 protects the cells against a reduction in SGLT1 activity induced by gentamicin.")
    assert ("gentamicin", "SGLT1") not in claim_pairs(claims, "activation")
