"""Lexicon matching over tokens: a dict lookup on the norm key of token n-grams.

Greedy, left to right, longest first. A start token is tried only when some
lexicon surface begins with a token of that key (`Lexicon.max_tokens`), so most
tokens cost one dict lookup. No PhraseMatcher over hundreds of thousands of
patterns has to be built at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from litclaims.extract.lexicon.keys import norm_key
from litclaims.extract.lexicon.compiled import Entity, Lexicon

# A decimal number: its point matters ("12.5" is not "125").
_DECIMAL = re.compile(r"^\d+\.\d+$")

# An ion: an element symbol and its charge ("Ca2+", "Mg2+", "Fe3+", "Cl-", "Ca(2+)").
# Its norm key drops the charge ("ca2" is the gene CA2), so it is looked up under the
# element's (or ion's) name in the chemical type only, and is nothing else when the
# lexicon has no such chemical (the sources drop "sodium", "zinc", "iron" as common
# words).
ION_ELEMENTS = {
    "Ca": "calcium", "Mg": "magnesium", "Na": "sodium cation", "K": "potassium", "Zn": "zinc cation",
    "Fe": "iron", "Cu": "copper", "Mn": "manganese", "Cl": "chloride ion", "Cd": "cadmium", "Pb": "lead",
    "Hg": "mercury", "Li": "lithium", "Co": "cobalt", "Ni": "nickel", "Al": "aluminum", "Ba": "barium",
    "Sr": "strontium", "Cs": "cesium", "Rb": "rubidium",
}
ION = re.compile(r"^(?P<element>" + "|".join(ION_ELEMENTS) + r")(?:\d?[+-]|\(\d?[+-]\))$")


def ion_entities(lexicon: Lexicon, text: str) -> tuple[Entity, ...]:
    """The element's chemical entry for an ion's text; () for any other text."""
    match = ION.match(text)
    if match is None:
        return ()
    name = ION_ELEMENTS[match["element"]]
    return tuple(e for e in lexicon.lookup(norm_key(name), name) if e.entity_type == "drug")


def _prose_comma(texts: Sequence[str], spaces: Sequence[bool], k: int) -> bool:
    """A comma or semicolon as prose writes it: glued to the word before, a space after
    ("Bonanni, R., and"). One with spaces on both sides is a tokenized corpus's
    ("L - 3 , 4 - dihydroxyphenylalanine"), and may sit inside a chemical name."""
    return texts[k] in (",", ";") and k > 0 and not spaces[k - 1] and spaces[k]


def unbalanced_brackets(text: str) -> bool:
    """The text opens or closes a bracket it does not close or open ("IRS-1 (29")."""
    return text.count("(") != text.count(")") or text.count("[") != text.count("]")


def norm_keys(texts: Sequence[str], known: dict[str, str] | None = None) -> list[str]:
    """Each token's norm key ("" for white space), computed once per distinct text:
    most of a document's tokens repeat ("the", ",", a gene's name). `known`: a cache of
    text -> key to read and fill (kept across documents by a caller that wants it)."""
    known = {} if known is None else known
    norms = []
    for text in texts:
        norm = known.get(text)
        if norm is None:
            norm = known[text] = norm_key(text) if not text.isspace() else ""
        norms.append(norm)
    return norms


@dataclass(frozen=True)
class LexiconMatch:
    """Tokens [start, end) matched lexicon entries; `entities` best first, one per type."""

    start: int
    end: int
    entities: tuple[Entity, ...]


def match_tokens(
    lexicon: Lexicon,
    texts: Sequence[str],
    spaces: Sequence[bool],
    sent_starts: Sequence[bool] | None = None,
) -> list[LexiconMatch]:
    """Non-overlapping matches over one document's tokens.

    `texts[i]` is a token's text, `spaces[i]` whether whitespace follows it (the
    matched text, compared with the exact spellings that risky keys require, has
    whitespace collapsed to one space). Matches do not cross sentence starts.
    """
    norms = norm_keys(texts)
    n_tokens = len(texts)
    matches: list[LexiconMatch] = []
    i = 0
    while i < n_tokens:
        first = norms[i]
        if texts[i][-1:] in "+-)" and ION.match(texts[i]):
            ion = ion_entities(lexicon, texts[i])
            if ion:
                matches.append(LexiconMatch(i, i + 1, ion))
            i += 1
            continue
        # Single-token keys are looked up directly; longer n-grams only where some
        # multi-token surface starts with this token.
        longest = max(lexicon.max_tokens(first), 1) if first else 0
        found = None
        if longest:
            stop = min(n_tokens, i + longest)
            if sent_starts is not None:
                for j in range(i + 1, stop):
                    if sent_starts[j]:
                        stop = j
                        break
            for end in range(stop, i, -1):
                if not norms[end - 1]:
                    continue  # never end on punctuation or whitespace
                key = "".join(norms[i:end])
                if not lexicon.has_key(key):
                    continue
                # (after the dict test: these run only on n-grams that are lexicon keys)
                if end - i > 1 and (any(_prose_comma(texts, spaces, k) or _DECIMAL.match(texts[k]) for k in range(i, end))
                                    or unbalanced_brackets("".join(texts[i:end]))):
                    continue  # "R., and" is not "rand", "at 12.5" is not "AT-125", "E (2011" is not "E2011"
                text = "".join(texts[k] + (" " if spaces[k] and k < end - 1 else "") for k in range(i, end))
                if len(text) < 2:
                    continue  # one letter ("E" of "McVey E") names nothing
                entities = lexicon.lookup(key, text)
                if entities:
                    found = LexiconMatch(i, end, tuple(entities))
                    break
        if found is None:
            i += 1
        else:
            matches.append(found)
            i = found.end
    return matches
