"""EntitiesBySentence hands out each sentence's entities as spaCy's Span.ents does,
from one read of doc.ents (Span.ents re-reads it per sentence)."""

import spacy
from spacy.tokens import Span

from litclaims.extract.extractor import EntitiesBySentence


def _doc_with_sentences_and_entities():
    nlp = spacy.blank("en")
    doc = nlp("EGFR binds gefitinib . KRAS mutant HCT116 cells resist it . BRAF V600E helps . MEK")
    starts = {0, 4, 11, 15}
    for token in doc:
        token.is_sent_start = token.i in starts
    # the last-but-one entity crosses a sentence boundary ("helps . MEK"): Span.ents leaves it out
    doc.ents = [Span(doc, 0, 1, "gene"), Span(doc, 2, 3, "drug"), Span(doc, 4, 5, "gene"),
                Span(doc, 6, 8, "cell_line"), Span(doc, 11, 12, "gene"), Span(doc, 13, 16, "gene")]
    return doc


def test_each_sentence_gets_the_entities_span_ents_gives():
    doc = _doc_with_sentences_and_entities()
    by_sentence = EntitiesBySentence(doc)
    for sent in doc.sents:
        assert [(e.start, e.end, e.label_) for e in by_sentence.within(sent)] == \
            [(e.start, e.end, e.label_) for e in sent.ents]


def test_an_entity_across_two_sentences_belongs_to_neither():
    doc = _doc_with_sentences_and_entities()
    by_sentence = EntitiesBySentence(doc)
    sentences = list(doc.sents)
    assert [e.text for e in by_sentence.within(sentences[2])] == ["BRAF"]
    assert by_sentence.within(sentences[3]) == []
    assert [e.text for e in by_sentence.within(sentences[1])] == ["KRAS", "HCT116 cells"]
