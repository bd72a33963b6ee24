"""Page furniture of saved web pages and publisher landing pages.

Cookie/consent banners, and the metadata lines a landing page shows around the
abstract ("Original publication", "Journal article", "Publication Date",
page ranges, keyword lists). trafilatura removes most of this from HTML but is
known to keep consent banners; text copied from a page has all of it.
"""

from __future__ import annotations

import re

BANNER_WORDS = re.compile(
    r"\b(cookies?|consent|privacy (policy|settings|notice)|accept all|reject all|"
    r"manage (preferences|settings)|we use cookies|this (web)?site uses)\b",
    re.I,
)
CONSENT_CONTEXT = re.compile(r"\b(accept|reject|consent|settings|preferences|privacy|experience|browser|opt[ -]out|third[- ]party)\b", re.I)

# Labels and one-word furniture of landing pages, matched against a whole short line.
METADATA_LINE = re.compile(
    r"^(original (publication|article|research|paper)|journal article|research article|review article|"
    r"publication date|date published|published( online| date)?|publication type|publisher|"
    r"keywords?|key words|mesh terms|subjects?|doi|pmid|pmcid|issn|e?issn|volume|issue|pages?|"
    r"citation|cite( this( article)?)?|share( this)?|download( pdf| citation)?|view (pdf|article|full text)|"
    r"full text|open access|copyright|permissions|metrics|article metrics|altmetric|related articles|"
    r"recommended articles|see also|back to top|skip to (main )?content|menu|search|sign in|log ?in|register|"
    r"home|print|email|export citation|abstract available|details|authors?|affiliations?|"
    r"received|accepted|revised|available online|article history|funding information|"
    r"journal|source|language|country|document type|type)\b\s*:?\s*.*$",
    re.I,
)
NUMERIC_LINE = re.compile(r"^[\d\s.,:;()\-\u2013\u2014/]+$")


def is_banner(text: str) -> bool:
    """A cookie/consent banner paragraph (or its title line)."""
    if not BANNER_WORDS.search(text):
        return False
    words = text.split()
    if len(words) <= 8:
        return True
    return len(CONSENT_CONTEXT.findall(text)) >= 2


def is_metadata_line(text: str) -> bool:
    t = text.strip()
    if not t or len(t.split()) > 8:
        return False
    label = METADATA_LINE.match(t)
    if label:
        # "Journal article" yes; "Results show that ..." never reaches here (no label).
        rest = t[len(label.group(1)) :].strip(" :")
        return len(rest.split()) <= 6
    return bool(NUMERIC_LINE.match(t))


def is_keyword_list(text: str) -> bool:
    """"Antineoplastic Agents, Drug Resistance, Neoplasm, Humans, ...": short
    comma-separated terms with no sentence in them."""
    t = text.strip()
    if t.endswith((".", "?", "!")) or ", " not in t:
        return False
    items = [i.strip() for i in re.split(r"[;,]", t) if i.strip()]
    if len(items) < 3:
        return False
    if any(len(i.split()) > 5 for i in items):
        return False
    capitalised = sum(1 for i in items if i[:1].isupper() or i[:1].isdigit())
    return capitalised >= len(items) * 0.6


def is_short_line(text: str, max_words: int = 8) -> bool:
    t = text.strip()
    return bool(t) and len(t.split()) <= max_words and not t.endswith((".", "?", "!"))
