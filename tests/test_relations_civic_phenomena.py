"""tools.relations.civic_phenomena counts the CIViC misses by cue family and phrasing
(issue 13, round 14): the family is the first one whose cue a sentence holds, a phrasing
is counted once per text and group, and a knock-down is read only near the subject."""

from __future__ import annotations

from tools.relations.civic_phenomena import cue_family, knocked_down, phrasing_counts


def test_the_first_family_names_the_sentence():
    assert cue_family("Cells with BRAF V600E were sensitive to vemurafenib and showed a response.") == "sensitive"
    assert cue_family("Patients with EGFR L858R had a durable response to gefitinib.") == "response"
    assert cue_family("NRAS-mutant patients had longer PFS on binimetinib.") == "survival"
    assert cue_family("88 patients were treated with gefitinib.") == "none"


def test_a_phrasing_is_counted_once_per_text_and_group():
    texts = [
        ("Sup sens", "Transduction of PIK3CA H1047R led to increased sensitivity to BEZ235 and led to sensitivity to GDC-0941."),
        ("Sup sens", "Co-expression of HER3-V855A resulted in sensitivity to afatinib."),
        ("Sup resi", "KRAS-mutant cells were less sensitive to cetuximab."),
    ]
    counts = phrasing_counts(texts)
    assert counts["led to sensitivity"] == {"Sup sens": 2}
    assert counts["less sensitive"] == {"Sup resi": 1}
    assert not counts["non-responders"]


def test_a_knock_down_counts_only_near_the_subject():
    assert knocked_down("TOPK (PBK) silencing sensitized lung cancer cells to gefitinib.", "PBK")
    assert knocked_down("Knockdown of CDK6 in these derivative cells resulted in fulvestrant sensitivity.", "CDK6")
    # a gene state is not a knock-down
    assert not knocked_down("PTEN loss was associated with sensitivity to everolimus.", "PTEN")
    far = "SGK1 was highly expressed in " + "resistant tumour samples of many kinds, " * 3 + "and siRNA was used."
    assert not knocked_down(far, "SGK1")
    assert not knocked_down("No subject here.", "SGK1")
