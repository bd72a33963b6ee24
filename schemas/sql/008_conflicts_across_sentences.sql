-- As in 007, without the pairs whose two claims come from one sentence. The spec gives a
-- sentence that asserts a pair for one condition and negates it for another both rows
-- ("mere expression of IGF-IR does not correlate with gefitinib resistance; IGF-IR
-- phosphorylation status may predict response"): the sentence contrasts its conditions
-- and contradicts nothing, and listing it beside itself hid the conflicts between papers
-- and sentences that this view is for. Both rows stay in `claims` and count in
-- `claim_support` (asserted and negated).
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
WHERE NOT p.negated AND n.negated AND NOT p.rejected AND NOT n.rejected
  AND p.sentence_id <> n.sentence_id;
