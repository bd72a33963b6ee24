"""The quality record and its verdict.

- "unreadable": no usable text layer: almost nothing but `(cid:N)` glyphs, or
  (nearly) no words at all. The extractor takes no sentences from it.
- "degraded": readable, but some text was lost (glyph runs dropped, formula
  glyphs dropped) or the text is suspiciously short.
- "ok" otherwise.
"""

from __future__ import annotations

from dataclasses import fields

from litclaims.ingest.blocks import Counts
from litclaims.schemas.records import IngestQuality

# Fewer letters than this and the document has no usable text.
MIN_LETTERS = 200
# More dropped glyphs than this many times the letters kept: the body itself is glyphs.
CID_BODY_RATIO = 1.0


def judge(text: str, counts: Counts, *, has_text_layer: bool = False) -> IngestQuality:
    """`has_text_layer`: the source is text by nature (markup), so a short text is
    a short paper (an abstract), never a scan without a text layer."""
    letters = sum(1 for ch in text if ch.isalpha())
    notes = list(counts.notes)
    verdict = "ok"
    if counts.cid_glyphs_dropped and counts.cid_glyphs_dropped > CID_BODY_RATIO * letters:
        verdict = "unreadable"
        notes.append(
            f"{counts.cid_glyphs_dropped} (cid:N) glyphs against {letters} readable letters: "
            "the text is in a font without a Unicode map"
        )
    elif letters < MIN_LETTERS and not has_text_layer:
        verdict = "unreadable"
        notes.append(f"only {letters} letters of text (a scanned document without a text layer?)")
    elif counts.cid_glyphs_dropped or counts.formula_glyphs_dropped:
        verdict = "degraded"
        if counts.cid_glyphs_dropped:
            notes.append(f"{counts.cid_glyphs_dropped} (cid:N) glyphs dropped (parts in a font without a Unicode map)")
        if counts.formula_glyphs_dropped:
            notes.append(f"{counts.formula_glyphs_dropped} ligature glyphs outside words dropped (formula or symbol font)")
    if counts.pages_unread:
        read = (counts.pages_total or 0) - len(counts.pages_unread)
        verdict = "degraded" if verdict == "ok" else verdict
        notes.append(f"read partly: {max(read, 0)} of {counts.pages_total or '?'} pages "
                     f"(pages {_page_list(counts.pages_unread)} could not be parsed)")
    if counts.figure_text_lines_dropped:
        notes.append(f"{counts.figure_text_lines_dropped} lines of text inside figures dropped")
    if counts.table_text_lines_dropped:
        notes.append(f"{counts.table_text_lines_dropped} lines of table cells dropped")
    # Counts tallies more than the record keeps (formula, figure and table lines go to
    # notes); the record takes the counters that share its field names.
    shared = {f.name: getattr(counts, f.name) for f in fields(IngestQuality)
              if f.name not in ("verdict", "notes", "pages_unread")}
    return IngestQuality(**shared, verdict=verdict, notes=tuple(notes), pages_unread=tuple(counts.pages_unread))


def _page_list(pages: list[int], shown: int = 10) -> str:
    listed = ", ".join(str(p) for p in pages[:shown])
    return listed + (f" and {len(pages) - shown} more" if len(pages) > shown else "")
