"""JATS paragraphs -> `Para`s: inline markup flattened to text, `<xref
ref-type="bibr">` citations kept as marks at their offsets.

What a paragraph may hold besides text:
- figures, tables, supplementary material: their captions are collected
  (`JatsContext.floats`) and placed after the last section; table cells are dropped;
- lists, quotes, boxed text: the paragraph ends, their paragraphs follow, and
  the text after them starts a new paragraph;
- display formulas are dropped (counted); inline formulas keep their text;
- citations in a superscript ("resistance<sup>12,13</sup>") are written as
  Unicode superscript digits, as the PDF reader writes raised digits, so the
  number never fuses with the word before it.

Markers next to each other ("[1], [2]", "[2]-[4]", "(Smith, 1999; Jones, 2001)")
become one citation span, with its brackets, naming every reference (ranges
expanded through the reference list).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from litclaims.ingest.blocks import Counts
from litclaims.ingest.citations import expand_refs
from litclaims.ingest.jats_references import ReferenceIndex
from litclaims.ingest.structured import InlineText, Mark, Para
from litclaims.ingest.xml_parse import local_name

FLOATS = {"fig", "fig-group", "table-wrap", "table-wrap-group", "supplementary-material", "chem-struct-wrap"}
BLOCKS = {"list", "def-list", "disp-quote", "boxed-text", "statement", "verse-group", "speech"}
DROPPED = {"disp-formula", "disp-formula-group", "graphic", "inline-graphic", "media",
           "table", "array", "preformat", "code", "tex-math", "object-id", "fn", "target"}
NOTE_MARKS = {"aff", "corresp", "author-notes", "fn", "table-fn"}
SUPERSCRIPT = str.maketrans("0123456789-\u2013\u2014", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b\u207b\u207b")
_JOIN = re.compile(r"^\s*[,;]?\s*$")
_RANGE = re.compile(r"^\s*[-\u2013\u2014]\s*$")
_OPEN_CLOSE = {"(": ")", "[": "]"}


@dataclass
class JatsContext:
    counts: Counts
    refs: ReferenceIndex
    # Figures, tables and supplementary material met on the way, in document order.
    floats: list[etree._Element] = field(default_factory=list)
    formulas_dropped: int = 0


def render_paragraph(element: etree._Element, ctx: JatsContext) -> list[Para]:
    """A `<p>` (or any element of running text) -> its paragraphs."""
    writer = _ParaWriter(ctx)
    writer.inline(element)
    writer.flush()
    return writer.out


def render_block(element: etree._Element, ctx: JatsContext) -> list[Para]:
    """A list, quote or boxed text -> one paragraph per item or paragraph."""
    writer = _ParaWriter(ctx)
    writer.block(element)
    writer.flush()
    return writer.out


def render_inline(element: etree._Element, ctx: JatsContext) -> str:
    """A title or label as one line of text (no citations kept)."""
    writer = _ParaWriter(ctx)
    writer.inline(element)
    return writer.current.text()


class _ParaWriter:
    def __init__(self, ctx: JatsContext) -> None:
        self.ctx = ctx
        self.out: list[Para] = []
        self.current = InlineText(ctx.counts)

    def flush(self) -> None:
        para = self.current.para()
        if para is not None:
            self.out.append(Para(para.text, group_citations(para.text, list(para.marks or ()), self.ctx.refs)))
        self.current = InlineText(self.ctx.counts)

    def inline(self, element: etree._Element) -> None:
        self.current.add(element.text)
        for child in element:
            self.child(child)
            self.current.add(child.tail)

    def child(self, child: etree._Element) -> None:
        name = local_name(child)
        if name in FLOATS:
            self.ctx.floats.append(child)
        elif name in BLOCKS:
            self.flush()
            self.block(child)
            self.flush()
        elif name in DROPPED or not name:
            self.ctx.formulas_dropped += name.startswith("disp-formula")
        elif name == "xref" and child.get("ref-type") in NOTE_MARKS:
            pass  # a footnote or affiliation mark ("*", "a") would fuse with the word before it
        elif name == "xref" and child.get("ref-type") == "bibr":
            self.citation(child, superscript=False)
        elif name == "sup" and _is_citation_superscript(child):
            self.superscript_citations(child)
        elif name == "p":
            self.flush()
            self.inline(child)
            self.flush()
        else:
            self.inline(child)

    def block(self, element: etree._Element) -> None:
        """A list or quote: each item or paragraph its own paragraph."""
        for child in element:
            name = local_name(child)
            if name in ("label", "title"):
                continue
            if name in ("p", "list-item", "def-item", "term", "def", "attrib"):
                self.flush()
                self.inline(child)
                self.flush()
            else:
                self.child(child)

    def citation(self, xref: etree._Element, *, superscript: bool) -> None:
        start = self.current.position()
        text = "".join(xref.itertext())
        self.current.add(text.translate(SUPERSCRIPT) if superscript else text)
        before = len(self.current.marks)
        self.current.mark(start, tuple((xref.get("rid") or "").split()) or ("?",))
        if len(self.current.marks) > before:
            # Keep the printed text, to expand "4-6" in one xref.
            mark = self.current.marks[-1]
            self.current.marks[-1] = _XrefMark(mark.start, mark.end, mark.refs, text)

    def superscript_citations(self, sup: etree._Element) -> None:
        self.current.add((sup.text or "").translate(SUPERSCRIPT))
        for child in sup:
            if local_name(child) == "xref":
                self.citation(child, superscript=True)
            self.current.add((child.tail or "").translate(SUPERSCRIPT))


@dataclass(frozen=True)
class _XrefMark(Mark):
    label_text: str = ""


def _is_citation_superscript(sup: etree._Element) -> bool:
    children = list(sup)
    if not children or any(local_name(c) != "xref" or c.get("ref-type") != "bibr" for c in children):
        return False
    between = (sup.text or "") + "".join(c.tail or "" for c in children)
    return not re.sub(r"[\s,\-\u2013\u2014]", "", between)


def group_citations(text: str, marks: list[Mark], refs: ReferenceIndex) -> tuple[Mark, ...]:
    """Adjacent xref marks -> one mark per group, its brackets included, naming
    every reference by its printed label."""
    groups: list[list[Mark]] = []
    ranges: list[list[bool]] = []
    for mark in marks:
        gap = text[groups[-1][-1].end : mark.start] if groups else None
        if gap is not None and (_JOIN.match(gap) or _RANGE.match(gap)):
            groups[-1].append(mark)
            ranges[-1].append(bool(_RANGE.match(gap)))
        else:
            groups.append([mark])
            ranges.append([False])
    return tuple(_group_mark(text, group, is_range, refs) for group, is_range in zip(groups, ranges))


def _group_mark(text: str, group: list[Mark], is_range: list[bool], refs: ReferenceIndex) -> Mark:
    rids: list[str] = []
    for i, mark in enumerate(group):
        if is_range[i] and rids:
            rids.extend(refs.between(rids[-1], mark.refs[0])[1:])
            rids.extend(mark.refs[1:])
        else:
            rids.extend(mark.refs)
    labels = [refs.label(rid) for rid in rids]
    if len(group) == 1:
        labels = _expanded_from_text(group[0], labels)
    start, end = group[0].start, group[-1].end
    if start > 0 and end < len(text) and _OPEN_CLOSE.get(text[start - 1]) == text[end]:
        start, end = start - 1, end + 1
    return Mark(start, end, tuple(dict.fromkeys(labels)))


def _expanded_from_text(mark: Mark, labels: list[str]) -> list[str]:
    """One xref printed "4-6" but pointing at reference 4 only: the text says 4, 5, 6."""
    printed = getattr(mark, "label_text", "")
    numbers = list(expand_refs(printed.strip("[]() "))) if printed and re.fullmatch(r"[\[\(]?[\d\s,;\-\u2013\u2014]+[\]\)]?", printed.strip()) else []
    if len(numbers) > len(labels) and labels and numbers[0] == labels[0]:
        return numbers
    return labels
