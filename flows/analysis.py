"""What a worker does with a batch: read each file into documents and extract each
document, with the pipeline the worker loaded once. Runs wherever the batch runs
(a local worker process, a Dask worker); returns records only, never touches the
database.

Bad input is data about the corpus, not a crash: a file that cannot be read, or a
document whose extraction fails, comes back as a DocumentFailure and the rest of
the batch goes on.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Protocol

from litclaims.flows.batches import Batch, BatchFile
from litclaims.flows.planning import CorpusFile
from litclaims.ingest import IngestError, read_documents
from litclaims.ingest.limits import MB, ReadLimits
from litclaims.schemas.config import Settings
from litclaims.schemas import store
from litclaims.schemas.records import Document, DocumentFailure, Extraction, Stage

# Errors worth another try: the file system or the database was briefly unavailable.
# Bad input (IngestError) and bugs are not retried.
TRANSIENT = (TimeoutError, ConnectionError, BlockingIOError, InterruptedError, store.DatabaseLockedError)


class DocumentExtractor(Protocol):
    def extract(self, document: Document) -> Extraction: ...


class StageError(Exception):
    """An unexpected error (a bug or a transient failure, not bad input) in one stage of
    one file; it keeps the stage so the failure record can name it."""

    def __init__(self, stage: Stage, error_type: str, message: str) -> None:
        super().__init__(stage, error_type, message)
        self.stage, self.error_type, self.message = stage, error_type, message

    @classmethod
    def during(cls, stage: Stage, error: Exception) -> "StageError":
        return cls(stage, type(error).__name__, str(error) or repr(error))

    def __str__(self) -> str:
        return f"{self.stage}: {self.error_type}: {self.message}"


@dataclass(frozen=True)
class AlreadyStored:
    """A document of a file read again that is stored from the same bytes by this
    extractor version (its siblings failed last time): not extracted again."""

    source_path: str
    doc_id: str


DocumentOutcome = Extraction | DocumentFailure | AlreadyStored


@dataclass(frozen=True)
class FileOutcome:
    """What became of one file: an outcome per document it holds, in file order, or one
    failure when it could not be read into documents."""

    file: CorpusFile
    outcomes: tuple[DocumentOutcome, ...]

    def source(self) -> store.SourceFile:
        return store.SourceFile(self.file.sha256, len(self.outcomes))

    @classmethod
    def failed(cls, corpus_file: CorpusFile, stage: Stage, error_type: str, message: str) -> "FileOutcome":
        failure = DocumentFailure(str(corpus_file.path), corpus_file.sha256, stage, error_type, message)
        return cls(corpus_file, (failure,))


@dataclass(frozen=True)
class BatchOutcome:
    """A batch's files, each with its outcome, in batch order."""

    number: int
    files: tuple[FileOutcome, ...]


def read_limits(settings: Settings) -> ReadLimits:
    """The settings' per-document read limits, as ingest takes them."""
    return ReadLimits(max_file_bytes=int(settings.max_file_mb * MB), max_pages=settings.max_pages,
                      max_stream_bytes=int(settings.max_stream_mb * MB), max_chars=settings.max_chars)


def analyze_batch(batch: Batch, extractor: DocumentExtractor, *, retries: int = 0,
                  retry_delay_s: float = 0.0, limits: ReadLimits = ReadLimits()) -> BatchOutcome:
    """Every file of the batch: its documents' extractions, or its failure. An unexpected
    error while reading a file is retried when transient, then recorded for that file.
    The documents of all the files are extracted together when the extractor can
    (`extract_many`: one pipeline call for the batch, the fast way for short texts)."""
    read = [(batch_file.file, _read_with_retries(batch_file, retries, retry_delay_s, limits))
            for batch_file in batch.files]
    to_extract = [d for corpus_file, documents in read if not isinstance(documents, FileOutcome)
                  for d in documents if d.doc_id not in corpus_file.stored_doc_ids]
    extracted = _extract_together(to_extract, extractor)
    outcomes = []
    for corpus_file, documents in read:
        if isinstance(documents, FileOutcome):
            outcomes.append(documents)
            continue
        outcomes.append(FileOutcome(corpus_file, tuple(
            extracted[id(d)] if id(d) in extracted else _analyze_document(d, corpus_file, extractor, position,
                                                                         len(documents))
            for position, d in enumerate(documents, 1))))
    return BatchOutcome(batch.number, tuple(outcomes))


def _read_with_retries(batch_file: BatchFile, retries: int, retry_delay_s: float,
                       limits: ReadLimits) -> tuple[Document, ...] | FileOutcome:
    for attempt in range(retries + 1):
        try:
            return read_batch_file(batch_file, limits)
        except StageError as error:
            if attempt < retries and isinstance(error.__cause__, TRANSIENT):
                time.sleep(retry_delay_s)
                continue
            return FileOutcome.failed(batch_file.file, error.stage, error.error_type, error.message)
    raise AssertionError("the last attempt returns")


def _extract_together(documents: list[Document], extractor: DocumentExtractor) -> dict[int, Extraction]:
    """The documents' extractions by id(document), from one `extract_many` call; none when
    the extractor has no such method, or when the call fails (each document is then
    extracted alone, so that a failure is the failing document's, not its batch's)."""
    extract_many = getattr(extractor, "extract_many", None)
    if extract_many is None or len(documents) < 2:
        return {}
    try:
        return {id(d): extraction for d, extraction in zip(documents, extract_many(documents), strict=True)}
    except Exception:
        return {}


def analyze_batch_file(batch_file: BatchFile, extractor: DocumentExtractor,
                       limits: ReadLimits = ReadLimits()) -> FileOutcome:
    """One file of a batch, read from its path or, when the batch carries them, its bytes."""
    documents = read_batch_file(batch_file, limits)
    if isinstance(documents, FileOutcome):
        return documents
    return _analyze_documents(batch_file.file, documents, extractor)


def read_batch_file(batch_file: BatchFile, limits: ReadLimits = ReadLimits()) -> tuple[Document, ...] | FileOutcome:
    """One file of a batch read into documents that name its corpus path, from that path
    or, when the batch carries them, its bytes; or the file's failure."""
    if batch_file.data is None:
        return read_file(batch_file.file, limits)
    with tempfile.TemporaryDirectory(prefix="litclaims-") as folder:
        # The same file name, so that readers (which dispatch on the suffix) and their
        # messages see what the user sees; the documents then name the corpus path.
        copy = Path(folder) / batch_file.file.path.name
        copy.write_bytes(batch_file.data)
        read = read_file(replace(batch_file.file, path=copy), limits)
    source_path = str(batch_file.file.path)
    if isinstance(read, FileOutcome):
        return FileOutcome(batch_file.file, tuple(replace(o, source_path=source_path) for o in read.outcomes))
    return tuple(replace(d, source_path=source_path) for d in read)


def analyze_file(corpus_file: CorpusFile, extractor: DocumentExtractor,
                 limits: ReadLimits = ReadLimits()) -> FileOutcome:
    """Parse one file and extract each of its documents. Bad input comes back as a
    DocumentFailure record: the file's when it cannot be read, a document's when
    extraction fails on it. An unexpected error while reading raises a StageError."""
    documents = read_file(corpus_file, limits)
    if isinstance(documents, FileOutcome):
        return documents
    return _analyze_documents(corpus_file, documents, extractor)


def read_file(corpus_file: CorpusFile, limits: ReadLimits = ReadLimits()) -> tuple[Document, ...] | FileOutcome:
    """One file's documents, or its failure when it cannot be read or holds none. An
    unexpected error raises a StageError."""
    try:
        documents = read_documents(corpus_file.path, limits)
    except IngestError as error:
        return FileOutcome.failed(corpus_file, error.stage, "IngestError", error.message)
    except Exception as error:
        raise StageError.during("parse", error) from error
    if not documents:
        return FileOutcome.failed(corpus_file, "parse", "IngestError",
                                  f"{corpus_file.path.name}: the file holds no documents")
    return tuple(documents)


def _analyze_documents(corpus_file: CorpusFile, documents: tuple[Document, ...],
                       extractor: DocumentExtractor) -> FileOutcome:
    return FileOutcome(corpus_file, tuple(_analyze_document(document, corpus_file, extractor, position, len(documents))
                                          for position, document in enumerate(documents, 1)))


def _analyze_document(document: Document, corpus_file: CorpusFile, extractor: DocumentExtractor,
                      position: int, count: int) -> DocumentOutcome:
    if document.doc_id in corpus_file.stored_doc_ids:
        return AlreadyStored(document.source_path, document.doc_id)
    try:
        return extractor.extract(document)
    except Exception as error:
        # One document's bug must not lose its siblings: a record, not a raise.
        message = str(error) or repr(error)
        if count > 1:
            message = f"{_document_label(document, position, count)}: {message}"
        return DocumentFailure(document.source_path, document.doc_id, "extract", type(error).__name__, message)


def _document_label(document: Document, position: int, count: int) -> str:
    """Which document of a file holding several: 'document 2 of 3 (PMID 123)'."""
    label = f"document {position} of {count}"
    paper = document.metadata
    if paper and paper.pmid:
        return f"{label} (PMID {paper.pmid})"
    key = paper and (paper.pmcid or paper.doi)
    return f"{label} ({key})" if key else label
