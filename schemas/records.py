"""Typed records passed between the stages: ingest -> extract -> store -> export.

Every record is a frozen dataclass so a stage cannot change what an earlier
stage produced; offsets are always character offsets into `Document.text`
(the clean text), half-open `[start, end)`.
"""

from __future__ import annotations

import bisect
import hashlib
from dataclasses import asdict, dataclass, field
from functools import cached_property
from typing import Literal

from litclaims.schemas.span_index import SpanIndex
from litclaims.schemas.vocabulary import EntityType, SectionKind  # noqa: F401  (re-exported)

Certainty = Literal["asserted", "hedged"]
Evidence = Literal["in_vitro", "in_vivo", "clinical", "unspecified"]
Verdict = Literal["ok", "degraded", "unreadable"]
# Where a document failed: reading its bytes, parsing its format, extracting, storing.
Stage = Literal["read", "parse", "extract", "store"]


def stable_id(*parts: object, length: int = 16) -> str:
    """A short, stable hex id from the given parts (INDRA-style evidence hash)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode("utf-8"))
    return digest.hexdigest()[:length]


# The part of the paper a section is (as INDRA's `section_type`), whatever its heading says.
HeadingKind = Literal[
    "title", "abstract", "introduction", "methods", "results", "discussion", "conclusion",
    "caption", "references", "front_matter", "other",
]


@dataclass(frozen=True)
class Section:
    """A run of clean text under one heading. `start`/`end` cover the body only:
    the heading itself is not inside [start, end)."""

    heading: str
    start: int
    end: int
    kind: SectionKind = "body"
    # The part of the paper, set by every reader (see docs/ingest.md); None only in
    # sections built by hand.
    heading_kind: HeadingKind | None = None
    # Where this section's body starts in the source's own offsets (a BioC passage's
    # `offset`); None for sources without offsets.
    source_offset: int | None = None


@dataclass(frozen=True)
class PageSpan:
    """A block of clean text and the page (1-based) it came from; for PDFs the
    block's bounding box in PDF points (x0, y0, x1, y1)."""

    page: int
    start: int
    end: int
    bbox: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class CitationSpan:
    """A reference marker in the clean text: "(99-101)" -> refs ("99", "100", "101")."""

    start: int
    end: int
    text: str
    refs: tuple[str, ...]


@dataclass(frozen=True)
class IngestQuality:
    """What cleaning found and fixed in one document."""

    ligatures_expanded: int = 0
    dropped_ligatures_repaired: int = 0
    hyphen_joins_kept: int = 0
    hyphen_joins_removed: int = 0
    header_footer_lines_removed: int = 0
    page_numbers_removed: int = 0
    cid_glyphs_dropped: int = 0
    boilerplate_lines_removed: int = 0
    captions_found: int = 0
    verdict: Verdict = "ok"
    notes: tuple[str, ...] = ()
    # A PDF read in part: the pages its page tree declares and those that could not be parsed.
    pages_total: int | None = None
    pages_unread: tuple[int, ...] = ()

    def as_dict(self) -> dict:
        values = asdict(self)
        values["notes"] = list(self.notes)
        values["pages_unread"] = list(self.pages_unread)
        return values

@dataclass(frozen=True)
class PaperMetadata:
    """Who and where a paper is, as its source states it (all optional).
    `authors` are "Surname Initials" ("Godin-Heymann N"), or a group's name."""

    title: str | None = None
    journal: str | None = None
    year: int | None = None
    pmid: str | None = None
    pmcid: str | None = None  # with its "PMC" prefix
    doi: str | None = None
    authors: tuple[str, ...] = ()


@dataclass(frozen=True)
class Document:
    """One ingested paper: clean text plus the maps back to its source."""

    doc_id: str  # SHA-256 of the file's bytes
    source_path: str
    media_type: str  # "text/plain", "application/pdf", "text/html"
    text: str
    sections: tuple[Section, ...] = ()
    pages: tuple[PageSpan, ...] = ()
    citations: tuple[CitationSpan, ...] = ()
    quality: IngestQuality = field(default_factory=IngestQuality)
    title: str | None = None
    n_pages: int | None = None
    metadata: PaperMetadata | None = None

    def page_at(self, offset: int) -> int | None:
        """The page holding clean-text `offset`, or None for sources without pages."""
        if not self.pages:
            return None
        i = bisect.bisect_right(self._page_starts, offset) - 1
        if i < 0:
            return self.pages[0].page
        return self.pages[i].page

    def pages_between(self, start: int, end: int) -> tuple[int, ...]:
        """Every page that text in [start, end) touches, in order."""
        if not self.pages:
            return ()
        found: list[int] = []
        for span in self.pages:
            if span.start < end and span.end > start and span.page not in found:
                found.append(span.page)
        if not found:
            page = self.page_at(start)
            return (page,) if page is not None else ()
        return tuple(sorted(found))

    def section_at(self, offset: int) -> Section | None:
        """The first section whose body holds `offset`, or None."""
        return self._section_index.first_holding(offset)

    def citations_between(self, start: int, end: int) -> tuple[str, ...]:
        """The refs of every citation marker inside [start, end), in the markers' order,
        each once."""
        refs: list[str] = []
        for span in self._citation_index.inside(start, end):
            refs.extend(r for r in span.refs if r not in refs)
        return tuple(refs)

    # The extractor asks these for every sentence: indexes built once per document keep
    # that linear in the document's length (a scan per sentence was quadratic).
    # cached_property writes the instance's __dict__, which a frozen dataclass allows;
    # fields, equality and hashing are untouched.
    @cached_property
    def _page_starts(self) -> list[int]:
        return [p.start for p in self.pages]

    @cached_property
    def _section_index(self) -> SpanIndex[Section]:
        return SpanIndex(self.sections)

    @cached_property
    def _citation_index(self) -> SpanIndex[CitationSpan]:
        return SpanIndex(self.citations)


@dataclass(frozen=True)
class Sentence:
    sentence_id: str
    doc_id: str
    index: int
    start: int
    end: int
    text: str
    section: str | None
    # The layout role of its section: front, body, caption, references (as Section.kind).
    section_kind: SectionKind
    page: int | None
    citations: tuple[str, ...] = ()
    # The part of the paper (Section.heading_kind: title, abstract, methods, ...,
    # caption, references, front_matter, other); None for text outside every section.
    heading_kind: HeadingKind | None = None


@dataclass(frozen=True)
class Mention:
    """An entity mention, grounded where possible."""

    mention_id: str
    doc_id: str
    sentence_id: str
    start: int
    end: int
    text: str
    entity_type: str
    entity_id: str | None
    entity_name: str | None
    source: str  # the component that found it, e.g. "lexicon", "ner_gene"


@dataclass(frozen=True)
class Claim:
    claim_id: str
    doc_id: str
    sentence_id: str
    claim_type: str
    subject: Mention
    object: Mention
    negated: bool
    certainty: Certainty
    evidence: Evidence
    cell_lines: tuple[str, ...]
    disease: str | None
    citations: tuple[str, ...]
    rule: str
    rule_version: str
    confidence: float | None = None
    # The state the sentence states the gene argument in (extract/claims/gene_states.py):
    # a sequence change ("T790M", "exon 19 deletion") or a kind of
    # vocabulary.GENE_STATE_KINDS ("loss", "amplification"); several joined by ";";
    # "" when none is stated or the argument is not a gene.
    subject_state: str = ""
    object_state: str = ""


@dataclass(frozen=True)
class Extraction:
    """Everything extract produced for one document, ready to store."""

    document: Document
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...]
    claims: tuple[Claim, ...]
    extractor_version: str


@dataclass(frozen=True)
class DocumentFailure:
    """A file that could not be processed at some stage, and why, in words a user can act on."""

    source_path: str
    doc_id: str | None  # None when the file could not even be read (hashed)
    stage: Stage
    error_type: str
    message: str
