"""The tokenizer: scispaCy's rule tokenizer (keeps "IGF-IR", "MCF-7", "CP-751,871"
and "NF-κB" whole). Tokens it keeps whole but that hold two mentions
("PI3K/Akt", "anti-IGF-IR") are split later by the `litclaims_token_splitter`
component, which needs the lexicon to decide."""

from __future__ import annotations

from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language
from spacy.tokenizer import Tokenizer


def build_tokenizer(nlp: Language) -> Tokenizer:
    return combined_rule_tokenizer(nlp)
