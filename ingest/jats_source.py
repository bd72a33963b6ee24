"""JATS / NLM XML (PubMed Central's `.nxml`) -> `StructuredDocument`s.

What becomes text, in order:
- the article title (a `front` section of its own, kind "title");
- each abstract (`<abstract>`; the author summary too), headed by its own
  title or "Abstract", structured abstracts with their subsections; the
  short table-of-contents and teaser abstracts, which repeat the abstract, and
  translated abstracts (`<trans-abstract>`) are left out;
- the body: every `<sec>` with a `<title>` is a section (its `<label>` before
  the title), nested as deep as the XML nests them; paragraphs before the first
  section are an untitled section; an untitled `<sec>` continues its parent;
- the back matter in its XML order: acknowledgements, appendices, glossary
  ("term: definition" paragraphs), footnotes, back sections, and the reference
  list (`references` sections, one paragraph per entry, kept out of extraction);
- every figure, table and supplementary-material caption as its own `caption`
  section after the last section (table cells are not text).

Left out: authors, affiliations, author notes, keywords, permissions (they are
metadata, see `jats_front`), display formulas, sub-articles (referee reports)
and `<response>`s.
"""

from __future__ import annotations

from lxml import etree

from litclaims.schemas.records import HeadingKind

from litclaims.ingest.blocks import Counts
from litclaims.ingest.errors import IngestError
from litclaims.ingest.heading_kinds import kind_of_heading, kind_of_sec_type
from litclaims.ingest.jats_front import jats_metadata
from litclaims.ingest.jats_inline import BLOCKS, FLOATS, JatsContext, render_block, render_inline, render_paragraph
from litclaims.ingest.jats_references import ReferenceIndex, reference_text
from litclaims.ingest.structured import Mark, Para, Part, StructuredDocument
from litclaims.ingest.xml_parse import local_name, text_of

JATS_ROOTS = ("article", "pmc-articleset")
# Abstracts that repeat the abstract in a sentence or two.
SKIPPED_ABSTRACT_TYPES = {"toc", "teaser", "graphical", "web-summary", "precis"}
# Back-matter containers and the heading they get when they have no title.
BACK_HEADINGS = {"ack": "Acknowledgements", "glossary": "Abbreviations", "fn-group": "Notes",
                 "notes": "Notes", "app-group": "Appendix", "app": "Appendix", "bio": "Biography"}
# Sections that only hold the figures and tables (PLoS "Figures and Tables"): no heading of their own.
DISPLAY_OBJECTS = "display-objects"


def jats_documents(root: etree._Element, name: str) -> list[StructuredDocument]:
    if local_name(root) == "article":
        articles = [root]
    else:
        articles = [child for child in root if local_name(child) == "article"]
    if not articles:
        raise IngestError(f"{name}: a <pmc-articleset> without any <article>", stage="parse")
    return [jats_document(article, name) for article in articles]


def jats_document(article: etree._Element, name: str) -> StructuredDocument:
    counts = Counts()
    refs = ReferenceIndex([r for r in article.iter("ref") if _in_ref_list(r)])
    ctx = JatsContext(counts=counts, refs=refs)
    title_element = article.find("front/article-meta/title-group/article-title")
    title = render_inline(title_element, ctx) if title_element is not None else ""
    parts: list[Part] = []
    if title:
        parts.append(Part("", "front", "title", [Para(title, ())]))
    parts += _abstracts(article, ctx)
    body = article.find("body")
    if body is not None:
        parts += _container_parts(body, ctx, heading="", kind=None, leading_kind="introduction")
    back = article.find("back")
    if back is not None:
        parts += _back_parts(back, ctx)
    floats = article.find("floats-group")
    if floats is not None:
        ctx.floats.extend(child for child in floats if local_name(child) in FLOATS)
    parts += _caption_parts(ctx)
    if not any(p.paras for p in parts):
        raise IngestError(f"{name}: a JATS article without any text (no title, abstract or body)", stage="parse")
    if ctx.formulas_dropped:
        counts.notes.append(f"{ctx.formulas_dropped} display formulas left out")
    key = next((text_of(e) for e in article.findall("front/article-meta/article-id") if e.get("pub-id-type") in ("pmc", "pmid")), None)
    return StructuredDocument(parts=parts, title=title or None, metadata=jats_metadata(article, title or None), key=key, counts=counts)


def _in_ref_list(ref: etree._Element) -> bool:
    parent = ref.getparent()
    return parent is not None and local_name(parent) == "ref-list"


def _abstracts(article: etree._Element, ctx: JatsContext) -> list[Part]:
    parts: list[Part] = []
    meta = article.find("front/article-meta")
    for abstract in meta.findall("abstract") if meta is not None else ():
        if (abstract.get("abstract-type") or "").lower() in SKIPPED_ABSTRACT_TYPES:
            continue
        heading = _title(abstract, ctx) or "Abstract"
        parts += _container_parts(abstract, ctx, heading=heading, kind="abstract", own_heading=True)
    return parts


def _title(element: etree._Element, ctx: JatsContext) -> str:
    title = element.find("title")
    label = element.find("label")
    text = render_inline(title, ctx) if title is not None else ""
    number = render_inline(label, ctx) if label is not None else ""
    return f"{number} {text}".strip() if text else ""


def _container_parts(element: etree._Element, ctx: JatsContext, *, heading: str, kind: HeadingKind | None,
                     own_heading: bool = False, leading_kind: HeadingKind | None = None) -> list[Part]:
    """A `<sec>` (or body, abstract, back container) -> its part and its subsections' parts.

    `own_heading`: `heading` is this element's own (printed once); otherwise the
    paragraphs continue the enclosing section under its heading, unprinted."""
    current = Part(heading, "body", kind or leading_kind or "other", show_heading=own_heading)
    parts: list[Part] = [current] if own_heading else []
    for child in element:
        name = local_name(child)
        if name in ("title", "label", "sec-meta", "object-id"):
            continue
        if name == "sec":
            parts += _sec_parts(child, ctx, parent_heading=heading, parent_kind=kind)
            current = Part(heading, "body", kind or "other", show_heading=False)
            continue
        if name in FLOATS:
            ctx.floats.append(child)
            continue
        paras = _paragraphs(child, ctx)
        if paras:
            if not any(part is current for part in parts):
                parts.append(current)
            current.paras.extend(paras)
    return parts


def _sec_parts(sec: etree._Element, ctx: JatsContext, *, parent_heading: str, parent_kind: HeadingKind | None) -> list[Part]:
    heading = _title(sec, ctx)
    if (sec.get("sec-type") or "").lower() == DISPLAY_OBJECTS:
        ctx.floats.extend(e for e in sec.iter() if local_name(e) in ("fig", "table-wrap", "supplementary-material"))
        return []
    own = kind_of_sec_type(sec.get("sec-type")) or (kind_of_heading(heading) if heading else None)
    # Inside an abstract everything is abstract ("Background", "Conclusions" of a structured abstract).
    kind = "abstract" if parent_kind == "abstract" else own or parent_kind or "other"
    if not heading:
        return _container_parts(sec, ctx, heading=parent_heading, kind=kind)
    return _container_parts(sec, ctx, heading=heading, kind=kind, own_heading=True)


def _paragraphs(element: etree._Element, ctx: JatsContext) -> list[Para]:
    name = local_name(element)
    if name == "p":
        return render_paragraph(element, ctx)
    if name in BLOCKS:
        return render_block(element, ctx)
    if name == "fn":
        return [para for child in element for para in _paragraphs(child, ctx)]
    if name in ("disp-formula", "disp-formula-group"):
        ctx.formulas_dropped += 1
    return []


def _back_parts(back: etree._Element, ctx: JatsContext) -> list[Part]:
    parts: list[Part] = []
    for child in back:
        name = local_name(child)
        if name == "ref-list":
            parts += _reference_parts(child, ctx)
        elif name == "sec":
            parts += _sec_parts(child, ctx, parent_heading="", parent_kind=None)
        elif name in BACK_HEADINGS:
            parts += _back_container(child, ctx, BACK_HEADINGS[name])
        elif name in FLOATS:
            ctx.floats.append(child)
    return parts


def _back_container(element: etree._Element, ctx: JatsContext, default_heading: str) -> list[Part]:
    heading = _title(element, ctx)
    if local_name(element) == "glossary":
        return [Part(heading or default_heading, "body", "other", _glossary(element, ctx))]
    if not heading and any(local_name(c) == "sec" for c in element) and not any(local_name(c) == "p" for c in element):
        # <ack><sec><title>Acknowledgements</title>...: the inner title is the heading.
        return _container_parts(element, ctx, heading="", kind="other")
    if local_name(element) == "app-group":
        return [p for app in element for p in _back_container(app, ctx, default_heading)] if len(element) else []
    return _container_parts(element, ctx, heading=heading or default_heading, kind="other", own_heading=True)


def _glossary(glossary: etree._Element, ctx: JatsContext) -> list[Para]:
    paras: list[Para] = []
    for item in glossary.iter("def-item"):
        term = render_inline(item.find("term"), ctx) if item.find("term") is not None else ""
        definition = " ".join(p.text for d in item.findall("def") for p in render_paragraph(d, ctx))
        if term or definition:
            paras.append(Para(f"{term}: {definition}" if term and definition else term or definition, ()))
    return paras


def _reference_parts(ref_list: etree._Element, ctx: JatsContext) -> list[Part]:
    heading = _title(ref_list, ctx) or "References"
    paras = [Para(reference_text(ref), ()) for ref in ref_list if local_name(ref) == "ref"]
    parts = [Part(heading, "references", "references", [p for p in paras if p.text])]
    for inner in ref_list:
        if local_name(inner) == "ref-list":
            parts += _reference_parts(inner, ctx)
    return parts


def _caption_parts(ctx: JatsContext) -> list[Part]:
    parts: list[Part] = []
    seen: set[int] = set()
    for element in ctx.floats:
        for item in _float_items(element):
            if id(item) in seen:
                continue
            seen.add(id(item))
            part = _caption_part(item, ctx)
            if part is not None:
                parts.append(part)
    return parts


def _float_items(element: etree._Element) -> list[etree._Element]:
    if local_name(element) in ("fig-group", "table-wrap-group"):
        return [c for c in element if local_name(c) in FLOATS] or [element]
    return [element]


def _caption_part(item: etree._Element, ctx: JatsContext) -> Part | None:
    label = render_inline(item.find("label"), ctx) if item.find("label") is not None else ""
    caption = item.find("caption")
    pieces: list[Para] = []
    if caption is not None:
        title = caption.find("title")
        if title is not None:
            pieces += render_paragraph(title, ctx)
        for child in caption:
            if local_name(child) != "title":
                pieces += _paragraphs(child, ctx)
    if not pieces:
        return None
    return Part(label or _default_label(item), "caption", "caption", [_join_caption(label, pieces)])


def _default_label(item: etree._Element) -> str:
    name = local_name(item)
    return {"fig": "Figure", "table-wrap": "Table", "supplementary-material": "Supplementary material"}.get(name, "Caption")


def _join_caption(label: str, pieces: list[Para]) -> Para:
    """One caption paragraph, "Figure 1. Title. Legend ...", the marks moved with their text."""
    text = ""
    marks = []
    if label:
        text = label if label[-1] in ".:|" else label + "."
    for piece in pieces:
        shift = len(text) + (1 if text else 0)
        text = f"{text} {piece.text}" if text else piece.text
        marks += [Mark(m.start + shift, m.end + shift, m.refs) for m in piece.marks or ()]
    return Para(text, tuple(marks))
