"""Blocks -> clean text, sections, page spans, citations and the quality record.

Layout of the clean text: paragraphs (one line each) separated by a blank
line; a heading on its own line before its section body. Section ranges cover
the body only. Figure and table captions are taken out of the running text
(where they would cut sentences in two) and placed, each as its own "caption"
section, after the last section.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from litclaims.schemas.records import CitationSpan, HeadingKind, IngestQuality, PageSpan, Section, SectionKind

from litclaims.ingest.blocks import Block, Counts
from litclaims.ingest.citations import find_citations
from litclaims.ingest.dehyphenate import LineJoiner, document_forms
from litclaims.ingest.ligature_repair import repair_dropped_ligatures
from litclaims.ingest.front_parts import front_part
from litclaims.ingest.quality import judge
from litclaims.ingest.section_kinds import HeadingInfo, block_heading_kinds
from litclaims.ingest.vocab import load_vocabulary

TERMINAL = re.compile(r"[.!?:]['\")\]\u2019\u201d]*$")
CAPTION_LABEL = re.compile(r"^\s*((?:figure|fig\.?|table|scheme|plate|box)\s*(?:\d+|[IVX]+|S\d+)[A-Za-z]?)", re.I)
PARAGRAPH_SEP = "\n\n"
# The start of a reference-list entry: "[12] ...", "12. Smith J, ...", or a bare "12." number box.
REF_ENTRY = re.compile(r"^\s*(?:\[\d{1,3}\]|\d{1,3}\.\s*$|\d{1,3}\.\s+[A-Z][\w'\u2019\-]+,?\s+(?:[A-Z]{1,3}\b|[A-Z]\.))")


@dataclass
class Piece:
    """Part of a paragraph that came from one block: for its page span."""

    start: int
    end: int
    page: int | None
    bbox: tuple[float, float, float, float] | None


@dataclass
class Paragraph:
    text: str
    pieces: list[Piece]


@dataclass
class DraftSection:
    heading: str
    kind: SectionKind
    paragraphs: list[Paragraph] = field(default_factory=list)
    # False for a section that continues an earlier one (the reference list
    # resuming after a back-matter section): its heading is not printed again.
    show_heading: bool = True
    # For untitled front sections: title, abstract or front_matter (see front_parts).
    part: HeadingKind | None = None


@dataclass(frozen=True)
class Assembled:
    text: str
    sections: tuple[Section, ...]
    pages: tuple[PageSpan, ...]
    citations: tuple[CitationSpan, ...]
    quality: IngestQuality
    title: str | None
    n_pages: int | None


def assemble(blocks: list[Block], counts: Counts, *, has_pages: bool, has_text_layer: bool = False) -> Assembled:
    """`has_text_layer`: the source is text by nature (a text file, HTML), so a
    short text is a short paper, never a scan without a text layer."""
    vocab = load_vocabulary()
    joiner = LineJoiner(vocab, document_forms(line for b in blocks for line in b.lines), counts)

    def clean(block: Block) -> str:
        return repair_dropped_ligatures(joiner.join(block.lines), vocab, counts)

    sections: list[DraftSection] = []
    captions: list[DraftSection] = []
    title: str | None = None
    for block in _split_reference_entries(blocks):
        if block.role == "heading":
            kind: SectionKind = "references" if block.references else "body"
            sections.append(DraftSection(heading=clean(block), kind=kind))
            continue
        text = clean(block)
        if not text:
            continue
        piece = Piece(0, len(text), block.page, block.bbox)
        if block.role == "caption":
            label = CAPTION_LABEL.match(text)
            captions.append(DraftSection(heading=label.group(1) if label else "Caption", kind="caption", paragraphs=[Paragraph(text, [piece])]))
            continue
        if block.role in ("title", "front"):
            if block.role == "title" and title is None:
                title = text
            _open_front_part(sections, "title" if block.role == "title" else front_part(text))
        elif not sections or sections[-1].part == "title":
            sections.append(DraftSection(heading="", kind="body"))
        elif sections[-1].kind != "references" and REF_ENTRY.match(text):
            earlier = next((s for s in reversed(sections) if s.kind == "references"), None)
            if earlier is not None:
                # Back matter ("Data availability") sat inside the reference list's
                # columns: the list resumes here.
                sections.append(DraftSection(heading=earlier.heading, kind="references", show_heading=False))
        target = sections[-1]
        _add_paragraph(target, text, piece, joiner)

    # A document whose only section is untitled front matter has no headings: it is body.
    if len(sections) == 1 and sections[0].kind == "front" and sections[0].part != "title":
        sections[0].kind = "body"
        sections[0].part = None

    return _emit(sections + captions, counts, title=title, has_pages=has_pages, has_text_layer=has_text_layer)


def _open_front_part(sections: list[DraftSection], part: HeadingKind) -> None:
    """Front matter before the first heading, one untitled section per run of
    paragraphs of one part (the title, abstract prose, author and journal lines)."""
    if sections and any(s.kind != "front" for s in sections):
        return  # front matter after a heading stays in the section it is in
    if not sections or sections[-1].part != part or part == "title":
        sections.append(DraftSection(heading="", kind="front", part=part))


def _split_reference_entries(blocks: list[Block]) -> list[Block]:
    """Inside a reference list, a line that starts an entry ("[3] ...", "3. Smith J")
    starts a paragraph of its own, even when the PDF drew the list as one box."""
    out: list[Block] = []
    in_references = False
    for block in blocks:
        if block.role == "heading":
            in_references = block.references
        if not in_references or block.role != "body" or len(block.lines) < 2:
            out.append(block)
            continue
        current: list[str] = []
        for line in block.lines:
            if current and REF_ENTRY.match(line):
                out.append(replace(block, lines=tuple(current)))
                current = []
            current.append(line)
        out.append(replace(block, lines=tuple(current)))
    return out


def _add_paragraph(section: DraftSection, text: str, piece: Piece, joiner: LineJoiner) -> None:
    """Append, or continue the last paragraph when it stopped mid-sentence (a
    paragraph cut by a column or page break, or a blank line in a text file)."""
    # Front matter (journal line, title, authors, affiliations) stays one block a
    # paragraph: its lines do not end in full stops but are not one sentence.
    if section.paragraphs and section.kind not in ("references", "front"):
        last = section.paragraphs[-1]
        if not TERMINAL.search(last.text):
            joined = joiner.join_pair(last.text, text)
            right_start = len(joined) - len(text.lstrip())
            last.pieces[-1].end = min(last.pieces[-1].end, right_start)
            last.pieces.append(Piece(right_start, len(joined), piece.page, piece.bbox))
            last.text = joined
            return
    section.paragraphs.append(Paragraph(text, [piece]))


def _emit(drafts: list[DraftSection], counts: Counts, *, title: str | None, has_pages: bool, has_text_layer: bool) -> Assembled:
    parts: list[str] = []
    length = 0
    sections: list[Section] = []
    pages: list[PageSpan] = []
    heading_kinds = block_heading_kinds([HeadingInfo(d.heading, d.kind, d.part) for d in drafts])
    for draft, heading_kind in zip(drafts, heading_kinds):
        if parts:
            parts.append(PARAGRAPH_SEP)
            length += len(PARAGRAPH_SEP)
        if draft.heading and draft.kind != "caption" and draft.show_heading:
            parts.append(draft.heading + PARAGRAPH_SEP)
            length += len(draft.heading) + len(PARAGRAPH_SEP)
        start = length
        for i, para in enumerate(draft.paragraphs):
            if i:
                parts.append(PARAGRAPH_SEP)
                length += len(PARAGRAPH_SEP)
            for piece in para.pieces:
                if piece.page is not None and piece.end > piece.start:
                    pages.append(PageSpan(piece.page, length + piece.start, length + piece.end, piece.bbox))
            parts.append(para.text)
            length += len(para.text)
        sections.append(Section(heading=draft.heading, start=start, end=length, kind=draft.kind, heading_kind=heading_kind))
    text = "".join(parts)
    pages.sort(key=lambda p: (p.start, p.end))
    # Superscripts on the title page are affiliation marks ("Acar,¹"), not citations.
    citations = tuple(sorted(
        find_citations(text, [(s.start, s.end) for s in sections if s.kind in ("body", "caption")])
        + find_citations(text, [(s.start, s.end) for s in sections if s.kind == "front"], superscripts=False),
        key=lambda c: c.start,
    ))
    n_pages = max((p.page for p in pages), default=None) if has_pages else None
    return Assembled(
        text=text,
        sections=tuple(sections),
        pages=tuple(pages),
        citations=citations,
        quality=judge(text, counts, has_text_layer=has_text_layer),
        title=title,
        n_pages=n_pages,
    )
