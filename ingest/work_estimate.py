"""How much work reading and analysing a file will be, before reading it: what a
run needs to hand out the biggest batches first, so that the last ones are small.

For most files the work follows the bytes. A PDF's bytes are mostly fonts and
images (in the test PDFs, 0.6 MB and 3 MB files took the same time); its work
follows its pages, which the document catalog declares.
"""

from __future__ import annotations

from pathlib import Path

# The work of one PDF page in bytes of plain text that take as long to read and
# analyse: a page holds 500-700 words (about 4 kB), and laying it out costs about as
# much again as analysing its text.
PDF_PAGE_WORK_BYTES = 8_000


def estimated_work(path: Path, size: int) -> int:
    """The file's work in bytes-of-text equivalents (its size, or its pages for a PDF)."""
    if path.suffix.lower() != ".pdf":
        return size
    pages = declared_pdf_pages(path)
    return pages * PDF_PAGE_WORK_BYTES if pages else size


def declared_pdf_pages(path: Path) -> int | None:
    """The page count the PDF's page tree declares (the cross-reference table and the
    catalog are read; no page is); None when the file does not say or cannot be opened."""
    from pdfminer.pdfdocument import PDFDocument
    from pdfminer.pdfparser import PDFParser

    from litclaims.ingest.pdf_source import declared_pages

    try:
        with path.open("rb") as handle:
            count = declared_pages(PDFDocument(PDFParser(handle), password=""))
    except Exception:  # damaged, encrypted, not a PDF: the worker reports it; here it is only an estimate
        return None
    return count if count and count > 0 else None
