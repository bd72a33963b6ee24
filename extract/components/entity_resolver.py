"""Merge the candidate mentions into `doc.ents` and ground them.

Candidates come from span groups: `doc.spans["lexicon"]` (the lexicon matcher)
and `doc.spans["ner_*"]` (the trained models, labels already in this project's
types). The rules, in order:

1. Abbreviations defined in the document ("type I insulin-like growth factor
   receptor (IGF-IR)") are grounded through their long form. A short form whose
   long form is not an entity ("endoplasmic reticulum (ER)") drops the lexicon's
   guess for it, so "ER" there is not estrogen receptor.
2. Model spans win over lexicon spans they overlap (the models decide the
   boundaries they were trained on); a model span is grounded by a lexicon
   lookup of its own text in its type, else by the one same-type lexicon match
   inside it, else stays ungrounded.
3. Lexicon spans that no model span overlaps are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.language import Language
from spacy.tokens import Doc, Span

from extract.components.lexicon_ner import SPAN_KEY as LEXICON_KEY
from extract.lexicon.normalize import norm_key
from extract.lexicon.store import Entity, Lexicon

MODEL_KEY_PREFIX = "ner_"


@dataclass
class Candidate:
    start: int
    end: int
    label: str
    entity: Entity | None
    source: str


def abbreviation_map(doc: Doc) -> dict[str, str]:
    """{short form: long form} for this doc: the document-wide map when the doc was
    processed by process_sections, else the doc's own definitions."""
    shared = doc._.document_abbreviations
    if shared is not None:
        return shared
    found: dict[str, str] = {}
    if doc.has_extension("abbreviations"):
        for short in doc._.abbreviations:
            long_form = short._.long_form
            if long_form is not None:
                found.setdefault(short.text, long_form if isinstance(long_form, str) else long_form.text)
    return found


def ground_text(lexicon: Lexicon, text: str, label: str | None = None) -> Entity | None:
    """The lexicon's entity for a piece of text (in `label`'s type when given).
    Plural and possessive endings are retried without them ("SERMs", "IGF-IR's")."""
    tries = [text]
    if text.endswith("'s") or text.endswith("’s"):
        tries.append(text[:-2])
    if text.endswith("s") and len(text) > 3:
        tries.append(text[:-1])
    for t in tries:
        key = norm_key(t)
        if not key:
            continue
        if label is None:
            found = lexicon.lookup(key, t)
            if found:
                return found[0]
        else:
            entity = lexicon.lookup_type(key, t, label)
            if entity is not None:
                return entity
    return None


class EntityResolver:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name
        self.lexicon: Lexicon | None = None

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        if lexicon is None:
            raise RuntimeError(f"{self.name}: no lexicon set; build the pipeline with extract.pipeline.build_pipeline")
        abbreviations = abbreviation_map(doc)
        # short form -> its entity via the long form (None: defined, but not an entity)
        defined: dict[str, Entity | None] = {
            short: ground_text(lexicon, long_form) for short, long_form in abbreviations.items()
        }
        lexicon_spans = list(doc.spans[LEXICON_KEY]) if LEXICON_KEY in doc.spans else []
        model_spans = [
            span for key in sorted(doc.spans) if key.startswith(MODEL_KEY_PREFIX) for span in doc.spans[key]
        ]
        model_keys = {id(span): key for key in doc.spans if key.startswith(MODEL_KEY_PREFIX) for span in doc.spans[key]}

        chosen: list[Candidate] = []
        taken = [False] * len(doc)

        def free(start: int, end: int) -> bool:
            return not any(taken[start:end])

        def take(c: Candidate) -> None:
            chosen.append(c)
            for k in range(c.start, c.end):
                taken[k] = True

        # Models first, longest first so a nested shorter model span cannot split a longer one.
        for span in sorted(model_spans, key=lambda s: (-(s.end - s.start), s.start)):
            if not free(span.start, span.end):
                continue
            label = span.label_
            entity = None
            source = model_keys[id(span)]
            if span.text in defined and defined[span.text] is not None and defined[span.text].entity_type == label:
                entity = defined[span.text]
            if entity is None:
                entity = ground_text(lexicon, span.text, label)
            if entity is None:
                inside = [s for s in lexicon_spans if s.start >= span.start and s.end <= span.end and s.label_ == label]
                if len(inside) == 1:
                    entity = ground_text(lexicon, inside[0].text, label)
            take(Candidate(span.start, span.end, label, entity, source))

        for span in lexicon_spans:
            if not free(span.start, span.end):
                continue
            text = span.text
            if text in defined:
                entity = defined[text]
                if entity is None:
                    continue  # defined in this paper as something that is not an entity
                take(Candidate(span.start, span.end, entity.entity_type, entity, "abbreviation"))
                continue
            entity = Entity(span.label_, span.kb_id_, "") if span.kb_id_ else None
            entity = ground_text(lexicon, text, span.label_) or entity or Entity(span.label_, "", text)
            take(Candidate(span.start, span.end, span.label_, entity, "lexicon"))

        # Short forms defined in the paper that neither the models nor the lexicon found.
        if defined:
            for token in doc:
                if taken[token.i]:
                    continue
                entity = defined.get(token.text)
                if entity is not None:
                    take(Candidate(token.i, token.i + 1, entity.entity_type, entity, "abbreviation"))

        ents: list[Span] = []
        for c in sorted(chosen, key=lambda c: c.start):
            kb_id = c.entity.entity_id if c.entity else ""
            span = Span(doc, c.start, c.end, label=c.label, kb_id=kb_id)
            span._.entity_name = (c.entity.name or None) if c.entity else None
            span._.mention_source = c.source
            ents.append(span)
        doc.set_ents(ents, default="outside")
        # Span extensions live on the doc's user data keyed by offsets, so the spans
        # in doc.ents carry what was set on these equal spans.
        return doc


@Language.factory("litclaims_entity_resolver")
def make_entity_resolver(nlp: Language, name: str) -> EntityResolver:
    return EntityResolver(nlp, name)
