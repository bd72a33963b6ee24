"""The tokenizer: scispaCy's rule tokenizer (keeps "IGF-IR", "MCF-7", "CP-751,871"
and "NF-κB" whole). Tokens it keeps whole but that hold two mentions
("PI3K/Akt", "anti-IGF-IR") are split later by the `litclaims_token_splitter`
component, which needs the lexicon to decide."""

from __future__ import annotations

import re
import warnings

from scispacy.custom_tokenizer import combined_rule_tokenizer
from spacy.language import Language
from spacy.tokenizer import Tokenizer

# Protein variants ("T790M", "L858R", "V600E"): scispaCy's unit suffix rule would
# split the final letter off as a unit ("T790" + "M", molar).
_VARIANT = re.compile(r"^[A-Z]\d{1,4}[A-Z]$")


def build_tokenizer(nlp: Language) -> Tokenizer:
    with warnings.catch_warnings():
        # scispaCy's suffix rules compile to a regex that Python's re flags as a possible
        # future set union (a FutureWarning in the log of every process that loads the
        # pipeline); today's reading is the one it tokenizes with.
        warnings.filterwarnings("ignore", message="Possible set union", category=FutureWarning)
        tokenizer = combined_rule_tokenizer(nlp)
    url_match = tokenizer.token_match

    def token_match(text: str):
        return _VARIANT.match(text) or (url_match(text) if url_match else None)

    tokenizer.token_match = token_match
    return tokenizer
