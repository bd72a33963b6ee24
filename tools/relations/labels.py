"""Training labels for candidate pairs of the pipeline's mentions, from the relation corpora.

A candidate (subject mention, object mention) of one sentence gets a class of
`relation_model.CLASSES` or None (not used for training: nothing is known about it):

* ChemProt (train): a listed pair, chemical (the pipeline's drug mention) -> gene, gets its
  label's first claim type (relation_corpora.CHEMPROT_TYPES); the reverse order, a listed
  SUBSTRATE / PRODUCT-OF pair and an unlisted pair of two marked entities get "none".
* BioRED (train): chemical -> gene with a Negative / Positive_Correlation of their ids gets
  inhibition / activation (expression_* where the sentence speaks of expression), gene--gene
  Bind gets interaction, a pair the abstract relates in no way gets "none"; other relations
  (Association, gene--gene correlations) and mentions that are no annotated entity: None.
* CIViCmine (training, train split): a gene -> drug pair with no Predictive relation gets
  "none"; a Predictive pair gets resistance or sensitization when the sentence says which
  (resistance words, else sensitivity / benefit words), else None.
* CIViC 2018 (train split, distant supervision): the row's gene -> one of its drugs in one
  sentence gets the row's direction when the sentence has an outcome word
  (evaluation.civic.OUTCOME_WORDS; a study description states no direction); a "Does Not
  Support" row gets "none".
"""

from __future__ import annotations

import re
from typing import Sequence

from litclaims.evaluation.relation_corpora import EXPRESSION_WORDS, GoldEntity, RelationExample
from litclaims.evaluation.relation_scoring import NEGATIVE, overlapping, window_units
from litclaims.schemas.records import Mention

NONE = "none"
RESISTANCE_WORDS = re.compile(r"resist|refractor|non-?respon|insensitiv|unrespons|poor(er)? (response|outcome)|"
                              r"lack of (response|benefit)|no (response|benefit)|reduced (sensitivity|response)", re.I)
SENSITIVITY_WORDS = re.compile(r"sensitiv|benefit|respon(se|d)|efficac|effective", re.I)


def label_pair(example: RelationExample, window: tuple[int, int], subject: Mention, obj: Mention,
               sentence_text: str) -> str | None:
    if example.corpus == "civic":
        return _civic_label(example, subject, obj, sentence_text)
    gold = [e for e in example.entities if window[0] <= e.start and e.end <= window[1]]
    s_keys, o_keys = overlapping(subject, gold), overlapping(obj, gold)
    if not s_keys or not o_keys or s_keys & o_keys:
        return None
    units = window_units(example, window)
    found = [(pair, units[pair]) for pair in units if any(k in pair for k in s_keys) and any(k in pair for k in o_keys)]
    if not found:
        # ChemProt lists the related pairs among its marked entities: the others are not related
        return NONE if example.corpus == "chemprot" else None
    pair, (label, relation) = found[0]
    if relation is None or label == NEGATIVE:
        return NONE
    if not relation.claim_types:
        return NONE if example.corpus == "chemprot" else None
    return _typed_label(example, relation, subject, obj, s_keys, gold, sentence_text)


def _typed_label(example, relation, subject, obj, s_keys, gold, sentence_text) -> str | None:
    first = relation.claim_types[0]
    if first == "interaction":
        return first if subject.entity_type == obj.entity_type == "gene" else None
    if example.corpus == "civicmine":
        if relation.a not in s_keys or subject.entity_type != "gene":
            return None
        if RESISTANCE_WORDS.search(sentence_text):
            return "resistance"
        return "sensitization" if SENSITIVITY_WORDS.search(sentence_text) else None
    # chemical -> gene correlations
    types = {k: e.entity_type for e in gold for k in e.keys}
    subject_type = next((types.get(k) for k in s_keys if types.get(k)), None)
    is_chemical = subject_type == "drug" if subject_type else subject.entity_type == "drug"
    if not is_chemical or obj.entity_type != "gene":
        return NONE if subject.entity_type == "gene" and obj.entity_type == "drug" else None
    if subject.entity_type != "drug":
        return None
    if example.corpus == "biored" and EXPRESSION_WORDS.search(sentence_text):
        return "expression_down" if first == "inhibition" else "expression_up"
    return first


def _civic_label(example: RelationExample, subject: Mention, obj: Mention, sentence_text: str) -> str | None:
    from litclaims.evaluation.civic import OUTCOME_WORDS, drug_matches, gene_matches

    if subject.entity_type != "gene" or obj.entity_type not in ("drug", "therapy"):
        return None
    if not gene_matches(subject, example.gene) or not drug_matches(obj, example.drugs):
        return None
    if not example.supports:
        return NONE
    return example.relations[0].claim_types[0] if OUTCOME_WORDS.search(sentence_text) else None

