"""The structure of a clean text (PDF, text file, HTML) against the JATS XML of
the same paper, read by the JATS reader: text recall, headings found, sentence
boundaries.

- `jats_recall`: share of the JATS document's words (abstract, body, back
  matter and captions; not the title page, not the reference list) present in
  the candidate's clean text (letters, case-folded, with multiplicity);
- `headings`: JATS headings printed in the text (body, abstract subsections,
  back matter) whose words are a heading of the candidate too, over all of them;
- `sentences`: JATS sentences (the project's sentence splitter on both texts)
  whose word sequence is a sentence of the candidate too, over all of them:
  a sentence fused with its neighbour, cut in two, or broken by a split word
  or a lost citation is a miss;
- `fused`: candidate sentences that hold two or more whole JATS sentences
  (a heading or a citation-ended boundary not split).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from litclaims.schemas.records import Document

# Sections whose text is compared: not the title page, not the reference list.
LEFT_OUT_KINDS = frozenset({"references", "front_matter", "title"})


@dataclass(frozen=True)
class StructureRow:
    candidate: str
    reference: str
    jats_recall: float
    headings_found: int
    headings_total: int
    sentences_found: int
    sentences_total: int
    fused: int


def is_jats(xml_path: Path) -> bool:
    """A JATS/NLM article (root `article` or `pmc-articleset`), not BMC's article.dtd."""
    from litclaims.ingest.errors import IngestError
    from litclaims.ingest.jats_source import JATS_ROOTS
    from litclaims.ingest.xml_parse import local_name, parse_xml

    try:
        return local_name(parse_xml(xml_path.read_bytes(), xml_path.name)) in JATS_ROOTS
    except (IngestError, OSError):
        return False


def structure_row(candidate_path: Path, candidate: Document, jats_path: Path, reference: Document) -> StructureRow:
    from litclaims.evaluation.ingest import word_recall

    found, total = headings_found(reference, candidate)
    ref_sentences = [_key(s) for s in sentences(reference)]
    cand_sentences = [_key(s) for s in sentences(candidate)]
    cand_counts = Counter(cand_sentences)
    ref_set = set(ref_sentences)
    matched = sum(min(n, cand_counts[k]) for k, n in Counter(ref_sentences).items())
    return StructureRow(
        candidate=candidate_path.name,
        reference=jats_path.name,
        jats_recall=round(word_recall(compared_text(reference), candidate.text), 4),
        headings_found=found,
        headings_total=total,
        sentences_found=matched,
        sentences_total=len(ref_sentences),
        fused=sum(1 for s in cand_sentences if s not in ref_set and _whole_sentences_inside(s, ref_set) >= 2),
    )


def compared_text(document: Document) -> str:
    return "\n\n".join(document.text[s.start : s.end] for s in document.sections if _compared(s))


def printed_headings(document: Document) -> list[str]:
    """Headings printed before their sections (a continued section is not printed again)."""
    return [
        s.heading for s in document.sections
        if s.heading and s.kind in ("body", "references")
        and document.text[s.start - 2 - len(s.heading) : s.start - 2] == s.heading
    ]


def headings_found(reference: Document, candidate: Document) -> tuple[int, int]:
    wanted = Counter(_key(h) for h in printed_headings(reference))
    wanted.pop("", None)
    have = Counter(_key(h) for h in printed_headings(candidate))
    return sum(min(n, have[k]) for k, n in wanted.items()), sum(wanted.values())


def sentences(document: Document) -> list[str]:
    """The sentences of the compared sections, as the extractor splits them (per section)."""
    nlp = _splitter()
    out: list[str] = []
    for section in document.sections:
        if not _compared(section):
            continue
        doc = nlp(document.text[section.start : section.end])
        out.extend(s.text.strip() for s in doc.sents if s.text.strip())
    return out


def _compared(section) -> bool:
    return section.kind != "references" and section.heading_kind not in LEFT_OUT_KINDS


def _key(text: str) -> str:
    from litclaims.evaluation.ingest import words

    return " ".join(words(text))


def _whole_sentences_inside(candidate: str, reference: set[str]) -> int:
    """How many reference sentences of 4+ words are inside this candidate sentence, at word boundaries."""
    padded = f" {candidate} "
    return sum(1 for r in reference if r.count(" ") >= 3 and f" {r} " in padded)


@lru_cache(maxsize=1)
def _splitter():
    import spacy

    from litclaims.extract.components import sentences as _registers  # noqa: F401  (the factory)
    from litclaims.extract.components.tokenizer import build_tokenizer

    nlp = spacy.blank("en")
    nlp.tokenizer = build_tokenizer(nlp)
    nlp.add_pipe("litclaims_sentences")
    return nlp
