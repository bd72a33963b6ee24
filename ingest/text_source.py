"""Plain text -> blocks: text saved from a PDF (hard line breaks, blank lines in
mid-paragraph, a running header and page number between pages, a figure
caption in mid-text) or copied from a web page (banners, metadata lines).

Paragraphs are runs of non-blank lines; headings are split off line by line;
then the furniture filters below decide what is not text of the paper.
Paragraphs broken by a blank line are joined again in `litclaims.ingest.assemble`.
"""

from __future__ import annotations

import re

import ftfy

from litclaims.ingest import boilerplate, headings
from litclaims.ingest.blocks import Block, Counts
from litclaims.ingest.text_headings import mark_title, promote_headings
from litclaims.ingest.normalize import normalize_line

PAGE_NUMBER = re.compile(r"^\s*(?:page\s+)?\d{1,5}(?:\s*(?:of|/)\s*\d{1,5})?\s*$", re.I)
# "Figure 1.", "Fig. 2:", "Table 3 |", and BMC's "Table 1 Locations and ..." (label, then a capital).
CAPTION = re.compile(
    r"^\s*(?:(?i:figure|fig\.?|table|scheme|plate|box|dataset|data set|video|movie|supplementary (?:figure|table))"
    r"\s*(?:\d+|[IVX]+|S\d+)[A-Za-z]?)(?:\s*[.:|\u2013\u2014]|\s+[A-Z(])"
)
TERMINAL = re.compile(r"[.!?:]['\")\]\u2019\u201d]*(?:\s*\(\d[\d,\s\-\u2013]*\))?\s*$")
# A header/footer line is short: a title or journal line, not a paragraph.
MAX_FURNITURE_WORDS = 16

_FTFY_CONFIG = ftfy.TextFixerConfig(
    # Keep curly quotes and ligature glyphs: the gold text has ’, and ligatures are
    # expanded (and counted) by litclaims.ingest.normalize.
    uncurl_quotes=False,
    fix_latin_ligatures=False,
    fix_character_width=False,
    explain=False,
)


def fix_mojibake(text: str) -> str:
    return ftfy.fix_text(text, config=_FTFY_CONFIG)


def text_blocks(text: str, counts: Counts) -> list[Block]:
    text = fix_mojibake(text).replace("\r\n", "\n").replace("\r", "\n")
    counts.raw_chars += len(text)
    pages = text.split("\f")
    paged = len(pages) > 1
    raw: list[Block] = []
    for page_index, page_text in enumerate(pages, 1):
        lines = [normalize_line(line, counts) for line in page_text.split("\n")]
        for para in paragraphs(lines):
            raw.extend(_split_headings(para, page_index if paged else None))
    return filter_furniture(raw, counts)


def paragraphs(lines: list[str]) -> list[list[str]]:
    """Runs of non-blank lines; blank lines separate them."""
    paras: list[list[str]] = []
    current: list[str] = []
    for line in lines:
        if line.strip():
            current.append(line)
        elif current:
            paras.append(current)
            current = []
    if current:
        paras.append(current)
    return paras


def _split_headings(lines: list[str], page: int | None) -> list[Block]:
    """One paragraph -> blocks, with heading lines (and their wrapped
    continuations) as blocks of their own."""
    blocks: list[Block] = []
    body: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        starts_unit = i == 0 or bool(TERMINAL.search(lines[i - 1]))
        if starts_unit and _is_heading_line(line, first_in_paragraph=i == 0):
            if body:
                blocks.append(Block(tuple(body), page=page))
                body = []
            heading_lines = [line]
            while i + 1 < len(lines) and headings.heading_continues(" ".join(heading_lines), lines[i + 1]):
                i += 1
                heading_lines.append(lines[i])
            text = " ".join(h.strip() for h in heading_lines)
            blocks.append(Block(tuple(heading_lines), role="heading", page=page, references=headings.is_reference_heading(text)))
        else:
            body.append(line)
        i += 1
    if body:
        blocks.append(Block(tuple(body), page=page))
    return blocks


def _is_heading_line(line: str, *, first_in_paragraph: bool) -> bool:
    if headings.is_numbered_heading(line) or headings.is_named_heading(line):
        return True
    return first_in_paragraph and headings.is_caps_heading(line) and len(line.split()) >= 2


def filter_furniture(blocks: list[Block], counts: Counts) -> list[Block]:
    """Drop page numbers, running headers, banners and metadata lines; mark captions."""
    keep = [True] * len(blocks)
    roles = [b.role for b in blocks]

    def single(i: int) -> bool:
        return roles[i] == "body" and len(blocks[i].lines) <= 2 and len(blocks[i].text.split()) <= MAX_FURNITURE_WORDS

    page_number_at = _mark_page_numbers_captions_banners(blocks, keep, roles, counts)
    _drop_running_headers(blocks, keep, roles, page_number_at, single, counts)
    _drop_metadata_lines(blocks, keep, single, counts)
    _drop_lines_inside_sentences(blocks, keep, roles, single, counts)
    # Headings and the title are found on the kept blocks: a running header is neither.
    kept = [b if b.role == roles[i] else b.with_role(roles[i], references=b.references) for i, b in enumerate(blocks) if keep[i]]
    kept = mark_title(promote_headings(kept))
    return _with_front_roles(kept, [True] * len(kept), [b.role for b in kept])


def _mark_page_numbers_captions_banners(blocks: list[Block], keep: list[bool], roles: list[str], counts: Counts) -> list[int]:
    """Page numbers and banners dropped, captions marked; returns where the page numbers were."""
    page_number_at: list[int] = []
    for i, block in enumerate(blocks):
        if roles[i] != "body":
            continue
        if len(block.lines) == 1 and PAGE_NUMBER.match(block.lines[0]):
            keep[i] = False
            counts.page_numbers_removed += 1
            page_number_at.append(i)
        elif CAPTION.match(block.lines[0]):
            roles[i] = "caption"
            counts.captions_found += 1
        elif boilerplate.is_banner(block.text):
            keep[i] = False
            counts.boilerplate_lines_removed += len(block.lines)
    return page_number_at


def _drop_running_headers(blocks: list[Block], keep: list[bool], roles: list[str], page_number_at: list[int], single, counts: Counts) -> None:
    # Running headers: the same short line more than once ...
    seen: dict[str, list[int]] = {}
    for i, block in enumerate(blocks):
        if keep[i] and single(i) and len(block.lines) == 1:
            seen.setdefault(_furniture_key(block.text), []).append(i)
    for key, where in seen.items():
        if len(where) >= 2 and len(key) >= 3:
            for i in where:
                keep[i] = False
                counts.header_footer_lines_removed += 1
    # ... or a short line next to a page number.
    for p in page_number_at:
        for j in (p - 2, p - 1, p + 1, p + 2):
            if 0 <= j < len(blocks) and keep[j] and single(j) and len(blocks[j].lines) == 1 and not _starts_paragraph(blocks, keep, roles, j):
                keep[j] = False
                counts.header_footer_lines_removed += 1


def _drop_metadata_lines(blocks: list[Block], keep: list[bool], single, counts: Counts) -> None:
    # Landing-page metadata: labels, page ranges, keyword lists, and the short
    # lines between them ("Journal article" / "Target Oncol" / "Publication Date").
    meta = [keep[i] and single(i) and (boilerplate.is_metadata_line(b.text) or boilerplate.is_keyword_list(b.text)) for i, b in enumerate(blocks)]
    for i in range(len(blocks)):
        if meta[i]:
            continue
        if keep[i] and single(i) and boilerplate.is_short_line(blocks[i].text):
            before = _neighbour(meta, keep, i, -1)
            after = _neighbour(meta, keep, i, +1)
            if before and after:
                meta[i] = True
    for i, is_meta in enumerate(meta):
        if is_meta:
            keep[i] = False
            counts.boilerplate_lines_removed += len(blocks[i].lines)


def _drop_lines_inside_sentences(blocks: list[Block], keep: list[bool], roles: list[str], single, counts: Counts) -> None:
    # A lone short line that interrupts a sentence is a header or footer that
    # the page break left in mid-paragraph.
    for i in range(len(blocks)):
        if not (keep[i] and single(i) and len(blocks[i].lines) == 1):
            continue
        prev_i = _previous_kept(keep, roles, i)
        next_i = _next_kept(keep, roles, i)
        if prev_i is None or next_i is None:
            continue
        if TERMINAL.search(blocks[prev_i].lines[-1]):
            continue
        nxt = blocks[next_i].lines[0].lstrip()
        if nxt[:1].islower():
            keep[i] = False
            counts.header_footer_lines_removed += 1


def _with_front_roles(blocks: list[Block], keep: list[bool], roles: list[str]) -> list[Block]:
    """The kept blocks with their final roles: body text before the first heading is front matter."""
    has_heading = any(r == "heading" for r in roles)
    out: list[Block] = []
    seen_heading = False
    for i, block in enumerate(blocks):
        if not keep[i]:
            continue
        role = roles[i]
        if role == "heading":
            seen_heading = True
        elif role == "body" and has_heading and not seen_heading:
            role = "front"
        out.append(block if role == block.role else block.with_role(role, references=block.references))
    return out


def _furniture_key(text: str) -> str:
    return re.sub(r"\d+", "#", " ".join(text.lower().split()))


def _starts_paragraph(blocks: list[Block], keep: list[bool], roles: list[str], j: int) -> bool:
    """A line of the paper's own text next to a page number: either it goes on
    with a sentence (starts in lower case), or it is the first line of a
    paragraph that a blank line cut off from the rest (common in text saved
    from PDFs): the text before it ends a sentence, the line itself does not,
    and the text after it goes on in lower case."""
    if blocks[j].lines[0].lstrip()[:1].islower():
        return True  # goes on with a sentence: running headers start with a capital
    if TERMINAL.search(blocks[j].lines[-1]):
        return False
    prev_i = _previous_kept(keep, roles, j)
    next_i = _next_kept(keep, roles, j)
    prev_ends = prev_i is None or bool(TERMINAL.search(blocks[prev_i].lines[-1]))
    next_lower = next_i is not None and blocks[next_i].lines[0].lstrip()[:1].islower()
    return prev_ends and next_lower


def _neighbour(meta: list[bool], keep: list[bool], i: int, step: int) -> bool:
    j = i + step
    while 0 <= j < len(meta):
        if meta[j]:
            return True
        if keep[j]:
            return False
        j += step
    return False


def _previous_kept(keep: list[bool], roles: list[str], i: int) -> int | None:
    j = i - 1
    while j >= 0:
        if keep[j] and roles[j] == "body":
            return j
        if keep[j] and roles[j] == "heading":
            return None
        j -= 1
    return None


def _next_kept(keep: list[bool], roles: list[str], i: int) -> int | None:
    j = i + 1
    while j < len(keep):
        if keep[j] and roles[j] == "body":
            return j
        if keep[j] and roles[j] == "heading":
            return None
        j += 1
    return None
