"""Anaphoric subjects across sentences ("this mutation", "the patient"), through the
real pipeline. One-sentence clinical and cell-line phrasings are cases in
tests/cases/claims.toml (tests/test_claims_cases.py).
"""

from __future__ import annotations

from litclaims.extract.claims.anaphora import ANAPHORA_SUFFIX


def test_this_mutation_takes_the_gene_of_the_sentence_before(claims_of):
    claims = claims_of(
        "Whole genome sequencing revealed a G724S mutation in the EGFR gene. "
        "In vitro, this mutation was sensitive to cetuximab."
    )
    c = next(c for c in claims if c.claim_type == "sensitization" and c.object.text == "cetuximab")
    assert c.subject.text == "this mutation"
    assert c.subject.entity_name == "EGFR"
    assert c.rule.endswith(ANAPHORA_SUFFIX)


def test_treated_and_responded_with_an_anaphoric_patient(claims_of):
    claims = claims_of(
        "Amplification of the MET gene was observed in a patient with lung adenocarcinoma. "
        "The patient was treated with crizotinib and had a partial response."
    )
    hits = [c for c in claims if c.claim_type == "sensitization" and c.object.text.lower() == "crizotinib"]
    assert hits and all(c.rule.endswith(ANAPHORA_SUFFIX) for c in hits)
    assert hits[0].subject.entity_name in ("MET", "met") or hits[0].subject.entity_id


def test_anaphor_needs_exactly_one_gene_state(claims_of):
    claims = claims_of("EGFR and KRAS mutations were found. This mutation was sensitive to cetuximab.")
    assert not [c for c in claims if c.rule.endswith(ANAPHORA_SUFFIX)]


def test_no_anaphora_for_receptors_or_cells(claims_of):
    claims = claims_of(
        "EGFR mutations are common in lung cancer. These cells were sensitive to gefitinib. "
        "This receptor is inhibited by cetuximab."
    )
    assert not [c for c in claims if c.rule.endswith(ANAPHORA_SUFFIX)]


def test_no_anaphora_across_paragraphs(claims_of):
    claims = claims_of("Sequencing revealed a G724S mutation in the EGFR gene.\n\nThis mutation was sensitive to cetuximab.")
    assert not [c for c in claims if c.rule.endswith(ANAPHORA_SUFFIX)]


def test_this_mutation_takes_the_state_of_its_antecedent(claims_of):
    # issue 13, round 4: the anaphor inherits the gene's state, not only the gene
    claims = claims_of("EGFR T790M was found in 5 patients. This mutation conferred resistance to gefitinib.")
    c = next(c for c in claims if c.claim_type == "resistance" and c.rule.endswith(ANAPHORA_SUFFIX))
    assert c.subject.entity_name == "EGFR"
    assert c.subject_state == "T790M"


def test_an_anaphoric_patient_takes_the_kind_of_its_antecedent(claims_of):
    claims = claims_of(
        "Amplification of the MET gene was observed in a patient with lung adenocarcinoma. "
        "The patient was treated with crizotinib and had a partial response."
    )
    c = next(c for c in claims if c.claim_type == "sensitization" and c.rule.endswith(ANAPHORA_SUFFIX))
    assert c.subject_state == "amplification"


def test_an_anaphor_naming_its_own_change_keeps_it(claims_of):
    # "The T790M mutation" names a change of its own: the antecedent's bare "mutation" does not replace it
    claims = claims_of("EGFR mutations were found in 5 patients. The T790M mutation conferred resistance to gefitinib.")
    c = next(c for c in claims if c.claim_type == "resistance" and c.rule.endswith(ANAPHORA_SUFFIX))
    assert c.subject_state == "T790M"
