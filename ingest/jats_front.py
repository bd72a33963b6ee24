"""JATS `<front>` -> `PaperMetadata`: title, journal, year, PMID, PMCID, DOI, authors."""

from __future__ import annotations

import re

from lxml import etree

from litclaims.schemas.records import PaperMetadata

from litclaims.ingest.xml_parse import text_of

# The publication date to take the year from, in order of preference.
_PUB_TYPES = ("epub", "ppub", "epub-ppub", "collection", "pmc-release")
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def jats_metadata(article: etree._Element, title: str | None) -> PaperMetadata:
    meta = article.find("front/article-meta")
    journal_meta = article.find("front/journal-meta")
    ids = {}
    for element in meta.findall("article-id") if meta is not None else ():
        ids.setdefault((element.get("pub-id-type") or "").lower(), text_of(element))
    pmcid = ids.get("pmc") or ids.get("pmcid")
    if pmcid and not pmcid.upper().startswith("PMC"):
        pmcid = f"PMC{pmcid}"
    return PaperMetadata(
        title=title,
        journal=_journal(journal_meta),
        year=_year(meta),
        pmid=ids.get("pmid") or None,
        pmcid=pmcid or None,
        doi=ids.get("doi") or None,
        authors=_authors(meta),
    )


def _journal(journal_meta: etree._Element | None) -> str | None:
    if journal_meta is None:
        return None
    title = text_of(journal_meta.find(".//journal-title"))
    if title:
        return title
    for element in journal_meta.findall("journal-id"):
        if element.get("journal-id-type") in ("nlm-ta", "iso-abbrev"):
            return text_of(element)
    return None


def _year(meta: etree._Element | None) -> int | None:
    if meta is None:
        return None
    dates = meta.findall("pub-date")
    ranked = sorted(dates, key=lambda d: _rank(d.get("pub-type") or d.get("date-type") or ""))
    for date in ranked:
        found = _YEAR.search(text_of(date.find("year")))
        if found:
            return int(found.group(1))
    return None


def _rank(pub_type: str) -> int:
    return _PUB_TYPES.index(pub_type) if pub_type in _PUB_TYPES else len(_PUB_TYPES)


def _authors(meta: etree._Element | None) -> tuple[str, ...]:
    if meta is None:
        return ()
    names: list[str] = []
    for contrib in meta.iter("contrib"):
        if (contrib.get("contrib-type") or "author") != "author":
            continue
        name = contrib.find("name")
        if name is not None:
            names.append(author_name(text_of(name.find("surname")), text_of(name.find("given-names"))))
            continue
        collab = contrib.find("collab")
        if collab is not None or contrib.find("string-name") is not None:
            names.append(text_of(collab if collab is not None else contrib.find("string-name")))
    return tuple(n for n in names if n)


def author_name(surname: str, given: str, initials: str | None = None) -> str:
    """"Surname Initials", as PubMed writes names ("Godin-Heymann N", "Zhu WG")."""
    if initials is None:
        initials = "".join(part[0].upper() for part in re.split(r"[\s.\-]+", given) if part and part[0].isalpha())
    return f"{surname} {initials}".strip()

