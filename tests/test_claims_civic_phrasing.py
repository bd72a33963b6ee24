"""Phrasings added for curated clinical evidence (CIViC-style statements), through the
real pipeline: subject, object, type and negation of the claims they yield, and the
readings they must not yield."""

from __future__ import annotations

from litclaims.schemas.records import Claim


def triples(claims: list[Claim]) -> set[tuple[str, str, str, bool]]:
    """(claim type, subject text, object text, negated), lower case."""
    return {(c.claim_type, c.subject.text.lower(), c.object.text.lower(), c.negated) for c in claims}


def test_lack_of_drug_response_is_resistance(claims_of):
    claims = claims_of("The presence of a PIK3CA mutation in exon 9 or exon 20 was associated with lack of panitumumab or cetuximab response.")
    found = triples(claims)
    assert ("resistance", "pik3ca", "panitumumab", False) in found
    assert ("resistance", "pik3ca", "cetuximab", False) in found
    assert not any(t[0] == "sensitization" for t in found)


def test_lower_response_rate_in_carriers_is_resistance(claims_of):
    claims = claims_of("The objective response rate to cetuximab was lower in patients with PIK3CA mutations compared to wildtype patients.")
    found = triples(claims)
    assert ("resistance", "pik3ca", "cetuximab", False) in found
    assert not any(t[0] == "sensitization" for t in found)


def test_higher_response_rate_in_carriers_is_sensitization(claims_of):
    claims = claims_of("The response rate to vemurafenib was higher in patients with BRAF V600E mutations.")
    assert ("sensitization", "braf", "vemurafenib", False) in triples(claims)


def test_endpoint_comparison_never_binds_a_wild_type_subject(claims_of):
    claims = claims_of("The response rate to cetuximab was higher in patients with wild-type KRAS.")
    assert not any(c.claim_type in ("sensitization", "resistance") for c in claims)


def test_increased_risk_of_progression_is_resistance_not_sensitization(claims_of):
    claims = claims_of(
        "In breast cancer patients treated with trastuzumab, the presence of a PIK3CA mutation was associated "
        "with an increased risk of progression and reduced time to progression."
    )
    found = triples(claims)
    assert ("resistance", "pik3ca", "trastuzumab", False) in found
    assert ("sensitization", "pik3ca", "trastuzumab", False) not in found


def test_response_with_descriptive_adjectives_is_sensitization(claims_of):
    claims = claims_of(
        "A patient with breast cancer with CDKN2A loss experienced a short-lived (~3-month) clinical response to palbociclib."
    )
    assert ("sensitization", "cdkn2a", "palbociclib", False) in triples(claims)


def test_poor_response_is_not_read_as_a_response(claims_of):
    claims = claims_of("A patient with CDKN2A loss experienced a poor clinical response to palbociclib.")
    assert ("sensitization", "cdkn2a", "palbociclib", False) not in triples(claims)


def test_aside_in_parentheses_does_not_separate_subject_and_verb(claims_of):
    claims = claims_of(
        "HRAS mutations (Q61L, Q61R and G12V) sensitized cell lines toward MEK inhibitors (selumetinib, MEK162 and PD0325901)."
    )
    found = triples(claims)
    for drug in ("selumetinib", "mek162", "pd0325901"):
        assert ("sensitization", "hras", drug, False) in found


def test_drug_named_in_a_class_parenthesis_after_by(claims_of):
    claims = claims_of(
        "Two lines containing the PIK3CA mutation H1047R were more sensitive to growth inhibition by the "
        "PI3Kalpha specific inhibitor BYL719 than lines with wild type PIK3CA."
    )
    assert ("sensitization", "pik3ca", "byl719", False) in triples(claims)


def test_growth_of_cells_carrying_the_state_is_sensitization(claims_of):
    claims = claims_of("TAE684 inhibits growth of Ba/F3 cells expressing ALK mutations.")
    assert ("sensitization", "alk", "tae684", False) in triples(claims)


def test_fusion_partners_are_both_subjects(claims_of):
    claims = claims_of("Ba/F3 cells expressing the EML4-ALK fusion were sensitive to crizotinib.")
    found = triples(claims)
    assert ("sensitization", "alk", "crizotinib", False) in found
    assert ("sensitization", "eml4", "crizotinib", False) in found


def test_gene_state_word_is_not_the_subject(claims_of):
    # "ITD" names FLT3's state; the claim is about FLT3
    claims = claims_of("Ba/F3 cells with FLT3-ITD mutations were resistant to daunorubicin.")
    found = triples(claims)
    assert ("resistance", "flt3", "daunorubicin", False) in found
    assert not any(t[1] == "itd" for t in found)


def test_hgvs_change_does_not_break_the_phrase(claims_of):
    claims = claims_of("A single patient with a MET c.3028G>A mutation exhibited clinical sensitivity to crizotinib.")
    assert ("sensitization", "met", "crizotinib", False) in triples(claims)


def test_therapy_named_by_its_drug_in_parentheses(claims_of):
    claims = claims_of("Mammary tumors with mutant TP53 showed a better clinical response to chemotherapy (doxorubicin) than TP53 wild-type tumors.")
    assert ("sensitization", "tp53", "doxorubicin", False) in triples(claims)


def test_treated_and_responded_with_an_anaphoric_patient(claims_of):
    claims = claims_of(
        "Amplification of the MET gene was observed in a patient with lung adenocarcinoma. "
        "The patient was treated with crizotinib and had a partial response."
    )
    hits = [c for c in claims if c.claim_type == "sensitization" and c.object.text.lower() == "crizotinib"]
    assert hits and all(c.rule.endswith("+anaphora") for c in hits)
    assert hits[0].subject.entity_name in ("MET", "met") or hits[0].subject.entity_id


def test_treated_and_had_stable_disease_is_no_sensitization(claims_of):
    claims = claims_of("A patient with ALK-positive NSCLC was treated with crizotinib and had stable disease but progressed after 18 weeks.")
    assert ("sensitization", "alk", "crizotinib", False) not in triples(claims)


def test_predicted_sensitivity_is_sensitization_but_predictive_of_response_is_a_marker(claims_of):
    found = triples(claims_of("KRAS mutations predicted sensitivity to selumetinib in colorectal cancer cell lines."))
    assert ("sensitization", "kras", "selumetinib", False) in found
    found = triples(claims_of("KRAS mutations were predictive of response to selumetinib."))
    assert ("sensitization", "kras", "selumetinib", False) not in found
