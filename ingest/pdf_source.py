"""PDF -> blocks with pdfminer.six layout analysis, in reading order.

One pass over `PDFPageAggregator` results (the same layout analysis that
`extract_text` does, minus its box-grouping step, which this module replaces
with its own column ordering). Per page:

1. text boxes and their lines (text, bbox, font of the first and last glyph);
2. reading order: boxes that cross the page middle are full-width and cut the
   page into bands; inside a band the left column is read before the right;
3. running headers/footers: lines in the top or bottom margin zone whose text
   (digits ignored) recurs on other pages, page numbers, "Page N of M";
4. text of vector-drawn figures (labels inside drawn regions) is dropped;
5. captions ("Figure 2:", "Table 1.") become caption blocks; headings are
   split off by number/name pattern or by a heading font (bold or larger than
   the body font, after the first unmistakable heading); the largest text on
   page 1 is the title.
"""

from __future__ import annotations

import io
import logging
import re
from collections import Counter
from dataclasses import dataclass, field

from litclaims.ingest import headings
from litclaims.ingest.blocks import Block, Counts
from litclaims.ingest.errors import IngestError
from litclaims.ingest.limits import ReadLimits, check_flate_stream, check_page_count
from litclaims.ingest.normalize import normalize_line
from litclaims.ingest.pdf_content import ContentStreamInterpreter
from litclaims.ingest.text_source import CAPTION

PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?[\divxlc]{1,5}(?:\s*(?:of|/)\s*\d{1,5})?\s*$", re.I)
FURNITURE_HINT = re.compile(r"(doi\s*:|doi\.org|https?://|www\.|\u00a9|copyright|all rights reserved|issn|vol\.|volume \d)", re.I)
TOP_ZONE = 0.10  # share of page height that counts as header zone
BOTTOM_ZONE = 0.08
# Graphics bigger than this share of the page are backgrounds or frames, not figures.
MAX_GRAPHIC_SHARE = 0.5
GRAPHIC_MARGIN = 6.0


@dataclass
class Line:
    text: str
    bbox: tuple[float, float, float, float]
    font: tuple[str, float]
    same_font: bool  # first and last glyph in the same font
    # Length of the run of text in the first glyph's font (the whole line when
    # it has one font): where a run-in heading ends ("3.3. Cox Regression
    # Analysis. The histological ...").
    lead: int = 0

    @property
    def size(self) -> float:
        return self.font[1]


@dataclass
class Box:
    page: int
    bbox: tuple[float, float, float, float]
    lines: list[Line]


@dataclass
class PageLayout:
    number: int
    bbox: tuple[float, float, float, float]
    boxes: list[Box]
    graphics: list[tuple[float, float, float, float]] = field(default_factory=list)


@dataclass(frozen=True)
class ParsedPdf:
    blocks: list[Block]
    n_pages: int
    title: str | None


def pdf_blocks(data: bytes, name: str, counts: Counts, limits: ReadLimits = ReadLimits()) -> ParsedPdf:
    pages = read_layout(data, name, limits, counts)
    for page in pages:
        for box in page.boxes:
            for line in box.lines:
                counts.raw_chars += len(line.text)
    if not pages:
        raise IngestError(f"{name}: the PDF has no pages", stage="parse")
    return _build(pages, counts)


def _build(pages: list[PageLayout], counts: Counts) -> ParsedPdf:
    blocks, title = _to_blocks(pages, counts)
    return ParsedPdf(blocks=blocks, n_pages=len(pages), title=title)


# --- reading the layout ------------------------------------------------------


def read_layout(data: bytes, name: str, limits: ReadLimits = ReadLimits(),
                counts: Counts | None = None) -> list[PageLayout]:
    """pdfminer layout objects -> plain records; every pdfminer failure on bad
    input becomes an IngestError with a message a user can act on. A page that
    cannot be parsed is skipped and listed in `counts.pages_unread`; a document
    past `limits` is a LimitExceeded."""
    counts = counts if counts is not None else Counts()
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfinterp import PDFResourceManager
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdfparser import PDFParser

    _quiet_pdfminer()
    if b"%PDF" not in data[:1024]:
        raise IngestError(f"{name}: not a PDF file (no %PDF header): the file is damaged or has the wrong extension", stage="parse")
    try:
        parser = PDFParser(io.BytesIO(data))
        document = PDFDocument(parser, password="")
    except PDFPasswordIncorrect:
        raise IngestError(f"{name}: the PDF is password-protected (encrypted); save an unprotected copy to process it", stage="parse") from None
    except PDFEncryptionError as exc:
        raise IngestError(f"{name}: the PDF is encrypted in a way that cannot be opened ({exc}); save an unprotected copy", stage="parse") from None
    except Exception as exc:  # pdfminer raises many types (PSEOF, PDFSyntaxError, KeyError, ...) on damaged files
        raise IngestError(f"{name}: corrupt or damaged PDF, cannot be parsed ({type(exc).__name__}: {exc})", stage="parse") from None

    counts.pages_total = declared_pages(document)
    if counts.pages_total is not None:
        check_page_count(counts.pages_total, name, limits)
    # boxes_flow=None: skip pdfminer's own box grouping; reading order is decided here.
    laparams = LAParams(boxes_flow=None)
    resources = PDFResourceManager(caching=True)
    device = PDFPageAggregator(resources, laparams=laparams)
    interpreter = ContentStreamInterpreter(resources, device)
    pages: list[PageLayout] = []
    number = 0
    try:
        for number, page in enumerate(PDFPage.create_pages(document), 1):
            check_page_count(number, name, limits)  # the declared count can lie
            layout = _read_page(interpreter, device, page, number, name, limits)
            if layout is None:
                counts.pages_unread.append(number)
            else:
                pages.append(layout)
    except IngestError:
        raise
    except Exception as exc:
        # The page tree itself broke: keep the pages read; the rest are unread.
        logging.getLogger(__name__).warning("%s: stopped at page %d: %s", name, number + 1, exc)
        counts.pages_unread.extend(range(number + 1, max(number + 1, counts.pages_total or 0) + 1))
    if not pages and counts.pages_unread:
        raise IngestError(f"{name}: corrupt or damaged PDF, no page could be read", stage="parse")
    return pages


def declared_pages(document) -> int | None:
    """The page count a PDF document's page tree declares (pdfminer's PDFDocument; no
    page is read), if it says."""
    from pdfminer.pdftypes import resolve1

    try:
        count = resolve1(resolve1(document.catalog["Pages"])["Count"])
        return int(count) if isinstance(count, int) else None
    except Exception:  # a damaged catalog: pages are counted as they are read
        return None


def _read_page(interpreter, device, page, number: int, name: str, limits: ReadLimits) -> PageLayout | None:
    """One page's layout, or None when pdfminer cannot parse it (damage)."""
    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, PDFStream

    try:
        for stream in page.contents or ():
            filters = [f for f, _ in stream.get_filters()] if isinstance(stream, PDFStream) else []
            if filters and filters[0] in LITERALS_FLATE_DECODE and stream.rawdata is not None:
                if not check_flate_stream(stream.rawdata, name, number, limits):
                    logging.getLogger(__name__).warning("%s: page %d has a damaged content stream", name, number)
                    return None
        interpreter.process_page(page)
        return _page_layout(device.get_result(), number)
    except IngestError:
        raise
    except Exception as exc:
        logging.getLogger(__name__).warning("%s: page %d could not be parsed: %s", name, number, exc)
        return None


def _quiet_pdfminer() -> None:
    # pdfminer logs a warning for every odd colour space or font it meets; that is
    # not the user's problem. Only when nobody configured the level already.
    logger = logging.getLogger("pdfminer")
    if logger.level == logging.NOTSET:
        logger.setLevel(logging.ERROR)


def _page_layout(layout, number: int) -> PageLayout:
    from pdfminer.layout import LTChar, LTCurve, LTFigure, LTImage, LTTextBoxHorizontal, LTTextLineHorizontal

    boxes: list[Box] = []
    graphics: list[tuple[float, float, float, float]] = []
    page_area = max(layout.width * layout.height, 1.0)
    for element in layout:
        if isinstance(element, LTTextBoxHorizontal):
            lines = []
            for line in element:
                if isinstance(line, LTTextLineHorizontal):
                    read = _read_line(line, LTChar)
                    if read is not None:
                        lines.append(read)
            if lines:
                boxes.append(Box(number, tuple(element.bbox), lines))
        elif isinstance(element, (LTCurve, LTFigure, LTImage)):
            x0, y0, x1, y1 = element.bbox
            if (x1 - x0) * (y1 - y0) <= MAX_GRAPHIC_SHARE * page_area:
                graphics.append((x0, y0, x1, y1))
    return PageLayout(number, tuple(layout.bbox), boxes, graphics)


BOLD_FONT = re.compile(r"bold|black|heavy|semibold|demi|\.B\b|-B\b|,B\b|Bd", re.I)
_SUPERSCRIPT = str.maketrans("0123456789-\u2212\u2013+", "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079\u207b\u207b\u207b\u207a")
_SUPERSCRIPTABLE = set("0123456789-\u2212\u2013+")


def _read_line(line, char_type) -> Line | None:
    """One pass over a pdfminer text line: its text (as `get_text` gives it,
    but with raised small digits written as Unicode superscripts, so citation
    markers like "resistance^12" survive as "resistance¹²"), the fonts of its
    first and last glyph, and how far the first glyph's font runs."""
    objs = line._objs
    chars = [o for o in objs if isinstance(o, char_type)]
    if not chars:
        return None
    main = max(c.size for c in chars)
    baseline = min(c.y0 for c in chars if c.size >= 0.9 * main)
    small, raised = 0.8 * main, baseline + 0.2 * main
    parts: list[str] = []
    first, last = chars[0], chars[-1]
    lead = -1  # where the first font's run ends, if it does
    length = 0
    for obj in objs:
        text = obj.get_text()
        if isinstance(obj, char_type):
            if lead < 0 and not text.isspace() and obj.fontname != first.fontname:
                lead = length
            if obj.size < small and obj.y0 > raised and text in _SUPERSCRIPTABLE:
                text = text.translate(_SUPERSCRIPT)
        parts.append(text)
        length += len(text)
    full = "".join(parts).rstrip("\n")
    if not full.strip():
        return None
    font = (first.fontname, round(first.size, 1))
    return Line(full, tuple(line.bbox), font, last.fontname == first.fontname, lead if lead >= 0 else len(full))


# --- from layout to blocks ---------------------------------------------------


def _to_blocks(pages: list[PageLayout], counts: Counts) -> tuple[list[Block], str | None]:
    furniture = _running_furniture(pages)
    body_font = _body_font(pages)
    title_lines = _title_lines(pages[0], body_font)
    title = " ".join(normalize_line(l.text, Counts()).strip() for l in title_lines).strip() or None

    paragraph_width = _paragraph_width(pages)
    blocks: list[Block] = []
    seen_heading = False
    in_references = False
    # After the reference list only named back-matter headings ("Funding") are
    # headings; link-styled lines inside references ("Publisher Full Text") are not.
    after_references = False
    for page in pages:
        table_cells = _table_cells(page, paragraph_width)
        for box in _reading_order(page):
            if id(box) in table_cells:
                counts.table_text_lines_dropped += len(box.lines)
                continue
            kept: list[Line] = []
            for line in box.lines:
                verdict = _furniture_kind(line, page, furniture)
                if verdict == "page_number":
                    counts.page_numbers_removed += 1
                elif verdict == "header":
                    counts.header_footer_lines_removed += 1
                else:
                    kept.append(line)
            if not kept:
                continue
            if _is_figure_text(kept, box, page):
                counts.figure_text_lines_dropped += len(kept)
                continue
            for block in _box_blocks(kept, box, page, body_font, title_lines, counts, seen_heading):
                if block.role == "heading" and (in_references or after_references) and not headings.is_named_heading(block.text):
                    # Numbered entries of the reference list ("12. Smith J, ...") are not headings.
                    block = block.with_role("body")
                if block.role == "heading":
                    in_references = block.references
                    after_references = after_references or block.references
                    seen_heading = True
                    if blocks and blocks[-1].role == "heading" and _continues_heading(blocks[-1], block):
                        blocks[-1] = Block(blocks[-1].lines + block.lines, role="heading", page=blocks[-1].page, bbox=blocks[-1].bbox, references=headings.is_reference_heading(" ".join(blocks[-1].lines + block.lines)))
                        continue
                blocks.append(block)
    return _mark_front(blocks), title


def _box_blocks(lines, box, page, body_font, title_lines, counts, seen_heading) -> list[Block]:
    split = _split_runin_headings(lines, box, page, body_font, counts)
    if split:
        return split
    texts = [normalize_line(l.text, counts) for l in lines]
    pairs = [(l, t) for l, t in zip(lines, texts) if t.strip()]
    if not pairs:
        return []
    lines = [p[0] for p in pairs]
    texts = [p[1] for p in pairs]
    bbox = box.bbox
    if any(l in title_lines for l in lines):
        return [Block(tuple(texts), role="title", page=page.number, bbox=bbox)]
    if CAPTION.match(texts[0]):
        counts.captions_found += 1
        return [Block(tuple(texts), role="caption", page=page.number, bbox=bbox)]
    out: list[Block] = []
    n_head = _leading_heading_lines(lines, texts, body_font, seen_heading)
    if n_head:
        head_text = " ".join(t.strip() for t in texts[:n_head])
        out.append(Block(tuple(texts[:n_head]), role="heading", page=page.number, bbox=_union([l.bbox for l in lines[:n_head]]), references=headings.is_reference_heading(head_text)))
        lines, texts = lines[n_head:], texts[n_head:]
    if texts:
        out.append(Block(tuple(texts), role="body", page=page.number, bbox=_union([l.bbox for l in lines])))
    return out


def _split_runin_headings(lines, box, page, body_font, counts) -> list[Block]:
    """Blocks of a box that holds numbered run-in headings, or [] if it has none."""
    blocks: list[Block] = []
    body: list[str] = []
    i = 0
    while i < len(lines):
        starts_unit = i == 0 or bool(re.search(r"[.!?:]\W*$", lines[i - 1].text.strip()))
        found = _runin_heading(lines[i:], body_font) if starts_unit else None
        if found is None:
            body.append(lines[i].text)
            i += 1
            continue
        title, rest, used = found
        if body:
            blocks.append(Block(tuple(normalize_line(t, counts) for t in body), role="body", page=page.number, bbox=box.bbox))
        blocks.append(Block((normalize_line(title, counts),), role="heading", page=page.number, bbox=lines[i].bbox))
        body = [rest]
        i += used
    if not any(b.role == "heading" for b in blocks):
        return []
    if body:
        blocks.append(Block(tuple(normalize_line(t, counts) for t in body), role="body", page=page.number, bbox=box.bbox))
    return blocks


def _runin_heading(lines: list[Line], body_font: tuple[str, float]) -> tuple[str, str, int] | None:
    """A numbered heading in its own font (bold, italic) that runs into the
    paragraph ("3.1. Clinicopathological Parameters Comparison between MC" /
    "and WMDC. The ..."): (heading, the rest of its last line, lines used)."""
    font = lines[0].font[0]
    if font == body_font[0]:
        return None
    head: list[str] = []
    for i, line in enumerate(lines[:3]):
        if line.font[0] != font:
            return None
        if line.lead >= len(line.text.rstrip()):
            head.append(line.text)
            continue
        head.append(line.text[: line.lead])
        rest = line.text[line.lead :].strip()
        title = " ".join(h.strip() for h in head).rstrip(".: ").strip()
        if not rest or not title[-1:].isalnum() and not title.endswith(")"):
            return None
        if not headings.is_numbered_heading(title) or len(title.split()) > headings.MAX_HEADING_WORDS:
            return None
        return title, rest, i + 1
    return None


def _leading_heading_lines(lines: list[Line], texts: list[str], body_font: tuple[str, float], seen_heading: bool) -> int:
    """How many of the box's first lines are a heading (0 if none)."""
    first = texts[0].strip()
    if len(first) > 120:
        return 0
    pattern = headings.is_numbered_heading(first) or headings.is_named_heading(first)
    font_heading = _heading_font(lines[0], body_font)
    if not pattern and not (seen_heading and font_heading and _heading_like(first)):
        if not (headings.is_caps_heading(first) and len(lines) > 1 and seen_heading and font_heading):
            return 0
    if pattern and not font_heading and len(lines) > 1 and not headings.is_named_heading(first) and not first.isupper():
        # A numbered line in body font that goes on with more text in its box is
        # an item of a numbered list ("4. Qualitative data were collected ..."), not a heading.
        return 0
    n = 1
    while n < len(lines) and n < 4:
        nxt = texts[n].strip()
        if font_heading and lines[n].font == lines[0].font and lines[n].same_font and len(nxt) <= 120 and not nxt.endswith("."):
            n += 1
        elif headings.heading_continues(" ".join(t.strip() for t in texts[:n]), nxt) and (not font_heading or lines[n].font == lines[0].font):
            n += 1
        else:
            break
    return n


def _heading_font(line: Line, body_font: tuple[str, float]) -> bool:
    name, size = line.font
    if not line.same_font or (name, size) == body_font:
        return False
    bold = bool(BOLD_FONT.search(name))
    return bold or size >= body_font[1] + 1.0


def _heading_like(text: str) -> bool:
    words = text.split()
    if not words or len(words) > headings.MAX_HEADING_WORDS:
        return False
    if text.endswith((".", ",", ";")) or not (text[0].isupper() or text[0].isdigit()):
        return False
    return not CAPTION.match(text)


def _continues_heading(previous: Block, block: Block) -> bool:
    """A heading box followed by another heading box that finishes it
    ("3. Notch Signalling Regulates Many Cellular" / "Properties of Breast Cancer")."""
    if previous.page != block.page or not previous.bbox or not block.bbox:
        return False
    gap = previous.bbox[1] - block.bbox[3]
    height = previous.bbox[3] - previous.bbox[1]
    line_height = height / max(len(previous.lines), 1)
    if gap > line_height * 0.8:
        return False
    text = block.text
    return not (headings.is_numbered_heading(text) or headings.is_named_heading(text)) and text[:1].isupper() is not None


def _mark_front(blocks: list[Block]) -> list[Block]:
    """Body blocks before the first heading are front matter (title page, abstract)."""
    out: list[Block] = []
    seen = False
    has_heading = any(b.role == "heading" for b in blocks)
    for block in blocks:
        if block.role == "heading":
            seen = True
        if has_heading and not seen and block.role == "body":
            block = block.with_role("front")
        out.append(block)
    return out


# --- page-level analysis -----------------------------------------------------


def _zone(line: Line, page: PageLayout) -> bool:
    y0, y1 = page.bbox[1], page.bbox[3]
    height = max(y1 - y0, 1.0)
    return line.bbox[1] >= y1 - TOP_ZONE * height or line.bbox[3] <= y0 + BOTTOM_ZONE * height


def _key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _running_furniture(pages: list[PageLayout]) -> set[str]:
    """Keys of margin-zone lines that recur on two or more pages."""
    seen: Counter[str] = Counter()
    for page in pages:
        keys = {_key(line.text) for box in page.boxes for line in box.lines if _zone(line, page)}
        seen.update(k for k in keys if len(k) >= 2)
    return {k for k, n in seen.items() if n >= 2 and len(pages) >= 2}


def _furniture_kind(line: Line, page: PageLayout, furniture: set[str]) -> str | None:
    if not _zone(line, page):
        return None
    text = line.text.strip()
    if PAGE_NUMBER.match(text):
        return "page_number"
    if _key(text) in furniture:
        return "header"
    if FURNITURE_HINT.search(text) and len(text.split()) <= 16:
        return "header"
    return None


def _body_font(pages: list[PageLayout]) -> tuple[str, float]:
    weight: Counter[tuple[str, float]] = Counter()
    for page in pages:
        for box in page.boxes:
            for line in box.lines:
                weight[line.font] += len(line.text)
    return weight.most_common(1)[0][0] if weight else ("", 0.0)


def _title_lines(page: PageLayout, body_font: tuple[str, float]) -> list[Line]:
    """The largest text on the first page, if clearly larger than the body text."""
    candidates = [l for b in page.boxes for l in b.lines if not _zone(l, page) and len(l.text.strip()) > 3 and "(cid:" not in l.text]
    if not candidates:
        return []
    biggest = max(l.size for l in candidates)
    if biggest < body_font[1] * 1.3:
        return []
    return [l for l in candidates if abs(l.size - biggest) < 0.6]


def _reading_order(page: PageLayout) -> list[Box]:
    if not page.boxes:
        return []
    x0 = min(b.bbox[0] for b in page.boxes)
    x1 = max(b.bbox[2] for b in page.boxes)
    mid = (x0 + x1) / 2
    slack = (x1 - x0) * 0.05
    full = [b for b in page.boxes if b.bbox[0] < mid - slack and b.bbox[2] > mid + slack]
    full.sort(key=lambda b: -b.bbox[3])
    cuts = [b.bbox[3] for b in full]  # tops of the full-width boxes, top to bottom

    def band(box: Box) -> int:
        center = (box.bbox[1] + box.bbox[3]) / 2
        return sum(1 for c in cuts if center < c)

    ordered: list[tuple] = []
    for b in page.boxes:
        if b in full:
            ordered.append((band(b) - 0.5, 0, -b.bbox[3], b.bbox[0]))
        else:
            column = 0 if (b.bbox[0] + b.bbox[2]) / 2 < mid else 1
            ordered.append((band(b), column, -b.bbox[3], b.bbox[0]))
    order = sorted(range(len(page.boxes)), key=lambda i: ordered[i])
    return [page.boxes[i] for i in order]


TABLE_CAPTION = re.compile(r"^\s*(?:table|tab\.)\s*(?:\d+|[IVX]+|S\d+)", re.I)


def _paragraph_width(pages: list[PageLayout]) -> float:
    """The typical width of a paragraph box: the median box width weighted by
    characters, so that the many small boxes of table cells do not outvote
    the paragraphs."""
    weighted = sorted((b.bbox[2] - b.bbox[0], sum(len(l.text) for l in b.lines)) for p in pages for b in p.boxes if len(b.lines) >= 2)
    half, acc = sum(c for _, c in weighted) / 2, 0
    for width, chars in weighted:
        acc += chars
        if acc >= half:
            return width
    return 0.0


def _running_text(box: Box, page: PageLayout, paragraph_width: float) -> bool:
    """A box of prose in a column: about a column wide, several lines of
    text, and no box beside it on its side of the page (a table row has)."""
    if len(box.lines) < 2 or box.bbox[2] - box.bbox[0] < 0.8 * paragraph_width:
        return False
    if sum(len(l.text.strip()) for l in box.lines) / len(box.lines) < 40:
        return False
    return not _in_row(box, page)


def _table_cells(page: PageLayout, paragraph_width: float) -> set[int]:
    """Boxes of table cells: below a "Table N" caption, within its width, down
    to the first box of running text or heading. They are not prose; left in, they cut the
    paragraphs around them."""
    cells: set[int] = set()
    if not paragraph_width:
        return cells
    for caption in page.boxes:
        if not TABLE_CAPTION.match(caption.lines[0].text):
            continue
        cx0, cy0, cx1, _ = caption.bbox
        below = [b for b in page.boxes if b is not caption and b.bbox[3] <= cy0 + 2 and b.bbox[2] > cx0 and b.bbox[0] < cx1]
        below.sort(key=lambda b: -b.bbox[3])
        prose = {id(b) for b in below if _running_text(b, page, paragraph_width) or _starts_with_heading(b)}
        stop = next((b.bbox[3] for b in below if id(b) in prose), float("-inf"))
        for b in below:
            if b.bbox[3] > stop + 1 and id(b) not in prose and not TABLE_CAPTION.match(b.lines[0].text):
                cells.add(id(b))
    return cells


def _starts_with_heading(box: Box) -> bool:
    first = box.lines[0].text.strip()
    return headings.is_numbered_heading(first) or headings.is_named_heading(first)


def _in_row(box: Box, page: PageLayout) -> bool:
    """Another box sits beside this one, on its side of the page (or this one
    spans the middle): a row of table cells, not a paragraph of a column."""
    x0, y0, x1, y1 = box.bbox
    page_mid = (page.bbox[0] + page.bbox[2]) / 2
    crosses = x0 < page_mid < x1
    for other in page.boxes:
        if other is box:
            continue
        ox0, oy0, ox1, oy1 = other.bbox
        overlap = min(y1, oy1) - max(y0, oy0)
        if overlap <= 0.5 * min(y1 - y0, oy1 - oy0) or (ox0 < x1 and x0 < ox1):
            continue
        same_side = (ox1 <= page_mid) == (x1 <= page_mid)
        if crosses or same_side:
            return True
    return False


def _is_figure_text(lines: list[Line], box: Box, page: PageLayout) -> bool:
    texts = [l.text.strip() for l in lines]
    if all(len(t) <= 2 for t in texts):
        return True  # stacked single glyphs: rotated labels, axis ticks
    if not page.graphics:
        return False
    avg = sum(len(t) for t in texts) / len(texts)
    words = sum(len(t.split()) for t in texts)
    sentence = any(re.search(r"[a-z]{2,}[.!?](\s|$)", t) for t in texts)
    if sentence and words >= 8:
        return False
    if avg > 40 and words >= 8:
        return False
    cx = (box.bbox[0] + box.bbox[2]) / 2
    cy = (box.bbox[1] + box.bbox[3]) / 2
    m = GRAPHIC_MARGIN
    return any(g[0] - m <= cx <= g[2] + m and g[1] - m <= cy <= g[3] + m for g in page.graphics)


def _union(boxes: list[tuple[float, float, float, float]]) -> tuple[float, float, float, float]:
    return (min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes))
