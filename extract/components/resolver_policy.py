"""The resolver's policy: which source wins where the lexicon and the trained heads
disagree. Each choice was measured on the NER devel sets (docs/ner.md); change one
only with a new measurement."""

from __future__ import annotations

# Types whose lexicon-only matches are dropped when a model predicts the type (rule 3
# of the resolver). None at present: dropping the gene matches the gene head declined
# gains 1.2 gene F1 on BC2GM devel but loses genes the claims need, such as "IRS-1"
# in "IRS-1 expression".
LEXICON_DEFERS_TO_MODEL = frozenset()
# Types whose lexicon-only matches are left out of the recognised mentions
# (doc.spans["mentions"]) when a head predicts the type: on the devel sets they
# added 43 right and 181 wrong genes, 44 right and 66 wrong drugs.
EXTENTS_DEFER_TO_MODEL = frozenset({"gene", "drug"})
# Lexicon types that overrule a head's ungroundable span of another type (rule 2);
# letting drug and disease names overrule too cost 1.7 points of gene F1 on BC2GM
# devel ("insulin" is a drug in the lexicon and a gene in BC2GM).
LEXICON_OVERRULES = frozenset({"gene", "cell_line"})
# Which head wins where two claim overlapping text and the lexicon does not decide.
# Each head also fires on the other corpora's text (the chemical head on protein
# names and on "TPA" in "TPA-treated HL-60 cells", the gene head on drug codes).
# Measured on the devel sets (docs/ner.md): cell lines first, then genes, costs
# the other types least.
TYPE_PRIORITY = {"cell_line": 0, "therapy": 1, "gene": 2, "drug": 3, "disease": 4}


def type_rank(label: str) -> int:
    return TYPE_PRIORITY.get(label, 9)


def model_span_rank(supported: bool, label: str, length: int, start: int) -> tuple:
    """Sort key for overlapping model spans (smaller wins): the span the lexicon
    supports in its type, then the type order, then the longer span."""
    return (not supported, type_rank(label), -length, start)
