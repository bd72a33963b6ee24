"""`read_document(path)`: the one entry point of the ingest stage.

Reads the bytes once (the document id is their SHA-256), sends them to the
reader for the file's format, which produces `Block`s, and assembles the clean
text, sections, pages and citations from those blocks.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from litclaims.schemas.config import SUPPORTED_SUFFIXES
from litclaims.schemas.records import Document

from litclaims.ingest.assemble import assemble
from litclaims.ingest.blocks import Counts
from litclaims.ingest.errors import IngestError

MEDIA_TYPES = {
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
}


def read_document(path: Path) -> Document:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            f"{path.name}: unsupported file type '{suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}",
            stage="read",
        )
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise IngestError(f"{path}: file not found", stage="read") from None
    except IsADirectoryError:
        raise IngestError(f"{path}: is a folder, not a file", stage="read") from None
    except PermissionError:
        raise IngestError(f"{path}: permission denied (cannot read the file)", stage="read") from None
    except OSError as exc:
        raise IngestError(f"{path}: cannot read the file ({exc.strerror or exc})", stage="read") from None
    if not data:
        raise IngestError(f"{path.name}: the file is empty (0 bytes)", stage="read")

    counts = Counts()
    n_pages: int | None = None
    title: str | None = None
    if suffix == ".pdf":
        from litclaims.ingest.pdf_source import pdf_blocks

        parsed = pdf_blocks(data, path.name, counts)
        blocks, n_pages, title = parsed.blocks, parsed.n_pages, parsed.title
    elif suffix == ".txt":
        from litclaims.ingest.decode import decode_text
        from litclaims.ingest.text_source import text_blocks

        blocks = text_blocks(decode_text(data, path.name), counts)
    else:
        from litclaims.ingest.html_source import html_blocks

        blocks = html_blocks(data, path.name, counts)

    assembled = assemble(blocks, counts, has_pages=suffix == ".pdf")
    return Document(
        doc_id=hashlib.sha256(data).hexdigest(),
        source_path=str(path),
        media_type=MEDIA_TYPES[suffix],
        text=assembled.text,
        sections=assembled.sections,
        pages=assembled.pages,
        citations=assembled.citations,
        quality=assembled.quality,
        title=title or assembled.title,
        n_pages=n_pages if n_pages is not None else assembled.n_pages,
    )
