"""PubMed's plain-text abstract layout ("Abstract" format, saved as text) ->
one `StructuredDocument` per record.

    1. PLoS One. 2013 Dec 2;8(12):e82022. doi: 10.1371/journal.pone.0082022.

    Phosphorylation of ASPP2 by RAS/MAPK pathway is critical for its full
    pro-apoptotic function.

    Godin-Heymann N(1), Wang Y, Slee E, Lu X.

    Author information:
    (1)Ludwig Institute for Cancer Research Ltd., ...

    We reported recently that ...

    DOI: 10.1371/journal.pone.0082022
    PMCID: PMC3847091
    PMID: 24312625

Only the title and the abstract are text; the citation line, authors,
affiliations, comment/erratum notes, copyright and identifier lines are not
(journal, year, authors, DOI, PMCID and PMID go to the metadata). A file may
hold many records, each ending with its PMID line.

Detection is strict so that ordinary text papers never take this path: the
first line must be a numbered citation line ("1. Journal. 2013 ...") and the
text must have a "PMID: <digits>" line.
"""

from __future__ import annotations

import re

from litclaims.schemas.records import PaperMetadata

from litclaims.ingest.blocks import Counts
from litclaims.ingest.errors import IngestError
from litclaims.ingest.structured import Para, Part, StructuredDocument, clean_inline
from litclaims.ingest.text_source import paragraphs

CITATION_LINE = re.compile(r"^\d{1,6}\.\s+(?P<journal>\S[^\n]*?)\.\s+(?P<year>(?:1[89]|20)\d\d)\b")
ID_LINE = re.compile(r"^(?P<name>PMID|PMCID|DOI):\s*(?P<value>\S+)", re.M)
PMID_LINE = re.compile(r"^PMID:\s*\d+", re.M)
DOI_IN_CITATION = re.compile(r"\bdoi:\s*(?P<doi>10\.\S+?)\.?(?:\s|$)")
# Blocks of a record that are not text of the paper.
NOTE_STARTS = (
    "author information:", "comment in", "comment on", "erratum in", "erratum for", "update of", "update in",
    "retraction in", "retraction of", "retracted and republished", "corrected and republished", "republished",
    "expression of concern", "collaborators:", "investigators:", "conflict of interest", "copyright", "\u00a9",
    "[article in", "summary for patients", "keywords:", "publisher:", "trial registration:", "[this corrects",
)
ABSTRACT_LABEL = re.compile(r"^(?P<label>[A-Z][A-Z0-9 ,/&()\-]{2,60}):\s+(?P<text>\S.*)$", re.S)
AFFILIATION_MARK = re.compile(r"\(\d+(?:,\s*\d+)*\)")


def looks_like_pubmed_text(text: str) -> bool:
    lines = [line.strip() for line in text.lstrip("\ufeff").splitlines()]
    first = next((line for line in lines if line), "")
    return bool(CITATION_LINE.match(first)) and bool(PMID_LINE.search(text))


def pubmed_text_documents(text: str, name: str) -> list[StructuredDocument]:
    records = _records(_blocks(text))
    documents = [_record_document(record, name, i) for i, record in enumerate(records, 1)]
    if not documents:
        raise IngestError(f"{name}: no PubMed record found (a numbered citation line, a title, a PMID line)", stage="parse")
    return documents


def _blocks(text: str) -> list[list[str]]:
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [[line.strip() for line in block] for block in paragraphs(lines)]


def _records(blocks: list[list[str]]) -> list[list[list[str]]]:
    """A new record starts at a citation line once the previous one had its PMID line."""
    records: list[list[list[str]]] = []
    has_pmid = True
    for block in blocks:
        if has_pmid and CITATION_LINE.match(block[0]):
            records.append([])
            has_pmid = False
        if records:
            records[-1].append(block)
            has_pmid = has_pmid or any(PMID_LINE.match(line) for line in block)
    return records


def _record_document(record: list[list[str]], name: str, number: int) -> StructuredDocument:
    counts = Counts()
    citation = " ".join(record[0])
    ids: dict[str, str] = {}
    authors: tuple[str, ...] = ()
    title = ""
    paragraphs: list[str] = []
    for block in record[1:]:
        joined = clean_inline(" ".join(block), counts).strip()
        found = dict((m.group("name"), m.group("value")) for line in block for m in [ID_LINE.match(line)] if m)
        if found:
            ids.update(found)
        elif joined.lower().startswith(NOTE_STARTS):
            continue
        elif not title:
            title = joined
        elif not authors and not paragraphs and _looks_like_authors(joined):
            authors = _author_names(joined)
        else:
            paragraphs.append(joined)
    if not title:
        raise IngestError(f"{name}: PubMed record {number} has no title after its citation line", stage="parse")
    parts = [Part("", "front", "title", [Para(title, None)])] + _abstract_parts(paragraphs)
    metadata = _metadata(citation, ids, title, authors)
    return StructuredDocument(parts=parts, title=title, metadata=metadata, key=metadata.pmid, counts=counts)


def _looks_like_authors(block: str) -> bool:
    """"Godin-Heymann N(1), Wang Y, Slee E, Lu X.": short comma-separated names, most ending in initials."""
    items = [item.strip() for item in AFFILIATION_MARK.sub("", block.rstrip(".")).split(",") if item.strip()]
    if not items or any(len(item.split()) > 6 for item in items):
        return False
    with_initials = sum(1 for item in items if re.search(r"\s[A-Z]{1,4}$", item))
    return with_initials * 2 >= len(items)


def _author_names(block: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in AFFILIATION_MARK.sub("", block.rstrip(".")).split(",") if item.strip())


def _abstract_parts(paragraphs: list[str]) -> list[Part]:
    """"Abstract", with a subsection per label of a structured abstract ("BACKGROUND: ...")."""
    if not paragraphs:
        return []
    parts = [Part("Abstract", "body", "abstract")]
    for paragraph in paragraphs:
        labelled = ABSTRACT_LABEL.match(paragraph)
        if labelled:
            parts.append(Part(labelled.group("label"), "body", "abstract", [Para(labelled.group("text"), None)]))
        else:
            parts[-1].paras.append(Para(paragraph, None))
    return parts


def _metadata(citation: str, ids: dict[str, str], title: str, authors: tuple[str, ...]) -> PaperMetadata:
    line = CITATION_LINE.match(citation)
    doi = ids.get("DOI") or (m.group("doi") if (m := DOI_IN_CITATION.search(citation)) else None)
    return PaperMetadata(
        title=title,
        journal=line.group("journal") if line else None,
        year=int(line.group("year")) if line else None,
        pmid=ids.get("PMID"),
        pmcid=ids.get("PMCID"),
        doi=doi.rstrip(".") if doi else None,
        authors=authors,
    )
