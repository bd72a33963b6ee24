"""Documents -> clean text with maps back to pages, sections and citations.

Public API:
- `read_document(path) -> litclaims.schemas.records.Document` for a file that
  holds one document (PDF, text, HTML, a JATS article, a one-article PubMed or
  BioC file);
- `read_documents(path) -> list[Document]` for any supported file, one per
  article of a PubMed XML set, a PubMed text export or a BioC collection;
- `SUPPORTED_SUFFIXES`, the file types these read;
- `estimated_work(path, size)`, how long a file will take, before reading it
  (a PDF's pages, not its bytes), to hand out the largest work first.
Both raise `IngestError` for input that cannot be read (empty, corrupt,
encrypted, binary, wrong encoding, malformed or unknown XML).
"""

from litclaims.ingest.errors import IngestError
from litclaims.ingest.formats import SUPPORTED_SUFFIXES
from litclaims.ingest.reader import prepare_reading, read_document, read_documents
from litclaims.ingest.work_estimate import estimated_work

__all__ = ["IngestError", "SUPPORTED_SUFFIXES", "estimated_work", "prepare_reading", "read_document", "read_documents"]
