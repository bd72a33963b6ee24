"""The project's vocabulary, defined once: entity types, claim types, section
kinds, the spaCy span-group keys, and what makes two mentions the same entity.

`entity_key` has a SQL twin, the DuckDB macro `entity_key(entity_id, text)`
(schemas/sql/003_entity_key.sql), which the cross-paper views use; a test
checks that both agree on a table of cases.
"""

from __future__ import annotations

from typing import Literal

EntityType = Literal["gene", "drug", "cell_line", "therapy", "disease"]
ENTITY_TYPES: tuple[str, ...] = ("gene", "drug", "cell_line", "therapy", "disease")

CLAIM_TYPES: tuple[str, ...] = (
    "resistance",
    "sensitization",
    "inhibition",
    "activation",
    "phosphorylation",
    "expression_up",
    "expression_down",
    "interaction",
    "response_association",
)
# Claim types whose two arguments can be swapped without changing the claim.
SYMMETRIC_CLAIM_TYPES = frozenset({"interaction"})

SectionKind = Literal["front", "body", "caption", "references"]

# spaCy span groups (doc.spans[...]) the pipeline writes and reads.
LEXICON_SPANS = "lexicon"  # every lexicon match (litclaims_lexicon_ner)
MODEL_SPANS_PREFIX = "ner_"  # one group per trained head: ner_bc2gm, ner_bc5cdr, ...
MENTIONS_SPANS = "mentions"  # recognised extents, for `litclaims tag` / `eval ner`

# Characters that do not distinguish two ungrounded names ("IGF-1R" = "IGF 1R" = "igf1r").
_KEY_IGNORED = " -"
TEXT_KEY_PREFIX = "text:"


def entity_key(entity_id: str | None, text: str) -> str:
    """What makes two mentions the same entity: the grounded id, else the text
    in lower case without spaces and hyphens (the spec's matching rule),
    prefixed so that it never equals an id."""
    if entity_id:
        return entity_id
    return TEXT_KEY_PREFIX + "".join(ch for ch in text.lower() if ch not in _KEY_IGNORED)


# --- gene states (Claim.subject_state / object_state) -----------------------------------
# A claim's gene argument may be stated in a state: "EGFR T790M confers resistance",
# "loss of PTEN". The state is a sequence change written as such (T790M, G12C,
# c.2573T>G, "exon 19 deletion"; extract/claims/gene_states.py) or one of these kinds.
GENE_STATE_KINDS: tuple[str, ...] = (
    "mutation", "amplification", "deletion", "loss", "fusion", "overexpression", "knockdown", "wild-type",
)
# Several states of one mention are joined by this, in the order the text gives them.
GENE_STATE_SEPARATOR = ";"
# The words that name each kind, as the claim engine compares words (lower case,
# hyphens dropped: "knock-down" -> "knockdown", "wild-type" -> "wildtype").
GENE_STATE_WORDS: dict[str, str] = {
    **dict.fromkeys(("mutation", "mutations", "mutant", "mutants", "mutated", "alteration", "alterations",
                     "altered"), "mutation"),
    **dict.fromkeys(("amplification", "amplifications", "amplified"), "amplification"),
    **dict.fromkeys(("deletion", "deletions", "deleted", "knockout"), "deletion"),
    **dict.fromkeys(("loss", "lossoffunction", "null", "deficient", "deficiency", "inactivation"), "loss"),
    **dict.fromkeys(("fusion", "fusions", "rearrangement", "rearrangements", "rearranged", "translocation",
                     "translocations", "fusionpositive"), "fusion"),
    **dict.fromkeys(("overexpression", "overexpressed", "overexpressing"), "overexpression"),
    **dict.fromkeys(("knockdown", "knockdowns", "sirna", "shrna", "sirnas", "shrnas", "silencing", "silenced",
                     "depletion", "depleted"), "knockdown"),
    **dict.fromkeys(("wildtype", "wt"), "wild-type"),
}
# States that say how much of the gene there is. On the object of an expression claim
# ("D induced loss of PTEN") they are the claim's effect, not a state the gene is in.
GENE_AMOUNT_STATES = frozenset({"loss", "knockdown", "overexpression"})
