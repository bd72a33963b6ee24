"""Training examples: corpus sentences tokenized by the production front end, with
the gold entities aligned to the production tokens.

The predicted doc is made by the front end (tokenizer, token splitter, lexicon
NER), so it carries `doc.spans["lexicon"]`, which the models read as features,
and the same tokens the models see in production.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.training import Example

from litclaims.evaluation.conll import ConllSentence, chunks, iter_token_offsets, map_tags
from tools.training.corpora import CorpusSpec


@dataclass
class AlignmentStats:
    entities: int = 0
    misaligned: int = 0  # gold entities whose edges fall inside a production token


def make_example(front: Language, sentence: ConllSentence, spec: CorpusSpec, stats: AlignmentStats) -> Example:
    return make_examples(front, sentence, spec, [], stats)[spec.name]


def make_examples(
    front: Language, sentence: ConllSentence, spec: CorpusSpec, other_heads: list[CorpusSpec], stats: AlignmentStats
) -> dict[str, Example]:
    """The example for the sentence's own head (every token labelled) and, for each
    other head, a negatives-only example: the spans this corpus annotates (a gene
    in BC2GM, a chemical in BC5CDR) are "not an entity" for the other heads and
    every other token is unknown, so the gene head learns that chemicals are not
    genes without being taught that unannotated genes in BC5CDR are not genes."""
    text = " ".join(sentence.tokens)
    predicted = front(text)
    examples = {spec.name: _own_example(predicted, sentence, spec, stats)}
    annotated = _all_annotated_spans(examples[spec.name].reference, sentence, spec)
    for head in other_heads:
        reference = _blank_reference(predicted)
        outside = [reference[s:e] for s, e, label in annotated if label not in head.types]
        reference.set_ents([], outside=outside, default="missing")
        examples[head.name] = Example(predicted, reference)
    return examples


def _blank_reference(predicted: Doc) -> Doc:
    return Doc(predicted.vocab, words=[t.text for t in predicted], spaces=[bool(t.whitespace_) for t in predicted])


def _all_annotated_spans(reference: Doc, sentence: ConllSentence, spec: CorpusSpec) -> list[tuple[int, int, str]]:
    """Token spans of every annotation in the sentence, mapped or not (JNLPBA's
    protein spans are annotated, just not as a type of this project)."""
    offsets = list(iter_token_offsets(sentence.tokens))
    found = []
    for start, end, label in chunks(sentence.tags):
        span = reference.char_span(offsets[start][0], offsets[end - 1][1], alignment_mode="expand")
        if span is not None:
            found.append((span.start, span.end, spec.mapping.get(label, label)))
    return found


def _own_example(predicted: Doc, sentence: ConllSentence, spec: CorpusSpec, stats: AlignmentStats) -> Example:
    reference = _blank_reference(predicted)
    offsets = list(iter_token_offsets(sentence.tokens))
    gold: list[Span] = []
    for start, end, label in chunks(map_tags(sentence.tags, spec.mapping)):
        stats.entities += 1
        char_start, char_end = offsets[start][0], offsets[end - 1][1]
        span = reference.char_span(char_start, char_end, label=label, alignment_mode="strict")
        if span is None:
            # An entity edge inside a production token ("PI3K/Akt" when only PI3K is
            # gold): learn the nearest token-aligned span rather than nothing.
            stats.misaligned += 1
            span = reference.char_span(char_start, char_end, label=label, alignment_mode="expand")
        if span is not None:
            gold.append(span)
    reference.set_ents(_non_overlapping(gold), default="outside")
    return Example(predicted, reference)


def _non_overlapping(spans: list[Span]) -> list[Span]:
    out: list[Span] = []
    last = -1
    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= last:
            out.append(span)
            last = span.end
    return out
