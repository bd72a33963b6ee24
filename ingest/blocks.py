"""The intermediate form every source (PDF, text file, HTML) is turned into.

A `Block` is a run of physical lines that belong together (a pdfminer text box,
a paragraph of a text file) with where it came from. The source readers decide
what each block is (`role`); `litclaims.ingest.assemble` turns the blocks into the clean
text, sections and page map. Keeping this one shape means the repairs (line
joining, hyphens, ligatures, headings) are written once for all formats.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

BlockRole = Literal["body", "heading", "caption", "front", "title"]


@dataclass(frozen=True)
class Block:
    lines: tuple[str, ...]
    role: BlockRole = "body"
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None
    # For headings: True when the heading names the reference list.
    references: bool = False

    @property
    def text(self) -> str:
        return " ".join(line.strip() for line in self.lines if line.strip())

    def with_role(self, role: BlockRole, *, references: bool = False) -> "Block":
        return replace(self, role=role, references=references)


@dataclass
class Counts:
    """Mutable tally the cleaning steps add to; frozen into IngestQuality at the end."""

    ligatures_expanded: int = 0
    dropped_ligatures_repaired: int = 0
    hyphen_joins_kept: int = 0
    hyphen_joins_removed: int = 0
    header_footer_lines_removed: int = 0
    page_numbers_removed: int = 0
    cid_glyphs_dropped: int = 0
    boilerplate_lines_removed: int = 0
    captions_found: int = 0
    formula_glyphs_dropped: int = 0
    figure_text_lines_dropped: int = 0
    table_text_lines_dropped: int = 0
    raw_chars: int = 0
    pages_total: int | None = None  # as the PDF declares it
    pages_unread: list[int] = field(default_factory=list)  # pages that could not be parsed
    notes: list[str] = field(default_factory=list)
