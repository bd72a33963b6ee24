"""Clinical and cell-line phrasing of resistance and sensitization (curated clinical
evidence, trial reports), and anaphoric gene-state subjects, through the real pipeline.

A subject is compared by its first word, so "EGFR" and a mention such as
"EGFR T790M mutation" both name EGFR.
"""

from __future__ import annotations

from litclaims.schemas.records import Claim


def states(claims: list[Claim], positive_only: bool = True) -> set[tuple[str, str, str]]:
    """(claim type, subject gene, object) of the claims, lower case."""
    return {
        (c.claim_type, (c.subject.entity_name or c.subject.text).split()[0].lower(), c.object.text.lower())
        for c in claims
        if not (positive_only and c.negated)
    }


# --- outcomes of treated patients ---------------------------------------------


def test_longer_survival_following_treatment_is_sensitization(claims_of):
    claims = claims_of("Patients with BRAF V600E mutations had longer progression-free survival following treatment with vemurafenib.")
    assert ("sensitization", "braf", "vemurafenib") in states(claims)
    assert all(c.evidence == "clinical" for c in claims if c.claim_type == "sensitization")


def test_lower_response_and_shorter_survival_is_resistance(claims_of):
    claims = claims_of("Patients harboring KRAS mutations had lower response rates and shorter survival following cetuximab.")
    assert ("resistance", "kras", "cetuximab") in states(claims)
    assert ("sensitization", "kras", "cetuximab") not in states(claims)


def test_had_no_response_is_resistance_not_negated(claims_of):
    claims = claims_of("Patients with KRAS mutations had no response to cetuximab.")
    assert ("resistance", "kras", "cetuximab") in states(claims)


def test_outcome_when_treated_context_first(claims_of):
    claims = claims_of("In a patient with a DDR2 S768R mutation, treatment with dasatinib achieved a partial response.")
    assert ("sensitization", "ddr2", "dasatinib") in states(claims)


# --- the drug's effect in carriers ---------------------------------------------


def test_drug_effective_in_patients_with_state(claims_of):
    claims = claims_of("Sorafenib is effective in patients with FLT3 internal tandem duplications.")
    assert ("sensitization", "flt3", "sorafenib") in states(claims)


def test_ic50_lower_in_carriers(claims_of):
    claims = claims_of("The IC50 of afatinib was significantly lower in cells harboring EGFR exon 19 deletions.")
    assert ("sensitization", "egfr", "afatinib") in states(claims)


def test_knockdown_condition_sensitizes(claims_of):
    claims = claims_of("Glioblastoma cell lines showed increased sensitivity to temozolomide when ATM knockdown was applied.")
    assert ("sensitization", "atm", "temozolomide") in states(claims)


# --- resistance found in resistant disease --------------------------------------


def test_mutation_found_in_resistant_tumour(claims_of):
    claims = claims_of("The ROS1 G2032R mutation was identified in a crizotinib-resistant tumor.")
    assert ("resistance", "ros1", "crizotinib") in states(claims)


def test_acquiring_resistance_does_not_make_the_state_a_cause(claims_of):
    # sensitive tumours acquire resistance: the EGFR mutation is not its cause
    claims = claims_of("Patients with EGFR-mutant tumours eventually developed resistance to gefitinib.")
    assert ("resistance", "egfr", "gefitinib") not in states(claims)


def test_less_sensitive_is_resistance(claims_of):
    claims = claims_of("Cells expressing ALK F1174L were less sensitive to crizotinib.")
    got = states(claims)
    assert ("resistance", "alk", "crizotinib") in got
    assert ("sensitization", "alk", "crizotinib") not in got


# --- what is not a gene-state claim ----------------------------------------------


def test_wild_type_subject_makes_no_state_claim(claims_of):
    for text in (
        "Patients with wild-type KRAS benefit from cetuximab.",
        "KRAS wild-type tumours responded to cetuximab.",
    ):
        assert not [c for c in claims_of(text) if c.claim_type in ("resistance", "sensitization")], text


def test_negation_in_an_aside_does_not_negate(claims_of):
    claims = claims_of(
        "One patient with BRAF V600E melanoma (with no detected PI3K pathway deregulation) "
        "had a partial response on treatment with vemurafenib."
    )
    braf = [c for c in claims if c.claim_type == "sensitization" and c.object.text == "vemurafenib" and "BRAF" in c.subject.text]
    assert braf and not any(c.negated for c in braf)


# --- anaphoric gene-state subjects -------------------------------------------------


def test_this_mutation_takes_the_gene_of_the_sentence_before(claims_of):
    claims = claims_of(
        "Whole genome sequencing revealed a G724S mutation in the EGFR gene. "
        "In vitro, this mutation was sensitive to cetuximab."
    )
    c = next(c for c in claims if c.claim_type == "sensitization" and c.object.text == "cetuximab")
    assert c.subject.text == "this mutation"
    assert c.subject.entity_name == "EGFR"
    assert c.rule.endswith("+anaphora")


def test_anaphor_needs_exactly_one_gene_state(claims_of):
    claims = claims_of("EGFR and KRAS mutations were found. This mutation was sensitive to cetuximab.")
    assert not [c for c in claims if c.rule.endswith("+anaphora")]


def test_no_anaphora_for_receptors_or_cells(claims_of):
    claims = claims_of(
        "EGFR mutations are common in lung cancer. These cells were sensitive to gefitinib. "
        "This receptor is inhibited by cetuximab."
    )
    assert not [c for c in claims if c.rule.endswith("+anaphora")]


def test_no_anaphora_across_paragraphs(claims_of):
    claims = claims_of("Sequencing revealed a G724S mutation in the EGFR gene.\n\nThis mutation was sensitive to cetuximab.")
    assert not [c for c in claims if c.rule.endswith("+anaphora")]
