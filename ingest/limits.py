"""Per-document limits on reading, so one pathological file cannot take a run's
memory or time: file size, page count, and the decompressed size of one PDF
content stream (a small file can inflate to gigabytes).

The defaults let a long thesis through (a 300-page PDF is typically 5-50 MB);
a document past a limit is a recorded failure whose message names the limit
and the option that raises it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from litclaims.ingest.errors import IngestError

MB = 1 << 20


@dataclass(frozen=True)
class ReadLimits:
    max_file_bytes: int = 500 * MB
    max_pages: int = 1000
    max_stream_bytes: int = 256 * MB
    # Clean text per document: analysis memory grows with a document's length (about
    # 13 KB per word today, docs/reliability.md), so a 15 MB text would need tens of GB.
    # 1 M characters is about 150,000 words: a 300-page thesis (about 100,000) is under it.
    max_chars: int = 1_000_000


class LimitExceeded(IngestError):
    """A document past one of the ReadLimits (a failure, not a crash)."""


def check_file_size(size: int, name: str, limits: ReadLimits) -> None:
    if size > limits.max_file_bytes:
        raise LimitExceeded(f"{name}: {size / MB:.0f} MB is over the {limits.max_file_bytes / MB:.0f} MB "
                            "limit per file; raise it with --max-file-mb", stage="read")


def check_page_count(pages: int, name: str, limits: ReadLimits) -> None:
    if pages > limits.max_pages:
        raise LimitExceeded(f"{name}: {pages} pages is over the {limits.max_pages}-page limit per document; "
                            "raise it with --max-pages", stage="parse")


def check_text_length(chars: int, name: str, limits: ReadLimits) -> None:
    if chars > limits.max_chars:
        raise LimitExceeded(f"{name}: {chars:,} characters of text is over the {limits.max_chars:,}-character "
                            "limit per document; raise it with --max-chars (analysis memory grows with it)",
                            stage="parse")


def check_raw_text_length(chars: int, name: str, limits: ReadLimits) -> None:
    """Refuse a text whose raw length is over twice the limit before cleaning it line by
    line (cleaning never halves a text)."""
    if chars > 2 * limits.max_chars:
        raise LimitExceeded(f"{name}: {chars:,} characters of raw text is far over the {limits.max_chars:,}-character "
                            "limit per document; raise it with --max-chars (analysis memory grows with it)",
                            stage="parse")


def check_flate_stream(raw: bytes, name: str, page: int, limits: ReadLimits) -> bool:
    """Inflate a Flate stream no further than the limit before pdfminer inflates all of
    it; False when the stream is damaged (pdfminer would silently read it as empty)."""
    size, damaged = _inflated_size(raw, limits.max_stream_bytes + 1)
    if size > limits.max_stream_bytes:
        raise LimitExceeded(f"{name}: a content stream on page {page} inflates to more than "
                            f"{limits.max_stream_bytes / MB:.0f} MB; raise the limit with --max-stream-mb",
                            stage="parse")
    return not damaged


def _inflated_size(raw: bytes, stop_at: int, piece: int = 1 << 20) -> tuple[int, bool]:
    """(bytes `raw` inflates to, whether it is damaged), counted a megabyte at a time
    (memory stays flat) and no further than `stop_at`."""
    inflater = zlib.decompressobj()
    size, pending = 0, raw
    try:
        while pending and size < stop_at:
            size += len(inflater.decompress(pending, piece))
            pending = inflater.unconsumed_tail
    except zlib.error:
        # Damaged only when nothing inflates: a stream with a bad tail still reads
        # (pdfminer recovers what it can), and should.
        return size, size == 0
    return size, False
