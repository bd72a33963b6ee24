-- What makes two mentions the same entity, in SQL: the twin of
-- schemas/vocabulary.py's entity_key (a test checks that both agree).
-- The grounded id, else the text in lower case without spaces and hyphens,
-- prefixed so that it never equals an id ("IGF-IR" = "igf ir" = "text:igfir").
CREATE MACRO entity_key(entity_id, surface) AS
    coalesce(nullif(entity_id, ''), 'text:' || regexp_replace(lower(surface), '[ -]', '', 'g'));

CREATE OR REPLACE VIEW claim_keys AS
WITH keyed AS (
    SELECT
        c.*,
        entity_key(c.subject_id, c.subject_text) AS raw_subject_key,
        entity_key(c.object_id, c.object_text) AS raw_object_key
    FROM claims c
)
SELECT
    * EXCLUDE (raw_subject_key, raw_object_key),
    -- interaction is symmetric: (A, B) and (B, A) are one triple.
    CASE WHEN claim_type = 'interaction' THEN least(raw_subject_key, raw_object_key)
         ELSE raw_subject_key END AS subject_key,
    CASE WHEN claim_type = 'interaction' THEN greatest(raw_subject_key, raw_object_key)
         ELSE raw_object_key END AS object_key,
    CASE WHEN claim_type = 'interaction' AND raw_subject_key > raw_object_key
         THEN coalesce(object_name, object_text) ELSE coalesce(subject_name, subject_text) END AS subject_label,
    CASE WHEN claim_type = 'interaction' AND raw_subject_key > raw_object_key
         THEN coalesce(subject_name, subject_text) ELSE coalesce(object_name, object_text) END AS object_label
FROM keyed;
