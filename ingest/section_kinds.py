"""The normalised kind (`Section.heading_kind`) of the sections of a PDF, text
or HTML document, where only the headings and their order tell.

- a heading that names a part ("Materials and methods", "RESULTS",
  "2. Methods") is that part (`heading_kinds.kind_of_heading`);
- a numbered heading that names none ("2.1. Drugs/Reagents") takes the kind
  of its numbered parent ("2. Methods"); a top-level one ("5. IGF SYSTEM IN
  RESISTANCE ...", the chapters of a review) is "other";
- an unnumbered heading that names none ("Cell culture") is a subsection of
  the methods, results or discussion before it, else "other" (and so is a
  capitals heading after a capitals part heading: "MATERIALS AND METHODS" /
  "SOCIAL TOLERANCE" are siblings);
- back matter ("Acknowledgements", "Competing interests") is "other";
- a structured abstract's parts ("Abstract" / "Methods" / "Results") are
  "abstract" while the same parts come again later in the body;
- untitled front-matter paragraphs are told apart by the assembler (title,
  abstract prose, front_matter); references and captions are theirs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from litclaims.schemas.records import HeadingKind, SectionKind

from litclaims.ingest.heading_kinds import kind_of_heading
from litclaims.ingest.headings import NUMBERED, ROMAN, is_named_heading

# Parts of a paper whose subsections are usually unnumbered and unnamed.
INHERITED_BY_SUBSECTIONS = frozenset({"methods", "results", "discussion"})
# Parts that a structured abstract repeats in small.
ABSTRACT_PARTS = frozenset({"introduction", "methods", "results", "discussion", "conclusion"})


@dataclass(frozen=True)
class HeadingInfo:
    heading: str
    kind: SectionKind
    # Set by the assembler for untitled front sections (title, abstract, front_matter).
    part: HeadingKind | None = None


def block_heading_kinds(sections: list[HeadingInfo]) -> list[HeadingKind]:
    """One normalised kind per section, in order."""
    kinds: list[HeadingKind] = []
    by_number: dict[str, HeadingKind] = {}
    parent_caps = False  # the last heading that named a part was in capitals
    for info in sections:
        kind = _kind_of(info, kinds, by_number, parent_caps)
        if info.heading and kind_of_heading(info.heading) is not None:
            parent_caps = info.heading.isupper()
        kinds.append(kind)
    _mark_structured_abstract(sections, kinds)
    return kinds


def _kind_of(info: HeadingInfo, earlier: list[HeadingKind], by_number: dict[str, HeadingKind], parent_caps: bool) -> HeadingKind:
    if info.kind == "references":
        return "references"
    if info.kind == "caption":
        return "caption"
    if info.part is not None:
        return info.part
    if not info.heading:
        return "front_matter" if info.kind == "front" else "other"
    named = kind_of_heading(info.heading)
    number = _heading_number(info.heading)
    if named is None and number is not None:
        parent = number.rsplit(".", 1)[0] if "." in number else None
        named = by_number.get(parent, "other") if parent else "other"
    if number is not None:
        by_number[number] = named or "other"
    if named is not None:
        return named
    if is_named_heading(info.heading) or (parent_caps and info.heading.isupper()):
        # Back matter and "Review" name no part; a capitals heading after a capitals
        # part heading is its sibling, not its subsection.
        return "other"
    previous = next((k for k in reversed(earlier) if k not in ("caption",)), None)
    return previous if previous in INHERITED_BY_SUBSECTIONS else "other"


def _heading_number(heading: str) -> str | None:
    """"2.1. Drugs/Reagents" -> "2.1"; None for an unnumbered heading."""
    m = NUMBERED.match(heading.strip()) or ROMAN.match(heading.strip())
    return re.sub(r"\.$", "", m.group("num")) if m else None


def _mark_structured_abstract(sections: list[HeadingInfo], kinds: list[HeadingKind]) -> None:
    """"Abstract" followed by "Methods", "Results", "Conclusions" that the body
    repeats later: those first ones are the abstract's parts."""
    named = [kind_of_heading(s.heading) if s.heading else None for s in sections]
    for i, kind in enumerate(kinds):
        if kind != "abstract" or not sections[i].heading:
            continue
        j = i + 1
        while j < len(kinds) and named[j] in ABSTRACT_PARTS and named[j] in named[j + 1:]:
            kinds[j] = "abstract"
            j += 1
        return
