-- Cross-paper views over the claims view.
-- An entity is keyed by its grounded id, or failing that by its surface text
-- (migration 003 replaces this key with the entity_key macro, the twin of the Python one).
-- Qualifiers do not split a triple: a hedged and an asserted claim support the same
-- triple; a negated one contradicts an asserted or hedged one.

CREATE VIEW claim_keys AS
WITH keyed AS (
    SELECT
        c.*,
        coalesce(c.subject_id, 'text:' || regexp_replace(lower(c.subject_text), '[^a-z0-9]', '', 'g')) AS raw_subject_key,
        coalesce(c.object_id, 'text:' || regexp_replace(lower(c.object_text), '[^a-z0-9]', '', 'g')) AS raw_object_key
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

-- One row per (subject, claim type, object) with how much the literature says it.
CREATE VIEW claim_support AS
SELECT
    subject_key,
    claim_type,
    object_key,
    mode(subject_label) AS subject,
    mode(object_label) AS object,
    count(DISTINCT doc_id) AS papers,
    count(DISTINCT sentence_id) AS sentences,
    count(*) FILTER (WHERE NOT negated AND certainty = 'asserted') AS asserted,
    count(*) FILTER (WHERE NOT negated AND certainty = 'hedged') AS hedged,
    count(*) FILTER (WHERE negated) AS negated,
    count(*) FILTER (WHERE evidence = 'in_vitro') AS in_vitro,
    count(*) FILTER (WHERE evidence = 'in_vivo') AS in_vivo,
    count(*) FILTER (WHERE evidence = 'clinical') AS clinical,
    count(*) FILTER (WHERE evidence = 'unspecified') AS unspecified,
    max(confidence) AS max_confidence
FROM claim_keys
GROUP BY subject_key, claim_type, object_key;

-- The same triple asserted in one place and negated in another: one row per pair.
CREATE VIEW claim_conflicts AS
SELECT
    p.subject_key,
    p.claim_type,
    p.object_key,
    p.subject_label AS subject,
    p.object_label AS object,
    p.claim_id AS asserted_claim_id,
    p.doc_id AS asserted_doc_id,
    p.section AS asserted_section,
    p.page AS asserted_page,
    p.evidence AS asserted_evidence,
    p.sentence AS asserted_sentence,
    n.claim_id AS negated_claim_id,
    n.doc_id AS negated_doc_id,
    n.section AS negated_section,
    n.page AS negated_page,
    n.evidence AS negated_evidence,
    n.sentence AS negated_sentence
FROM claim_keys p
JOIN claim_keys n
  ON p.subject_key = n.subject_key
 AND p.claim_type = n.claim_type
 AND p.object_key = n.object_key
WHERE NOT p.negated AND n.negated;
