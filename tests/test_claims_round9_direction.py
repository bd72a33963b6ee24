"""Issue 13, round 9d (CIViC direction accuracy), through the real pipeline.

Wrong-direction claims counted on the CIViC 2018 train statements:

* a comma inside a list of mentions ("KRAS (N=18), NRAS (N=7) or BRAF (N=3)") started a
  clause, so the negation before the list did not reach its later items and "None of the
  xenografts harboring ... showed a response" gave a positive sensitization for NRAS and BRAF
  (`qualifiers._list_comma`);
* "mild" in `@BAD` (cues.toml) made "patients with TSC1 mutations also had mild responses to
  everolimus" a resistance claim; only "only mild" is a bad outcome now;
* an anaphor ("The patient") borrowed the gene state of the sentence before even when its own
  sentence names that state later ("... then experienced progressive disease with a re-biopsy
  identifying a KRAS Q61H mutation"): `anaphora.py`, anaphora version 2;
* `resistance.acquired` read "chemotherapy-refractory patients ... harboring BRAF mutations"
  (who was enrolled) as resistance BRAF -> chemotherapy; v2 takes a finite verb only.
"""

from __future__ import annotations

from tests.claim_hits import claim_hits


def test_negation_covers_every_item_of_a_list_with_asides(claims_of):
    # CIViC train EID1703 / EID1704
    claims = claims_of(
        "None of the xenografts harboring KRAS (N=18), NRAS (N=7) or BRAF (N=3) mutations showed a "
        "response to cetuximab whereas 1 out of 4 xenografts with a PIK3CA mutation responded to cetuximab."
    )
    for gene in ("KRAS", "NRAS", "BRAF"):
        assert not claim_hits(claims, "sensitization", gene, "cetuximab"), gene
        assert claim_hits(claims, "resistance", gene, "cetuximab"), gene
    assert claim_hits(claims, "sensitization", "PIK3CA", "cetuximab")


def test_a_comma_before_a_new_clause_still_ends_the_negation(claims_of):
    # ChemProt train: a drug at the end of a "without" phrase and a drug starting the
    # main clause are no list, so the main clause is not negated
    claims = claims_of(
        "When HUVECs were stimulated by thrombin without extracellular L-arginine, Nor-NOHA "
        "dose-dependently increased the NOS activity and the NO release with maximal effects at 20 microM."
    )
    assert any(c.claim_type == "activation" and not c.negated and c.subject.text == "Nor-NOHA" for c in claims)


def test_mild_responses_are_no_resistance(claims_of):
    # CIViC train EID320 (a sensitization row): "mild" alone is a weak but real response
    claims = claims_of("2/3 additional patients with TSC1 mutations also had mild responses to everolimus.")
    assert not claim_hits(claims, "resistance", "TSC1", "everolimus")


def test_only_mild_responses_stay_resistance(claims_of):
    claims = claims_of("Patients with STK11 mutations had only mild responses to docetaxel.")
    assert claim_hits(claims, "resistance", "STK11", "docetaxel")


def test_anaphor_does_not_borrow_a_state_its_own_sentence_states(claims_of):
    # CIViC train EID3862 (a resistance row): the partial response came before the KRAS
    # mutation was found, and the sentence says so itself
    claims = claims_of(
        "In a colorectal cancer patient with a KRAS Q61H mutation, KRAS Q61H was reported to be "
        "refractory to cetuximab treatment. The patient was treated with cetuximab and irinotecan for "
        "18 months, had a partial response to therapy and then experienced progressive disease with a "
        "re-biopsy of the tumor identifying a KRAS Q61H mutation."
    )
    assert not [c for c in claims if c.claim_type == "sensitization" and not c.negated]
    assert claim_hits(claims, "resistance", "KRAS", "cetuximab")


def test_anaphor_still_resolves_when_its_sentence_names_no_gene_state(claims_of):
    claims = claims_of(
        "Whole genome sequencing revealed a G724S mutation in the EGFR gene. "
        "In vitro, this mutation was sensitive to cetuximab."
    )
    assert [c for c in claims if c.claim_type == "sensitization" and c.rule.endswith("+anaphora")]


def test_refractory_patients_harbouring_a_state_are_an_enrolment(claims_of):
    # CIViC train EID126: "chemotherapy-refractory patients ... harboring BRAF mutations" says who
    # was enrolled; the finding is about cetuximab
    claims = claims_of(
        "Chemotherapy-refractory patients with colorectal cancer harboring BRAF mutations had lower "
        "response and disease control rates as well as shorter progression free and overall survival "
        "following cetuximab plus chemotherapy than those with wildtype BRAF."
    )
    assert not [c for c in claims if c.claim_type == "resistance" and c.rule.startswith("resistance.acquired")]


def test_resistant_lines_that_had_a_mutation_stay_acquired_resistance(claims_of):
    claims = claims_of("4 of the 6 most taselisib resistant cell lines had PTEN mutation.")
    assert claim_hits(claims, "resistance", "PTEN", "taselisib")
