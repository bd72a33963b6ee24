"""evaluation.civic: which mention is a CIViC row's drug."""

from __future__ import annotations

from litclaims.evaluation.civic import CivicRow, drug_matches, right_claim, statement_document
from litclaims.schemas.records import Mention

TRETINOIN = "UNII:5688UTC01R"


def _drug(text: str, entity_id: str | None, name: str | None) -> Mention:
    return Mention("m1", "d1", "s1", 0, len(text), text, "drug", entity_id, name, "lexicon")


def test_a_drug_grounded_to_the_id_of_the_rows_name_matches_under_another_name():
    atra = _drug("ATRA", TRETINOIN, "Tretinoin")
    assert drug_matches(atra, ["All-trans Retinoic Acid"])
    assert drug_matches(atra, ["Tretinoin"])  # by name, as before


def test_another_drug_or_an_unknown_name_does_not_match_by_id():
    assert not drug_matches(_drug("ATRA", TRETINOIN, "Tretinoin"), ["Arsenic Trioxide"])
    assert not drug_matches(_drug("ATRA", TRETINOIN, "Tretinoin"), ["Xq-unknown-9"])
    assert not drug_matches(_drug("compound 7", None, None), ["All-trans Retinoic Acid"])
    assert drug_matches(_drug("Xq-unknown-9", None, None), ["Xq-unknown-9"])  # by name only


def test_a_statement_naming_the_drug_by_an_abbreviation_yields_the_rows_claim(extractor):
    row = CivicRow("1", "PML", "PML-RARA", ("All-trans Retinoic Acid",), "Supports", "sensitization",
                   "In these leukaemia cells, PML-RARA fusion conferred sensitivity to ATRA.")
    claims = list(extractor.extract(statement_document(row)).claims)
    assert any(c.object.entity_id == TRETINOIN for c in claims), [(c.subject.text, c.claim_type, c.object.text) for c in claims]
    assert right_claim(claims, row) is not None
