"""A rule sentence splitter over tokens, for scientific prose.

A sentence ends at ".", "!" or "?" when the next word starts a sentence (a
capital, or a symbol with a capital or digit such as "mTOR" or "p53"), and
not after abbreviations that take a following word or number: "et al." (only
a capitalised word after it ends a sentence, never "(2005)"), "e.g.", "i.e.",
"Fig. 1", "vs.", "approx. 5", "ca.", "cf.". A blank line always ends a sentence.
A citation after the full stop stays with the sentence it ends: "observed.⁴⁸
Next", "observed.[12] Next", "observed.48 Next" (the tokenizer keeps such a
word, stop and citation as one token), "observed. [12, 13] Next".
docs/ner.md compares it with scispaCy's pysbd_sentencizer.
"""

from __future__ import annotations

import re

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

from litclaims.extract.components.token_arrays import token_texts

# Words that, followed by ".", do not end a sentence when more text follows.
NO_BREAK_AFTER = frozenset(
    """e.g i.e vs v cf ca approx approx ref refs fig figs eq eqs no nos sec secs
    tab suppl vol pp p dr mr mrs ms prof st inc ltd co corp jr sr resp var sp spp
    al et etc viz ibid op cit min max wt aa nt bp kb kd kda i.v i.p s.c p.o""".split()
)
SENTENCE_PUNCT = frozenset({".", "!", "?", "...", "…"})
CLOSERS = frozenset({")", "]", "}", '"', "'", "”", "’"})
_SUP = "[\u2070\u00b9\u00b2\u00b3\u2074-\u2079]+"
# A word, its full stop and a citation in one token: "observed.⁴⁸", "cells.[12,13", "al.(4)", "observed.48".
WORD_STOP_CITATION = re.compile(
    rf"^(?P<word>.*[^\W\d_])\.(?:{_SUP}(?:[,\u207b\u2013-]{_SUP})*|[\[(]\d{{1,3}}(?:[,\u2013-]\d{{1,3}})*[\])]?"
    rf"|\d{{1,3}}(?:[,\u2013-]\d{{1,3}})*)$"
)
# Tokens of a citation standing after the full stop: "⁴⁸", "¹³", "12,13" inside brackets.
SUPERSCRIPT_CITATION = re.compile(rf"^{_SUP}(?:[,\u207b\u2013-]{_SUP})*,?$")
BRACKETED_REFS = re.compile(r"^\d{1,3}(?:\s*[,\u2013-]\s*\d{1,3})*$")


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
        cited = WORD_STOP_CITATION.match(text) if not is_end else None
        if cited:
            is_end = True
            abbreviation_token = True
            text = cited.group("word") + "."
        elif not is_end and len(text) > 1 and text.endswith(".") and text not in SENTENCE_PUNCT:
            # A token that kept its period ("al.", "e.g.", "U.S.", "Fig.").
            is_end = True
            abbreviation_token = True
        if not is_end:
            continue
        j = _after_closers_and_citations(texts, i + 1)
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


def _after_closers_and_citations(texts: list[str], j: int) -> int:
    """The first token from `j` on that is not a closing bracket or quote, white
    space, or a citation ("⁴⁸", "[12, 13]", "(4)") standing after a full stop."""
    n = len(texts)
    while j < n:
        if "\n" in texts[j]:
            # A citation never opens the next paragraph or line ("[2] B. Smith, ...").
            while j < n and texts[j].isspace():
                j += 1
            return j
        if texts[j] in CLOSERS or texts[j].isspace() or SUPERSCRIPT_CITATION.match(texts[j]):
            j += 1
            continue
        group = _bracketed_refs_length(texts, j)
        if not group:
            return j
        j += group
    return j


def _bracketed_refs_length(texts: list[str], j: int) -> int:
    """Tokens in "[", "12", ",", "13", "]" (or parentheses) starting at `j`; 0 if none."""
    if texts[j] not in ("[", "("):
        return 0
    closer = "]" if texts[j] == "[" else ")"
    k = j + 1
    while k < len(texts) and k - j <= 12 and (BRACKETED_REFS.match(texts[k]) or texts[k] in (",", "-", "\u2013", " ")):
        k += 1
    if k > j + 1 and k < len(texts) and texts[k] == closer:
        return k - j + 1
    return 0


class SentenceSplitter:
    def __init__(self, nlp: Language, name: str) -> None:
        self.name = name

    def __call__(self, doc: Doc, one_sentence_each: bool = False) -> Doc:
        """`one_sentence_each` (per call: nlp.pipe(..., component_cfg={"litclaims_sentences":
        {"one_sentence_each": True}})): each doc is one sentence already, a corpus's own
        split, which is kept ("factor PU . 1" is one name, not two sentences)."""
        if not len(doc):
            return doc
        flags = [True] + [False] * (len(doc) - 1) if one_sentence_each else sentence_starts(token_texts(doc))
        # One array write: setting token.is_sent_start one by one re-checks the whole
        # doc's annotation each time (quadratic).
        # SENT_START is 1 (starts) / -1 (does not); attribute arrays are uint64.
        values = numpy.asarray([1 if f else -1 for f in flags], dtype="int64").astype("uint64").reshape(-1, 1)
        doc.from_array([SENT_START], values)
        return doc


@Language.factory("litclaims_sentences")
def make_sentence_splitter(nlp: Language, name: str) -> SentenceSplitter:
    return SentenceSplitter(nlp, name)
