"""A rule sentence splitter over tokens, for scientific prose.

A sentence ends at ".", "!" or "?" when the next word starts a sentence (a
capital, or a symbol with a capital or digit such as "mTOR" or "p53"), and
not after abbreviations that take a following word or number: "et al." (only
a capitalised word after it ends a sentence, never "(2005)"), "e.g.", "i.e.",
"Fig. 1", "vs.", "approx. 5", "ca.", "cf.". A blank line always ends a sentence.
docs/ner.md compares it with scispaCy's pysbd_sentencizer.
"""

from __future__ import annotations

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

# Words that, followed by ".", do not end a sentence when more text follows.
NO_BREAK_AFTER = frozenset(
    """e.g i.e vs v cf ca approx approx ref refs fig figs eq eqs no nos sec secs
    tab suppl vol pp p dr mr mrs ms prof st inc ltd co corp jr sr resp var sp spp
    al et etc viz ibid op cit min max wt aa nt bp kb kd kda i.v i.p s.c p.o""".split()
)
SENTENCE_PUNCT = frozenset({".", "!", "?", "...", "…"})
CLOSERS = frozenset({")", "]", "}", '"', "'", "”", "’"})


def _abbreviation(text: str) -> bool:
    return text.lower().rstrip(".") in NO_BREAK_AFTER


def _starts_sentence(word: str) -> bool:
    if not word:
        return False
    first = word[0]
    if first.isupper() or first in "\"“'‘(":
        return True
    # "mTOR inhibitors ...", "p53 is ...", "siRNA ...": lower-case symbols open sentences too.
    return first.isalpha() and any(c.isupper() or c.isdigit() for c in word[1:]) or first.isdigit()


def sentence_starts(texts: list[str]) -> list[bool]:
    """is_sent_start for each token text (token 0 is always a start)."""
    n = len(texts)
    starts = [False] * n
    if n:
        starts[0] = True
    for i, text in enumerate(texts):
        if "\n\n" in text or (text.isspace() and text.count("\n") >= 2):
            if i + 1 < n:
                starts[i + 1] = True
            continue
        is_end = text in SENTENCE_PUNCT
        abbreviation_token = False
        if not is_end and len(text) > 1 and text.endswith(".") and text not in SENTENCE_PUNCT:
            # A token that kept its period ("al.", "e.g.", "U.S.", "Fig.").
            is_end = True
            abbreviation_token = True
        if not is_end:
            continue
        j = i + 1
        while j < n and (texts[j] in CLOSERS or texts[j].isspace()):
            j += 1
        if j >= n:
            continue
        nxt = texts[j]
        if abbreviation_token:
            word = text
        elif text == "." and i > 0 and _abbreviation(texts[i - 1]):
            word = texts[i - 1]
        else:
            word = ""
        if text == "." and i > 0 and len(texts[i - 1]) == 1 and texts[i - 1].isupper():
            continue  # an initial or a one-letter name: "J. Smith", "F. VIII"
        if word:
            low = word.lower().rstrip(".")
            if low in {"al", "etc"}:
                # "et al. The ..." ends a sentence; "et al. (2005)" and "et al. 2005" do not.
                if not (nxt[:1].isupper() and nxt.isalpha() and len(nxt) > 1):
                    continue
            elif _abbreviation(word):
                continue
        if _starts_sentence(nxt) and nxt not in CLOSERS:
            starts[j] = True
    return starts


class SentenceSplitter:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc, one_sentence_each: bool = False) -> Doc:
        """`one_sentence_each` (per call: nlp.pipe(..., component_cfg={"litclaims_sentences":
        {"one_sentence_each": True}})): each doc is one sentence already, a corpus's own
        split, which is kept ("factor PU . 1" is one name, not two sentences)."""
        if not len(doc):
            return doc
        flags = [True] + [False] * (len(doc) - 1) if one_sentence_each else sentence_starts([t.text for t in doc])
        # One array write: setting token.is_sent_start one by one re-checks the whole
        # doc's annotation each time (quadratic).
        # SENT_START is 1 (starts) / -1 (does not); attribute arrays are uint64.
        values = numpy.asarray([1 if f else -1 for f in flags], dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], values)
        return doc


@Language.factory("litclaims_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp, name)
