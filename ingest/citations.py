"""Numeric citation markers in the clean text -> CitationSpan records.

"(45)", "(99-101)" -> 99, 100, 101, "(27, 28)", "[12]", "[1,8-10]", and
Unicode superscripts ("resistance¹²", "cells³⁻⁵"). Four-digit numbers are
years, not references, and are left alone.
"""

from __future__ import annotations

import re
from typing import Iterable

from litclaims.schemas.records import CitationSpan

_NUM = r"\d{1,3}[a-z]?"
_ITEM = rf"{_NUM}(?:\s*[-\u2013\u2014]\s*{_NUM})?"
_LIST = rf"{_ITEM}(?:\s*[,;]\s*{_ITEM})*"
PAREN = re.compile(rf"\((?P<refs>{_LIST})\)")
BRACKET = re.compile(rf"\[(?P<refs>{_LIST})\]")
SUPERSCRIPT_DIGITS = "\u2070\u00b9\u00b2\u00b3\u2074\u2075\u2076\u2077\u2078\u2079"
_SUP = f"[{SUPERSCRIPT_DIGITS}]+"
SUPERSCRIPT = re.compile(rf"(?<=[A-Za-z.,;)\]])(?P<refs>{_SUP}(?:[,\u207b\u2013-]{_SUP})*)")
_SUP_TO_ASCII = str.maketrans(SUPERSCRIPT_DIGITS + "\u207b", "0123456789-")
# A range wider than this is not a citation range ("(1-500)" is a quantity).
MAX_RANGE = 60


def find_citations(text: str, spans: Iterable[tuple[int, int]], *, superscripts: bool = True) -> tuple[CitationSpan, ...]:
    """Citation markers inside the given [start, end) ranges of `text`."""
    found: list[CitationSpan] = []
    for start, end in spans:
        chunk = text[start:end]
        for pattern in (PAREN, BRACKET):
            for m in pattern.finditer(chunk):
                refs = expand_refs(m.group("refs"))
                if refs:
                    found.append(CitationSpan(start + m.start(), start + m.end(), m.group(0), refs))
        for m in SUPERSCRIPT.finditer(chunk) if superscripts else ():
            refs = expand_refs(m.group("refs").translate(_SUP_TO_ASCII))
            if refs:
                found.append(CitationSpan(start + m.start(), start + m.end(), m.group(0), refs))
    found.sort(key=lambda c: c.start)
    return tuple(found)


def expand_refs(refs: str) -> tuple[str, ...]:
    out: list[str] = []
    for item in re.split(r"\s*[,;]\s*", refs.strip()):
        if not item:
            continue
        parts = re.split(r"\s*[-\u2013\u2014]\s*", item)
        if len(parts) == 2 and parts[0].isdigit() and parts[1].isdigit():
            lo, hi = int(parts[0]), int(parts[1])
            if lo < hi <= lo + MAX_RANGE:
                out.extend(str(n) for n in range(lo, hi + 1))
                continue
            return ()  # "(10-7)" exponent or quantity range, not references
        out.extend(p for p in parts if p)
    if any(r.lstrip("0") == "" for r in out):
        return ()
    return tuple(dict.fromkeys(out))
