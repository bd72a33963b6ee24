"""BioC's two serialisations -> `BiocDocument`s: the XML (`<collection>`) and
the JSON (`{"source": ..., "documents": [...]}`, or a list of such
collections; PubTator's `{"PubTator3": [...]}` too).

A passage given as sentences instead of one text is rebuilt with every
sentence at its own offset (spaces between), so BioC offsets stay exact.
Annotations and relations are not read.
"""

from __future__ import annotations

import json

from lxml import etree

from litclaims.ingest.bioc_source import BiocDocument, BiocPassage
from litclaims.ingest.errors import IngestError
from litclaims.ingest.xml_parse import local_name

BIOC_ROOT = "collection"


def bioc_from_xml(root: etree._Element, name: str) -> tuple[str, list[BiocDocument]]:
    if local_name(root) != BIOC_ROOT:
        raise IngestError(f"{name}: not a BioC collection (root <{local_name(root)}>)", stage="parse")
    source = (root.findtext("source") or "").strip()
    documents = [
        BiocDocument(
            id=(element.findtext("id") or "").strip() or str(i),
            infons=_xml_infons(element),
            passages=[_xml_passage(p, name) for p in element.findall("passage")],
        )
        for i, element in enumerate(root.findall("document"), 1)
    ]
    return source, documents


def _xml_infons(element: etree._Element) -> dict[str, str]:
    return {(i.get("key") or ""): (i.text or "") for i in element.findall("infon")}


def _xml_passage(element: etree._Element, name: str) -> BiocPassage:
    offset = _offset(element.findtext("offset"), name)
    text = element.findtext("text")
    if text is None:
        sentences = [(_offset(s.findtext("offset"), name), s.findtext("text") or "") for s in element.findall("sentence")]
        text = _from_sentences(offset, sentences)
    return BiocPassage(offset=offset, infons=_xml_infons(element), text=text)


def bioc_from_json(data: bytes, name: str) -> tuple[str, list[BiocDocument]]:
    try:
        loaded = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise IngestError(f"{name}: a JSON file must be UTF-8", stage="read") from None
    except json.JSONDecodeError as exc:
        raise IngestError(f"{name}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})", stage="parse") from None
    collections = loaded if isinstance(loaded, list) else [loaded]
    if not collections or not all(isinstance(c, dict) and _json_documents(c) is not None for c in collections):
        raise IngestError(f"{name}: JSON that is not a BioC collection (no \"documents\" list)", stage="parse")
    source = str(collections[0].get("source") or ("PubTator" if "PubTator3" in collections[0] else ""))
    documents: list[BiocDocument] = []
    for collection in collections:
        for i, document in enumerate(_json_documents(collection), len(documents) + 1):
            documents.append(_json_document(document, i, name))
    return source, documents


def _json_documents(collection: dict) -> list | None:
    documents = collection.get("documents", collection.get("PubTator3"))
    return documents if isinstance(documents, list) else None


def _json_document(document: object, index: int, name: str) -> BiocDocument:
    if not isinstance(document, dict):
        raise IngestError(f"{name}: BioC document {index} is not a JSON object", stage="parse")
    passages = []
    for passage in document.get("passages") or []:
        if not isinstance(passage, dict):
            raise IngestError(f"{name}: a passage of BioC document {index} is not a JSON object", stage="parse")
        offset = _offset(passage.get("offset"), name)
        text = passage.get("text")
        if text is None:
            sentences = [(_offset(s.get("offset"), name), s.get("text") or "") for s in passage.get("sentences") or [] if isinstance(s, dict)]
            text = _from_sentences(offset, sentences)
        passages.append(BiocPassage(offset=offset, infons=_json_infons(passage.get("infons")), text=str(text)))
    return BiocDocument(id=str(document.get("id") or index), infons=_json_infons(document.get("infons")), passages=passages)


def _json_infons(infons: object) -> dict[str, str]:
    if not isinstance(infons, dict):
        return {}
    return {str(k): "" if v is None else str(v) for k, v in infons.items()}


def _offset(value: object, name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        return int(str(value).strip())
    except ValueError:
        raise IngestError(f"{name}: a BioC offset that is not a number: {str(value)[:40]!r}", stage="parse") from None


def _from_sentences(passage_offset: int | None, sentences: list[tuple[int | None, str]]) -> str:
    """Sentences placed at their offsets relative to the passage, spaces between."""
    text = ""
    for offset, sentence in sentences:
        if offset is not None and passage_offset is not None and offset - passage_offset > len(text):
            text += " " * (offset - passage_offset - len(text))
        elif text:
            text += " "
        text += sentence
    return text
