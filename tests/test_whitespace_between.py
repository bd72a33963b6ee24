"""engine.whitespace_between reads the whitespace between two sentences from the tokens at
their boundary; it must equal what the text of both spans gives (the former reading)."""

import spacy

from litclaims.extract.claims.engine import whitespace_between

TEXT = (
    "EGFR T790M confers resistance to gefitinib.\n\nKRAS mutant cells resist cetuximab. "
    "BRAF V600E cells respond to vemurafenib.  \n \n  MET amplification was found.\n"
    "HER2 drives it. \n\n\n \n Loss of PTEN follows.   Last one."
)


def _from_span_texts(a, b) -> str:
    both = a.doc[a.start : b.end].text
    gap = both[a.end_char - a.start_char : b.start_char - a.start_char]
    return a.text[len(a.text.rstrip()) :] + gap + b.text[: len(b.text) - len(b.text.lstrip())]


def test_the_boundary_tokens_give_what_the_span_texts_give():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp(TEXT)
    sentences = list(doc.sents)
    assert len(sentences) >= 6
    seen_blank_line = False
    for a, b in zip(sentences, sentences[1:]):
        assert whitespace_between(a, b) == _from_span_texts(a, b)
        seen_blank_line |= "\n\n" in whitespace_between(a, b)
    assert seen_blank_line


def test_a_sentence_of_whitespace_only_is_read_as_before():
    nlp = spacy.blank("en")
    doc = nlp("First one. \n\n Second one.")
    for token in doc:
        token.is_sent_start = token.i == 0 or token.is_space or doc[token.i - 1].text == "." or doc[token.i - 1].is_space
    sentences = list(doc.sents)
    assert any(all(t.is_space for t in s) for s in sentences)
    for a, b in zip(sentences, sentences[1:]):
        assert whitespace_between(a, b) == _from_span_texts(a, b)
