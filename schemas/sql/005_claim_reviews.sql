-- A curator's verdicts on claims (`litclaims review import`), and the cross-paper
-- views that heed them.
--
-- Keyed by claim id, not by document: a run that replaces a paper's rows leaves
-- the verdicts alone, and a claim id is stable for the same extractor output, so
-- a verdict applies again when its claim is extracted again. A verdict whose
-- claim is gone stays here and simply matches nothing.
CREATE TABLE claim_reviews (
    claim_id    VARCHAR PRIMARY KEY,
    verdict     VARCHAR NOT NULL CHECK (verdict IN ('accept', 'reject', 'wrong_type', 'wrong_direction')),
    note        VARCHAR,
    reviewer    VARCHAR,
    reviewed_at TIMESTAMP NOT NULL DEFAULT current_timestamp,
    source_file VARCHAR                     -- the review file it was imported from
);

-- Every claim key with its verdict. A claim is rejected when the curator said it is
-- wrong in any way (reject, wrong type, wrong direction): as extracted it supports
-- nothing.
CREATE VIEW reviewed_claim_keys AS
SELECT k.*, r.verdict, (r.verdict IS NOT NULL AND r.verdict <> 'accept') AS rejected
FROM claim_keys k
LEFT JOIN claim_reviews r USING (claim_id);

-- As in 002, over the claims not rejected; `reviewed` counts the triple's claims with
-- any verdict (rejected ones too), `accepted` and `rejected` split them. A triple whose
-- every claim was rejected is not listed.
CREATE OR REPLACE VIEW claim_support AS
SELECT
    subject_key,
    claim_type,
    object_key,
    mode(subject_label) FILTER (WHERE NOT rejected) AS subject,
    mode(object_label) FILTER (WHERE NOT rejected) AS object,
    count(DISTINCT doc_id) FILTER (WHERE NOT rejected) AS papers,
    count(DISTINCT sentence_id) FILTER (WHERE NOT rejected) AS sentences,
    count(*) FILTER (WHERE NOT rejected AND NOT negated AND certainty = 'asserted') AS asserted,
    count(*) FILTER (WHERE NOT rejected AND NOT negated AND certainty = 'hedged') AS hedged,
    count(*) FILTER (WHERE NOT rejected AND negated) AS negated,
    count(*) FILTER (WHERE NOT rejected AND evidence = 'in_vitro') AS in_vitro,
    count(*) FILTER (WHERE NOT rejected AND evidence = 'in_vivo') AS in_vivo,
    count(*) FILTER (WHERE NOT rejected AND evidence = 'clinical') AS clinical,
    count(*) FILTER (WHERE NOT rejected AND evidence = 'unspecified') AS unspecified,
    max(confidence) FILTER (WHERE NOT rejected) AS max_confidence,
    count(verdict) AS reviewed,
    count(*) FILTER (WHERE verdict = 'accept') AS accepted,
    count(*) FILTER (WHERE rejected) AS rejected
FROM reviewed_claim_keys
GROUP BY subject_key, claim_type, object_key
HAVING count(*) FILTER (WHERE NOT rejected) > 0;

-- As in 002: a rejected claim contradicts nothing.
CREATE OR REPLACE VIEW claim_conflicts AS
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
FROM reviewed_claim_keys p
JOIN reviewed_claim_keys n
  ON p.subject_key = n.subject_key
 AND p.claim_type = n.claim_type
 AND p.object_key = n.object_key
WHERE NOT p.negated AND n.negated AND NOT p.rejected AND NOT n.rejected;
