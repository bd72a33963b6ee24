-- Papers from structured sources: the paper's metadata on its document, the file a
-- document came from (one file may hold several documents: a PubMed XML set, a
-- BioC collection), the normalised part of the paper (heading kind) on sections and
-- sentences, and both on the user-facing views.

-- `title` exists since 001; the rest of the paper's metadata, NULL where the source
-- does not give it (authors "Surname Initials", or a group's name).
ALTER TABLE documents ADD COLUMN journal VARCHAR;
ALTER TABLE documents ADD COLUMN "year" INTEGER;
ALTER TABLE documents ADD COLUMN pmid VARCHAR;
ALTER TABLE documents ADD COLUMN pmcid VARCHAR;              -- with its "PMC" prefix
ALTER TABLE documents ADD COLUMN doi VARCHAR;
ALTER TABLE documents ADD COLUMN authors VARCHAR[];
-- The file's SHA-256 (the doc_id of a file's only document; the base of the ids of a
-- file that holds several) and how many documents the file holds: the planner skips a
-- file when all of its documents are stored.
ALTER TABLE documents ADD COLUMN file_sha256 VARCHAR;
ALTER TABLE documents ADD COLUMN documents_in_file INTEGER;
-- Every document stored before this version was its file's only one.
UPDATE documents SET file_sha256 = doc_id, documents_in_file = 1;

-- The part of the paper (title, abstract, introduction, methods, results, discussion,
-- conclusion, caption, references, front_matter, other); NULL where the reader sets none.
ALTER TABLE sections ADD COLUMN heading_kind VARCHAR;
ALTER TABLE sections ADD COLUMN source_offset INTEGER;       -- a BioC passage's own offset
-- The heading kind of the section the sentence lies in (a copy, so that the views need
-- no range join).
ALTER TABLE sentences ADD COLUMN heading_kind VARCHAR;

-- A run counts documents: a file may hold several, a file read into none counts as one.
ALTER TABLE runs ADD COLUMN documents_seen INTEGER;

-- The views' `section_kind`: the heading kind, else what the structural kind already
-- says (a caption, the reference list), else NULL (a PDF or text section of unknown part).
CREATE MACRO section_kind_of(heading_kind, kind) AS
    coalesce(heading_kind, CASE WHEN kind IN ('caption', 'references') THEN kind END);

-- The spec's export columns in the spec's order, the extra columns of 001, then the paper
-- the claim comes from and the part of the paper its sentence is in.
CREATE OR REPLACE VIEW claims AS
SELECT
    c.claim_id, c.doc_id, d.source_path, s.section, s.page, c.sentence_id,
    s.text AS sentence, s."start" AS sentence_start, s."end" AS sentence_end,
    c.claim_type, c.subject_text, c.subject_type, c.subject_id, c.subject_name,
    c.object_text, c.object_type, c.object_id, c.object_name, c.negated,
    c.certainty, c.evidence, c.cell_lines, c.disease, c.citations, c.rule,
    c.extractor_version, c.run_id,
    c.confidence, c.rule_version,
    d.title, d.pmid, d.doi, section_kind_of(s.heading_kind, s.section_kind) AS section_kind
FROM claim_records c
JOIN sentences s USING (sentence_id)
JOIN documents d ON d.doc_id = c.doc_id;

CREATE OR REPLACE VIEW mentions AS
SELECT
    m.mention_id, m.doc_id, m.sentence_id, m."start", m."end", m.text,
    m.entity_type, m.entity_id, m.entity_name, m.source,
    section_kind_of(s.heading_kind, s.section_kind) AS section_kind
FROM entity_mentions m
LEFT JOIN sentences s USING (sentence_id);
