"""BioC collections (XML or JSON) -> one `StructuredDocument` per BioC document.

Every passage with text is one section of its own, whose `source_offset` is
the passage's BioC `offset`. Passage text is kept character for character
(only newlines and tabs become spaces), so a BioC offset `o` inside passage
`p` is at `section.start + (o - p.offset)` in the clean text, and back: the
passages round-trip.

- title passages (type "title" or "front", or section_type TITLE): the
  untitled `front` section, kind "title";
- heading passages ("title_1", "abstract_title_1", ...): a section whose
  heading is the passage text and whose body is empty; the passages after it
  carry the same heading (printed once);
- captions ("fig_caption", "table_caption", ...): `caption` sections after the
  last section; table passages themselves (cells) are left out;
- references ("ref" or section_type REF): `references` sections;
- everything else: body, headed by the last heading passage, or by "Abstract"
  for abstract passages that have none.
The normalised kind comes from PMC's `section_type` infon, else the type.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from litclaims.schemas.records import HeadingKind, PaperMetadata, SectionKind

from litclaims.ingest.blocks import Counts
from litclaims.ingest.errors import IngestError
from litclaims.ingest.heading_kinds import kind_of_bioc, kind_of_heading
from litclaims.ingest.jats_front import author_name
from litclaims.ingest.structured import Para, Part, StructuredDocument

HEADING_TYPE = re.compile(r"(?:abstract_)?title_\d+|section_title|subtitle", re.I)
TITLE_TYPES = ("title", "front")
_SAME_LENGTH_SPACES = str.maketrans({"\n": " ", "\r": " ", "\t": " ", "\f": " ", "\v": " "})
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass
class BiocPassage:
    offset: int | None
    infons: dict[str, str]
    text: str


@dataclass
class BiocDocument:
    id: str
    infons: dict[str, str]
    passages: list[BiocPassage] = field(default_factory=list)


def bioc_documents(documents: list[BiocDocument], source: str, name: str) -> list[StructuredDocument]:
    if not documents:
        raise IngestError(f"{name}: a BioC collection without any document", stage="parse")
    return [bioc_document(doc, source, name) for doc in documents]


def bioc_document(doc: BiocDocument, source: str, name: str) -> StructuredDocument:
    counts = Counts()
    parts: list[Part] = []
    state = _HeadingState()
    tables = 0
    for passage in doc.passages:
        kind_type = (passage.infons.get("type") or "").lower()
        if kind_type == "table" or not passage.text.strip():
            tables += kind_type == "table"
            continue
        parts.append(_passage_part(passage, state))
    if not any(p.paras for p in parts):
        raise IngestError(f"{name}: BioC document '{doc.id}' has no passage with text", stage="parse")
    if tables:
        counts.notes.append(f"{tables} table passages (cells) left out")
    title = next((p.paras[0].text.strip() for p in parts if p.heading_kind == "title" and p.paras), None)
    return StructuredDocument(parts=parts, title=title, metadata=bioc_metadata(doc, source, title), key=doc.id, counts=counts)


@dataclass
class _HeadingState:
    """The heading that body passages go under, and whether it was printed yet."""

    group: str = ""
    heading: str = ""
    printed: bool = False


def _passage_part(passage: BiocPassage, state: _HeadingState) -> Part:
    passage_type = passage.infons.get("type") or ""
    section_type = passage.infons.get("section_type")
    text = passage.text.translate(_SAME_LENGTH_SPACES)
    kind, heading_kind = _kinds(passage_type, section_type)
    if kind == "caption":
        return Part(_caption_heading(passage_type, text), "caption", "caption", [Para(text, None)], source_offset=passage.offset)
    group = (section_type or passage_type).lower()
    if group != state.group:
        state.group, state.heading, state.printed = group, _default_heading(kind, heading_kind), False
    if HEADING_TYPE.fullmatch(passage_type):
        state.heading, state.printed = text.strip(), True
        own = kind_of_heading(text) if heading_kind in (None, "other") else heading_kind
        return Part(text.strip(), kind, own or heading_kind or "other", [], source_offset=passage.offset)
    if kind == "front":
        return Part("", "front", heading_kind or "title", [Para(text, None)], source_offset=passage.offset)
    show = not state.printed and bool(state.heading)
    state.printed = state.printed or show
    if heading_kind in (None, "other") and state.heading:
        heading_kind = kind_of_heading(state.heading) or heading_kind
    return Part(state.heading, kind, heading_kind or "other", [Para(text, None)], show_heading=show, source_offset=passage.offset)


def _kinds(passage_type: str, section_type: str | None) -> tuple[SectionKind, HeadingKind | None]:
    heading_kind = kind_of_bioc(section_type, passage_type)
    lowered = passage_type.lower()
    if "caption" in lowered or lowered == "table_footnote":
        return "caption", "caption"
    if lowered in TITLE_TYPES or heading_kind == "title":
        return "front", "title"
    if lowered == "ref" or heading_kind == "references":
        return "references", "references"
    return "body", heading_kind


def _default_heading(kind: SectionKind, heading_kind: HeadingKind | None) -> str:
    if kind == "references":
        return "References"
    return "Abstract" if heading_kind == "abstract" else ""


def _caption_heading(passage_type: str, text: str) -> str:
    label = re.match(r"\s*((?:figure|fig\.?|table|scheme)\s*[\dIVXS]+[A-Za-z]?)", text, re.I)
    if label:
        return label.group(1)
    return "Table" if passage_type.lower().startswith("table") else "Figure"


def bioc_metadata(doc: BiocDocument, source: str, title: str | None) -> PaperMetadata:
    infons = dict(doc.infons)
    for passage in doc.passages[:2]:
        for key, value in passage.infons.items():
            infons.setdefault(key, value)
    pmid = infons.get("article-id_pmid") or infons.get("pmid")
    pmcid = infons.get("article-id_pmc") or infons.get("pmcid")
    if not pmid and doc.id.isdigit() and re.search(r"pubmed|pubtator", source, re.I):
        pmid = doc.id
    if not pmcid and re.fullmatch(r"PMC\d+", doc.id, re.I):
        pmcid = doc.id
    if not pmcid and doc.id.isdigit() and re.fullmatch(r"pmc", source.strip(), re.I):
        pmcid = doc.id  # PMC's BioC collections name a document by its PMCID number
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = f"PMC{pmcid}"
    year = _YEAR.search(infons.get("year") or "")
    # PMC writes "J Test Oncol. 2020 Jan 2; 1(1):1-10": the journal is before the date.
    journal = re.split(r"\.\s+(?=\d)|;", infons.get("journal") or "")[0].strip().rstrip(".") or None
    return PaperMetadata(
        title=title, journal=journal, year=int(year.group(1)) if year else None,
        pmid=pmid or None, pmcid=pmcid or None, doi=infons.get("article-id_doi") or infons.get("doi") or None,
        authors=_authors(infons),
    )


def _authors(infons: dict[str, str]) -> tuple[str, ...]:
    """PMC BioC's "name_0": "surname:Godin-Heymann;given-names:Nadia"."""
    names: list[str] = []
    keys = sorted((k for k in infons if re.fullmatch(r"name_\d+", k)), key=lambda k: int(k.split("_")[1]))
    for key in keys:
        fields = dict(part.split(":", 1) for part in infons[key].split(";") if ":" in part)
        if fields.get("surname"):
            names.append(author_name(fields["surname"], fields.get("given-names", "")))
    return tuple(names)
