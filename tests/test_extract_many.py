"""`Extractor.extract_many`: several documents through one pipeline call give what
`extract` gives each, and one document's abbreviations stay its own."""

from __future__ import annotations

import hashlib

from litclaims.ingest import read_documents
from litclaims.schemas.records import Document
from tests.conftest import SEED_DIR


def _document(text: str, name: str) -> Document:
    return Document(doc_id=hashlib.sha256(text.encode()).hexdigest(), source_path=name, media_type="text/plain",
                    text=text)


def test_a_batch_of_documents_gives_what_each_document_gives_alone(extractor):
    defines = _document("Phosphorylation of insulin receptor substrate 1 (InRS1) was measured. "
                        "Gefitinib inhibits EGFR in A549 cells.", "defines.txt")
    uses = _document("In resistant cells, InRS1 levels fell. HER-2 confers resistance to trastuzumab.", "uses.txt")
    seeds = [d for path in sorted(SEED_DIR.glob("*.txt")) for d in read_documents(path)]
    documents = [defines, uses, *seeds]
    together = extractor.extract_many(documents)
    assert together == [extractor.extract(d) for d in documents]
    # the definition in the first document does not ground the short form in the second
    assert "HGNC:6125" in [m.entity_id for m in together[0].mentions if m.text == "InRS1"]
    assert "HGNC:6125" not in [m.entity_id for m in together[1].mentions if m.text == "InRS1"]
    assert any(e.claims for e in together[2:])


def test_an_unreadable_document_in_a_batch_has_no_sentences(extractor):
    from dataclasses import replace

    good = _document("HER-2 confers resistance to trastuzumab in breast cancer cells.", "good.txt")
    scanned = _document("(cid:12)(cid:13) " * 40, "scan.txt")
    scanned = replace(scanned, quality=replace(scanned.quality, verdict="unreadable"))
    first, second, third = extractor.extract_many([good, scanned, good])
    assert second.sentences == () and second.claims == ()
    assert first.claims and first == third == extractor.extract(good)
