"""`read_document(path)` and `read_documents(path)`: the entry points of the ingest stage.

Reads the bytes once and sends them to the reader for the file's format
(`litclaims.ingest.formats`). PDF, text and HTML readers produce `Block`s,
assembled by `assemble`; the markup readers (JATS, PubMed, BioC) produce
`StructuredDocument`s, assembled by `assemble_structured`.

Document ids: a file that holds one document gets the SHA-256 of its bytes.
A file that holds several (a PubMed XML set, a BioC collection, a PubMed text
export) gives each document the SHA-256 of "<file SHA-256>\\x1f<position,
1-based>\\x1f<key>", the key being the article's PMID (or BioC document id,
PMCID) where it has one: stable while the file is unchanged, distinct within the
file even when two records share a PMID.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from litclaims.schemas.records import Document

from litclaims.ingest.assemble import assemble
from litclaims.ingest.assemble_structured import assemble_structured
from litclaims.ingest.blocks import Counts
from litclaims.ingest.errors import IngestError
from litclaims.ingest.limits import ReadLimits, check_file_size, check_raw_text_length, check_text_length
from litclaims.ingest.vocab import load_vocabulary
from litclaims.ingest.formats import BLOCK_MEDIA_TYPES, StructuredSource, check_suffix, markup_source, pubmed_text_source

MARKUP_SUFFIXES = (".nxml", ".xml", ".json")


def prepare_reading() -> None:
    """Load what the first document read would load (the word list of the text repairs,
    about 0.15 s): a worker process does it before it reports ready."""
    load_vocabulary()


def read_document(path: Path, limits: ReadLimits = ReadLimits()) -> Document:
    """The one document of a file; an IngestError when the file holds several
    (read those with `read_documents`)."""
    path = Path(path)
    data, suffix = _read_bytes(path, limits)
    source = _structured_source(path, data, suffix)
    if source is None:
        return _block_document(path, data, suffix, limits)
    if len(source.documents) > 1:
        raise IngestError(
            f"{path.name}: the file holds {len(source.documents)} documents; read it with read_documents(path)",
            stage="parse",
        )
    return _structured_documents(path, data, source, limits)[0]


def read_documents(path: Path, limits: ReadLimits = ReadLimits()) -> list[Document]:
    """Every document of a file, in file order: one for PDF, HTML, plain text and
    a JATS article; one per article or record for PubMed XML/text and BioC.
    A file past `limits`, or a PDF without a usable text layer, is an IngestError."""
    path = Path(path)
    data, suffix = _read_bytes(path, limits)
    source = _structured_source(path, data, suffix)
    if source is None:
        return [_block_document(path, data, suffix, limits)]
    return _structured_documents(path, data, source, limits)


def _read_bytes(path: Path, limits: ReadLimits) -> tuple[bytes, str]:
    suffix = path.suffix.lower()
    check_suffix(suffix, path.name)
    try:
        check_file_size(path.stat().st_size, path.name, limits)  # before the bytes are in memory
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
    return data, suffix


def _structured_source(path: Path, data: bytes, suffix: str) -> StructuredSource | None:
    if suffix in MARKUP_SUFFIXES:
        return markup_source(suffix, data, path.name)
    if suffix == ".txt":
        from litclaims.ingest.decode import decode_text

        return pubmed_text_source(decode_text(data, path.name), path.name)
    return None


def _block_document(path: Path, data: bytes, suffix: str, limits: ReadLimits) -> Document:
    counts = Counts()
    n_pages: int | None = None
    title: str | None = None
    if suffix == ".pdf":
        from litclaims.ingest.pdf_source import pdf_blocks

        parsed = pdf_blocks(data, path.name, counts, limits)
        blocks, n_pages, title = parsed.blocks, parsed.n_pages, parsed.title
    elif suffix == ".txt":
        from litclaims.ingest.decode import decode_text
        from litclaims.ingest.text_source import text_blocks

        text = decode_text(data, path.name)
        # Twice the limit in raw text cannot clean down to under it: refuse before the
        # line-by-line cleaning of a huge file.
        check_raw_text_length(len(text), path.name, limits)
        blocks = text_blocks(text, counts)
    else:
        from litclaims.ingest.html_source import html_blocks

        blocks = html_blocks(data, path.name, counts)

    # Only a PDF can lack a text layer: a short text or HTML file is a short paper.
    assembled = assemble(blocks, counts, has_pages=suffix == ".pdf", has_text_layer=suffix != ".pdf")
    check_text_length(len(assembled.text), path.name, limits)
    if assembled.quality.verdict == "unreadable":
        # A failure, not a processed document with nothing in it: the run lists it.
        raise IngestError(f"{path.name}: unreadable: " + "; ".join(assembled.quality.notes), stage="parse")
    return Document(
        doc_id=hashlib.sha256(data).hexdigest(),
        source_path=str(path),
        media_type=BLOCK_MEDIA_TYPES[suffix],
        text=assembled.text,
        sections=assembled.sections,
        pages=assembled.pages,
        citations=assembled.citations,
        quality=assembled.quality,
        title=title or assembled.title,
        n_pages=n_pages if n_pages is not None else assembled.n_pages,
    )


def _structured_documents(path: Path, data: bytes, source: StructuredSource, limits: ReadLimits) -> list[Document]:
    ids = document_ids(data, [doc.key for doc in source.documents])
    documents = []
    for doc_id, structured in zip(ids, source.documents):
        assembled = assemble_structured(structured, structured.counts)
        check_text_length(len(assembled.text), path.name, limits)
        documents.append(Document(
            doc_id=doc_id,
            source_path=str(path),
            media_type=source.media_type,
            text=assembled.text,
            sections=assembled.sections,
            citations=assembled.citations,
            quality=assembled.quality,
            title=structured.title,
            metadata=structured.metadata,
        ))
    return documents


def document_ids(data: bytes, keys: list[str | None]) -> list[str]:
    """One id per document of a file (see the module docstring)."""
    file_id = hashlib.sha256(data).hexdigest()
    if len(keys) == 1:
        return [file_id]
    return [
        hashlib.sha256(f"{file_id}\x1f{position}\x1f{key or ''}".encode("utf-8")).hexdigest()
        for position, key in enumerate(keys, 1)
    ]
