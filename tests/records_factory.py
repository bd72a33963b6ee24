"""Small hand-built records for tests of the store and export (no pipeline involved)."""

from __future__ import annotations

import hashlib

from litclaims.schemas.records import (
    CitationSpan, Claim, Document, Extraction, IngestQuality, Mention, PageSpan, Section, Sentence, stable_id,
)

TEXT = "Resistance\nIGF-IR confers resistance to tamoxifen in MCF-7 cells (12). Gefitinib inhibits EGFR."


def make_extraction(text: str = TEXT, source_path: str = "corpus/paper.pdf", version: str = "test+1",
                    doc_id: str | None = None) -> Extraction:
    doc_id = doc_id or hashlib.sha256(text.encode()).hexdigest()
    body_start = text.index("IGF-IR")
    first_end = text.index("(12).") + len("(12).")
    second_start = text.index("Gefitinib")
    document = Document(
        doc_id=doc_id, source_path=source_path, media_type="application/pdf", text=text,
        sections=(Section("Resistance", body_start, len(text), "body"),),
        pages=(PageSpan(1, 0, first_end, (10.0, 20.0, 300.0, 400.0)), PageSpan(2, first_end, len(text), None)),
        citations=(CitationSpan(text.index("(12)"), text.index("(12)") + 4, "(12)", ("12",)),),
        quality=IngestQuality(hyphen_joins_removed=1), n_pages=2,
    )
    s1 = Sentence(f"{doc_id[:16]}-s00000", doc_id, 0, body_start, first_end, text[body_start:first_end],
                  "Resistance", "body", 1, ("12",))
    s2 = Sentence(f"{doc_id[:16]}-s00001", doc_id, 1, second_start, len(text), text[second_start:],
                  "Resistance", "body", 2, ())

    def mention(sentence: Sentence, surface: str, etype: str, eid: str | None) -> Mention:
        start = text.index(surface, sentence.start)
        return Mention(stable_id(doc_id, start, start + len(surface), etype), doc_id, sentence.sentence_id,
                       start, start + len(surface), surface, etype, eid, surface.upper(), "lexicon")

    igf = mention(s1, "IGF-IR", "gene", "HGNC:5465")
    tam = mention(s1, "tamoxifen", "drug", "UNII:094ZI81Y45")
    mcf = mention(s1, "MCF-7", "cell_line", "CVCL_0031")
    gef = mention(s2, "Gefitinib", "drug", "UNII:S65743JHBS")
    egfr = mention(s2, "EGFR", "gene", "HGNC:3236")

    def claim(sentence, ctype, subj, obj, negated=False, cells=(), cites=()):
        cid = stable_id(doc_id, sentence.start, sentence.end, ctype, subj.start, subj.end, obj.start, obj.end, "r1")
        return Claim(cid, doc_id, sentence.sentence_id, ctype, subj, obj, negated, "asserted", "in_vitro",
                     cells, None, cites, "r1", "1", 0.9)

    claims = (claim(s1, "resistance", igf, tam, cells=("MCF-7",), cites=("12",)),
              claim(s2, "inhibition", gef, egfr))
    return Extraction(document, (s1, s2), (igf, tam, mcf, gef, egfr), claims, version)


def database_before(path, version: int):
    """A DuckDB file as a store of an older release left it: the migrations below
    `version` applied and recorded, none after (an open connection)."""
    import duckdb

    from litclaims.schemas.migrate import available_migrations

    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, "
                "applied_at TIMESTAMP NOT NULL DEFAULT current_timestamp)")
    for migration in available_migrations():
        if migration.version < version:
            con.execute(migration.path.read_text(encoding="utf-8"))
            con.execute("INSERT INTO schema_migrations (version, name) VALUES (?, ?)",
                        [migration.version, migration.name])
    return con
