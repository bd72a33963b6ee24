"""Recognising section headings in lines of text.

Three kinds, in every format:
- numbered: "5.1. Resistance to tamoxifen treatment", "7. IGF SYSTEM ...";
- the usual names: Abstract, Introduction, Methods, Results, Discussion,
  Conclusion(s), References and their variants;
- all-capitals lines ("MATERIALS AND METHODS") standing alone.
A heading may wrap onto the next line ("... RESPONSE TO" / "RADIATION");
`heading_continues` says when the next line belongs to it.
"""

from __future__ import annotations

import re

NUMBERED = re.compile(r"^(?P<num>\d{1,2}(?:\.\d{1,2}){0,3})(?P<dot>\.?)\s+(?P<title>[A-Z\u0391-\u03a9][^\n]{1,150})$")
ROMAN = re.compile(r"^(?P<num>[IVX]{1,5})\.\s+(?P<title>[A-Z][^\n]{1,150})$")
# Lower-cased, without punctuation at the end.
SECTION_NAMES = {
    "abstract", "summary", "introduction", "background", "methods", "method",
    "materials and methods", "material and methods", "methods and materials",
    "patients and methods", "experimental procedures", "experimental section",
    "results", "findings", "results and discussion", "discussion",
    "conclusion", "conclusions", "concluding remarks", "conclusions and perspectives",
    "summary and conclusions", "perspectives", "future directions",
    "references", "reference", "bibliography", "literature cited", "works cited",
    "references and notes", "acknowledgments", "acknowledgements", "acknowledgment",
    "acknowledgement", "abbreviations", "competing interests", "conflict of interest",
    "conflicts of interest", "conflict of interests", "disclosure", "disclosures",
    "funding", "authors' contributions", "author contributions", "authors contributions",
    "supplementary material", "supplementary materials", "supporting information",
    "ethics statement", "data availability", "availability of data and materials",
    "case report", "case presentation", "statistical analysis", "limitations",
    # Issue 12: headings seen fused into the next sentence in text converted from papers.
    "review", "mini review", "minireview", "experimental", "materials", "methodology",
    "subjects and methods", "experimental design", "general discussion", "summary and conclusion",
    "highlights", "keywords", "key words", "key messages", "appendix", "footnotes", "notes",
    "financial support", "grant support", "declaration of interest", "declarations",
}
REFERENCE_NAMES = {"references", "reference", "bibliography", "literature cited", "works cited", "references and notes"}
CONTINUING_WORDS = {"to", "of", "in", "and", "for", "the", "with", "on", "by", "a", "an", "or", "from", "as", "at", "into", "between"}
MAX_HEADING_WORDS = 16
REFERENCE_ENTRY = re.compile(r"^[A-Z][\w'\u2019\-]+,?\s+(?:[A-Z]{1,3}[,.]?(?:\s|$)|[A-Z]\.)")


def heading_key(text: str) -> str:
    """The heading without its number and end punctuation, lower-cased."""
    t = text.strip()
    m = NUMBERED.match(t) or ROMAN.match(t)
    if m:
        t = m.group("title")
    return re.sub(r"[\s:.]+$", "", t).lower().replace("\u2019", "'")


def is_reference_heading(text: str) -> bool:
    return heading_key(text) in REFERENCE_NAMES


def is_named_heading(line: str) -> bool:
    t = line.strip()
    if len(t) > 60:
        return False
    return heading_key(t) in SECTION_NAMES


def is_numbered_heading(line: str) -> bool:
    t = line.strip()
    m = NUMBERED.match(t) or ROMAN.match(t)
    if not m:
        return False
    title = m.group("title").strip()
    if NUMBERED.match(t) and "." not in m.group("num") and not m.group("dot"):
        # "5 Breast cancer cells ..." without a dot is a sentence more often than a heading.
        return False
    words = title.split()
    if len(words) > MAX_HEADING_WORDS:
        return False
    if title.endswith((".", ",", ";")) and not title.endswith("et al."):
        return False
    # A sentence inside ("Results. We found ...") is body text.
    if re.search(r"[a-z]\.\s+[A-Z]", title):
        return False
    # "4. Qualitative data were collected through a": a list item cut at a line end.
    if words[-1] in CONTINUING_WORDS and not title.isupper():
        return False
    # A reference-list entry: "12. Smith J, Jones AB. Title ... 2011;" or "... et al."
    if REFERENCE_ENTRY.match(title) or "et al" in title or re.search(r"\b(1[89]|20)\d\d\b", title):
        return False
    # Units and quantities: "2. mg/kg was given" never reaches here (capital needed),
    # but "10. The ..." in a numbered list does: accept, lists of items are rare in prose.
    return True


def is_caps_heading(line: str) -> bool:
    t = line.strip()
    letters = [c for c in t if c.isalpha()]
    if len(letters) < 4 or any(c.islower() for c in letters):
        return False
    words = t.split()
    if len(words) > MAX_HEADING_WORDS or t.endswith((".", ",", ";")):
        return False
    return sum(1 for w in words if sum(c.isalpha() for c in w) >= 3) >= 1


def heading_continues(heading: str, next_line: str) -> bool:
    """Does `next_line` finish a heading that wrapped?"""
    nxt = next_line.strip()
    if not nxt or len(nxt.split()) > 8:
        return False
    h = heading.rstrip()
    if is_numbered_heading(nxt) or is_named_heading(nxt):
        return False
    if h.endswith("-"):
        return True
    last = h.split()[-1].lower() if h.split() else ""
    if last in CONTINUING_WORDS:
        return True
    # "7. IGF SYSTEM INFLUENCES RESPONSE TO" / "RADIATION": all-caps heading, all-caps line.
    if is_caps_heading(h if not NUMBERED.match(h) else NUMBERED.match(h).group("title")) and is_caps_heading(nxt):
        return True
    return False
