"""Documents -> clean text with maps back to pages, sections and citations.

Public API: `read_document(path) -> litclaims.schemas.records.Document`, raising
`IngestError` for input that cannot be read (empty, corrupt, encrypted,
binary, wrong encoding).
"""

from litclaims.ingest.errors import IngestError
from litclaims.ingest.reader import read_document

__all__ = ["IngestError", "read_document"]
