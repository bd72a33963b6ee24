"""PubMed / MEDLINE XML (`<PubmedArticleSet>`, as efetch and the PubMed export
write it) -> one `StructuredDocument` per article.

Text: the title (a `front` section, kind "title") and the abstract ("Abstract";
a structured abstract has one subsection per labelled part, "BACKGROUND",
"METHODS", ..., all of kind "abstract"). Left out of the text: authors,
affiliations, MeSH terms, keywords, the copyright line, other-language
abstracts; the PMID, DOI, PMCID, journal, year and authors go to the metadata.
Book chapters (`<PubmedBookArticle>`) are read the same way.
"""

from __future__ import annotations

import re

from lxml import etree

from litclaims.schemas.records import PaperMetadata

from litclaims.ingest.blocks import Counts
from litclaims.ingest.errors import IngestError
from litclaims.ingest.jats_front import author_name
from litclaims.ingest.structured import InlineText, Para, Part, StructuredDocument
from litclaims.ingest.xml_parse import local_name, text_of

PUBMED_ROOTS = ("PubmedArticleSet", "PubmedArticle", "PubmedBookArticle", "MedlineCitationSet", "MedlineCitation")
ARTICLES = ("PubmedArticle", "PubmedBookArticle", "MedlineCitation")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def pubmed_documents(root: etree._Element, name: str) -> list[StructuredDocument]:
    if local_name(root) in ARTICLES:
        articles = [root]
    else:
        articles = [child for child in root if local_name(child) in ARTICLES]
    if not articles:
        raise IngestError(f"{name}: a PubMed XML file without any article (<PubmedArticle>)", stage="parse")
    return [pubmed_document(article, name, i) for i, article in enumerate(articles, 1)]


def pubmed_document(article: etree._Element, name: str, number: int) -> StructuredDocument:
    counts = Counts()
    title = _inline(article.find(".//ArticleTitle"), counts) or _inline(article.find(".//BookTitle"), counts)
    parts: list[Part] = []
    if title:
        parts.append(Part("", "front", "title", [Para(title, None)]))
    parts += _abstract_parts(article.find(".//Abstract"), counts)
    if not parts:
        raise IngestError(f"{name}: PubMed article {number} has neither a title nor an abstract", stage="parse")
    metadata = pubmed_metadata(article, title or None)
    return StructuredDocument(parts=parts, title=title or None, metadata=metadata, key=metadata.pmid, counts=counts)


def _inline(element: etree._Element | None, counts: Counts) -> str:
    """An element with inline markup (<i>, <sup>, <sub>) as one line of text."""
    if element is None:
        return ""
    text = InlineText(counts)
    text.add("".join(element.itertext()))
    return text.text()


def _abstract_parts(abstract: etree._Element | None, counts: Counts) -> list[Part]:
    if abstract is None:
        return []
    texts = abstract.findall("AbstractText")
    labelled = [t for t in texts if t.get("Label")]
    if not labelled:
        paras = [Para(p, None) for p in (_inline(t, counts) for t in texts) if p]
        return [Part("Abstract", "body", "abstract", paras)] if paras else []
    parts = [Part("Abstract", "body", "abstract")]
    for element in texts:
        text = _inline(element, counts)
        if not text:
            continue
        label = (element.get("Label") or "").strip()
        if label:
            parts.append(Part(label, "body", "abstract", [Para(text, None)]))
        else:
            parts[-1].paras.append(Para(text, None))
    return parts


def pubmed_metadata(article: etree._Element, title: str | None) -> PaperMetadata:
    ids = {(e.get("IdType") or "").lower(): text_of(e) for e in article.findall(".//PubmedData/ArticleIdList/ArticleId")}
    pmid = text_of(article.find(".//PMID")) or ids.get("pubmed")
    doi = ids.get("doi") or next((text_of(e) for e in article.findall(".//ELocationID") if e.get("EIdType") == "doi"), None)
    pmcid = ids.get("pmc")
    return PaperMetadata(
        title=title,
        journal=text_of(article.find(".//Journal/Title")) or text_of(article.find(".//Journal/ISOAbbreviation")) or None,
        year=_year(article),
        pmid=pmid or None,
        pmcid=pmcid or None,
        doi=doi or None,
        authors=_authors(article),
    )


def _year(article: etree._Element) -> int | None:
    for path in (".//JournalIssue/PubDate/Year", ".//JournalIssue/PubDate/MedlineDate", ".//ArticleDate/Year", ".//PubDate/Year"):
        found = _YEAR.search(text_of(article.find(path)))
        if found:
            return int(found.group(1))
    return None


def _authors(article: etree._Element) -> tuple[str, ...]:
    names: list[str] = []
    for author in article.findall(".//AuthorList/Author"):
        if author.get("ValidYN") == "N":
            continue
        collective = text_of(author.find("CollectiveName"))
        if collective:
            names.append(collective)
            continue
        surname = text_of(author.find("LastName"))
        initials = text_of(author.find("Initials")) or None
        if surname:
            names.append(author_name(surname, text_of(author.find("ForeName")), initials))
    return tuple(names)
