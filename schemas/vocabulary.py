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
