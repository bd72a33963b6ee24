"""What a paragraph of a paper's front matter is, when no heading says so.

Before the first heading a PDF or text file holds the journal line, the title,
authors, affiliations, dates, the licence, and often the abstract without an
"Abstract" heading (Hindawi, Springer's run-in "Abstract Recognising ...").
Seen in the ten PDFs of ../shared/pdfs: the abstract is the one paragraph of
running prose there (50-254 words, several sentences); the other paragraphs
are short lines, or licence and copyright prose, which names itself.
"""

from __future__ import annotations

import re

from litclaims.schemas.records import HeadingKind

# Prose: this many words and at least two sentence ends.
MIN_ABSTRACT_WORDS = 40
SENTENCE_END = re.compile(r"[a-z0-9)\]%][.!?](?:\s+[A-Z(]|\s*$)")
# Licence, copyright and publisher notes are prose too, but not the paper's.
NOT_ABSTRACT = re.compile(
    r"\u00a9|\bcopyright\b|\bopen access\b|\blicen[cs]e[de]?\b|\bcreative commons\b|\bpeer-reviewed\b"
    r"|\bprovisional pdf\b|\bpublished online\b|\baccepted:|\breceived:",
    re.I,
)


def front_part(paragraph: str) -> HeadingKind:
    """"abstract" for a paragraph of running prose, else "front_matter"."""
    words = paragraph.split()
    if len(words) < MIN_ABSTRACT_WORDS or NOT_ABSTRACT.search(paragraph):
        return "front_matter"
    if len(SENTENCE_END.findall(paragraph)) < 2:
        return "front_matter"
    return "abstract"
