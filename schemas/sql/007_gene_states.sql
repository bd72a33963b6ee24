-- The state a claim's gene argument is stated in (extract/claims/gene_states.py): a
-- sequence change ("T790M", "exon 19 deletion") or a kind (mutation, amplification,
-- deletion, loss, fusion, overexpression, knockdown, wild-type), several joined by ";",
-- '' when the sentence states none. NULL on rows stored before this version (their
-- extractor did not look; the next run re-extracts them, its version having changed).
ALTER TABLE claim_records ADD COLUMN subject_state VARCHAR;
ALTER TABLE claim_records ADD COLUMN object_state VARCHAR;

-- As in 004, with the two states after the columns 004 lists.
CREATE OR REPLACE VIEW claims AS
SELECT
    c.claim_id, c.doc_id, d.source_path, s.section, s.page, c.sentence_id,
    s.text AS sentence, s."start" AS sentence_start, s."end" AS sentence_end,
    c.claim_type, c.subject_text, c.subject_type, c.subject_id, c.subject_name,
    c.object_text, c.object_type, c.object_id, c.object_name, c.negated,
    c.certainty, c.evidence, c.cell_lines, c.disease, c.citations, c.rule,
    c.extractor_version, c.run_id,
    c.confidence, c.rule_version,
    d.title, d.pmid, d.doi, section_kind_of(s.heading_kind, s.section_kind) AS section_kind,
    c.subject_state, c.object_state
FROM claim_records c
JOIN sentences s USING (sentence_id)
JOIN documents d ON d.doc_id = c.doc_id;

-- As in 005, and the states the triple's claims give its subject and object (distinct,
-- sorted, none for a triple stated without one): a triple is not split by state, so
-- "EGFR T790M" and "EGFR L858R" resistance claims to one drug stay one row that lists both.
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
    count(*) FILTER (WHERE rejected) AS rejected,
    list_sort(list_distinct(coalesce(
        list(subject_state) FILTER (WHERE NOT rejected AND subject_state <> ''), []::VARCHAR[]))) AS subject_states,
    list_sort(list_distinct(coalesce(
        list(object_state) FILTER (WHERE NOT rejected AND object_state <> ''), []::VARCHAR[]))) AS object_states
FROM reviewed_claim_keys
GROUP BY subject_key, claim_type, object_key
HAVING count(*) FILTER (WHERE NOT rejected) > 0;

-- As in 005, and each side's states: an asserted "EGFR T790M" claim beside a negated
-- "EGFR" one may be no contradiction at all.
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
    n.sentence AS negated_sentence,
    p.subject_state AS asserted_subject_state,
    p.object_state AS asserted_object_state,
    n.subject_state AS negated_subject_state,
    n.object_state AS negated_object_state
FROM reviewed_claim_keys p
JOIN reviewed_claim_keys n
  ON p.subject_key = n.subject_key
 AND p.claim_type = n.claim_type
 AND p.object_key = n.object_key
WHERE NOT p.negated AND n.negated AND NOT p.rejected AND NOT n.rejected;
