"""Bytes -> an lxml element tree, safely and offline.

JATS and PubMed files name their DTD on a public server; it is never fetched
(`no_network`, `load_dtd=False`), entities are not expanded beyond the five
built-in ones (`resolve_entities=False`: no external or billion-laughs
entities), and a malformed file is an `IngestError` that says where, never a
traceback.
"""

from __future__ import annotations

from lxml import etree

from litclaims.ingest.errors import IngestError


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_comments=True,
        remove_pis=True,
        recover=False,
    )


def parse_xml(data: bytes, name: str) -> etree._Element:
    """The root element, with namespaces stripped from tag names (`local_name`)."""
    if not data.strip():
        raise IngestError(f"{name}: the file is empty (no XML to read)", stage="read")
    try:
        root = etree.fromstring(data, parser=_parser())
    except etree.XMLSyntaxError as exc:
        line = f" at line {exc.lineno}" if getattr(exc, "lineno", None) else ""
        raise IngestError(f"{name}: not well-formed XML{line}: {exc.msg}", stage="parse") from None
    if root is None:
        raise IngestError(f"{name}: no XML element found", stage="parse")
    return root


def local_name(element: etree._Element) -> str:
    """The tag without its namespace ("{http://...}article" -> "article"); "" for comments."""
    tag = element.tag
    if not isinstance(tag, str):
        return ""
    return tag.rsplit("}", 1)[-1]


def text_of(element: etree._Element | None) -> str:
    """All text inside `element`, whitespace collapsed; "" for None."""
    if element is None:
        return ""
    return " ".join("".join(element.itertext()).split())
