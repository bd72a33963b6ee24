"""The compiled lexicon shipped in the package data, as a spaCy registered object.

The pipeline's components name it in their config (`{"@misc": "litclaims.lexicon.v1"}`,
their factories' default), so `nlp.add_pipe("litclaims_lexicon_ner")` gets the lexicon
without being handed it, and `nlp.config` says where it came from.
"""

from __future__ import annotations

from functools import lru_cache

from spacy.util import registry

from litclaims.extract.lexicon.compiled import DATA_DIR, LEXICON_FILE, Lexicon

SHIPPED_LEXICON = DATA_DIR / LEXICON_FILE
LEXICON_CONFIG = {"@misc": "litclaims.lexicon.v1"}


@registry.misc("litclaims.lexicon.v1")
def shipped_lexicon() -> Lexicon:
    """The shipped compiled lexicon. Loaded once per process: it is read-only, and the
    three components that name it share one copy (~400k keys)."""
    return _load_shipped()


@lru_cache(maxsize=1)
def _load_shipped() -> Lexicon:
    return Lexicon.load(SHIPPED_LEXICON)
