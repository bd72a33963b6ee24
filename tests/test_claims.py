"""Claim extraction on small sentences, run through the real pipeline.

Each test states a phrasing family of ../shared/spec/claims.md (or a qualifier)
and checks the claims the production extractor returns for it.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from litclaims.schemas.records import Claim, Document, stable_id


def _document(text: str) -> Document:
    return Document(
        doc_id=hashlib.sha256(text.encode()).hexdigest(),
        source_path="test.txt",
        media_type="text/plain",
        text=text,
    )


def triples(claims: list[Claim]) -> set[tuple[str, str, str]]:
    return {(c.claim_type, c.subject.text, c.object.text) for c in claims}


def only(claims: list[Claim], claim_type: str) -> Claim:
    found = [c for c in claims if c.claim_type == claim_type]
    assert len(found) == 1, triples(claims)
    return found[0]


# --- resistance -------------------------------------------------------------


def test_confers_resistance(claims_of):
    claims = claims_of("Overexpression of IGF-IR in hepatocellular carcinoma cells conferred resistance to doxorubicin.")
    c = only(claims, "resistance")
    assert (c.subject.text, c.object.text) == ("IGF-IR", "doxorubicin")
    assert c.evidence == "in_vitro"
    assert c.disease == "hepatocellular carcinoma"
    assert not c.negated and c.certainty == "asserted"


def test_mediating_resistance_to_a_list_with_examples(claims_of):
    claims = claims_of(
        "This review describes the role of the IGF-IR pathway in mediating resistance to both general cytotoxic "
        "therapies, such as radiation and chemotherapy, and targeted therapies, such as tamoxifen and trastuzumab."
    )
    assert {o for t, s, o in triples(claims) if t == "resistance" and s == "IGF-IR"} == {
        "radiation",
        "chemotherapy",
        "tamoxifen",
        "trastuzumab",
    }


def test_role_in_drug_resistance(claims_of):
    claims = claims_of("Much work has focused on the roles of EGFR and HER-2 in tamoxifen resistance.")
    assert {("resistance", "EGFR", "tamoxifen"), ("resistance", "HER-2", "tamoxifen")} <= triples(claims)


def test_rescue_from_drug_induced_apoptosis(claims_of):
    claims = claims_of("IGF-I has also been shown to rescue MCF-7 cells from paclitaxel- and doxorubicin-induced apoptosis.")
    assert {("resistance", "IGF-I", "paclitaxel"), ("resistance", "IGF-I", "doxorubicin")} <= triples(claims)


def test_effects_prevented_by(claims_of):
    claims = claims_of("The growth-inhibitory effects of gefitinib on MCF-7 cells could be prevented by exposing the cells to IGF-II.")
    assert ("resistance", "IGF-II", "gefitinib") in triples(claims)


def test_did_not_respond_is_resistance_not_negated(claims_of):
    claims = claims_of("Patients with the EGFR T790M mutation did not respond to gefitinib.")
    c = only(claims, "resistance")
    assert (c.subject.text, c.object.text, c.negated) == ("EGFR", "gefitinib", False)
    assert c.evidence == "clinical"


def test_radioresistance_word_is_the_object(claims_of):
    claims = claims_of("Thus, one mechanism of IGF-IR-mediated radioresistance occurs through activation of PI3K/Akt.")
    assert ("resistance", "IGF-IR", "radioresistance") in triples(claims)


# --- sensitization ----------------------------------------------------------


def test_sensitize_to_coordinated_objects(claims_of):
    claims = claims_of("The IGF-IR kinase inhibitor NVP-ADW742 could sensitize cells to etoposide and carboplatin.")
    sens = [c for c in claims if c.claim_type == "sensitization"]
    assert {(c.subject.text, c.object.text) for c in sens} == {("NVP-ADW742", "etoposide"), ("NVP-ADW742", "carboplatin")}
    # "could" reports an observed ability: not a hedge
    assert all(c.certainty == "asserted" for c in sens)
    assert ("inhibition", "NVP-ADW742", "IGF-IR") in triples(claims)


def test_blocking_a_gene_sensitizes(claims_of):
    claims = claims_of("Blocking IGF-IR signaling can sensitize cancer cells to chemotherapy.")
    assert ("sensitization", "IGF-IR", "chemotherapy") in triples(claims)


def test_restored_sensitivity_passive(claims_of):
    claims = claims_of("Sensitivity to trastuzumab could be restored by addition of IGFBP3.")
    assert ("sensitization", "IGFBP3", "trastuzumab") in triples(claims)


# --- inhibition -------------------------------------------------------------


def test_inhibit_verb_and_appositive_subject(claims_of):
    claims = claims_of("AG1024, an inhibitor of IGF-IR tyrosine kinase activity, can inhibit growth of MCF-7 cells.")
    got = triples(claims)
    assert ("inhibition", "AG1024", "IGF-IR") in got
    assert ("inhibition", "AG1024", "MCF-7") in got
    assert ("inhibition", "IGF-IR", "MCF-7") not in got
    definitional = next(c for c in claims if c.object.text == "IGF-IR")
    assert definitional.evidence == "unspecified"  # what AG1024 is, not a finding in cells


def test_passive_binds_roles(claims_of):
    claims = claims_of("Growth of MCF-7 cells can be blocked by treatment with alpha-IR3.")
    c = only(claims, "inhibition")
    assert (c.subject.text, c.object.text) == ("alpha-IR3", "MCF-7")


def test_inhibitor_class_such_as(claims_of):
    claims = claims_of("Erlotinib is effective in patients, and EGFR kinase inhibitors, such as erlotinib and gefitinib, are used widely.")
    assert {("inhibition", "erlotinib", "EGFR"), ("inhibition", "gefitinib", "EGFR")} <= {
        (t, s.lower(), o) for t, s, o in triples(claims)
    }


def test_antibody_directed_against(claims_of):
    claims = claims_of("Trastuzumab is a humanized monoclonal antibody directed against HER-2.")
    assert ("inhibition", "Trastuzumab", "HER-2") in triples(claims)


# --- activation, phosphorylation --------------------------------------------


def test_activate_and_couple_to(claims_of):
    assert ("activation", "IGF-I", "ER") in triples(claims_of("IGF-I can directly activate ER in a ligand-independent manner."))
    claims = claims_of("IGF-IR couples to the PI3K/Akt pathway.")
    assert {("activation", "IGF-IR", "PI3K"), ("activation", "IGF-IR", "Akt")} <= triples(claims)


def test_phosphorylate_and_increase_activity(claims_of):
    claims = claims_of("IGF-IR has been shown to phosphorylate and increase activity of EGFR.")
    assert {("phosphorylation", "IGF-IR", "EGFR"), ("activation", "IGF-IR", "EGFR")} <= triples(claims)


def test_mediated_phosphorylation_of_a_list(claims_of):
    claims = claims_of("IGF-IR-mediated phosphorylation of both IRS-1 and SHC was observed.")
    assert {("phosphorylation", "IGF-IR", "IRS-1"), ("phosphorylation", "IGF-IR", "SHC")} <= triples(claims)


def test_adjective_participle_is_not_a_verb(claims_of):
    claims = claims_of("SHC and CRK can interact with activated IGF-IR.")
    got = triples(claims)
    assert ("interaction", "SHC", "IGF-IR") in got
    assert not any(t == "activation" for t, _, _ in got)


# --- expression --------------------------------------------------------------


def test_increase_expression_of_examples(claims_of):
    claims = claims_of("ER can increase expression of several IGF signaling components, including IGF-II, IGF-IR, and IRS-1.")
    assert {o for t, s, o in triples(claims) if t == "expression_up" and s == "ER"} == {"IGF-II", "IGF-IR", "IRS-1"}


def test_decrease_in_expression(claims_of):
    claims = claims_of("Treatment of MCF-7 cells with IGF-I resulted in a significant decrease in ER protein expression.")
    assert ("expression_down", "IGF-I", "ER") in triples(claims)


def test_knockdown_reverses_direction(claims_of):
    claims = claims_of("Knockdown of IGF-IR decreased the expression of ATM.")
    got = triples(claims)
    assert ("expression_up", "IGF-IR", "ATM") in got
    assert ("expression_down", "IGF-IR", "ATM") not in got


# --- interaction, response association ----------------------------------------


def test_cross_talk_between_is_one_symmetric_claim(claims_of):
    claims = claims_of("This cross-talk between IGF-IR and EGFR was also seen between EGFR and IGF-IR.")
    assert len([c for c in claims if c.claim_type == "interaction"]) == 1


def test_heterodimer_slash_pair(claims_of):
    claims = claims_of("Erlotinib increased levels of IGF-IR/EGFR heterodimers.")
    got = triples(claims)
    assert ("interaction", "IGF-IR", "EGFR") in got
    assert not any(t == "expression_up" for t, _, _ in got)  # the complex, not the genes


def test_not_correlated_with_response_is_negated(claims_of):
    claims = claims_of("Analyses revealed that expression of IGF-IR was not correlated with response to gefitinib treatment.")
    c = only(claims, "response_association")
    assert (c.subject.text, c.object.text, c.negated) == ("IGF-IR", "gefitinib", True)


def test_resistant_cells_show_increased_marker(claims_of):
    claims = claims_of("The gefitinib-resistant cells displayed increased levels of activated IGF-IR.")
    assert ("response_association", "IGF-IR", "gefitinib") in triples(claims)
    assert not any(t == "expression_up" for t, _, _ in triples(claims))


# --- qualifiers --------------------------------------------------------------


def test_negation_scope_stops_at_complementizer(claims_of):
    claims = claims_of("It is not surprising that treatment of MCF-7 cells with tamoxifen attenuates ER signaling.")
    c = only(claims, "inhibition")
    assert (c.subject.text, c.object.text, c.negated) == ("tamoxifen", "ER", False)
    assert c.cell_lines == ("MCF-7",)


def test_negated_verb(claims_of):
    c = only(claims_of("Gefitinib did not inhibit EGFR in these cells."), "inhibition")
    assert c.negated


def test_hedges(claims_of):
    assert only(claims_of("IGF-IR may confer resistance to tamoxifen."), "resistance").certainty == "hedged"
    governed = claims_of("These data suggest that, in breast cancer, IGF-IR confers resistance to tamoxifen.")
    assert only(governed, "resistance").certainty == "hedged"
    # the hedge is about what the blockade leads to, not about the blockade
    presupposed = claims_of("Chronic blockade of EGFR signaling by gefitinib may result in dependence on other pathways.")
    assert only(presupposed, "inhibition").certainty == "asserted"


def test_questions_are_not_claims(claims_of):
    assert claims_of("It would be interesting to determine whether IGF-IR confers resistance to tamoxifen.") == []


def test_evidence_levels_and_inheritance(claims_of):
    assert only(claims_of("IGF-IR conferred resistance to tamoxifen in xenografts."), "resistance").evidence == "in_vivo"
    assert only(claims_of("In patients, HER-2 conferred resistance to tamoxifen."), "resistance").evidence == "clinical"
    claims = claims_of(
        "A recent study examined MCF-7 cells. Furthermore, treatment with IGF-I resulted in a decrease in ER expression."
    )
    assert only(claims, "expression_down").evidence == "in_vitro"


def test_citations_and_ids_from_an_ingested_file(extractor, tmp_path: Path):
    from litclaims.ingest import read_document

    path = tmp_path / "paper.txt"
    filler = (
        "The insulin-like growth factor system has been studied in many tumour types over the last decades. "
        "Its receptors and ligands are expressed in most tissues of the body and regulate growth. "
    )
    path.write_text(
        "Results\n\n" + filler * 3
        + "Overexpression of IGF-IR in hepatocellular carcinoma cells conferred resistance to doxorubicin (118).\n",
        encoding="utf-8",
    )
    extraction = extractor.extract(read_document(path))
    c = only(list(extraction.claims), "resistance")
    assert c.citations == ("118",)
    sentence = next(s for s in extraction.sentences if s.sentence_id == c.sentence_id)
    assert c.claim_id == stable_id(
        c.doc_id, sentence.start, sentence.end, c.claim_type,
        c.subject.start, c.subject.end, c.object.start, c.object.end, c.rule,
    )
    again = extractor.extract(read_document(path))
    assert [x.claim_id for x in again.claims] == [x.claim_id for x in extraction.claims]
    assert c.rule == "resistance.verb" and c.rule_version == "1"


@pytest.mark.parametrize(
    "sentence, expected",
    [
        ("IGF-I protected MCF-7 cells from doxorubicin.", ("resistance", "IGF-I", "doxorubicin")),
        ("IGFBP3 potentiated trastuzumab activity in these cells.", ("sensitization", "IGFBP3", "trastuzumab")),
        ("IRS-1 expression may predict response to gefitinib.", ("response_association", "IRS-1", "gefitinib")),
        ("EGFR can heterodimerize with HER-2 in breast cancer cells.", ("interaction", "EGFR", "HER-2")),
        ("IGF-IIR only binds IGF-II.", ("interaction", "IGF-IIR", "IGF-II")),
        ("Fulvestrant reduces ER protein levels.", ("expression_down", "Fulvestrant", "ER")),
        ("Tamoxifen upregulates IGF-IR expression.", ("expression_up", "Tamoxifen", "IGF-IR")),
        ("IGF-IR signals through IRS-1.", ("activation", "IGF-IR", "IRS-1")),
    ],
)
def test_more_phrasings(claims_of, sentence, expected):
    assert expected in triples(claims_of(sentence))
