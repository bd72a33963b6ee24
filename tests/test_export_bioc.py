"""BioC XML, BioC JSON and PubTator exports of the seed corpus, parsed back: with
lxml and json by hand, with the `bioc` package's readers and validator (a test
dependency), and BioC through litclaims' own BioC reader."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from litclaims.schemas import store
from litclaims.schemas.export import export
from litclaims.schemas.export_pubtator import ENTITY_TYPES, UNGROUNDED
from tests.test_export_indra import seed_database


@pytest.fixture(scope="module")
def seed_db(tmp_path_factory, extractor):
    return seed_database(tmp_path_factory, extractor)


@pytest.fixture(scope="module")
def stored(seed_db):
    """What the database holds, to compare the files with."""
    with store.reader(seed_db) as con:
        texts = dict(con.execute("SELECT doc_id, text FROM documents").fetchall())
        mentions = {row[0]: row for row in con.execute(
            'SELECT mention_id, doc_id, "start", "end", text, entity_type, entity_id FROM entity_mentions').fetchall()}
        claims = {row[0]: row for row in con.execute(
            "SELECT claim_id, doc_id, claim_type, subject_mention_id, object_mention_id, negated FROM claim_records"
        ).fetchall()}
    return texts, mentions, claims


@pytest.fixture(scope="module")
def exported(seed_db, tmp_path_factory):
    out = tmp_path_factory.mktemp("bioc")
    with store.reader(seed_db) as con:
        return {fmt: export(con, out, fmt)[fmt][0] for fmt in ("bioc", "bioc-json", "pubtator")}


def _check_collection(documents, stored) -> None:
    """`documents`: [(id, [(offset, text, [(id, infons, offset, length, text)])], [(id, infons, nodes)])]."""
    texts, mentions, claims = stored
    assert {doc_id for doc_id, _, _ in documents} == set(texts)
    seen_mentions, seen_claims = set(), set()
    for doc_id, passages, relations in documents:
        for offset, text, annotations in passages:
            assert texts[doc_id][offset:offset + len(text)] == text
            for ann_id, infons, start, length, ann_text in annotations:
                assert text[start - offset:start - offset + length] == ann_text
                _, m_doc, m_start, m_end, m_text, m_type, m_id = mentions[ann_id]
                assert (m_doc, m_start, m_end, m_text, m_type) == (doc_id, start, start + length, ann_text,
                                                                    infons["type"])
                assert infons.get("identifier") == m_id
                seen_mentions.add(ann_id)
        for rel_id, infons, nodes in relations:
            _, c_doc, c_type, subject, obj, negated = claims[rel_id]
            assert c_doc == doc_id and infons["type"] == c_type and infons["negated"] == str(negated).lower()
            assert nodes == [(subject, "subject"), (obj, "object")]
            seen_claims.add(rel_id)
    assert seen_mentions == set(mentions) and seen_claims == set(claims)


def test_bioc_xml_holds_every_passage_mention_and_claim(exported, stored):
    root = etree.parse(str(exported["bioc"])).getroot()
    assert root.tag == "collection" and root.findtext("source") == "litclaims"

    def infons(element):
        return {i.get("key"): i.text for i in element.findall("infon")}

    documents = [
        (d.findtext("id"),
         [(int(p.findtext("offset")), p.findtext("text"),
           [(a.get("id"), infons(a), int(a.find("location").get("offset")), int(a.find("location").get("length")),
             a.findtext("text")) for a in p.findall("annotation")]) for p in d.findall("passage")],
         [(r.get("id"), infons(r), [(n.get("refid"), n.get("role")) for n in r.findall("node")])
          for r in d.findall("relation")])
        for d in root.findall("document")
    ]
    _check_collection(documents, stored)


def test_bioc_json_holds_every_passage_mention_and_claim(exported, stored):
    collection = json.loads(exported["bioc-json"].read_text(encoding="utf-8"))
    documents = [
        (d["id"],
         [(p["offset"], p["text"],
           [(a["id"], a["infons"], a["locations"][0]["offset"], a["locations"][0]["length"], a["text"])
            for a in p["annotations"]]) for p in d["passages"]],
         [(r["id"], r["infons"], [(n["refid"], n["role"]) for n in r["nodes"]]) for r in d["relations"]])
        for d in collection["documents"]
    ]
    _check_collection(documents, stored)


def test_the_bioc_package_reads_and_validates_both(exported, stored):
    bioc = pytest.importorskip("bioc", reason="the bioc package is a test dependency (dev extra)")
    from bioc import biocjson, biocxml
    from bioc.validator import BioCValidator

    _, mentions, claims = stored
    for module, path in ((biocxml, exported["bioc"]), (biocjson, exported["bioc-json"])):
        with path.open(encoding="utf-8") as handle:
            collection = module.load(handle)
        BioCValidator().validate(collection)  # annotation text at its offsets, relation nodes exist
        assert sum(len(p.annotations) for d in collection.documents for p in d.passages) == len(mentions)
        assert sum(len(d.relations) for d in collection.documents) == len(claims)
        assert bioc is not None


def test_litclaims_reads_its_own_bioc_back(exported, stored):
    from litclaims.ingest.reader import read_documents

    texts = stored[0]
    for path in (exported["bioc"], exported["bioc-json"]):
        documents = read_documents(path)
        assert len(documents) == len(texts)
        originals = sorted(" ".join(t.split()) for t in texts.values())
        assert sorted(" ".join(d.text.split()) for d in documents) == originals


def test_pubtator_lines_hold_every_mention_and_claim(exported, stored):
    texts, mentions, claims = stored
    blocks = exported["pubtator"].read_text(encoding="utf-8").strip("\n").split("\n\n")
    assert len(blocks) == len(texts)
    annotations, relations = 0, 0
    for block in blocks:
        title_line, text_line, *rest = block.split("\n")
        pid, _, title = title_line.partition("|t|")
        assert text_line.startswith(f"{pid}|a|")
        full = title + " " + text_line[len(pid) + 3:]
        assert pid in texts and len(full) == len(title) + 1 + len(texts[pid])
        for line in rest:
            fields = line.split("\t")
            assert fields[0] == pid
            if len(fields) == 6:
                start, end = int(fields[1]), int(fields[2])
                assert full[start:end] == fields[3]
                assert fields[4] in ENTITY_TYPES.values() and fields[5]
                annotations += 1
            else:
                assert len(fields) == 5 and fields[1] in {c[2] for c in claims.values()}
                certainty, *states = fields[4].removeprefix("negated;").split(";")
                assert certainty in ("asserted", "hedged")
                assert all(s.partition("=")[0] in ("subject_state", "object_state") and s.partition("=")[2]
                           for s in states)
                relations += 1
    assert annotations == len(mentions) and relations == len(claims)
    assert UNGROUNDED in {line.split("\t")[5] for line in exported["pubtator"].read_text().splitlines()
                          if line.count("\t") == 5}


def test_the_bioc_package_reads_pubtator(exported, stored):
    pytest.importorskip("bioc", reason="the bioc package is a test dependency (dev extra)")
    from bioc import pubtator

    with exported["pubtator"].open(encoding="utf-8") as handle:
        documents = pubtator.load(handle)
    assert len(documents) == len(stored[0])
    for document in documents:
        assert all(document.text[a.start:a.end] == a.text for a in document.annotations)
    assert sum(len(d.annotations) for d in documents) == len(stored[1])
