"""A document's per-sentence lookups (its page, its section, its citation markers)
answer exactly as a scan of its spans in their given order does, whatever the spans'
order, overlaps and empty spans; the index behind them changes no field, equality,
hash or pickle of the record."""

from __future__ import annotations

import pickle
import random
from dataclasses import replace
from pathlib import Path

import pytest

from litclaims.ingest import read_document
from litclaims.schemas.records import CitationSpan, Document, PageSpan, Section

SEED_REVIEW = Path(__file__).resolve().parent.parent / "corpus" / "004_32e9bb3871b250ca.txt"



def scanned_section(doc: Document, offset: int) -> Section | None:
    return next((s for s in doc.sections if s.start <= offset < s.end), None)


def scanned_citations(doc: Document, start: int, end: int) -> tuple[str, ...]:
    refs: list[str] = []
    for span in doc.citations:
        if span.start >= start and span.end <= end:
            refs.extend(r for r in span.refs if r not in refs)
    return tuple(refs)


def random_document(rng: random.Random, length: int, disjoint_sections: bool) -> Document:
    cuts = sorted(rng.sample(range(1, length), 12))
    bounds = list(zip([0] + cuts, cuts + [length]))
    sections = [Section(heading=f"h{i}", start=a, end=b) for i, (a, b) in enumerate(bounds)]
    if not disjoint_sections:
        sections += [Section(heading="nested", start=a, end=a + rng.randint(0, 40)) for a in rng.sample(range(length), 4)]
    rng.shuffle(sections)
    citations = []
    for i in range(30):
        start = rng.randrange(length - 5)
        citations.append(CitationSpan(start=start, end=start + rng.randint(1, 5), text="(x)",
                                      refs=(str(i % 7), str(rng.randrange(9)))))
    rng.shuffle(citations)
    pages = tuple(PageSpan(page=i // 3 + 1, start=a, end=b) for i, (a, b) in enumerate(bounds))
    return Document(doc_id="d" * 64, source_path="x.txt", media_type="text/plain", text="x" * length,
                    sections=tuple(sections), pages=pages, citations=tuple(citations))


@pytest.mark.parametrize("seed", range(20))
@pytest.mark.parametrize("disjoint_sections", [True, False])
def test_lookups_equal_a_scan_on_shuffled_overlapping_spans(seed: int, disjoint_sections: bool) -> None:
    rng = random.Random(seed)
    doc = random_document(rng, 400, disjoint_sections)
    for offset in range(-2, 403):
        assert doc.section_at(offset) == scanned_section(doc, offset)
    for _ in range(300):
        start = rng.randrange(-5, 405)
        end = start + rng.randint(0, 120)
        assert doc.citations_between(start, end) == scanned_citations(doc, start, end)


def test_the_seed_review_answers_as_the_scan() -> None:
    doc = read_document(SEED_REVIEW)
    assert len(doc.citations) > 100 and len(doc.sections) > 10
    for offset in range(0, len(doc.text), 11):
        assert doc.section_at(offset) == scanned_section(doc, offset)
        assert doc.citations_between(offset, offset + 240) == scanned_citations(doc, offset, offset + 240)


def test_the_index_leaves_the_record_as_it_was() -> None:
    doc = random_document(random.Random(3), 200, True)
    fresh = replace(doc)
    doc.citations_between(0, 200), doc.section_at(50), doc.page_at(10)
    assert doc == fresh and hash(doc) == hash(fresh)
    copy = pickle.loads(pickle.dumps(doc))
    assert copy == doc and copy.citations_between(0, 200) == scanned_citations(doc, 0, 200)
