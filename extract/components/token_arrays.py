"""Per-token values of a whole doc read from its attribute arrays (in C) instead of one
Token object per token: the components that walk every token of every doc need only
their texts, whitespace or sentence starts, and building the Token objects cost more
than the walks themselves (docs/benchmarks.md, "Issue 13/14 headroom")."""

from __future__ import annotations

from spacy.attrs import ORTH, SENT_START, SPACY
from spacy.tokens import Doc


def token_texts(doc: Doc) -> list[str]:
    """`[t.text for t in doc]`."""
    strings = doc.vocab.strings
    return [strings[orth] for orth in doc.to_array(ORTH).tolist()]


def whitespace_flags(doc: Doc) -> list[bool]:
    """`[bool(t.whitespace_) for t in doc]`."""
    return doc.to_array(SPACY).astype(bool).tolist()


def sentence_start_flags(doc: Doc) -> list[bool]:
    """`[bool(t.is_sent_start) for t in doc]`: SENT_START is 1 at a start, -1 (stored as
    uint64) or 0 elsewhere."""
    return (doc.to_array(SENT_START).astype("int64") == 1).tolist()
