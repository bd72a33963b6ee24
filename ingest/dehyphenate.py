"""Joining the physical lines of a paragraph, and the hyphen at a line end.

A hyphen at the end of a line is either a typesetter's word break
("prolifer-" + "ation") or a real hyphen that happened to fall there ("IGF-" +
"IR", "hormone-" + "responsive", "paclitaxel-" + " and doxorubicin-induced").
`keep_hyphen` decides, in this order:

1. a capital or digit on either side (IGF-IR, HER-2, MCF-7/HER-2): keep;
2. the next word is a conjunction ("paclitaxel- and ..."): a suspended
   hyphen, keep it and the space;
3. how the biomedical corpora spell it (counts in the compiled word list:
   "down-regulation" 77 times against "downregulation" 30, "long-term" 264
   against 2, "signalling" 75 against "signal-ling" 0);
4. how the document itself spells the word elsewhere, inside a line;
5. the joined form is a known word ("prolifer-" + "ation"): join;
6. both halves are words ("hormone-" + "responsive"): a compound, keep;
   otherwise the right half is a fragment of a word nobody listed: join.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import Iterable

from litclaims.ingest.blocks import Counts
from litclaims.ingest.normalize import SOFT_BREAK
from litclaims.ingest.vocab import Vocabulary

SUSPENDED_NEXT = {"and", "or", "nor", "to", "but", "versus", "vs"}
WORD_FORM = re.compile(r"[A-Za-z]+(?:-[A-Za-z]+)*")
LEADING_WORD = re.compile(r"[A-Za-z]+")
TRAILING_WORD = re.compile(r"([A-Za-z]*)-$")
# Fewer corpus sightings of either spelling than this is no evidence.
MIN_CORPUS_EVIDENCE = 3


def document_forms(lines: Iterable[str]) -> Counter[str]:
    """Lower-case words and hyphenated compounds as the document spells them
    inside lines (a form broken at a line end says nothing about spelling)."""
    forms: Counter[str] = Counter()
    for line in lines:
        body = line.rstrip()
        if body.endswith("-"):
            cut = body.rfind(" ")
            body = body[: cut if cut >= 0 else 0]
        for match in WORD_FORM.finditer(body):
            forms[match.group(0).lower()] += 1
    return forms


class LineJoiner:
    def __init__(self, vocab: Vocabulary, doc_forms: Counter[str], counts: Counts) -> None:
        self.vocab = vocab
        self.doc_forms = doc_forms
        self.counts = counts

    def join(self, lines: Iterable[str]) -> str:
        """The lines of one paragraph as one line."""
        out = ""
        for raw in lines:
            line = raw.strip()
            if not line:
                continue
            out = self.join_pair(out, line) if out else line
        return out

    def join_pair(self, left: str, right: str) -> str:
        """`left` (ending a line) followed by `right` (starting the next)."""
        left = left.rstrip()
        right = right.lstrip()
        if left.endswith(SOFT_BREAK):
            self.counts.hyphen_joins_removed += 1
            return left[: -len(SOFT_BREAK)] + right
        if left.endswith("-") and len(left) >= 2 and not left[-2].isspace() and left[-2] != "-":
            head = TRAILING_WORD.search(left)
            left_word = head.group(1) if head else ""
            m = LEADING_WORD.match(right)
            right_word = m.group(0) if m else ""
            decision = self.keep_hyphen(left_word, left[-2], right_word, right[:1])
            if decision == "suspended":
                self.counts.hyphen_joins_kept += 1
                return f"{left} {right}"
            if decision == "keep":
                self.counts.hyphen_joins_kept += 1
                return left + right
            self.counts.hyphen_joins_removed += 1
            return left[:-1] + right
        return f"{left} {right}"

    def keep_hyphen(self, left_word: str, before: str, right_word: str, after: str) -> str:
        """"keep", "suspended" or "join" for `left_word`- / `right_word`."""
        if not before.isalpha() or before.isupper() or not after.isalpha() or after.isupper():
            # IGF-/IR, HER-/2, (99-/101), 3'-/kinase: never a word break.
            return "keep"
        if right_word.lower() in SUSPENDED_NEXT:
            return "suspended"
        if not left_word or not right_word:
            return "keep"
        lw, rw = left_word.lower(), right_word.lower()
        joined, hyphened = lw + rw, f"{lw}-{rw}"
        vocab = self.vocab
        corpus_h, corpus_j = vocab.count(hyphened), vocab.count(joined)
        if corpus_h + corpus_j >= MIN_CORPUS_EVIDENCE and corpus_h != corpus_j:
            return "keep" if corpus_h > corpus_j else "join"
        doc_h, doc_j = self.doc_forms.get(hyphened, 0), self.doc_forms.get(joined, 0)
        if doc_h != doc_j:
            return "keep" if doc_h > doc_j else "join"
        if vocab.is_word(joined):
            return "join"
        if vocab.is_word(lw) and vocab.is_word(rw):
            return "keep"
        return "join"

