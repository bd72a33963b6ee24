"""Lexicon NER: every lexicon match becomes a span in `doc.spans["lexicon"]`,
labelled with its best entity type and grounded (`kb_id_`). The resolver
(`litclaims_entity_resolver`) decides which spans become `doc.ents`."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc, Span

from litclaims.extract.components.token_arrays import sentence_start_flags, token_texts, whitespace_flags
from litclaims.extract.lexicon.matcher import match_tokens
from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.compiled import Lexicon
from litclaims.extract.lexicon.shipped import LEXICON_CONFIG
from litclaims.schemas.vocabulary import LEXICON_SPANS

SPAN_KEY = LEXICON_SPANS


def _derivative_cell_line(text: str, lexicon: Lexicon) -> bool:
    """A lab-made derivative named after its parent line: "MCF-7/HER-2", "MCF-7/5-23"."""
    parent, slash, rest = text.partition("/")
    if not slash or not parent or not rest:
        return False
    return lexicon.lookup_type(norm_key(parent), parent, "cell_line") is not None


class LexiconNER:
    def __init__(self, nlp: Language, name: str, lexicon: Lexicon) -> None:
        self.name = name
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        lexicon = self.lexicon
        texts = token_texts(doc)
        spaces = whitespace_flags(doc)
        sent_starts = sentence_start_flags(doc) if doc.has_annotation("SENT_START") else None
        spans: list[Span] = []
        covered = [False] * len(doc)
        for match in match_tokens(lexicon, texts, spaces, sent_starts):
            best = match.entities[0]
            # span_id keeps every type the key has ("drug|gene"): a feature for the models.
            types = "|".join(sorted({e.entity_type for e in match.entities}))
            spans.append(Span(doc, match.start, match.end, label=best.entity_type, kb_id=best.entity_id, span_id=types))
            for k in range(match.start, match.end):
                covered[k] = True
        for i, text in enumerate(texts):
            if not covered[i] and "/" in text and _derivative_cell_line(text, lexicon):
                spans.append(Span(doc, i, i + 1, label="cell_line", kb_id="", span_id="cell_line"))
        spans.sort(key=lambda s: s.start)
        doc.spans[SPAN_KEY] = spans
        return doc


@Language.factory("litclaims_lexicon_ner", default_config={"lexicon": LEXICON_CONFIG})
def make_lexicon_ner(nlp: Language, name: str, lexicon: Lexicon) -> LexiconNER:
    return LexiconNER(nlp, name, lexicon)
