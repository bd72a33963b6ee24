"""A `StructuredDocument` -> clean text, sections, citation spans, quality.

The layout is the one `litclaims.ingest.assemble` writes for PDFs and text:
paragraphs one line each separated by a blank line, a heading on its own line
before its section body, section ranges covering the body only, and figure and
table captions (one `caption` section each) after the last section. Nothing is
joined or repaired: the markup already says where paragraphs begin and end.
Citation spans come from the markup's own markers where it has them, by
pattern (as for plain text) where it has none.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from litclaims.schemas.records import CitationSpan, IngestQuality, Section

from litclaims.ingest.blocks import Counts
from litclaims.ingest.citations import find_citations
from litclaims.ingest.quality import judge
from litclaims.ingest.structured import Part, StructuredDocument

PARAGRAPH_SEP = "\n\n"


@dataclass(frozen=True)
class AssembledStructured:
    text: str
    sections: tuple[Section, ...]
    citations: tuple[CitationSpan, ...]
    quality: IngestQuality


@dataclass
class _Writer:
    parts: list[str]
    length: int = 0

    def write(self, text: str) -> int:
        """Append one paragraph or heading (after a separator); return where it starts."""
        if self.parts:
            self.parts.append(PARAGRAPH_SEP)
            self.length += len(PARAGRAPH_SEP)
        start = self.length
        self.parts.append(text)
        self.length += len(text)
        return start


def assemble_structured(doc: StructuredDocument, counts: Counts) -> AssembledStructured:
    # Captions out of the running text, after the last section, as for the other formats.
    ordered = [p for p in doc.parts if p.kind != "caption"] + [p for p in doc.parts if p.kind == "caption"]
    writer = _Writer([])
    sections: list[Section] = []
    marked: list[CitationSpan] = []
    by_pattern: list[tuple[int, int, str]] = []
    for part in ordered:
        section = _write_part(part, writer, marked, by_pattern)
        if section is not None:
            sections.append(section)
    text = "".join(writer.parts)
    # A heading-only section at the very end: its empty body is at the end of the text.
    sections = [s if s.end <= len(text) else replace(s, start=len(text), end=len(text)) for s in sections]
    counts.captions_found += sum(1 for s in sections if s.kind == "caption")
    counts.raw_chars += len(text)
    citations = marked + _pattern_citations(text, by_pattern)
    return AssembledStructured(
        text=text,
        sections=tuple(sections),
        citations=tuple(sorted(citations, key=lambda c: (c.start, c.end))),
        quality=judge(text, counts, has_text_layer=True),
    )


def _write_part(part: Part, writer: _Writer, marked: list[CitationSpan], by_pattern: list[tuple[int, int, str]]) -> Section | None:
    paras = [p for p in part.paras if p.text.strip()]
    if not paras and not part.heading:
        return None
    if part.heading and part.kind != "caption" and part.show_heading:
        # A section without a body is empty where its body would start (as `assemble` does).
        body_at = writer.write(part.heading) + len(part.heading) + len(PARAGRAPH_SEP)
    else:
        body_at = writer.length + (len(PARAGRAPH_SEP) if writer.parts else 0)
    start = end = body_at
    for i, para in enumerate(paras):
        at = writer.write(para.text)
        if i == 0:
            start = at
        end = at + len(para.text)
        if para.marks is None:
            by_pattern.append((at, end, part.kind))
            continue
        for mark in para.marks:
            marked.append(CitationSpan(at + mark.start, at + mark.end, para.text[mark.start:mark.end], mark.refs))
    return Section(
        heading=part.heading, start=start, end=end, kind=part.kind,
        heading_kind=part.heading_kind, source_offset=part.source_offset,
    )


def _pattern_citations(text: str, spans: list[tuple[int, int, str]]) -> list[CitationSpan]:
    """Numeric markers in paragraphs without markup for them; never in the reference
    list, and superscripts in front matter are affiliation marks, not citations."""
    body = [(s, e) for s, e, kind in spans if kind in ("body", "caption")]
    front = [(s, e) for s, e, kind in spans if kind == "front"]
    return list(find_citations(text, body)) + list(find_citations(text, front, superscripts=False))
