"""HTML saved from a publisher page -> blocks.

trafilatura finds the main text (it drops navigation, menus and most page
furniture); its output is plain text with one paragraph or heading a line,
which then goes through the same filters as a text file, including the
banner and metadata filters trafilatura is known to miss.
"""

from __future__ import annotations

import trafilatura

from litclaims.ingest.blocks import Block, Counts
from litclaims.ingest.errors import IngestError
from litclaims.ingest.text_source import text_blocks


def html_blocks(data: bytes, name: str, counts: Counts) -> list[Block]:
    if not data.strip():
        raise IngestError(f"{name}: the file is empty (no text to read)", stage="read")
    try:
        html = data.decode("utf-8")
    except UnicodeDecodeError:
        # HTML declares its own charset; let trafilatura's detection handle it.
        html = data
    extracted = trafilatura.extract(
        html,
        include_comments=False,
        include_tables=False,
        include_formatting=False,
        favor_recall=True,
        deduplicate=True,
    )
    if not extracted or not extracted.strip():
        raise IngestError(f"{name}: no article text found in this HTML page (is it a full-text page?)", stage="parse")
    # One paragraph per line in trafilatura's output: blank lines between them
    # make each its own paragraph for the text reader.
    return text_blocks("\n\n".join(extracted.split("\n")), counts)
