"""Papers as a BioC collection, in BioC XML and BioC JSON.

One BioC document per paper (`id` = doc_id, the paper's metadata as infons),
one passage per section (see `document_rows`), each entity mention an
annotation of its passage (`id` = mention_id; infons `type`, `identifier`,
`name`, `source`), each claim a relation of the document (`id` = claim_id;
infons `type` = claim type, the qualifiers and the gene states `subject_state` /
`object_state` where the sentence states one; nodes `subject` and `object`
pointing at the two mentions' annotations).

Offsets are character offsets (Unicode code points) into the paper's clean
text, as everywhere in litclaims; a passage's text is that text verbatim.
The JSON has the layout of the `bioc` package's BioC JSON (also what PMC's
BioC API serves).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import duckdb
from lxml import etree

from litclaims.schemas.document_rows import Paper, Passage, passage_of, papers
from litclaims.schemas.export_files import atomic_path, write_text_atomically

SOURCE = "litclaims"
KEY = "litclaims.key"
# The passage `type` infon in the words PMC's BioC uses, from our section kinds.
_PASSAGE_TYPES = {"title": "title", "abstract": "abstract", "caption": "fig_caption", "references": "ref",
                  "front": "front", "heading": "title_1"}
# XML 1.0 cannot hold these characters; each becomes one space, so offsets do not move.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _infons(values: dict[str, Any]) -> dict[str, str]:
    """BioC infons are strings; empty values are left out."""
    out = {}
    for key, value in values.items():
        if value is None or value == [] or value == ():
            continue
        out[key] = "; ".join(value) if isinstance(value, (list, tuple)) else (
            str(value).lower() if isinstance(value, bool) else str(value))
    return out


def _passage(paper: Paper, passage: Passage) -> dict[str, Any]:
    part = passage.heading_kind or passage.kind
    # A heading is PMC's title_1 passage of its section's type, so a BioC reader
    # prints it as the heading of the passages after it.
    passage_type = _PASSAGE_TYPES["heading"] if passage.kind == "heading" else \
        _PASSAGE_TYPES.get(part, _PASSAGE_TYPES.get(passage.kind, "paragraph"))
    return {"offset": passage.start,
            "infons": _infons({"type": passage_type,
                               "section_type": part.upper(), "section": passage.heading or None,
                               "litclaims_kind": passage.kind}),
            "text": paper.text[passage.start:passage.end], "sentences": [], "annotations": [], "relations": []}


def _annotation(mention: dict[str, Any]) -> dict[str, Any]:
    return {"id": mention["mention_id"],
            "infons": _infons({"type": mention["entity_type"], "identifier": mention["entity_id"],
                               "name": mention["entity_name"], "source": mention["source"]}),
            "text": mention["text"],
            "locations": [{"offset": mention["start"], "length": mention["end"] - mention["start"]}]}


def _relation(claim: dict[str, Any]) -> dict[str, Any]:
    return {"id": claim["claim_id"],
            "infons": _infons({"type": claim["claim_type"], "negated": bool(claim["negated"]),
                               "certainty": claim["certainty"], "evidence": claim["evidence"],
                               "confidence": claim["confidence"], "rule": claim["rule"],
                               "cell_lines": list(claim["cell_lines"]), "disease": claim["disease"],
                               "sentence_id": claim["sentence_id"],
                               "subject_state": claim.get("subject_state") or None,
                               "object_state": claim.get("object_state") or None}),
            "nodes": [{"refid": claim["subject_mention_id"], "role": "subject"},
                      {"refid": claim["object_mention_id"], "role": "object"}]}


def bioc_document(paper: Paper) -> dict[str, Any]:
    """One paper as a BioC JSON document."""
    passages = [_passage(paper, p) for p in paper.passages]
    for mention in paper.mentions:
        passages[passage_of(paper.passages, mention["start"])]["annotations"].append(_annotation(mention))
    return {"id": paper.doc_id,
            "infons": _infons({**paper.metadata, "source_path": paper.source_path}),
            "passages": passages, "annotations": [],
            "relations": [_relation(claim) for claim in paper.claims]}


def bioc_collection(con: duckdb.DuckDBPyConnection) -> dict[str, Any]:
    return {"source": SOURCE, "date": date.today().strftime("%Y%m%d"), "key": KEY,
            "infons": {"offsets": "characters of the clean text"},
            "documents": [bioc_document(paper) for paper in papers(con)]}


def write_bioc_json(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write the BioC JSON collection to `path`; returns the number of documents."""
    collection = bioc_collection(con)
    write_text_atomically(path, json.dumps(collection, ensure_ascii=False, indent=1) + "\n")
    return len(collection["documents"])


# --- XML -------------------------------------------------------------------------


def _sub(parent: etree._Element, tag: str, text: str | None = None, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = _NOT_XML.sub(" ", text)
    return element


def _xml_infons(parent: etree._Element, infons: dict[str, str]) -> None:
    for key, value in infons.items():
        _sub(parent, "infon", value, key=key)


def _xml_annotation(parent: etree._Element, annotation: dict[str, Any]) -> None:
    element = _sub(parent, "annotation", id=annotation["id"])
    _xml_infons(element, annotation["infons"])
    for location in annotation["locations"]:
        _sub(element, "location", offset=str(location["offset"]), length=str(location["length"]))
    _sub(element, "text", annotation["text"])


def _xml_relation(parent: etree._Element, relation: dict[str, Any]) -> None:
    element = _sub(parent, "relation", id=relation["id"])
    _xml_infons(element, relation["infons"])
    for node in relation["nodes"]:
        _sub(element, "node", refid=node["refid"], role=node["role"])


def _xml_document(parent: etree._Element, document: dict[str, Any]) -> None:
    # The order of the BioC DTD: id, infon*, passage+, annotation*, relation*.
    element = _sub(parent, "document")
    _sub(element, "id", document["id"])
    _xml_infons(element, document["infons"])
    for passage in document["passages"]:
        node = _sub(element, "passage")
        _xml_infons(node, passage["infons"])
        _sub(node, "offset", str(passage["offset"]))
        _sub(node, "text", passage["text"])
        for annotation in passage["annotations"]:
            _xml_annotation(node, annotation)
    for relation in document["relations"]:
        _xml_relation(element, relation)


def bioc_xml(collection: dict[str, Any]) -> bytes:
    root = etree.Element("collection")
    for tag in ("source", "date", "key"):
        _sub(root, tag, collection[tag])
    _xml_infons(root, collection["infons"])
    for document in collection["documents"]:
        _xml_document(root, document)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True,
                          doctype='<!DOCTYPE collection SYSTEM "BioC.dtd">')


def write_bioc_xml(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write the BioC XML collection to `path`; returns the number of documents."""
    collection = bioc_collection(con)
    with atomic_path(path) as temporary:
        temporary.write_bytes(bioc_xml(collection))
    return len(collection["documents"])
