-- litclaims schema v1: documents and their text maps, sentences, mentions,
-- claims, runs and ingest errors. Offsets are character offsets into
-- documents.text (the clean text), half-open [start, end).

CREATE TABLE documents (
    doc_id            VARCHAR PRIMARY KEY,   -- SHA-256 of the file's bytes
    source_path       VARCHAR NOT NULL,
    media_type        VARCHAR NOT NULL,
    title             VARCHAR,
    n_chars           INTEGER NOT NULL,
    n_pages           INTEGER,
    text              VARCHAR NOT NULL,
    quality           JSON NOT NULL,
    verdict           VARCHAR NOT NULL,      -- ok / degraded / unreadable
    extractor_version VARCHAR NOT NULL,
    run_id            VARCHAR NOT NULL,
    stored_at         TIMESTAMP NOT NULL DEFAULT current_timestamp
);

CREATE TABLE sections (
    doc_id        VARCHAR NOT NULL,
    section_index INTEGER NOT NULL,
    heading       VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,          -- front / body / caption / references
    "start"       INTEGER NOT NULL,
    "end"         INTEGER NOT NULL
);

CREATE TABLE page_blocks (
    doc_id      VARCHAR NOT NULL,
    block_index INTEGER NOT NULL,
    page        INTEGER NOT NULL,
    "start"     INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    x0 DOUBLE, y0 DOUBLE, x1 DOUBLE, y1 DOUBLE -- PDF points, when the source has a layout
);

CREATE TABLE citation_spans (
    doc_id  VARCHAR NOT NULL,
    "start" INTEGER NOT NULL,
    "end"   INTEGER NOT NULL,
    text    VARCHAR NOT NULL,
    refs    VARCHAR[] NOT NULL
);

CREATE TABLE sentences (
    sentence_id    VARCHAR PRIMARY KEY,
    doc_id         VARCHAR NOT NULL,
    sentence_index INTEGER NOT NULL,
    "start"        INTEGER NOT NULL,
    "end"          INTEGER NOT NULL,
    text           VARCHAR NOT NULL,
    section        VARCHAR,
    section_kind   VARCHAR NOT NULL,
    page           INTEGER,
    citations      VARCHAR[] NOT NULL
);

CREATE TABLE entity_mentions (
    mention_id  VARCHAR PRIMARY KEY,
    doc_id      VARCHAR NOT NULL,
    sentence_id VARCHAR NOT NULL,
    "start"     INTEGER NOT NULL,
    "end"       INTEGER NOT NULL,
    text        VARCHAR NOT NULL,
    entity_type VARCHAR NOT NULL,
    entity_id   VARCHAR,
    entity_name VARCHAR,
    source      VARCHAR NOT NULL
);

CREATE TABLE claim_records (
    claim_id           VARCHAR PRIMARY KEY,
    doc_id             VARCHAR NOT NULL,
    sentence_id        VARCHAR NOT NULL,
    claim_type         VARCHAR NOT NULL,
    subject_mention_id VARCHAR NOT NULL,
    subject_text       VARCHAR NOT NULL,
    subject_type       VARCHAR NOT NULL,
    subject_id         VARCHAR,
    subject_name       VARCHAR,
    object_mention_id  VARCHAR NOT NULL,
    object_text        VARCHAR NOT NULL,
    object_type        VARCHAR NOT NULL,
    object_id          VARCHAR,
    object_name        VARCHAR,
    negated            BOOLEAN NOT NULL,
    certainty          VARCHAR NOT NULL,
    evidence           VARCHAR NOT NULL,
    cell_lines         VARCHAR[] NOT NULL,
    disease            VARCHAR,
    citations          VARCHAR[] NOT NULL,
    rule               VARCHAR NOT NULL,
    rule_version       VARCHAR NOT NULL,
    confidence         DOUBLE,
    extractor_version  VARCHAR NOT NULL,
    run_id             VARCHAR NOT NULL
);

CREATE TABLE runs (
    run_id            VARCHAR PRIMARY KEY,
    flow_run_id       VARCHAR,
    corpus_dir        VARCHAR NOT NULL,
    extractor_version VARCHAR NOT NULL,
    started_at        TIMESTAMP NOT NULL,
    finished_at       TIMESTAMP,
    status            VARCHAR NOT NULL,      -- running / completed / crashed
    files_seen        INTEGER,
    processed         INTEGER,
    skipped           INTEGER,
    failed            INTEGER,
    mentions_stored   INTEGER,
    claims_stored     INTEGER,
    summary           VARCHAR                -- the run summary, as markdown
);

CREATE TABLE ingest_errors (
    run_id      VARCHAR NOT NULL,
    source_path VARCHAR NOT NULL,
    doc_id      VARCHAR,                     -- NULL when the file could not even be read
    stage       VARCHAR NOT NULL,            -- read / parse / extract / store
    error_type  VARCHAR NOT NULL,
    message     VARCHAR NOT NULL,
    occurred_at TIMESTAMP NOT NULL DEFAULT current_timestamp
);

-- The user-facing views: the spec's export columns, in the spec's order; more follow.
CREATE VIEW claims AS
SELECT
    c.claim_id, c.doc_id, d.source_path, s.section, s.page, c.sentence_id,
    s.text AS sentence, s."start" AS sentence_start, s."end" AS sentence_end,
    c.claim_type, c.subject_text, c.subject_type, c.subject_id, c.subject_name,
    c.object_text, c.object_type, c.object_id, c.object_name, c.negated,
    c.certainty, c.evidence, c.cell_lines, c.disease, c.citations, c.rule,
    c.extractor_version, c.run_id,
    c.confidence, c.rule_version
FROM claim_records c
JOIN sentences s USING (sentence_id)
JOIN documents d ON d.doc_id = c.doc_id;

CREATE VIEW mentions AS
SELECT
    m.mention_id, m.doc_id, m.sentence_id, m."start", m."end", m.text,
    m.entity_type, m.entity_id, m.entity_name, m.source
FROM entity_mentions m;
