"""The bounded abbreviation detector finds exactly what scispaCy's finds (its own
filter drops the longer matches it no longer makes)."""

from __future__ import annotations

import pytest
import spacy

import scispacy.abbreviation  # noqa: F401  (registers abbreviation_detector)
from litclaims.extract.components.bounded_abbreviations import FACTORY, MAX_TOKENS_INSIDE
from litclaims.extract.components.tokenizer import build_tokenizer

TEXTS = [
    "Selective estrogen receptor modulators (SERMs) such as tamoxifen (TAM) block the estrogen receptor (ER).",
    "The type I insulin-like growth factor receptor (IGF-IR) and insulin receptor substrate 1 (IRS-1) signal.",
    "Epidermal growth factor receptor (EGFR (ErbB1)) mutations (exon 19 deletions (del19) or L858R) respond.",
    "Gefitinib (Iressa, ZD1839, an EGFR tyrosine kinase inhibitor (TKI) used in non small cell lung cancer) works.",
    "IGF-IR confers resistance to tamoxifen. " + "[(x) " * 60,
    "MEK (mitogen-activated protein kinase kinase) and PI3K (phosphatidylinositol 3-kinase) were blocked (P < 0.01).",
]


def _nlp(factory: str):
    nlp = spacy.blank("en")
    nlp.tokenizer = build_tokenizer(nlp)
    nlp.add_pipe(factory, name="abbreviation_detector")
    return nlp


def _found(nlp, text: str) -> list[tuple[int, int, str]]:
    doc = nlp(text)
    return sorted((s.start, s.end, str(s._.long_form)) for s in doc._.abbreviations)


@pytest.mark.parametrize("text", TEXTS)
def test_same_definitions_as_scispacy(text):
    assert _found(_nlp(FACTORY), text) == _found(_nlp("abbreviation_detector"), text)


def test_the_bound_is_scispacys_own_filter():
    from scispacy.abbreviation import filter_matches

    doc = _nlp(FACTORY).make_doc("x ( a b c d e f g h i j ) y")
    # one token more inside the brackets than the bound: scispaCy's filter drops it anyway
    assert filter_matches([(0, 2, 2 + MAX_TOKENS_INSIDE + 1)], doc) == []
    # a definition with eight tokens inside the brackets is still found
    text = "We measured the receptor (a b c d e f g h) and the insulin-like growth factor receptor (IGFR)."
    assert _found(_nlp(FACTORY), text) == _found(_nlp("abbreviation_detector"), text)


def test_the_parenthesis_matcher_returns_what_spacys_matcher_returns():
    """The same (key, start, end) list, in the same order, as a spaCy Matcher with the
    bounded patterns, on nested, empty, unclosed and too-long brackets and a seed paper."""
    from pathlib import Path

    from spacy.matcher import Matcher

    from litclaims.extract.components.bounded_abbreviations import ParenthesisMatcher

    nlp = _nlp(FACTORY)
    matcher = Matcher(nlp.vocab)
    matcher.add("parenthesis", [[{"ORTH": "("}, *([{}] * inside), {"ORTH": ")"}]
                                for inside in range(1, MAX_TOKENS_INSIDE + 1)])
    seed = sorted((Path(__file__).resolve().parent.parent / "corpus").glob("*.txt"))[0]
    texts = [*TEXTS, "((a)) (b) ( ) () (((((c)))))", "x ( a b c d e f g h ) y ( a b c d e f g h i ) z",
             "( ( ( ) ) )", "(", ")", "", seed.read_text(encoding="utf-8")]
    found = 0
    for text in texts:
        doc = nlp.make_doc(text)
        assert ParenthesisMatcher(nlp.vocab.strings)(doc) == matcher(doc), text[:80]
        found += len(matcher(doc))
    assert found > 100
