"""scispaCy's abbreviation detector with a bounded parenthesis matcher.

scispaCy matches `( + )`: every "(" with every later ")", so a sentence of n
bracketed groups ("[(x) [(x) ...") yields about n²/2 matches; 4,096 groups took
3.5 GB and 26 s. Its own filter (`filter_matches`) then drops every match with
more than 8 tokens inside the brackets. Matching only those lengths in the first
place gives the same candidates in linear time and memory.
"""

from __future__ import annotations

from scispacy.abbreviation import AbbreviationDetector
from spacy.language import Language
from spacy.matcher import Matcher

# scispaCy's filter_matches keeps a match only when `end - start <= 8` tokens inside.
MAX_TOKENS_INSIDE = 8
FACTORY = "litclaims_bounded_abbreviation_detector"


@Language.factory(FACTORY)
class BoundedAbbreviationDetector(AbbreviationDetector):
    """AbbreviationDetector whose candidate matcher stops at MAX_TOKENS_INSIDE tokens
    between the brackets (the longest its own filter keeps)."""

    def __init__(self, nlp: Language, name: str = FACTORY, make_serializable: bool = False) -> None:
        super().__init__(nlp, name=name, make_serializable=make_serializable)
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("parenthesis", [
            [{"ORTH": "("}, *([{}] * inside), {"ORTH": ")"}] for inside in range(1, MAX_TOKENS_INSIDE + 1)
        ])
