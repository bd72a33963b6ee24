"""Repair of ligatures the PDF *dropped*: "signi cant", "e ect", "af nity".

Some fonts draw fi/fl/ff/ffi/ffl as one glyph with no Unicode mapping; the text
layer then has a gap (a space, or nothing) where the letters were. A gap is
repaired only when putting one of the ligatures back makes a known word and the
two pieces are not both words already ("of ce" -> "office", but "a t" stays).
"""

from __future__ import annotations

import re

from litclaims.ingest.blocks import Counts
from litclaims.ingest.vocab import Vocabulary

LIGATURE_LETTERS = ("fi", "ff", "fl", "ffi", "ffl")
# Two letter runs separated by one space; the left run may be capitalised.
GAP = re.compile(r"\b([A-Za-z]{1,20}) ([a-z]{1,20})\b")
MIN_ZIPF = 2.0
# Stricter for a word-initial gap, where the left piece is a word on its own.
WORD_START_ZIPF = 3.0


def repair_dropped_ligatures(text: str, vocab: Vocabulary, counts: Counts) -> str:
    if not vocab.zipf:
        return text

    def replace(match: re.Match[str]) -> str:
        left, right = match.group(1), match.group(2)
        lw = left.lower()
        if vocab.is_common(lw) and vocab.is_common(right) and len(right) > 2:
            return match.group(0)
        for letters in LIGATURE_LETTERS:
            candidate = lw + letters + right
            if vocab.is_word(candidate, min_zipf=MIN_ZIPF):
                counts.dropped_ligatures_repaired += 1
                return left + letters + right
        # The ligature began the right-hand word: "the nal result" -> "the final".
        if vocab.is_common(lw) and not vocab.is_word(right, min_zipf=WORD_START_ZIPF):
            for letters in LIGATURE_LETTERS:
                if vocab.is_word(letters + right, min_zipf=WORD_START_ZIPF):
                    counts.dropped_ligatures_repaired += 1
                    return f"{left} {letters}{right}"
        return match.group(0)

    # Overlapping pairs ("the e ect of"): re-scan from the right piece.
    out = []
    pos = 0
    while True:
        match = GAP.search(text, pos)
        if not match:
            out.append(text[pos:])
            break
        fixed = replace(match)
        if fixed != match.group(0):
            out.append(text[pos : match.start()])
            out.append(fixed)
            pos = match.end()
        else:
            out.append(text[pos : match.start(2)])
            pos = match.start(2)
    return "".join(out)
