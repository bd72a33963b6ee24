"""Claim extraction beyond one sentence, through the real pipeline: what a claim
inherits from the sentence before it, and the provenance of a claim read from a
file. One-sentence phrasings are cases in tests/cases/claims.toml
(tests/test_claims_cases.py).
"""

from __future__ import annotations

from pathlib import Path

from litclaims.extract.claims.rules import load_rules
from litclaims.schemas.records import Claim, stable_id


def only(claims: list[Claim], claim_type: str) -> Claim:
    found = [c for c in claims if c.claim_type == claim_type]
    assert len(found) == 1, [(c.claim_type, c.subject.text, c.object.text) for c in claims]
    return found[0]


def test_evidence_is_inherited_from_the_study_described_before(claims_of):
    claims = claims_of(
        "A recent study examined MCF-7 cells. Furthermore, treatment with IGF-I resulted in a decrease in ER expression."
    )
    assert only(claims, "expression_down").evidence == "in_vitro"


def test_citations_and_ids_from_an_ingested_file(extractor, tmp_path: Path):
    from litclaims.ingest import read_document

    path = tmp_path / "paper.txt"
    # ingest judges a file of one short sentence unreadable: the filler makes it a paper
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
    # two rules read "conferred resistance to"; the claim names the one with the higher
    # measured confidence (confidence.json); its version is whatever the rule table says
    confidence = extractor.engine.confidence
    assert c.rule == max(("resistance.verb", "resistance.shown"), key=lambda r: confidence.get(r, 0.0))
    assert c.rule_version == next(r.version for r in load_rules()[1] if r.rule_id == c.rule)
