"""The compiled lexicon as a spaCy registered object.

The pipeline's components name it in their config (`{"@misc": "litclaims.lexicon.v1"}`,
their factories' default), so `nlp.add_pipe("litclaims_lexicon_ner")` gets the lexicon
shipped in the package data without being handed it, and `nlp.config` says where it
came from. `{"@misc": "litclaims.lexicon.v1", "path": "..."}` names another compiled
lexicon (tests use a small hand-made one).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Optional

from spacy.util import registry

from litclaims.extract.lexicon.compiled import DATA_DIR, LEXICON_FILE, Lexicon

SHIPPED_LEXICON = DATA_DIR / LEXICON_FILE
LEXICON_CONFIG = {"@misc": "litclaims.lexicon.v1"}


@registry.misc("litclaims.lexicon.v1")
def compiled_lexicon(path: Optional[str] = None) -> Lexicon:
    """The compiled lexicon at `path`, by default the shipped one. Each file is loaded
    once per process: a lexicon is read-only, and the three components that name it
    share one copy (~400k keys)."""
    return _load(str(Path(path).resolve()) if path else str(SHIPPED_LEXICON))


@lru_cache(maxsize=4)
def _load(path: str) -> Lexicon:
    return Lexicon.load(Path(path))
