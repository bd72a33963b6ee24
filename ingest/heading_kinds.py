"""The normalised kind of a section (`Section.heading_kind`): which part of the
paper it is, whatever its heading says ("MATERIALS AND METHODS", "Experimental
procedures" and JATS `sec-type="materials|methods"` are all "methods").

Used by the readers of structured sources; a subsection whose own heading
names no part ("Reagents.") takes its parent's kind.
"""

from __future__ import annotations

import re

from litclaims.schemas.records import HeadingKind

from litclaims.ingest.headings import heading_key

# Lower-cased headings without numbers or end punctuation.
_NAMES: dict[str, HeadingKind] = {
    "abstract": "abstract", "summary": "abstract", "author summary": "abstract",
    "introduction": "introduction", "background": "introduction",
    "methods": "methods", "method": "methods", "materials and methods": "methods",
    "material and methods": "methods", "methods and materials": "methods",
    "patients and methods": "methods", "experimental procedures": "methods",
    "experimental section": "methods", "experimental": "methods", "materials": "methods",
    "statistical analysis": "methods", "study design": "methods", "methodology": "methods",
    "subjects and methods": "methods", "experimental design": "methods",
    "general discussion": "discussion", "summary and conclusion": "conclusion",
    "highlights": "abstract", "keywords": "front_matter", "key words": "front_matter",
    "results": "results", "findings": "results", "results and discussion": "results",
    "discussion": "discussion",
    "conclusion": "conclusion", "conclusions": "conclusion", "concluding remarks": "conclusion",
    "conclusions and perspectives": "conclusion", "summary and conclusions": "conclusion",
    "references": "references", "reference": "references", "bibliography": "references",
    "literature cited": "references", "works cited": "references", "references and notes": "references",
}
# JATS `sec-type` values (possibly several, "materials|methods").
_SEC_TYPES: dict[str, HeadingKind] = {
    "intro": "introduction", "introduction": "introduction", "background": "introduction",
    "methods": "methods", "materials": "methods", "subjects": "methods", "cases": "methods",
    "results": "results", "discussion": "discussion",
    "conclusions": "conclusion", "conclusion": "conclusion",
}
# BioC `section_type` infon values of PMC's BioC collections.
_BIOC_SECTION_TYPES: dict[str, HeadingKind] = {
    "TITLE": "title", "ABSTRACT": "abstract", "INTRO": "introduction", "METHODS": "methods",
    "RESULTS": "results", "DISCUSS": "discussion", "CONCL": "conclusion",
    "FIG": "caption", "TABLE": "caption", "REF": "references", "KEYWORD": "front_matter",
}
_LEADING_WORD = re.compile(r"^[a-z]+")


def kind_of_heading(heading: str) -> HeadingKind | None:
    """The kind a heading names, or None when it names no part of a paper."""
    key = heading_key(heading).strip()
    if key in _NAMES:
        return _NAMES[key]
    return None


def kind_of_sec_type(sec_type: str | None) -> HeadingKind | None:
    for value in (sec_type or "").lower().split("|"):
        if value.strip() in _SEC_TYPES:
            return _SEC_TYPES[value.strip()]
    return None


def kind_of_bioc(section_type: str | None, passage_type: str | None) -> HeadingKind | None:
    """PMC BioC's `section_type`, else the passage `type` ("title", "abstract",
    "fig_caption", "ref", "front")."""
    if section_type and section_type.upper() in _BIOC_SECTION_TYPES:
        return _BIOC_SECTION_TYPES[section_type.upper()]
    if section_type:
        return "other"
    kind = (passage_type or "").lower()
    if kind in ("title", "front"):
        return "title"
    if "caption" in kind:
        return "caption"
    if kind == "ref":
        return "references"
    word = _LEADING_WORD.match(kind)
    return kind_of_heading(word.group(0)) if word else None
