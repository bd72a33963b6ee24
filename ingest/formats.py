"""Which reader a file goes to: by suffix, and for XML by its root element.

| suffix | read as |
| --- | --- |
| `.pdf` | PDF (blocks) |
| `.html`, `.htm` | HTML page (blocks) |
| `.txt` | PubMed abstract text when it has that layout, else plain text (blocks) |
| `.nxml`, `.xml` | by root: `article`/`pmc-articleset` JATS, `PubmedArticleSet` PubMed, `collection` BioC |
| `.json` | BioC JSON |

`SUPPORTED_SUFFIXES` is the list the rest of the tool should offer (the corpus
scan, error messages).
"""

from __future__ import annotations

from dataclasses import dataclass

from litclaims.ingest.errors import IngestError
from litclaims.ingest.structured import StructuredDocument
from litclaims.ingest.xml_parse import local_name, parse_xml

SUPPORTED_SUFFIXES = (".txt", ".pdf", ".html", ".htm", ".nxml", ".xml", ".json")
BLOCK_MEDIA_TYPES = {
    ".txt": "text/plain",
    ".pdf": "application/pdf",
    ".html": "text/html",
    ".htm": "text/html",
}
JATS_MEDIA_TYPE = "application/jats+xml"
XML_KINDS = "JATS (<article>, <pmc-articleset>), PubMed (<PubmedArticleSet>) or BioC (<collection>)"


@dataclass(frozen=True)
class StructuredSource:
    media_type: str
    documents: list[StructuredDocument]


def check_suffix(suffix: str, name: str) -> None:
    if suffix not in SUPPORTED_SUFFIXES:
        raise IngestError(
            f"{name}: unsupported file type '{suffix or '(none)'}'; supported: {', '.join(SUPPORTED_SUFFIXES)}",
            stage="read",
        )


def markup_source(suffix: str, data: bytes, name: str) -> StructuredSource:
    """A `.nxml`, `.xml` or `.json` file -> its documents."""
    if suffix == ".json":
        from litclaims.ingest.bioc_load import bioc_from_json
        from litclaims.ingest.bioc_source import bioc_documents

        if not data.strip():
            raise IngestError(f"{name}: the file is empty (no JSON to read)", stage="read")
        source, documents = bioc_from_json(data, name)
        return StructuredSource("application/json", bioc_documents(documents, source, name))
    root = parse_xml(data, name)
    root_name = local_name(root)
    from litclaims.ingest.jats_source import JATS_ROOTS, jats_documents
    from litclaims.ingest.pubmed_xml_source import PUBMED_ROOTS, pubmed_documents

    if root_name in JATS_ROOTS:
        return StructuredSource(JATS_MEDIA_TYPE, jats_documents(root, name))
    if root_name in PUBMED_ROOTS:
        return StructuredSource("application/xml", pubmed_documents(root, name))
    if root_name == "collection":
        from litclaims.ingest.bioc_load import bioc_from_xml
        from litclaims.ingest.bioc_source import bioc_documents

        source, documents = bioc_from_xml(root, name)
        return StructuredSource("application/xml", bioc_documents(documents, source, name))
    raise IngestError(f"{name}: XML of an unknown kind (root element <{root_name}>); readable: {XML_KINDS}", stage="parse")


def pubmed_text_source(text: str, name: str) -> StructuredSource | None:
    """A `.txt` file in PubMed's abstract layout -> its records; None for any other text."""
    from litclaims.ingest.pubmed_text_source import looks_like_pubmed_text, pubmed_text_documents

    if not looks_like_pubmed_text(text):
        return None
    return StructuredSource("text/plain", pubmed_text_documents(text, name))
