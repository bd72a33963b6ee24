"""The intermediate form of the sources whose structure is given (JATS, PubMed
and BioC XML/JSON, PubMed's abstract text): sections with their headings and
kinds, paragraphs, and the citation markers the markup names.

The PDF, text and HTML readers produce `Block`s instead, because their
structure has to be guessed and their text repaired (line joining, hyphens,
ligature gaps, headings by pattern); none of that applies to markup, and
Blocks have no place for a citation's target or a section's kind.
`litclaims.ingest.assemble_structured` turns a `StructuredDocument` into the
same clean text, sections and citation spans as `assemble` does for blocks.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from litclaims.schemas.records import HeadingKind, PaperMetadata, SectionKind

from litclaims.ingest.blocks import Counts
from litclaims.ingest.normalize import normalize_line

WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Mark:
    """A citation marker inside a paragraph: `[start, end)` of its text, and the references it names."""

    start: int
    end: int
    refs: tuple[str, ...]


@dataclass
class Para:
    text: str
    # The markers the markup names; None: find them by pattern, as in plain text.
    marks: tuple[Mark, ...] | None = None


@dataclass
class Part:
    """One section of the source, in reading order."""

    heading: str
    kind: SectionKind
    heading_kind: HeadingKind | None
    paras: list[Para] = field(default_factory=list)
    # False when the part goes on under the previous part's heading (several BioC
    # passages under one title): the heading is not printed again.
    show_heading: bool = True
    source_offset: int | None = None


@dataclass
class StructuredDocument:
    parts: list[Part]
    title: str | None = None
    metadata: PaperMetadata | None = None
    # The key that tells this document apart from the others of its file (PMID, BioC id).
    key: str | None = None
    counts: Counts = field(default_factory=Counts)


def clean_inline(text: str, counts: Counts) -> str:
    """Markup text -> one line: whitespace runs to one space, the character repairs
    of `normalize_line` (ligatures, invisible characters). Soft hyphens in markup
    are not line-end hyphenation points, so they are dropped first."""
    text = WHITESPACE.sub(" ", text.replace("\u00ad", ""))
    return normalize_line(text, counts)


class InlineText:
    """A paragraph built from pieces of markup text, with citation marks at their
    final offsets. Whitespace between pieces collapses to one space; none is
    added where the markup has none ("[" + "1" + "]" stays "[1]")."""

    def __init__(self, counts: Counts) -> None:
        self.counts = counts
        self.parts: list[str] = []
        self.length = 0
        self.pending_space = False
        self.marks: list[Mark] = []

    def add(self, text: str | None) -> None:
        if not text:
            return
        text = clean_inline(text, self.counts)
        if not text:
            return
        if text[0] == " ":
            self.pending_space = True
            text = text[1:]
        if not text:
            return
        trailing = text.endswith(" ")
        text = text.rstrip(" ")
        if self.pending_space and self.length:
            self._append(" ")
        self.pending_space = trailing
        self._append(text)

    def _append(self, text: str) -> None:
        self.parts.append(text)
        self.length += len(text)

    def position(self) -> int:
        """Where the next non-space text will start."""
        return self.length + (1 if self.pending_space and self.length else 0)

    def mark(self, start: int, refs: tuple[str, ...]) -> None:
        """A citation marker from `start` (a `position()` taken before it) to here."""
        if start < self.length and self.text()[start] == " ":
            start += 1  # the marker's own text began with a space
        if self.length > start and refs:
            self.marks.append(Mark(start, self.length, refs))

    def text(self) -> str:
        return "".join(self.parts)

    def para(self) -> Para | None:
        text = self.text()
        if not text.strip():
            return None
        return Para(text, tuple(self.marks))
