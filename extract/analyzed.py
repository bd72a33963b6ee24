"""The unit the claim engine reads: one sentence with its spaCy span and mentions."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span

from litclaims.schemas.records import Mention, Sentence


@dataclass(frozen=True)
class AnalyzedSentence:
    """A sentence record with the spaCy span it came from and the mentions inside it.

    `mentions` are in text order; their offsets are in the document's clean text
    (the span's own character offsets are relative to its section chunk:
    `sentence.start - span.start_char` converts between the two)."""

    sentence: Sentence
    span: Span
    mentions: tuple[Mention, ...]
