"""BioC XML and JSON: one document per BioC document, passage types as sections,
and every passage round-trips: its text and its offset come back from the
document (a BioC offset o in passage p is at section.start + o - p.offset)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from litclaims.ingest import IngestError, read_document, read_documents

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
BIOC_XML = FIXTURES / "bioc_collection.xml"
BIOC_JSON = FIXTURES / "bioc_collection.json"
SPACES = str.maketrans({"\n": " ", "\t": " ", "\r": " "})


def _xml_passages(path: Path):
    """The test's own reading: per document, (offset, type, text) of each passage."""
    root = etree.parse(str(path), etree.XMLParser(load_dtd=False, no_network=True, resolve_entities=False)).getroot()
    out = []
    for document in root.findall("document"):
        passages = []
        for p in document.findall("passage"):
            text = p.findtext("text")
            if text is None:
                sentences = [(int(s.findtext("offset")), s.findtext("text")) for s in p.findall("sentence")]
                text = ""
                for offset, sentence in sentences:
                    text += " " * (offset - int(p.findtext("offset")) - len(text)) + sentence
            types = {i.get("key"): i.text for i in p.findall("infon")}
            annotations = [(int(a.find("location").get("offset")), a.findtext("text")) for a in p.findall("annotation")]
            passages.append((int(p.findtext("offset")), types.get("type"), text, annotations))
        out.append(passages)
    return out


def _json_passages(path: Path):
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        [(p["offset"], p["infons"]["type"], p["text"], [(loc["offset"], a["text"]) for a in p["annotations"] for loc in a["locations"]])
         for p in d["passages"]]
        for d in data["documents"]
    ]


def _assert_round_trip(doc, passages):
    by_offset = {s.source_offset: s for s in doc.sections}
    for offset, passage_type, text, annotations in passages:
        if passage_type == "table":
            assert offset not in by_offset  # table cells are not text
            continue
        section = by_offset[offset]
        if passage_type.startswith("title_"):
            assert section.heading == text and section.start == section.end
            continue
        assert doc.text[section.start : section.end] == text.translate(SPACES)
        for at, word in annotations:
            start = section.start + at - offset
            assert doc.text[start : start + len(word)] == word


@pytest.mark.parametrize("path, reader", [(BIOC_XML, _xml_passages), (BIOC_JSON, _json_passages)], ids=["xml", "json"])
def test_passages_round_trip(path, reader):
    docs = read_documents(path)
    expected = reader(path)
    assert len(docs) == len(expected) == 2
    for doc, passages in zip(docs, expected):
        _assert_round_trip(doc, passages)
    assert len({d.doc_id for d in docs}) == 2


def test_pmc_passage_types_become_sections():
    doc = read_documents(BIOC_XML)[0]
    got = [(s.heading, s.kind, s.heading_kind) for s in doc.sections]
    assert got == [
        ("", "front", "title"),
        ("Abstract", "body", "abstract"),
        ("Introduction", "body", "introduction"),
        ("Introduction", "body", "introduction"),
        ("Introduction", "body", "introduction"),
        ("Linsitinib restores sensitivity", "body", "results"),
        ("Linsitinib restores sensitivity", "body", "results"),
        ("References", "references", "references"),
        ("References", "references", "references"),
        ("Figure 1", "caption", "caption"),
    ]
    # A heading is printed once, before the first passage under it.
    assert doc.text.count("Introduction") == 1 and doc.text.count("References") == 1
    assert doc.title == "IGF-1R signalling confers tamoxifen resistance in MCF-7 cells"
    assert "cell IC50" not in doc.text and "1 table passages (cells) left out" in doc.quality.notes
    assert [(c.text, c.refs) for c in doc.citations] == [("[1]", ("1",))]
    meta = doc.metadata
    assert (meta.pmid, meta.pmcid, meta.doi, meta.year, meta.journal) == (
        "12345678", "PMC7654321", "10.1000/jto.2020.001", 2020, "J Test Oncol")
    assert meta.authors == ("Smith JA", "Zhu WG")


def test_pubtator_json_title_and_abstract():
    first, second = read_documents(BIOC_JSON)
    assert [(s.heading, s.kind, s.heading_kind) for s in first.sections] == [("", "front", "title"), ("Abstract", "body", "abstract")]
    assert first.metadata.pmid == "11111111" and second.metadata.pmid == "22222222"
    assert first.title == "Gefitinib resistance in EGFR-mutant lung cancer cells."
    assert first.media_type == "application/json" and first.quality.verdict == "ok"


def test_read_document_needs_read_documents_for_a_collection():
    with pytest.raises(IngestError, match="holds 2 documents; read it with read_documents"):
        read_document(BIOC_XML)


@pytest.mark.parametrize("name, content, message", [
    ("empty.xml", "<collection><source>PMC</source></collection>", "without any document"),
    ("empty.json", '{"source": "x", "documents": []}', "without any document"),
    ("notext.json", '{"documents": [{"id": "d1", "passages": [{"offset": 0, "infons": {}, "text": ""}]}]}', "no passage with text"),
    ("other.json", '{"hello": "world"}', "not a BioC collection"),
    ("broken.json", '{"documents": [', "not valid JSON"),
    ("badoffset.xml", "<collection><document><id>1</id><passage><offset>x</offset><text>t</text></passage></document></collection>",
     "offset that is not a number"),
    ("malformed.xml", "<collection><document>", "not well-formed XML"),
    ("unknown.xml", "<html><body>hello</body></html>", "unknown kind"),
    ("blank.xml", "   \n", "empty"),
    ("article.nxml", "<article><front/></article>", "without any text"),
])
def test_bad_input_is_a_clear_ingest_error(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    for read in (read_document, read_documents):
        with pytest.raises(IngestError, match=message):
            read(path)
