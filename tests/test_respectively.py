"""extract/claims/respectively.py: list-by-list matches paired by position only when the
sentence says "respectively" and the claims are a full n x n cross product."""

from __future__ import annotations

from litclaims.extract.claims.respectively import pair_respectively
from litclaims.schemas.records import Claim, Mention


def _mention(name: str, start: int, entity_type: str) -> Mention:
    return Mention(name, "d", "s", start, start + len(name), name, entity_type, None, None, "test")


def _claims(subjects, objects, rule="resistance.shown"):
    return [Claim(f"{s.text}-{o.text}", "d", "s", "resistance", s, o, False, "asserted", "unspecified", (), None, (),
                  rule, "1", 0.9) for s in subjects for o in objects]


GENES = [_mention("KRAS", 0, "gene"), _mention("BRAF", 9, "gene")]
DRUGS = [_mention("cetuximab", 48, "drug"), _mention("vemurafenib", 62, "drug")]


def test_a_two_by_two_match_is_paired_by_position():
    kept = pair_respectively(_claims(GENES, DRUGS), "KRAS and BRAF ... to cetuximab and vemurafenib, respectively.")
    assert {(c.subject.text, c.object.text) for c in kept} == {("KRAS", "cetuximab"), ("BRAF", "vemurafenib")}


def test_without_respectively_every_pair_stays():
    assert len(pair_respectively(_claims(GENES, DRUGS), "KRAS and BRAF ... to cetuximab and vemurafenib.")) == 4


def test_lists_of_different_lengths_or_partial_products_stay():
    two_genes_one_drug = _claims(GENES, DRUGS[:1])
    assert len(pair_respectively(two_genes_one_drug + _claims(GENES[:1], DRUGS[1:], rule="resistance.verb"),
                                 "... respectively")) == 3
    three_of_four = _claims(GENES, DRUGS)[:3]
    assert len(pair_respectively(three_of_four, "... respectively")) == 3
