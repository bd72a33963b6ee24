"""The unit the claim engine reads: one sentence with its spaCy span and mentions."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from spacy.tokens import Span

from litclaims.schemas.records import Mention, Sentence


@dataclass(frozen=True, eq=False)
class TokenVectors:
    """The shared encoder's contextual vector of every token of one sentence (what the
    relation model reads beside its word features): `values` is tokens x width, float16;
    `starts` / `ends` are each token's character offsets relative to the sentence's text,
    as the claim engine's units have them. `encoder` names the encoder that wrote them
    (relation_dense.encoder_fingerprint)."""

    starts: np.ndarray  # int32, one per token
    ends: np.ndarray
    values: np.ndarray  # float16, tokens x width
    encoder: str

    @property
    def width(self) -> int:
        return int(self.values.shape[1])

    def rows(self, start: int, end: int) -> slice:
        """The tokens overlapping the character range [start, end), as a slice (tokens are in order)."""
        first = int(np.searchsorted(self.ends, start, side="right"))
        last = int(np.searchsorted(self.starts, end, side="left"))
        return slice(first, max(first, last))


@dataclass(frozen=True)
class AnalyzedSentence:
    """A sentence record with the spaCy span it came from and the mentions inside it.

    `mentions` are in text order; their offsets are in the document's clean text
    (the span's own character offsets are relative to its section chunk:
    `sentence.start - span.start_char` converts between the two). `vectors`: the
    encoder's token vectors, carried only when the relation model reads them
    (Extractor, relation_model.RelationModel.reads_vectors); None otherwise."""

    sentence: Sentence
    span: Span
    mentions: tuple[Mention, ...]
    vectors: TokenVectors | None = None
