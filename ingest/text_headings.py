"""Headings without numbers or usual names in text files and HTML, and the
title line, found from where a line stands (issue 12: 216 of 233 unnumbered
headings of 17 papers converted to text were fused into the next sentence).

Runs on the blocks left after the furniture filters (a running header is not
a heading), once the first unmistakable (numbered or named) heading has been
seen, as the PDF reader does with heading fonts, so author and affiliation
lines of the front matter are never taken for headings; and not inside the
reference list.

- a short line standing alone between paragraphs: the text before it ends a
  sentence (or is a heading), the text after it starts with a capital, the
  line itself does not end a sentence ("Cell culture", "SOCIAL TOLERANCE",
  "Tamoxifen resistance in MCF-7 cells");
- a short title-case first line of a paragraph ("Notch Signalling in Breast
  Cancer" / "The Notch pathway ..."), clearly shorter than the line after it;
- the title: the first paragraph of a document, one to three lines that do
  not end a sentence, followed by more text.
"""

from __future__ import annotations

import re

from litclaims.ingest import headings
from litclaims.ingest.blocks import Block

MAX_WORDS = 12
MAX_CHARS = 100
MAX_TITLE_WORDS = 40
TERMINAL_END = re.compile(r"[.!?;,]['\")\]\u2019\u201d]*$")
NOT_HEADING = re.compile(r"https?:|www\.|@|=|\bet al\b|^\W")


def short_heading_line(line: str) -> bool:
    """Could this line be a heading on its own: short, starting with a capital,
    not ending a sentence nor in the middle of a phrase."""
    t = line.strip().rstrip(":").strip()
    words = t.split()
    if not words or len(words) > MAX_WORDS or len(t) > MAX_CHARS:
        return False
    if not t[0].isupper() or TERMINAL_END.search(t) or NOT_HEADING.search(t):
        return False
    if words[-1].lower() in headings.CONTINUING_WORDS and not t.isupper():
        return False
    letters = sum(c.isalpha() for c in t)
    return letters >= 4 and letters >= 0.6 * len(t.replace(" ", ""))


def title_case(line: str) -> bool:
    """Most words of 4+ letters start with a capital ("Notch Signalling in Breast Cancer")."""
    long_words = [w for w in line.split() if sum(c.isalpha() for c in w) >= 4]
    capitalised = [w for w in long_words if w[:1].isupper()]
    return len(long_words) >= 2 and len(capitalised) >= 0.75 * len(long_words)


def promote_headings(blocks: list[Block]) -> list[Block]:
    """The blocks with lone short lines (and short title-case first lines) made headings."""
    out: list[Block] = []
    seen_heading = False
    in_references = False
    for i, block in enumerate(blocks):
        if block.role == "heading":
            seen_heading = True
            in_references = block.references
            out.append(block)
            continue
        if not seen_heading or in_references or block.role != "body":
            out.append(block)
            continue
        before = out[-1] if out else None
        after = blocks[i + 1] if i + 1 < len(blocks) else None
        out.extend(_split_heading(block, before, after))
    return out


def _split_heading(block: Block, before: Block | None, after: Block | None) -> list[Block]:
    if before is not None and before.role not in ("heading",) and not TERMINAL_END.search(before.lines[-1].strip()):
        return [block]
    first = block.lines[0]
    if not short_heading_line(first):
        return [block]
    if len(block.lines) == 1:
        nxt = after.lines[0].lstrip() if after is not None and after.role == "body" else ""
        if nxt[:1].isupper() or nxt[:1].isdigit():
            return [block.with_role("heading")]
        return [block]
    second = block.lines[1].strip()
    if title_case(first) and len(first.strip()) < 0.7 * len(second) and second[:1].isupper():
        head = Block((first,), role="heading", page=block.page)
        return [head, Block(block.lines[1:], role=block.role, page=block.page, bbox=block.bbox)]
    return [block]


def mark_title(blocks: list[Block]) -> list[Block]:
    """The first paragraph as the title when it is one to three lines that do not
    end a sentence and more text follows."""
    if len(blocks) < 2 or blocks[0].role != "body" or len(blocks[0].lines) > 3:
        return blocks
    first = blocks[0]
    words = first.text.split()
    if not 3 <= len(words) <= MAX_TITLE_WORDS or TERMINAL_END.search(first.text.strip()):
        return blocks
    if not first.text[:1].isupper() or NOT_HEADING.search(first.text):
        return blocks
    if headings.is_caps_heading(first.text) and len(words) <= 3:
        return blocks
    nxt = blocks[1].lines[0].lstrip()
    if blocks[1].role != "body" or not (nxt[:1].isupper() or nxt[:1].isdigit()):
        return blocks  # a paragraph that a blank line cut, not a title
    return [first.with_role("title")] + blocks[1:]
